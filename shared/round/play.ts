// The moves of the game loop that follow from the clock or from decisions, not from a request:
// closing the open week (and ending play at the horizon).

import { endEvent } from "./check.ts";
import type { Round, RoundEvent } from "./round.ts";

/**
 * Closes the open week: every missing decision filled (bot or default), simulated, and applied.
 * At the horizon play ends too. Returns the events to record, already applied.
 */
export function closeWeek(round: Round, at?: number): RoundEvent[] {
  const week = round.closeWeek();
  if (at !== undefined) round.weekOpenedAt = at;
  if (!round.sim.done) return [week];
  const end = endEvent(round, "horizon", at);
  round.apply(end, at !== undefined ? { at } : {});
  return [week, end];
}
