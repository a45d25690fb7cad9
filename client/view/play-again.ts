// Play again, the pure parts the screens use: whether the scenario
// has the transparent round, and the next debrief's rows setting this round beside the previous one
// (who played each seat, what they wrote they would do differently, each round's cost).

import type { DebriefModel } from "../../shared/debrief/model.ts";
import type { AnyScenario } from "../../shared/engine/types.ts";
import type { Hypothesis } from "../../shared/protocol/again.ts";
import type { RoundRecord } from "../../shared/protocol/messages.ts";
import { hasInfoSharing } from "../../shared/round/again.ts";

/** Whether the scenario has the information-sharing switch (the Beer Game's transparent round). */
export function offersInfoSharing(scenario: AnyScenario): boolean {
  return hasInfoSharing(scenario.parseOptions({}));
}

export interface BesideRow {
  role: string;
  label: string;
  /** Who held the seat in the previous round and now ("" for a bot). */
  before: string;
  now: string;
  hypothesis: string | null;
  /** The seat's cost in each round (null when the scenario prices no cost per seat). */
  costBefore: number | null;
  costNow: number | null;
}

/** One row per seat: both rounds' players and costs, and the hypothesis written in between. */
export function besideRows(
  now: DebriefModel,
  previous: DebriefModel,
  rec: RoundRecord,
  hypotheses: Readonly<Record<string, Hypothesis>>,
): BesideRow[] {
  const nameIn = (seats: readonly { role: string; name: string }[] | undefined, role: string) =>
    seats?.find((s) => s.role === role)?.name ?? "";
  const cost = (m: DebriefModel, role: string) =>
    m.costs.parts.length > 0 ? (m.costs.roles.find((r) => r.role === role)?.total ?? null) : null;
  return now.roles.map((r) => ({
    role: r.id,
    label: r.label,
    before: nameIn(rec.previous?.seats, r.id),
    now: nameIn(rec.seats, r.id),
    hypothesis: hypotheses[r.id]?.text ?? null,
    costBefore: cost(previous, r.id),
    costNow: cost(now, r.id),
  }));
}
