// Helpers every product-launch bot shares: whole-number decisions within bounds, and rules per desk.
// (Their weekly memory is every bot's: shared/policies/weekly.ts.)

import type { Decision, Observation, Policy, RoleId } from "../../../engine/types.ts";
import { clamp } from "../../../math/clamp.ts";
import { decisionSpecs, isProductLaunchRole } from "../roles.ts";
import type { ObservationByRole, ProductLaunchRole } from "../types.ts";

/** Rounds and clamps each value to its decision's bounds. */
export function decision(role: ProductLaunchRole, values: Record<string, number>): Decision {
  const d: Record<string, number> = {};
  for (const s of decisionSpecs[role]) {
    const v = values[s.id] ?? s.default;
    const x = clamp(Number.isFinite(v) ? v : s.default, s.min, s.max);
    d[s.id] = s.integer ? Math.round(x) : x;
  }
  return d;
}

export type RoleRules<P> = {
  [R in ProductLaunchRole]: (params: P) => Policy<ObservationByRole[R]>;
};

/** Dispatches to the rule for `role`; unknown roles are refused. */
export function forRole<P>(rules: RoleRules<P>, role: RoleId, params: P): Policy<Observation> {
  if (!isProductLaunchRole(role)) throw new Error(`product-launch has no role "${role}"`);
  return rules[role](params) as unknown as Policy<Observation>;
}

export const smooth = (prev: number, x: number, alpha: number): number => prev + alpha * (x - prev);
