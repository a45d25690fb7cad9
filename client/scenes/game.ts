// Boots Phaser for a desk and feeds its scene with the role's observations. Loaded only when a desk
// opens, so the landing page and lobby do not wait for the engine. Which board a desk draws is data
// in the scenario's module; the boards this client can draw are listed here by name.

import Phaser from "phaser";
import { findScenarioModule, type ScenarioClientData } from "../../shared/scenarios/index.ts";
import { t } from "../strings/index.ts";
import { boardFromObservation, boardNeighbours } from "../view/beer-board.ts";
import { floorFromObservation } from "../view/launch-floor.ts";
import { BeerBoardScene, BOARD_H, BOARD_W } from "./beer-board.ts";
import { LaunchFloorScene } from "./launch-floor.ts";
import { COLORS } from "./style.ts";

export interface BoardHandle {
  readonly game: Phaser.Game;
  /** Shows this week's observation; `budgetMs` caps the week's animation. */
  update(observation: Record<string, number | number[]>, budgetMs: number): void;
  /** True once the scene is up and no movement is playing. */
  settled(): boolean;
  destroy(): void;
}

export interface BoardOptions {
  scenario: string;
  role: string;
  roles: readonly { id: string; label: string }[];
}

interface DeskScene extends Phaser.Scene {
  readonly animating: boolean;
}

interface SceneFeed {
  scene: DeskScene;
  update(obs: Record<string, number | number[]>, budgetMs: number): void;
}

type BoardFactory = (opts: BoardOptions, data: ScenarioClientData) => SceneFeed;

const boards: Readonly<Record<string, BoardFactory>> = {
  "beer-board": beerBoard,
  "launch-floor": launchFloor,
};

/** The scenario's board, or null when it names none this client draws (the desk then shows its form, history and KPIs). */
export function mountBoard(parent: HTMLElement, opts: BoardOptions): BoardHandle | null {
  const data = findScenarioModule(opts.scenario)?.client ?? {};
  const factory = data.board === undefined ? undefined : boards[data.board];
  if (!factory) return null;
  const scene = factory(opts, data);
  // Phaser fits the board to this box; on a phone CSS makes it wider than the screen (a zoom), and
  // `parent` pans it.
  const box = document.createElement("div");
  box.className = "board-canvas";
  parent.append(box);
  const game = new Phaser.Game({
    type: Phaser.AUTO,
    parent: box,
    width: BOARD_W,
    height: BOARD_H,
    backgroundColor: COLORS.floor,
    scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH },
    scene: [scene.scene],
    banner: false,
    audio: { noAudio: true },
    input: { keyboard: false },
  });
  let booted = false;
  // Zoomed on a phone: open on the middle of the board, where the player's own desk is (again after
  // the phone turns).
  const centre = () => {
    parent.scrollLeft = (parent.scrollWidth - parent.clientWidth) / 2;
  };
  game.events.once(Phaser.Core.Events.READY, () => {
    booted = true;
    centre();
    game.scale.on(Phaser.Scale.Events.RESIZE, centre);
  });
  return {
    game,
    update: (obs, budgetMs) => scene.update(obs, budgetMs),
    settled: () => booted && scene.scene.sys.isActive() && !scene.scene.animating,
    destroy: () => {
      game.destroy(true);
      box.remove();
    },
  };
}

function launchFloor(opts: BoardOptions, data: ScenarioClientData): SceneFeed {
  const floor = new LaunchFloorScene();
  const fields = data.observationFields?.[opts.role] ?? [];
  return {
    scene: floor,
    update(obs, budgetMs) {
      const f = floorFromObservation(opts.role, obs, fields, (k) => t(k));
      if (!f) return;
      floor.animBudgetMs = budgetMs;
      floor.show(f);
    },
  };
}

function beerBoard(opts: BoardOptions): SceneFeed {
  const { customer, supplier } = boardNeighbours(opts.roles, opts.role);
  const me = opts.roles.find((r) => r.id === opts.role)?.label ?? opts.role;
  const beer = new BeerBoardScene();
  beer.setLabels({
    role: t("beer.board.title", { role: me }),
    customer: customer === null ? t("beer.consumers") : t("beer.customer", { name: customer }),
    supplier: supplier === null ? t("beer.brewery") : t("beer.supplier", { name: supplier }),
    incoming: supplier === null ? t("beer.production") : t("beer.incoming"),
    mail: supplier === null ? "" : t("beer.orderOut"),
  });
  return {
    scene: beer,
    update(obs, budgetMs) {
      beer.animBudgetMs = budgetMs;
      beer.show(boardFromObservation(obs, opts.role));
    },
  };
}
