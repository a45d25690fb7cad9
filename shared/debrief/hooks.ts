// Where a scenario's own analytics feed the debrief: the decision-rule fit and a cost split that
// the scenario's series do not carry. A scenario brings its hooks in its module; without them it
// gets the generic figures only.

import { findScenarioModule } from "../scenarios/index.ts";
import type { ChainView } from "./chain.ts";
import type { AnchorRule, RuleFit } from "./rules.ts";

export interface CostTotals {
  parts: { id: string; label: string; unit: string }[];
  /** Role → component → total over the run. */
  totals: Record<string, Record<string, number>>;
}

/** A result split over the desks: bars that add up to it, and each desk's own score beside it. */
export interface DeskReveal {
  base: { label: string; dollars: number };
  bars: { id: string; label: string; owner: string; units: number; dollars: number }[];
  total: { label: string; dollars: number };
  /** Each desk's own score in this round and on the benchmark's, and the company's profit in both. */
  local: {
    rows: { role: string; label: string; unit: string; team: number; other: number; improved: boolean }[];
    profit: { team: number; other: number };
  } | null;
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
  /**
   * Where the scenario's result came from, desk by desk (product launch: the waterfall of orders and
   * each desk's own score against company profit); `benchmark` is the same board played by the
   * benchmark policy, when the round's inputs are at hand.
   */
  reveal?(history: readonly unknown[], benchmark: readonly unknown[] | null): DeskReveal;
  /** A supply chain laid out row by row with its delays (Beer Game), for the chain view. */
  chain?(history: readonly unknown[]): ChainView;
  /** For scenarios with no rule to fit: the policy each player's decisions are set against. */
  benchmarkPolicy?: string;
}

export function debriefHooks(scenarioId: string): DebriefHooks {
  return findScenarioModule(scenarioId)?.debrief?.hooks ?? {};
}
