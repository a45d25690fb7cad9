// The `fixed` bot, for any scenario: every week the same decision, whatever it observes. A trainer
// or researcher sets any decision id (`fixed:upfrontShare=0,fixShare=50`); the rest stay at their
// defaults. It is the yardstick a closed-loop rule has to beat: play that ignores the data.

import type { DecisionSpec, Observation, PolicySpec, RoleId } from "../engine/types.ts";

/** What the fixed bot needs to know of a scenario: its roles and each role's decisions. */
export interface DecisionCatalogue {
  roles: readonly { id: RoleId }[];
  decisions(role: RoleId): readonly DecisionSpec[];
}

/**
 * A `fixed` policy over a scenario's decisions. Its parameters are every decision id of every role
 * (a shared id takes the widest bounds); a role reads the ids it has and ignores the others, so one
 * `all=fixed:…` sets every desk at once.
 */
export function fixedPolicy<B extends Observation = Observation>(
  catalogue: DecisionCatalogue,
): PolicySpec<B> {
  const params: Record<string, { default: number; min: number; max: number; help: string }> = {};
  for (const role of catalogue.roles) {
    for (const d of catalogue.decisions(role.id)) {
      const seen = params[d.id];
      params[d.id] = seen
        ? { ...seen, min: Math.min(seen.min, d.min), max: Math.max(seen.max, d.max) }
        : { default: d.default, min: d.min, max: d.max, help: `${d.label} (${d.unit}), every week` };
    }
  }
  return {
    name: "fixed",
    summary:
      "Holds the same decisions every week, whatever happens: any decision id as a parameter, the rest at their defaults.",
    params,
    create(role, given) {
      const decision: Record<string, number> = {};
      for (const d of catalogue.decisions(role)) {
        // A value equal to the shared parameter's default was not set: the role keeps its own default.
        const v = given[d.id];
        const set = v !== undefined && v !== params[d.id]?.default;
        const x = set ? Math.min(d.max, Math.max(d.min, v)) : d.default;
        decision[d.id] = d.integer ? Math.round(x) : x;
      }
      const frozen = Object.freeze(decision);
      return { decide: () => frozen };
    },
  };
}
