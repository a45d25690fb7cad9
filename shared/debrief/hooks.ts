// Where a scenario's own analytics (from shared/analytics) feed the debrief: the decision-rule fit
// and a cost split that the scenario's series do not carry. Scenarios without an entry get the
// generic figures only.

import { beerGameReport, fitBeerGameRole } from "../analytics/beer-game.ts";
import type { BeerGameOptions, BeerGameState } from "../scenarios/beer-game/index.ts";
import { ROLE_IDS } from "../scenarios/beer-game/index.ts";
import { costParts, costsByDesk } from "../scenarios/product-launch/index.ts";
import type { ProductLaunchState } from "../scenarios/product-launch/types.ts";
import type { AnchorRule } from "./rules.ts";

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
  costs?(history: readonly unknown[], options: unknown): CostTotals;
  /** For scenarios with no rule to fit: the policy each player's decisions are set against. */
  benchmarkPolicy?: string;
}

const beerGameHooks: DebriefHooks = {
  fitRule(history, options, role) {
    if (!(ROLE_IDS as readonly string[]).includes(role)) return null;
    const o = options as BeerGameOptions;
    if (history.length - 1 <= o.warmupWeeks + 2) return null;
    const f = fitBeerGameRole(history as readonly BeerGameState[], o, role as (typeof ROLE_IDS)[number]);
    return { theta: f.theta, alpha: f.alpha, beta: f.beta, sprime: f.sprime, r2: f.r2, weeks: f.weeks };
  },
  costs(history) {
    const report = beerGameReport(history as readonly BeerGameState[]);
    const totals: Record<string, Record<string, number>> = {};
    for (const role of ROLE_IDS) {
      totals[role] = { holding: report.roles[role].holdingCost, backlog: report.roles[role].backlogCost };
    }
    return {
      parts: [
        { id: "holding", label: "Holding (inventory)", unit: "$" },
        { id: "backlog", label: "Backlog (orders owed)", unit: "$" },
      ],
      totals,
    };
  },
};

const productLaunchHooks: DebriefHooks = {
  benchmarkPolicy: "systemic",
  costs(history) {
    return {
      parts: costParts.map((p) => ({ id: p.id, label: p.label, unit: p.unit })),
      totals: costsByDesk(history as readonly ProductLaunchState[]),
    };
  },
};

const hooks: Record<string, DebriefHooks> = {
  "beer-game": beerGameHooks,
  "product-launch": productLaunchHooks,
};

export function debriefHooks(scenarioId: string): DebriefHooks {
  return hooks[scenarioId] ?? {};
}
