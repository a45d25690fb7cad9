// The Beer Game board for one department: supplier on the left, the two incoming boxes, the inventory
// stack, the customer on the right; order slips travel along the top lane, cases along the bottom.
// When a week advances the week's movements play out before the new numbers settle.

import Phaser from "phaser";
import { clamp } from "../../shared/math/clamp.ts";
import { t } from "../strings/index.ts";
import { type BeerBoard, beerMovements, type Movement, type Spot } from "../view/beer-board.ts";
import { gridCells, pile, pileOf, sharedUnit } from "../view/stack.ts";
import { COLORS, css, FONT } from "./style.ts";

export const BOARD_W = 960;
export const BOARD_H = 540;

const ORDER_Y = 112;
const CASE_Y = 412;
const MID_Y = 245;
const SPOTS: Record<Spot, { x: number; y: number }> = {
  supplier: { x: 78, y: CASE_Y },
  far: { x: 215, y: CASE_Y },
  near: { x: 355, y: CASE_Y },
  inventory: { x: 555, y: CASE_Y },
  customer: { x: 882, y: CASE_Y },
  desk: { x: 555, y: MID_Y },
  mail0: { x: 215, y: ORDER_Y },
  mail1: { x: 355, y: ORDER_Y },
};
/** Incoming order card, above the desk on the customer's side. */
const ORDER_IN = { x: 735, y: ORDER_Y };
const STACK = { x: 560, bottom: 500, cols: 9, rows: 7, cell: 19 };
const BOX_CRATES = { cols: 5, rows: 3 };
const BOX = { w: 112, h: 84 };

export interface BoardLabels {
  role: string;
  customer: string;
  supplier: string;
  /** Caption of the incoming boxes (shipments; the Factory's production). */
  incoming: string;
  /** Caption of my slips in the mail; "" when the role has no mail (the Factory). */
  mail: string;
}

export class BeerBoardScene extends Phaser.Scene {
  private labels: BoardLabels = { role: "", customer: "", supplier: "", incoming: "", mail: "" };
  private board: BeerBoard | null = null;
  private layer: Phaser.GameObjects.Container | null = null;
  private moving: Phaser.GameObjects.GameObject[] = [];
  private timeline: Phaser.Time.TimerEvent[] = [];
  private ready = false;
  /** Longest a week's animation may take (shortened in fast continuous pace). */
  animBudgetMs = 1800;

  constructor() {
    super("beer-board");
  }

  create(): void {
    this.input.keyboard?.disableGlobalCapture();
    this.makeTextures();
    this.drawBackdrop();
    this.ready = true;
    if (this.board) this.drawBoard(this.board);
  }

  setLabels(labels: BoardLabels): void {
    this.labels = labels;
    if (this.ready) {
      this.children.removeAll(true);
      this.layer = null;
      this.drawBackdrop();
      if (this.board) this.drawBoard(this.board);
    }
  }

  /** Shows a board; if it is the next week of the one shown, the week's movements are animated. */
  show(next: BeerBoard): void {
    const prev = this.board;
    this.board = next;
    if (!this.ready) return;
    this.finishMoves();
    const moves = prev ? beerMovements(prev, next) : [];
    if (moves.length === 0 || this.animBudgetMs < 200) {
      this.drawBoard(next);
      return;
    }
    this.animate(moves, () => this.drawBoard(next));
  }

  /** Whether a week's movements are still playing (tests wait for the board to settle). */
  get animating(): boolean {
    return this.moving.length > 0 || this.timeline.length > 0;
  }

  private makeTextures(): void {
    if (this.textures.exists("crate")) return;
    const g = this.make.graphics({}, false);
    g.fillStyle(COLORS.crate).fillRect(0, 0, 16, 16);
    g.lineStyle(2, COLORS.crateEdge).strokeRect(1, 1, 16, 14);
    g.lineStyle(1, COLORS.crateEdge).lineBetween(1, 8, 15, 8).lineBetween(8, 1, 8, 15);
    g.generateTexture("crate", 16, 16);
    g.destroy();
  }

