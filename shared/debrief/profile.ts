import type { AnyScenario } from "../engine/types.ts";
import { findScenarioModule } from "../scenarios/index.ts";
import type { BeliefChoice } from "./belief-target.ts";

/**
 * Which of a scenario's series play which part in the debrief. Scenarios declare series as data
 * without saying which one is "the decision" or "a cost", so the debrief reads it from here:
 * the profile its module gives, otherwise a reading of the ids and units.
 */
export interface DebriefProfile {
  /** Per-role series of each role's main decision (Beer Game: orders placed). */
  decision: string;
  /**
   * Where a scenario records each department's main decision in its own team-wide series instead
   * (product launch: Sales' forecast, Manufacturing's plan, Purchasing's orders): role → series id.
   * Roles without an entry have no main decision to chart.
   */
  decisionByRole?: Record<string, string>;
  /**
   * Roles whose main decision is a setting (a share of time, a gate), not a flow: charted with the
   * others, but not measured for amplification against the reference, whose swings it does not share.
   */
  settingDecisions?: string[];
  /** Team-wide series the decisions answer to (Beer Game: customer demand); null when none. */
  reference: string | null;
  /** Per-role series each role's decision answers to (Beer Game: incoming orders); phase lag is measured against it. */
  input?: string;
  /** Stocks drawn under the decisions (inventory, backlog, …): per-role series, or team-wide ones. */
  stocks: string[];
  /** Per-role cost components, in money per week; their sum is the role's cost. */
  costParts: string[];
  /** Whether the cost components are running totals (then weekly amounts are their differences). */
  costCumulative: boolean;
  /** Top of the empty chart players sketch on, fixed in advance so the scale gives nothing away. */
  sketchMax?: number;
  /**
   * What each role sketches before the reveal: a series it could not see during play. Roles left
   * out sketch the scenario's belief series.
   */
  beliefByRole?: Record<string, BeliefChoice>;
}

export function profileFor(scenario: AnyScenario): DebriefProfile {
  return findScenarioModule(scenario.id)?.debrief?.profile ?? inferProfile(scenario);
}

const isMoney = (unit: string) => /\$|€|£|money|dollar/i.test(unit);

export function inferProfile(scenario: AnyScenario): DebriefProfile {
  const perRole = scenario.series.filter((s) => s.perRole);
  const team = scenario.series.filter((s) => !s.perRole);
  const costs = perRole.filter((s) => isMoney(s.unit) && /cost/i.test(s.id + s.label));
  // A total alongside its parts would count twice.
  const parts = costs.length > 1 ? costs.filter((s) => !/total|^cost$/i.test(s.id)) : costs;
  const decision =
    perRole.find((s) => /order|decision|plan/i.test(s.id)) ?? perRole.find((s) => !costs.includes(s));
  const belief = team.find((s) => s.id === scenario.beliefSeries.id);
  const reference = belief ?? team.find((s) => /demand/i.test(s.id)) ?? team[0];
  return {
    decision: decision?.id ?? perRole[0]?.id ?? "",
    reference: reference?.id ?? null,
    stocks: perRole.filter((s) => s !== decision && !costs.includes(s) && !isMoney(s.unit)).map((s) => s.id),
    costParts: (parts.length > 0 ? parts : costs).map((s) => s.id),
    costCumulative: (parts.length > 0 ? parts : costs).some((s) => /cumulative|total so far/i.test(s.label)),
  };
}
