// Board colours (from the one palette) and type. Every colour carries a word or glyph next to it on the board.

import { BOARD, colourNumber, UI } from "../palette.ts";

export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

const n = colourNumber;

export const COLORS = {
  floor: n(UI.floor),
  orderLane: n(BOARD.orderLane),
  caseLane: n(BOARD.caseLane),
  ink: n(UI.ink),
  muted: n(UI.muted),
  paper: n(UI.paper),
  accent: n(UI.accent),
  crate: n(BOARD.crate),
  crateEdge: n(BOARD.crateEdge),
  box: n(BOARD.box),
  boxEdge: n(BOARD.boxEdge),
  building: n(BOARD.building),
  roof: n(BOARD.roof),
  door: n(BOARD.door),
  backlog: n(UI.bad),
  backlogFill: n(UI.alarm),
  line: n(BOARD.running),
  desk: n(BOARD.desk),
  deskEdge: n(BOARD.deskEdge),
  road: n(BOARD.road),
  pallet: n(BOARD.pallet),
} as const;

export function css(color: number): string {
  return `#${color.toString(16).padStart(6, "0")}`;
}