  private text(x: number, y: number, s: string, size = 16, color: number = COLORS.ink, bold = false) {
    return this.add.text(x, y, s, {
      fontFamily: FONT,
      fontSize: `${size}px`,
      color: css(color),
      fontStyle: bold ? "bold" : "normal",
      align: "center",
    });
  }

  private drawBackdrop(): void {
    const g = this.add.graphics();
    g.fillStyle(COLORS.floor).fillRect(0, 0, BOARD_W, BOARD_H);
    // The two lanes: orders (paper) travel upstream on top, cases downstream below.
    g.fillStyle(COLORS.orderLane).fillRoundedRect(140, ORDER_Y - 58, BOARD_W - 280, 116, 14);
    g.fillStyle(COLORS.caseLane).fillRoundedRect(140, CASE_Y - 100, BOARD_W - 280, 222, 14);
    this.text(164, ORDER_Y - 52, t("beer.lane.orders"), 16, COLORS.muted).setOrigin(0, 0);
    this.text(164, CASE_Y + 116, t("beer.lane.cases"), 16, COLORS.muted).setOrigin(0, 1);
    this.text(BOARD_W / 2, 22, this.labels.role, 22, COLORS.ink, true).setOrigin(0.5, 0.5);
    this.drawBuilding(SPOTS.supplier.x, MID_Y, this.labels.supplier, "left");
    this.drawBuilding(SPOTS.customer.x, MID_Y, this.labels.customer, "right");
    this.drawDesk(SPOTS.desk.x, MID_Y);
  }

  /** My desk, between the slips and the stock: where orders are read and written. */
  private drawDesk(x: number, y: number): void {
    const g = this.add.graphics();
    g.fillStyle(COLORS.desk).fillRoundedRect(x - 90, y - 22, 180, 44, 6);
    g.fillStyle(COLORS.deskEdge)
      .fillRect(x - 80, y + 22, 10, 24)
      .fillRect(x + 70, y + 22, 10, 24);
    this.text(x, y, t("beer.desk"), 15, COLORS.paper, true).setOrigin(0.5);
  }

  private drawBuilding(x: number, y: number, label: string, side: "left" | "right"): void {
    const g = this.add.graphics();
    g.fillStyle(COLORS.building).fillRect(x - 44, y - 30, 88, 60);
    g.fillStyle(COLORS.roof).fillTriangle(x - 52, y - 30, x + 52, y - 30, x, y - 64);
    g.fillStyle(COLORS.door).fillRect(x - 12, y + 2, 24, 28);
    this.text(x, y - 72, label, 16, COLORS.ink, true)
      .setOrigin(0.5, 1)
      .setWordWrapWidth(136);
    this.text(x, y - 47, side === "left" ? "⬅" : "➡", 16, COLORS.paper).setOrigin(0.5, 0.5);
  }

