// Where a scenario's own analytics feed the debrief: the decision-rule fit and a cost split that
// the scenario's series do not carry. A scenario brings its hooks in its module; without them it
// gets the generic figures only.

import { findScenarioModule } from "../scenarios/index.ts";
import type { AnchorRule, RuleFit } from "./rules.ts";

export interface CostTotals {
  parts: { id: string; label: string; unit: string }[];
  /** Role → component → total over the run. */
  totals: Record<string, Record<string, number>>;
}

export interface DebriefHooks {
  /** The role's fitted anchoring-and-adjustment rule; null when there is too little to fit. */
  fitRule?(
    history: readonly unknown[],
    options: unknown,
    role: string,
  ): (AnchorRule & { r2: number; weeks: number }) | null;
  /**
   * How sure that fit is: 90% intervals and which parameters the data identify. Separate from
   * fitRule so figures that need only the point fit (a cohort's hundreds of seats) stay cheap.
   */
  ruleIntervals?(
    history: readonly unknown[],
    options: unknown,
    role: string,
    fit: AnchorRule,
  ): Pick<RuleFit, "ci" | "identified" | "ordersVary"> | null;
  costs?(history: readonly unknown[], options: unknown): CostTotals;
  /** For scenarios with no rule to fit: the policy each player's decisions are set against. */
  benchmarkPolicy?: string;
}

export function debriefHooks(scenarioId: string): DebriefHooks {
  return findScenarioModule(scenarioId)?.debrief?.hooks ?? {};
}
