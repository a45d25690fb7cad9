// The product-launch scenario: four departments of one company, each acting sensibly on its own
// desk, together producing late launches, rework, shortages and blame.

import type { RoleId, Scenario } from "../../engine/types.ts";
import { loops } from "./loops.ts";
import { initialState, step } from "./model.ts";
import { observe, roleKpis, teamKpis } from "./observe.ts";
import { defaultOptions, optionBounds, parseOptions, shockRanges } from "./options.ts";
import { reflection } from "./reflection.ts";
import { decisionSpecs, isProductLaunchRole, roles } from "./roles.ts";
import { series } from "./series.ts";
import { shocks } from "./shocks.ts";
import type { ProductLaunchObservation, ProductLaunchOptions, ProductLaunchState } from "./types.ts";

export { checkConservation } from "./conservation.ts";
export { costParts, costsByDesk } from "./costs.ts";
export { type ObservationField, observationFields } from "./fields.ts";
export { departmental, productLaunchPolicies, systemic } from "./policies/index.ts";
export type * from "./types.ts";

export const productLaunch: Scenario<ProductLaunchOptions, ProductLaunchState, ProductLaunchObservation> = {
  id: "product-launch",
  // 3: engine-independent ln, cos and powers (docs/protocol.md, "Versions"); drifting market and
  // supplier, excess-and-obsolete end valuation, the boom in weeks 4–16 (docs/scenarios/product-launch.md).
  version: 3,
  title: "Product launch",
  summary:
    "Sales, Engineering, Manufacturing and Purchasing run one product line. Each sees only its own desk; " +
    "promises become design work, rushed designs become scrap and field failures, plans become purchase orders.",
  roles,
  defaultOptions,
  parseOptions,
  optionBounds,
  horizon: (o) => o.endWeeks[1],
  // The round ends at the week drawn for the seed; players hear only "about N weeks".
  endWeek: (s0) => s0.endWeek,
  told: (o) =>
    o.endWeeks[0] === o.endWeeks[1]
      ? { weeks: o.endWeeks[0], approximate: false }
      : { weeks: o.weeks, approximate: true },
  decisions(role: RoleId) {
    if (!isProductLaunchRole(role)) throw new Error(`product-launch has no role "${role}"`);
    return decisionSpecs[role];
  },
  init: initialState,
  step,
  observe: (s, role) => observe(s, role),
  roleKpis,
  teamKpis,
  series,
  shocks,
  shockRanges,
  scheduledShocks: (o) => o.shocks,
  loops,
  reflection,
  beliefSeries: { id: "orders", label: "Customer orders", unit: "units/week" },
};
