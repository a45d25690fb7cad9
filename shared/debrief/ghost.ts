import { Simulation } from "../engine/simulation.ts";
import type { AnyScenario, Decisions, Policy, RoleId, RoundInputs } from "../engine/types.ts";
import { clamp } from "../math/clamp.ts";
import { createBot, defaultPolicy, type PolicyChoice } from "../policies/index.ts";
import type { GhostOthers } from "../protocol/debrief.ts";

/**
 * The bots of a ghost run: the chosen policy in the replaced seats and, when the others react, the
 * scenario's own default bot in every other seat (no bots there: they replay what was recorded).
 */
export function ghostBots(
  scenario: AnyScenario,
  replaced: readonly RoleId[],
  choice: PolicyChoice,
  others: GhostOthers,
): Record<RoleId, Policy> {
  const bots: Record<RoleId, Policy> = Object.fromEntries(replaced.map((r) => [r, createBot(choice, r)]));
  if (others !== "react") return bots;
  const theirs = defaultPolicy(scenario.id);
  for (const r of scenario.roles) if (!bots[r.id]) bots[r.id] = createBot(theirs, r.id);
  return bots;
}

/**
 * The ghost run: the same round (same options, seed and shocks) re-simulated with some roles played
 * by bot policies instead of the people who held them. Roles without a bot keep their recorded
 * decisions week for week, so any difference comes from the replaced roles' rule alone (give the
 * others bots too, see ghostBots, to let them react).
 * A bot sees only its role's observation of the ghost world, one week at a time, exactly as in play.
 */
export function ghostRun(
  scenario: AnyScenario,
  inputs: RoundInputs,
  bots: Readonly<Record<RoleId, Policy>>,
): Simulation {
  const sim = new Simulation(scenario, inputs.options, inputs.seed);
  for (const shock of inputs.shocks) sim.inject(shock);
  const weeks = Math.min(sim.horizon, inputs.decisions.length);
  for (let t = 1; t <= weeks; t++) {
    const recorded = inputs.decisions[t - 1] ?? {};
    const week: Record<RoleId, Decisions[string]> = { ...recorded };
    for (const [role, policy] of Object.entries(bots)) {
      week[role] = clampToSpecs(sim, role, policy.decide(sim.observe(role)));
    }
    sim.advance(week);
  }
  return sim;
}

/** A bot's raw decision, forced into the decision's bounds (a policy must never stop the ghost run). */
function clampToSpecs(sim: Simulation, role: RoleId, d: Decisions[string]): Decisions[string] {
  const out: Record<string, number> = {};
  for (const spec of sim.scenario.decisions(role, sim.options)) {
    let v = d[spec.id];
    if (v === undefined || !Number.isFinite(v)) v = spec.default;
    if (spec.integer) v = Math.round(v);
    out[spec.id] = clamp(v, spec.min, spec.max);
  }
  return out;
}
