// Every colour the client draws with. The board (Phaser, numbers), the charts and diagrams (strings)
// and the two style sheets (CSS custom properties, set from here at start) all read this module, so
// a colour is changed in one place. Colour never carries meaning alone: each has a word or glyph.

/** The desk and lobby overlay, and the board's shared tones. CSS: `--ink`, `--accent-ink`, … */
export const UI = {
  ink: "#1d2430",
  muted: "#5b6573",
  paper: "#ffffff",
  floor: "#f3ede2",
  /** Rules between rows and around boxes. */
  line: "#d7cfc2",
  accent: "#1f5fa8",
  accentInk: "#ffffff",
  bad: "#b3261e",
  good: "#1e7a3c",
  focus: "#f0a400",
  /** My own row in the tables. */
  mine: "#eef4fb",
  decided: "#e8f5ec",
  /** A seat offline or covered by a bot, and a backlog on the board. */
  alarm: "#fdecea",
  bot: "#f1f1f4",
  banner: "#fff4d6",
} as const;

/** What only the board draws. */
export const BOARD = {
  orderLane: "#e3ecf5",
  caseLane: "#ebe2d3",
  crate: "#c98b45",
  crateEdge: "#7a4a17",
  box: "#e0c08f",
  boxEdge: "#8a6434",
  building: "#8aa0b5",
  roof: "#4b5d70",
  door: "#3a2f28",
  /** The production line and other things running. */
  running: "#30a46c",
  desk: "#6d4c33",
  deskEdge: "#4a3322",
  road: "#d9cfbf",
  pallet: "#9c7a50",
} as const;

/** The desk's history chart: one colour per plotted series, in column order. */
export const DESK_SERIES = [UI.accent, UI.bad, "#2e7d32", "#8a4fbf", "#6d4c41"] as const;

/** Okabe and Ito's palette, which readers with any common colour-vision deficiency tell apart. */
export const OKABE_ITO = {
  orange: "#e69f00",
  skyBlue: "#56b4e9",
  bluishGreen: "#009e73",
  yellow: "#f0e442",
  blue: "#0072b2",
  vermillion: "#d55e00",
  reddishPurple: "#cc79a7",
} as const;

/** Greys of the debrief, named by lightness in percent. CSS: `--grey-7`, … */
export const GREY = {
  7: "#111111",
  13: "#222222",
  20: "#333333",
  27: "#444444",
  33: "#555555",
  36: "#5c5c5c",
  50: "#7f7f7f",
  60: "#999999",
  73: "#bbbbbb",
  80: "#cccccc",
  87: "#dddddd",
  89: "#e3e3e3",
  90: "#e5e5e5",
  93: "#eeeeee",
  94: "#f0f0f0",
  95: "#f3f3f3",
  100: "#ffffff",
} as const;

/** The debrief, projected on a wall as often as read on a laptop: high contrast. CSS: `--debrief-…`. */
export const DEBRIEF = {
  ink: GREY[7],
  paper: GREY[100],
  primary: "#0b5394",
  primaryHover: "#093f72",
  focus: OKABE_ITO.orange,
  error: "#8a0016",
  lead: "#ffe9a8",
  leadEdge: "#b38600",
  leadPaper: "#fff8e1",
  activeTab: "#ffd23f",
  /** Reinforcing loops and links that turn a rise into a fall. */
  reinforcing: "#b00020",
  balancing: "#0b5394",
  /** Links that move both ends the same way. */
  sameWay: "#0b6e2e",
  /** A guess drawn on the sketch pad. */
  guess: OKABE_ITO.orange,
  guessInk: "#7a5200",
} as const;

/** One colour per role in the debrief's charts, in the scenario's role order. */
export const ROLE_COLOURS = [
  OKABE_ITO.blue,
  OKABE_ITO.vermillion,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.orange,
  OKABE_ITO.skyBlue,
] as const;

/** One colour per feedback loop in the debrief, in the scenario's loop order. */
export const LOOP_COLOURS = [
  DEBRIEF.reinforcing,
  DEBRIEF.balancing,
  DEBRIEF.sameWay,
  "#7b3f99",
  "#b35900",
  "#00707a",
  GREY[36],
] as const;

/** Shares of a whole (stacked bars), told apart from their neighbours. */
export const SHARE_COLOURS = [
  DEBRIEF.primary,
  OKABE_ITO.orange,
  GREY[50],
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.vermillion,
  OKABE_ITO.yellow,
] as const;

/** `#rrggbb` as the number Phaser takes. */
export function colourNumber(hex: string): number {
  return Number.parseInt(hex.slice(1), 16);
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The custom properties the style sheets read, by name. */
export function cssVariables(): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(UI)) vars[`--${kebab(k)}`] = v;
  for (const [k, v] of Object.entries(GREY)) vars[`--grey-${k}`] = v;
  for (const [k, v] of Object.entries(DEBRIEF)) vars[`--debrief-${kebab(k)}`] = v;
  return vars;
}

/** Sets the palette's custom properties on the page (idempotent), before anything is drawn. */
export function installPalette(root: HTMLElement = document.documentElement): void {
  for (const [name, value] of Object.entries(cssVariables())) root.style.setProperty(name, value);
}
