// What the debrief reads from the Beer Game beyond its series: which series is the decision, and
// the decision-rule fit and cost split from its analytics.

import { bootstrapAnchoringRule } from "../../analytics/bootstrap.ts";
import type { DebriefHooks } from "../../debrief/hooks.ts";
import type { DebriefProfile } from "../../debrief/profile.ts";
import { beerGameDecisionHistory, beerGameReport, fitBeerGameRole } from "./analytics.ts";
import { beerGameChain } from "./chain.ts";
import { type BeerGameOptions, type BeerGameRole, type BeerGameState, ROLE_IDS } from "./index.ts";

export const profile: DebriefProfile = {
  decision: "orders",
  reference: "demand",
  input: "incoming",
  stocks: ["inventory", "backlog", "onOrder"],
  costParts: ["cost"],
  costCumulative: false,
  sketchMax: 30,
  // Only the retailer saw customer demand; it sketches the far end of the chain instead, which the
  // others' orders amplified on the way up.
  beliefByRole: {
    retailer: { series: "orders", of: "factory", label: "The factory's orders", sketchMax: 60 },
    wholesaler: { series: "demand" },
    distributor: { series: "demand" },
    factory: { series: "demand" },
  },
};

export const hooks: DebriefHooks = {
  chain: (history) => beerGameChain(history as readonly BeerGameState[]),
  fitRule(history, options, role) {
    if (!(ROLE_IDS as readonly string[]).includes(role)) return null;
    const o = options as BeerGameOptions;
    if (history.length - 1 <= o.warmupWeeks + 2) return null;
    const f = fitBeerGameRole(history as readonly BeerGameState[], o, role as (typeof ROLE_IDS)[number]);
    return { theta: f.theta, alpha: f.alpha, beta: f.beta, sprime: f.sprime, r2: f.r2, weeks: f.weeks };
  },
  ruleIntervals(history, options, role, fit) {
    if (!(ROLE_IDS as readonly string[]).includes(role)) return null;
    const h = beerGameDecisionHistory(
      history as readonly BeerGameState[],
      options as BeerGameOptions,
      role as BeerGameRole,
    );
    return bootstrapAnchoringRule(h, { ...fit, r2: 0, sse: 0, weeks: 0 });
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
