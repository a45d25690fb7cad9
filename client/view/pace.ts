// What the pace indicator says: the week, the countdown in timed pace, paused. Pure.

import { clamp } from "../../shared/math/clamp.ts";

export type PaceMode = "lockstep" | "timed" | "continuous";

export interface PaceInput {
  mode: PaceMode;
  /** The week being decided (1-based); 0 before the round starts. */
  week: number;
  horizon: number;
  /** The horizon is only what players were told: the round ends at a hidden week near it. */
  approximate?: boolean;
  paused: boolean;
  /** Milliseconds left until the week closes (timed and continuous pace), null when none runs. */
  msLeft: number | null;
}

export interface PaceView {
  /** "Week 3 of 24", or "Week 3 of about 24". */
  weekKey: "pace.week" | "pace.weekAbout";
  weekVars: { week: number; horizon: number };
  /** The mode's name key and, in paced modes, whole seconds left. */
  modeKey: "pace.lockstep" | "pace.timed" | "pace.continuous";
  secondsLeft: number | null;
  paused: boolean;
  /** The last seconds of a timed week: shown with a text cue as well as colour. */
  urgent: boolean;
  /** 0…1 of the round done, for a progress bar. */
  progress: number;
}

export const URGENT_SECONDS = 5;

export function paceView(p: PaceInput): PaceView {
  const secondsLeft =
    p.mode !== "lockstep" && p.msLeft !== null && !p.paused ? Math.max(0, Math.ceil(p.msLeft / 1000)) : null;
  const horizon = Math.max(1, p.horizon);
  return {
    weekKey: p.approximate ? "pace.weekAbout" : "pace.week",
    // An approximate horizon may be passed: the week is not held to it.
    weekVars: { week: p.approximate ? Math.max(0, p.week) : clamp(p.week, 0, horizon), horizon },
    modeKey:
      p.mode === "timed" ? "pace.timed" : p.mode === "continuous" ? "pace.continuous" : "pace.lockstep",
    secondsLeft,
    paused: p.paused,
    urgent: p.mode === "timed" && secondsLeft !== null && secondsLeft <= URGENT_SECONDS,
    progress: clamp((p.week - 1) / horizon, 0, 1),
  };
}