  private drawBoard(b: BeerBoard): void {
    this.layer?.destroy(true);
    const layer = this.add.container(0, 0);
    this.layer = layer;
    const add = <T extends Phaser.GameObjects.GameObject>(o: T): T => {
      layer.add(o);
      return o;
    };
    const label = (x: number, y: number, s: string, size: number, color: number, bold = false) =>
      add(this.text(x, y, s, size, color, bold));

    // One crate stands for the same number of cases in the boxes and the stack.
    const unit = sharedUnit([
      { count: b.inventory, capacity: STACK.cols * STACK.rows },
      { count: b.near, capacity: BOX_CRATES.cols * BOX_CRATES.rows },
      { count: b.far, capacity: BOX_CRATES.cols * BOX_CRATES.rows },
    ]);

    // Incoming boxes.
    for (const [spot, n, weeks] of [
      ["far", b.far, 2],
      ["near", b.near, 1],
    ] as const) {
      const { x, y } = SPOTS[spot];
      const g = add(this.add.graphics());
      g.fillStyle(COLORS.box).fillRoundedRect(x - BOX.w / 2, y - BOX.h / 2, BOX.w, BOX.h, 6);
      g.lineStyle(2, COLORS.boxEdge).strokeRoundedRect(x - BOX.w / 2, y - BOX.h / 2, BOX.w, BOX.h, 6);
      this.addCrates(add, x - 40, y + 26, pileOf(n, unit).icons, BOX_CRATES.cols, 13);
      label(x, y - BOX.h / 2 - 4, t("beer.inTransit", { weeks }), 15, COLORS.muted).setOrigin(0.5, 1);
      label(x + BOX.w / 2 - 8, y - BOX.h / 2 + 6, String(n), 20, COLORS.ink, true).setOrigin(1, 0);
    }
    label((SPOTS.far.x + SPOTS.near.x) / 2, CASE_Y + 50, this.labels.incoming, 16, COLORS.ink).setOrigin(
      0.5,
      0,
    );

    // Inventory stack, on a pallet so an empty stock still reads as a place.
    const inv = pileOf(b.inventory, unit);
    const left = STACK.x - (STACK.cols * STACK.cell) / 2;
    const pallet = add(this.add.graphics());
    pallet.fillStyle(COLORS.pallet).fillRect(left - 6, STACK.bottom + 1, STACK.cols * STACK.cell + 12, 8);
    if (b.inventory <= 0) label(STACK.x, STACK.bottom - 24, t("beer.empty"), 15, COLORS.muted).setOrigin(0.5);
    for (const { col, row } of gridCells(inv.icons, STACK.cols)) {
      add(this.add.image(left + col * STACK.cell + 8, STACK.bottom - row * STACK.cell - 8, "crate"));
    }
    label(STACK.x, CASE_Y - 92, `${t("beer.inventory")}: ${b.inventory}`, 20, COLORS.ink, true).setOrigin(
      0.5,
      0,
    );
    const legend = unit === 1 ? t("beer.caseUnit1") : t("beer.caseUnit", { unit });
    label(STACK.x, CASE_Y - 66, legend, 16, COLORS.muted).setOrigin(0.5, 0);

    // Backlog: an IOU card, red with a warning glyph — and words, so colour is not the only cue.
    const owed = b.backlog > 0;
    const bx = 735;
    const by = CASE_Y + 40;
    const tone = owed ? COLORS.backlog : COLORS.muted;
    const g = add(this.add.graphics());
    g.fillStyle(owed ? COLORS.backlogFill : COLORS.paper).fillRoundedRect(bx - 78, by - 46, 156, 104, 8);
    g.lineStyle(owed ? 3 : 1, tone).strokeRoundedRect(bx - 78, by - 46, 156, 104, 8);
    label(bx, by - 36, `${owed ? "⚠ " : ""}${t("beer.backlog")}`, 15, tone, true).setOrigin(0.5, 0);
    label(bx, by - 14, String(b.backlog), 26, tone, true).setOrigin(0.5, 0);
    label(bx, by + 20, t("beer.backlogOwed"), 15, COLORS.muted)
      .setOrigin(0.5, 0)
      .setWordWrapWidth(150);

    // This week's flows, as captions on the lane.
    label(
      SPOTS.near.x + 90,
      CASE_Y - 30,
      `${t("beer.received")}\n+${b.received}`,
      15,
      COLORS.muted,
    ).setOrigin(0.5);
    label(bx, CASE_Y - 72, `${t("beer.shipped")}: ${b.shipped} →`, 15, COLORS.ink).setOrigin(0.5);

    // Order slips: the one received, and mine on their way to the supplier.
    add(this.slip(ORDER_IN.x, ORDER_IN.y, b.incomingOrder, t("beer.orderIn"), true));
    b.mail.slice(0, 2).forEach((n, i) => {
      const spot = SPOTS[i === 0 ? "mail0" : "mail1"];
      add(this.slip(spot.x, spot.y, n, "", false));
    });
    if (this.labels.mail)
      label(SPOTS.mail0.x, ORDER_Y + 34, this.labels.mail, 15, COLORS.muted).setOrigin(0.5, 0);
    label(SPOTS.desk.x, MID_Y + 50, t("beer.lastOrder", { n: b.lastOrder }), 16, COLORS.ink).setOrigin(
      0.5,
      0,
    );
  }

