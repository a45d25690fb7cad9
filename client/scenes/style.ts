// Board colours and type. Every colour carries a word or glyph next to it on the board.

export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

export const COLORS = {
  floor: 0xf3ede2,
  orderLane: 0xe3ecf5,
  caseLane: 0xebe2d3,
  ink: 0x1d2430,
  muted: 0x5b6573,
  paper: 0xffffff,
  accent: 0x1f5fa8,
  crate: 0xc98b45,
  crateEdge: 0x7a4a17,
  box: 0xe0c08f,
  boxEdge: 0x8a6434,
  building: 0x8aa0b5,
  roof: 0x4b5d70,
  door: 0x3a2f28,
  backlog: 0xb3261e,
  backlogFill: 0xfdecea,
  line: 0x30a46c,
  desk: 0x6d4c33,
  deskEdge: 0x4a3322,
  road: 0xd9cfbf,
  pallet: 0x9c7a50,
} as const;

export function css(color: number): string {
  return `#${color.toString(16).padStart(6, "0")}`;
}
