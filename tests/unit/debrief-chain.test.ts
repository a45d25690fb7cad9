import { describe, expect, it } from "vitest";
import { REACTION_WEEKS, traceOrder } from "../../shared/debrief/chain.ts";
import { buildDebriefModel } from "../../shared/debrief/model.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import { createBot, parsePolicy } from "../../shared/policies/index.ts";
import { beerGame } from "../../shared/scenarios/beer-game/index.ts";
import { productLaunch } from "../../shared/scenarios/product-launch/index.ts";

function run(policy: string) {
  const sim = new Simulation(beerGame, { weeks: 36 }, 3);
  sim.playOut(Object.fromEntries(sim.roles.map((r) => [r, createBot(parsePolicy("beer-game", policy), r)])));
  return sim;
}

describe("the Beer Game's chain view", () => {
  const sim = run("sterman:theta=0.36,alpha=0.26,beta=0.34,sprime=17");
  const chain = buildDebriefModel(beerGame, sim.history, sim.options).chain!;

  it("has one row per echelon, customers first, and the board's delays on its links", () => {
    expect(chain.rows.map((r) => r.role)).toEqual(["retailer", "wholesaler", "distributor", "factory"]);
    // links[i] joins rows[i] and rows[i + 1].
    expect(chain.links.map((l) => [l.upstream, l.orderWeeks, l.shipWeeks])).toEqual([
      ["wholesaler", 2, 2],
      ["distributor", 2, 2],
      ["factory", 2, 2],
    ]);
    expect(chain.source).toMatchObject({ orderWeeks: 1, shipWeeks: 2 });
    expect(chain.customer.slice(0, 6)).toEqual([4, 4, 4, 4, 8, 8]);
    for (const r of chain.rows) expect(r.orders).toHaveLength(36);
  });

  it("the delays on the links are the board's: every order is read, and every shipment arrives, that many weeks later", () => {
    chain.links.forEach((link, i) => {
      const down = chain.rows[i]!;
      const up = chain.rows[i + 1]!;
      for (let w = 1; w + link.orderWeeks <= chain.weeks; w++) {
        expect(up.incoming[w + link.orderWeeks - 1]).toBe(down.orders[w - 1]);
      }
      // What the board says the echelon received (the chain view draws shipments only).
      for (let w = 1; w + link.shipWeeks <= chain.weeks; w++) {
        expect(sim.stateAt(w + link.shipWeeks)!.received[i]).toBe(up.shipped[w - 1]);
      }
    });
    expect(chain.rows[0]!.incoming).toEqual(chain.customer);
  });

  it("follows an order up to the factory's peak, each echelon reading what the one below sent", () => {
    const steps = traceOrder(chain, "retailer", 5);
    expect(steps.map((s) => `${s.role}:${s.kind}`)).toEqual([
      "retailer:order",
      "wholesaler:read",
      "wholesaler:order",
      "distributor:read",
      "distributor:order",
      "factory:read",
      "factory:order",
    ]);
    for (let i = 1; i < steps.length; i += 2) {
      const placed = steps[i - 1]!;
      const read = steps[i]!;
      expect(read.week).toBe(placed.week + 2);
      expect(read.value).toBe(placed.value);
      const reaction = steps[i + 1]!;
      expect(reaction.week).toBeGreaterThanOrEqual(read.week);
      expect(reaction.week).toBeLessThan(read.week + REACTION_WEEKS);
      const row = chain.rows.find((r) => r.role === reaction.role)!;
      const window = row.orders.slice(read.week - 1, read.week - 1 + REACTION_WEEKS);
      expect(reaction.value).toBe(Math.max(...window));
    }
    // Under the typical player's rule the signal grows on its way up (the bullwhip).
    expect(steps[6]!.value).toBeGreaterThan(steps[0]!.value);
  });

  it("stops where the round ends, and refuses weeks and roles that are not there", () => {
    const late = traceOrder(chain, "retailer", 35);
    expect(late).toHaveLength(1);
    expect(traceOrder(chain, "retailer", 0)).toEqual([]);
    expect(traceOrder(chain, "brewery", 5)).toEqual([]);
    expect(traceOrder(chain, "factory", 10).map((s) => s.kind)).toEqual(["order"]);
  });

  it("is drawn only for a scenario that lays out a chain", () => {
    const pl = new Simulation(productLaunch, { endWeeks: [8, 8], weeks: 8 }, 1);
    pl.playOut(
      Object.fromEntries(pl.roles.map((r) => [r, createBot(parsePolicy("product-launch", "fixed"), r)])),
    );
    expect(buildDebriefModel(productLaunch, pl.history, pl.options).chain).toBeNull();
  });
});
