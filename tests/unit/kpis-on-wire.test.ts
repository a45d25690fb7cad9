// The KPIs that repeat an observation entry travel once, in the observation: the wire form and the
// desk's reading of it give back every KPI with its value.

import { describe, expect, it } from "vitest";
import { Simulation } from "../../shared/engine/simulation.ts";
import { flattenObservation } from "../../shared/protocol/observation.ts";
import { kpisOf, kpisOnWire } from "../../shared/protocol/state.ts";
import { beerGame } from "../../shared/scenarios/beer-game/index.ts";
import { productLaunch } from "../../shared/scenarios/product-launch/index.ts";

describe("KPIs on the wire", () => {
  it("names a KPI equal to the observation's entry of its id, sends the others, and reads both back", () => {
    const obs = new Map([
      ["inventory", 12],
      ["backlog", 0],
      ["cost", 6],
    ]);
    const kpis = [
      { id: "inventory", value: 12 },
      { id: "backlog", value: 3 },
      { id: "totalCost", value: 24.5 },
      { id: "a,b", value: 6 },
    ];
    const wire = kpisOnWire(kpis, obs);
    expect(wire.inObservation).toBe("inventory");
    expect(wire.values).toEqual({ backlog: 3, totalCost: 24.5, "a,b": 6 });
    expect(kpisOf(Object.entries(wire.values), wire.inObservation, obs)).toEqual(
      Object.fromEntries(kpis.map((k) => [k.id, k.value])),
    );
    expect(kpisOf([], "", obs)).toEqual({});
  });

  it("gives back every scenario's KPIs, week by week", () => {
    const sims = [new Simulation(beerGame, {}, 7), new Simulation(productLaunch, {}, 7)];
    const named = new Set<string>();
    for (const sim of sims) {
      const roles = sim.scenario.roles.map((r) => r.id);
      for (let week = 0; week < 6; week++) {
        for (const role of roles) {
          const obs = new Map(flattenObservation(sim.observe(role)));
          const kpis = sim.kpis(role);
          const wire = kpisOnWire(kpis, obs);
          for (const id of wire.inObservation.split(",")) if (id) named.add(`${sim.scenario.id}:${id}`);
          expect(kpisOf(Object.entries(wire.values), wire.inObservation, obs)).toEqual(
            Object.fromEntries(kpis.map((k) => [k.id, k.value])),
          );
        }
        sim.advance(Object.fromEntries(roles.map((r) => [r, sim.defaultDecision(r)])));
      }
    }
    // The Beer Game's cost, inventory and backlog travel in the observation only.
    expect([...named].filter((k) => k.startsWith("beer-game:")).sort()).toEqual([
      "beer-game:backlog",
      "beer-game:inventory",
      "beer-game:totalCost",
    ]);
  });
});
