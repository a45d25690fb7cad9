// Small cohorts for the cohort tests: rounds played with given decisions, recorded as the server does.
import { Simulation } from "../../shared/engine/simulation.ts";
import type { AnyScenario, DecisionSource, Decisions } from "../../shared/engine/types.ts";
import type { RoundRecord } from "../../shared/protocol/messages.ts";

/** The recorded round of `sim` as it stands, every decision credited to `source`. */
export function recordOf(
  sim: Simulation,
  code: string,
  names: Record<string, string>,
  source: DecisionSource = "human",
): RoundRecord {
  const i = sim.inputs();
  return {
    id: `round-${code}`,
    code,
    scenario: i.scenario,
    version: i.version,
    title: sim.scenario.title,
    options: i.options,
    seed: i.seed,
    horizon: sim.horizon,
    createdAt: "2026-11-02T09:00:00.000Z",
    endedAt: "2026-11-02T10:00:00.000Z",
    decisions: i.decisions,
    sources: i.decisions.map((d) => Object.fromEntries(Object.keys(d).map((r) => [r, source]))),
    shocks: i.shocks,
    hashes: [...sim.hashes],
    seats: sim.roles.map((r) => ({ role: r, name: names[r] ?? "", policy: "default" })),
  };
}

/** A round of `scenario` where each role's orders follow the given series (decision id `order`). */
export function playOrders(
  scenario: AnyScenario,
  seed: number,
  orders: Record<string, number[]>,
): Simulation {
  const sim = new Simulation(scenario, {}, seed);
  const weeks = Math.max(...Object.values(orders).map((o) => o.length));
  for (let t = 0; t < weeks; t++) {
    const d: Record<string, Record<string, number>> = {};
    for (const [role, xs] of Object.entries(orders)) d[role] = { order: xs[t]! };
    sim.advance(d as Decisions);
  }
  return sim;
}
