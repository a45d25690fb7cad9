// A round rebuilt from its log: recovery after a restart and every reader of a finished round (the
// exports) go through here, so they see exactly what the live room saw.

import { getScenario } from "../scenarios/index.ts";
import { type CreatedData, Round, type RoundEvent } from "./round.ts";

export interface LoggedEvent {
  type: string;
  data: unknown;
  /** When the log stamped it (ms since the Unix epoch). */
  at?: number;
}

/** Re-applies every event, re-simulating each week and checking its hash; throws on divergence. */
export function replayRound(id: string, events: readonly LoggedEvent[]): Round {
  const first = events[0];
  if (first?.type !== "created") throw new Error(`round ${id} has no creation record`);
  const created = first.data as CreatedData;
  const round = new Round(id, getScenario(created.scenario), created);
  for (const e of events)
    round.apply(e as RoundEvent, { replay: true, ...(e.at !== undefined ? { at: e.at } : {}) });
  return round;
}