  private addCrates(
    add: (o: Phaser.GameObjects.GameObject) => unknown,
    x0: number,
    bottom: number,
    icons: number,
    cols: number,
    size: number,
  ): void {
    for (const { col, row } of gridCells(icons, cols)) {
      add(this.add.image(x0 + col * (size + 2), bottom - row * (size + 2), "crate").setScale(size / 16));
    }
  }

  private slip(
    x: number,
    y: number,
    n: number,
    caption: string,
    highlight: boolean,
  ): Phaser.GameObjects.Container {
    const c = this.add.container(x, y);
    const g = this.add.graphics();
    g.fillStyle(COLORS.paper).fillRect(-40, -28, 80, 56);
    g.lineStyle(highlight ? 3 : 1, highlight ? COLORS.accent : COLORS.muted).strokeRect(-40, -28, 80, 56);
    c.add(g);
    c.add(this.text(0, -2, String(n), 24, COLORS.ink, true).setOrigin(0.5));
    if (caption) c.add(this.text(0, -32, caption, 15, COLORS.ink).setOrigin(0.5, 1));
    return c;
  }

  private token(m: Movement): Phaser.GameObjects.Container {
    const from = SPOTS[m.from];
    if (m.what === "slip") return this.slip(from.x, from.y, m.amount, "", true);
    const c = this.add.container(from.x, from.y);
    const bg = this.add.graphics();
    bg.fillStyle(COLORS.paper, 0.92).fillRoundedRect(-34, -40, 68, 66, 10);
    bg.lineStyle(2, COLORS.crateEdge).strokeRoundedRect(-34, -40, 68, 66, 10);
    c.add(bg);
    const p = pile(m.amount, 6);
    for (let i = 0; i < p.icons; i++)
      c.add(this.add.image(-18 + (i % 3) * 18, -28 + Math.floor(i / 3) * 18, "crate"));
    c.add(this.text(0, 4, `${m.amount}`, 17, COLORS.ink, true).setOrigin(0.5, 0));
    return c;
  }

  private animate(moves: Movement[], done: () => void): void {
    const stages = Math.max(...moves.map((m) => m.stage)) + 1;
    const stageMs = clamp(this.animBudgetMs / stages, 120, 450);
    for (let s = 0; s < stages; s++) {
      const ev = this.time.delayedCall(s * stageMs, () => {
        for (const m of moves.filter((x) => x.stage === s)) {
          const tok = this.token(m);
          this.moving.push(tok);
          const to = m.to === "desk" ? ORDER_IN : SPOTS[m.to];
          this.tweens.add({
            targets: tok,
            x: to.x,
            y: to.y,
            duration: stageMs * 0.9,
            ease: "Sine.easeInOut",
            onComplete: () => {
              tok.destroy();
              this.moving = this.moving.filter((o) => o !== tok);
            },
          });
        }
      });
      this.timeline.push(ev);
    }
    this.timeline.push(
      this.time.delayedCall(stages * stageMs, () => {
        this.timeline = [];
        done();
      }),
    );
  }

  private finishMoves(): void {
    for (const ev of this.timeline) ev.remove(false);
    this.timeline = [];
    this.tweens.killAll();
    for (const o of this.moving) o.destroy();
    this.moving = [];
  }
}
