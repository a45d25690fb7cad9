// The week clock of timed and continuous pace, and the grace timers of dropped players. Only time
// lives here: what happens when a timer fires is the room's (and the core's) business.

import type { RoleId } from "../../shared/engine/types.ts";
import type { Round } from "../../shared/round/round.ts";

export interface Timers {
  /** A timer whose failure is contained in the room. */
  later(fn: () => void, ms: number): NodeJS.Timeout;
  now(): number;
}

/** Timers whose failure goes to `fail` (the room logs it) instead of ending the process. */
export function containedTimers(fail: (e: Error) => void): Timers {
  return {
    later: (fn, ms) =>
      setTimeout(() => {
        try {
          fn();
        } catch (e) {
          fail(e as Error);
        }
      }, ms),
    now: () => Date.now(),
  };
}

export class WeekClock {
  private timer: NodeJS.Timeout | undefined;
  /** ms left of the open week when paused (timed/continuous). */
  private remainingMs: number | null = null;
  /** When the open week closes, epoch ms. */
  private closesAt = 0;

  private readonly timers: Timers;
  /** The open week's deadline as the clients see it (timed pace only; 0 for none). */
  private readonly showDeadline: (epochMs: number) => void;
  private readonly onWeekDue: () => void;

  constructor(timers: Timers, showDeadline: (epochMs: number) => void, onWeekDue: () => void) {
    this.timers = timers;
    this.showDeadline = showDeadline;
    this.onWeekDue = onWeekDue;
  }

  get armed(): boolean {
    return this.timer !== undefined;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.showDeadline(0);
  }

  /** Stops the clock, keeping what is left of the open week for resume. */
  pause(): void {
    this.remainingMs = this.timer ? Math.max(0, this.closesAt - this.timers.now()) : null;
    this.stop();
  }

  /** Arms the clock for the round as it is now. `resume` continues a paused week where it stopped. */
  schedule(r: Round, from: "now" | "resume" | "tick"): void {
    const previous = this.closesAt;
    this.stop();
    if (r.phase !== "play" || r.paused || r.pace.mode === "lockstep") {
      if (!r.paused) this.remainingMs = null;
      return;
    }
    const full = r.pace.secondsPerWeek * 1000;
    const now = this.timers.now();
    let ms = from === "resume" && this.remainingMs !== null ? Math.min(this.remainingMs, full) : full;
    if (from === "tick" && r.pace.mode === "continuous" && previous > 0) {
      // Keep the clock's rhythm: a late timer shortens the next week instead of shifting every later
      // one; far behind (a stall), start afresh rather than rush weeks.
      const target = previous + full;
      ms = target >= now ? target - now : now - target > full ? full : 0;
    }
    this.remainingMs = null;
    this.closesAt = now + ms;
    // Only timed pace shows a countdown; continuous weeks tick at secondsPerWeek (and save the bytes).
    if (r.pace.mode === "timed") this.showDeadline(this.closesAt);
    this.timer = this.timers.later(() => {
      this.timer = undefined;
      this.onWeekDue();
    }, ms);
  }
}

/** A dropped human keeps the seat for the grace period; then `expire` lets the seat's bot cover. */
export class GraceTimers {
  private readonly timers = new Map<RoleId, NodeJS.Timeout>();

  private readonly clock: Timers;
  private readonly expire: (role: RoleId) => void;

  constructor(clock: Timers, expire: (role: RoleId) => void) {
    this.clock = clock;
    this.expire = expire;
  }

  start(role: RoleId, seconds: number): void {
    this.cancel(role);
    this.timers.set(
      role,
      this.clock.later(() => {
        this.timers.delete(role);
        this.expire(role);
      }, seconds * 1000),
    );
  }

  cancel(role: RoleId): void {
    const t = this.timers.get(role);
    if (t) clearTimeout(t);
    this.timers.delete(role);
  }

  cancelAll(): void {
    for (const role of [...this.timers.keys()]) this.cancel(role);
  }
}
