import type { AnyScenario } from "../engine/types.ts";
import type { DebriefBrief } from "../protocol/debrief.ts";
import type { RoundRecord } from "../protocol/messages.ts";
import { beliefTargets } from "./belief-target.ts";

/**
 * The part of a recorded round a player may see before the reveal. Built field by field (never by
 * copying the record and deleting) so that a field added to the record cannot leak through it.
 */
export function briefOf(record: RoundRecord, scenario: AnyScenario): DebriefBrief {
  const b = scenario.beliefSeries;
  return {
    code: record.code,
    scenario: record.scenario,
    title: record.title,
    horizon: record.horizon,
    weeks: record.decisions.length,
    belief: { id: b.id, label: b.label, unit: b.unit },
    beliefs: beliefTargets(scenario),
    seats: record.seats.map((s) => ({ role: s.role, name: s.name })),
  };
}
