// The replay's clock: which week is shown, whether it plays and how fast. Pure, driven by the page's
// timer and buttons, so stepping, scrubbing and playing past the end are tested without a browser.

export const REPLAY_SPEEDS = [0.5, 1, 2, 4, 8] as const;
/** One week per second at speed 1. */
const BASE_MS_PER_WEEK = 1000;

export interface ClockState {
  week: number;
  last: number;
  playing: boolean;
  speed: number;
}

export function clockAt(last: number, week = 0): ClockState {
  return { week: clampWeek(week, last), last, playing: false, speed: 1 };
}

export function clampWeek(week: number, last: number): number {
  if (!Number.isFinite(week)) return 0;
  return Math.min(last, Math.max(0, Math.round(week)));
}

export function seek(c: ClockState, week: number): ClockState {
  return { ...c, week: clampWeek(week, c.last) };
}

export function step(c: ClockState, by: number): ClockState {
  return { ...seek(c, c.week + by), playing: false };
}

/** Play from the start again when already at the end. */
export function togglePlay(c: ClockState): ClockState {
  if (c.playing) return { ...c, playing: false };
  return { ...c, playing: true, week: c.week >= c.last ? 0 : c.week };
}

export function setSpeed(c: ClockState, speed: number): ClockState {
  return REPLAY_SPEEDS.includes(speed as (typeof REPLAY_SPEEDS)[number]) ? { ...c, speed } : c;
}

/** One tick of the timer: the next week, stopping at the last. */
export function tick(c: ClockState): ClockState {
  if (!c.playing) return c;
  const week = Math.min(c.last, c.week + 1);
  return { ...c, week, playing: week < c.last };
}

export function msPerWeek(c: ClockState): number {
  return BASE_MS_PER_WEEK / c.speed;
}
