// A product-launch department's floor: its stocks as bins that fill, the week's flows as arrows with
// their amounts, places outside the desk at the edges, and gauges along the bottom. When a week
// advances, each flow's amount travels along its arrow before the new levels settle.

import Phaser from "phaser";
import { formatAmount, formatUnits } from "../../shared/format/number.ts";
import { t } from "../strings/index.ts";
import {
  type Floor,
  type FloorLink,
  type FloorNode,
  fillLevel,
  floorMovements,
} from "../view/launch-floor.ts";
import { COLORS, css, FONT } from "./style.ts";

export const FLOOR_W = 960;
export const FLOOR_H = 540;
const STOCK = { w: 170, h: 120 };
const PLACE = { w: 150, h: 64 };

export class LaunchFloorScene extends Phaser.Scene {
  private floor: Floor | null = null;
  private layer: Phaser.GameObjects.Container | null = null;
  private moving: Phaser.GameObjects.GameObject[] = [];
  private timer: Phaser.Time.TimerEvent | null = null;
  private ready = false;
  /** Largest level seen per stock, so a bin's fill compares weeks. */
  private readonly largest = new Map<string, number>();
  animBudgetMs = 1200;

  constructor() {
    super("launch-floor");
  }

  create(): void {
    this.input.keyboard?.disableGlobalCapture();
    this.ready = true;
    if (this.floor) this.draw(this.floor);
  }

  get animating(): boolean {
    return this.moving.length > 0 || this.timer !== null;
  }

  show(next: Floor): void {
    const prev = this.floor;
    this.floor = next;
    for (const n of next.nodes) {
      if (n.value !== null) this.largest.set(n.id, Math.max(this.largest.get(n.id) ?? 0, n.value));
    }
    if (!this.ready) return;
    this.finish();
    const moves = prev ? floorMovements(prev, next) : [];
    if (moves.length === 0 || this.animBudgetMs < 200) {
      this.draw(next);
      return;
    }
    const ms = Math.min(1000, this.animBudgetMs);
    for (const m of moves) this.travel(next, m, ms);
    this.timer = this.time.delayedCall(ms, () => {
      this.timer = null;
      this.draw(next);
    });
  }

  private text(x: number, y: number, s: string, size: number, color: number = COLORS.ink, bold = false) {
    return this.add.text(x, y, s, {
      fontFamily: FONT,
      fontSize: `${size}px`,
      color: css(color),
      fontStyle: bold ? "bold" : "normal",
      align: "center",
    });
  }

  private edge(from: FloorNode, to: FloorNode): { x1: number; y1: number; x2: number; y2: number } {
    const half = (n: FloorNode) => (n.kind === "stock" ? STOCK : PLACE);
    const dx = to.x - from.x;
    const dy = to.y - from.y;
    const len = Math.hypot(dx, dy) || 1;
    const ux = dx / len;
    const uy = dy / len;
    // Leave each box where the line crosses its border.
    const cut = (n: FloorNode) => {
      const b = half(n);
      const tx = ux === 0 ? Number.POSITIVE_INFINITY : b.w / 2 / Math.abs(ux);
      const ty = uy === 0 ? Number.POSITIVE_INFINITY : b.h / 2 / Math.abs(uy);
      return Math.min(tx, ty) + 6;
    };
    const a = cut(from);
    const b = cut(to);
    return { x1: from.x + ux * a, y1: from.y + uy * a, x2: to.x - ux * b, y2: to.y - uy * b };
  }

