// Small cohorts for the cohort tests: rounds played with given decisions (record them with
// shared/cohort/simulated-record.ts).
import { Simulation } from "../../shared/engine/simulation.ts";
import type { AnyScenario, Decisions } from "../../shared/engine/types.ts";

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