  private draw(f: Floor): void {
    this.layer?.destroy(true);
    const layer = this.add.container(0, 0);
    this.layer = layer;
    const add = <T extends Phaser.GameObjects.GameObject>(o: T): T => {
      layer.add(o);
      return o;
    };
    const g = add(this.add.graphics());
    g.fillStyle(COLORS.floor).fillRect(0, 0, FLOOR_W, FLOOR_H);
    add(this.text(FLOOR_W / 2, 22, t(f.titleKey), 22, COLORS.ink, true).setOrigin(0.5));
    const byId = new Map(f.nodes.map((n) => [n.id, n]));

    // Flows first, so boxes sit on top of the arrow ends. A link back against another (a loop) bends.
    for (const l of f.links) {
      const from = byId.get(l.from);
      const to = byId.get(l.to);
      if (!from || !to) continue;
      const back = f.links.some((o) => o.from === l.to && o.to === l.from) && from.x > to.x;
      const e = this.edge(from, to);
      const off = back ? 34 : 0;
      const pts = back
        ? [
            { x: e.x1, y: e.y1 + off },
            { x: e.x2, y: e.y2 + off },
          ]
        : [
            { x: e.x1, y: e.y1 },
            { x: e.x2, y: e.y2 },
          ];
      const [p1, p2] = pts as [{ x: number; y: number }, { x: number; y: number }];
      const active = l.value > 0;
      g.lineStyle(active ? 5 : 2, active ? COLORS.accent : COLORS.muted, active ? 1 : 0.6);
      g.lineBetween(p1.x, p1.y, p2.x, p2.y);
      const ang = Math.atan2(p2.y - p1.y, p2.x - p1.x);
      const head = 14;
      g.fillStyle(active ? COLORS.accent : COLORS.muted).fillTriangle(
        p2.x,
        p2.y,
        p2.x - head * Math.cos(ang - 0.45),
        p2.y - head * Math.sin(ang - 0.45),
        p2.x - head * Math.cos(ang + 0.45),
        p2.y - head * Math.sin(ang + 0.45),
      );
      const mx = (p1.x + p2.x) / 2;
      const my = (p1.y + p2.y) / 2;
      const dx = p2.x - p1.x;
      const dy = p2.y - p1.y;
      const horizontal = Math.abs(dx) > 6 * Math.abs(dy);
      const vertical = Math.abs(dy) > 6 * Math.abs(dx);
      const label = this.text(0, 0, `${l.label}\n${formatUnits(l.value, l.unit)}`, 15, COLORS.ink);
      if (horizontal) label.setPosition(mx, my + (back ? 6 : -8)).setOrigin(0.5, back ? 0 : 1);
      else if (vertical) {
        // Beside the arrow, on the side where the label stays inside the board.
        if (mx + 10 + label.width > FLOOR_W - 4) label.setPosition(mx - 10, my).setOrigin(1, 0.5);
        else label.setPosition(mx + 10, my).setOrigin(0, 0.5);
      } else {
        // A slanted arrow: the label sits just clear of it, above the line.
        const slope = Math.abs(dy / (dx || 1));
        const lift = label.height / 2 + (slope * label.width) / 2 + 6;
        label.setPosition(mx, my - lift).setOrigin(0.5);
      }
      // A backing the colour of the floor keeps the label readable where it crosses a line.
      add(label.setBackgroundColor(css(COLORS.floor)).setPadding(3, 1, 3, 1));
    }

    for (const n of f.nodes) {
      if (n.kind === "stock") {
        const x = n.x - STOCK.w / 2;
        const y = n.y - STOCK.h / 2;
        g.fillStyle(COLORS.paper).fillRoundedRect(x, y, STOCK.w, STOCK.h, 10);
        const level = fillLevel(n.value ?? 0, this.largest.get(n.id) ?? 0);
        const barH = (STOCK.h - 54) * level;
        g.fillStyle(COLORS.box).fillRect(x + 10, y + STOCK.h - 10 - barH, STOCK.w - 20, barH);
        g.lineStyle(2, COLORS.boxEdge).strokeRoundedRect(x, y, STOCK.w, STOCK.h, 10);
        add(
          this.text(n.x, y + 8, n.label, 15, COLORS.ink, true)
            .setOrigin(0.5, 0)
            .setWordWrapWidth(STOCK.w - 12),
        );
        add(
          this.text(n.x, y + STOCK.h - 14, formatUnits(n.value, n.unit), 20, COLORS.ink, true).setOrigin(
            0.5,
            1,
          ),
        );
      } else {
        g.fillStyle(COLORS.building).fillRoundedRect(
          n.x - PLACE.w / 2,
          n.y - PLACE.h / 2,
          PLACE.w,
          PLACE.h,
          8,
        );
        add(
          this.text(n.x, n.y, n.label, 15, COLORS.paper, true)
            .setOrigin(0.5)
            .setWordWrapWidth(PLACE.w - 10),
        );
      }
    }

    // Gauges along the bottom: the desk's other readings, marked when they arrive late.
    const cols = Math.min(f.gauges.length, 4);
    const gw = (FLOOR_W - 40) / Math.max(1, cols);
    f.gauges.forEach((gauge, i) => {
      const col = i % cols;
      const row = Math.floor(i / cols);
      const x = 20 + col * gw;
      const y = 440 + row * 48;
      g.fillStyle(COLORS.paper).fillRoundedRect(x + 4, y, gw - 8, 46, 6);
      g.lineStyle(1, COLORS.line).strokeRoundedRect(x + 4, y, gw - 8, 46, 6);
      const late = gauge.lateWeeks > 0 ? ` (${t("launch.late", { weeks: gauge.lateWeeks })})` : "";
      // The label keeps to its gauge: a long one is cut with an ellipsis, never at the canvas edge.
      const label = this.text(x + 12, y + 3, `${gauge.label}${late}`, 15, COLORS.muted).setOrigin(0, 0);
      fitWidth(label, gw - 24);
      add(label);
      add(
        this.text(x + 12, y + 23, formatUnits(gauge.value, gauge.unit), 17, COLORS.ink, true).setOrigin(0, 0),
      );
    });
  }

  private travel(f: Floor, l: FloorLink, ms: number): void {
    const from = f.nodes.find((n) => n.id === l.from);
    const to = f.nodes.find((n) => n.id === l.to);
    if (!from || !to) return;
    const e = this.edge(from, to);
    const c = this.add.container(e.x1, e.y1);
    const g = this.add.graphics();
    g.fillStyle(COLORS.accent).fillRoundedRect(-30, -14, 60, 28, 14);
    c.add(g);
    c.add(this.text(0, 0, formatAmount(l.value, l.unit), 15, COLORS.paper, true).setOrigin(0.5));
    this.moving.push(c);
    this.tweens.add({
      targets: c,
      x: e.x2,
      y: e.y2,
      duration: ms * 0.9,
      ease: "Sine.easeInOut",
      onComplete: () => {
        c.destroy();
        this.moving = this.moving.filter((o) => o !== c);
      },
    });
  }

  private finish(): void {
    this.timer?.remove(false);
    this.timer = null;
    this.tweens.killAll();
    for (const o of this.moving) o.destroy();
    this.moving = [];
  }
}

/** Shortens a one-line label with an ellipsis until it fits `width`. */
function fitWidth(label: Phaser.GameObjects.Text, width: number): void {
  const full = label.text;
  if (label.width <= width) return;
  let n = full.length;
  while (n > 1 && label.width > width) label.setText(`${full.slice(0, --n).trimEnd()}…`);
}
