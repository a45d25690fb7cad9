// What the role entry leaves out on the wire comes back on the desk: the KPIs that repeat an
// observation entry travel once, in the observation, and the observation's week is the team's.

import { describe, expect, it } from "vitest";
import { Simulation } from "../../shared/engine/simulation.ts";
import { flattenObservation } from "../../shared/protocol/observation.ts";
import { kpisOf, kpisOnWire, observationOf, observationOnWire } from "../../shared/protocol/state.ts";
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

  it("leaves an observation's week out only when it follows from the team's", () => {
    const obs = new Map([
      ["week", 4],
      ["stock", 2],
    ]);
    const onWire = (observation: Record<string, number>, week: number) => {
      const entries: [string, number][] = [];
      const observationWeek = observationOnWire(observation, week, (k, v) => entries.push([k, v]));
      return { entries, observationWeek };
    };
    expect(onWire({ week: 4, stock: 2 }, 4)).toEqual({ entries: [["stock", 2]], observationWeek: 1 });
    expect(onWire({ week: 4, stock: 2 }, 3)).toEqual({ entries: [["stock", 2]], observationWeek: 2 });
    expect(onWire({ week: 4, stock: 2 }, 5)).toEqual({ entries: [...obs], observationWeek: 0 });
    expect(onWire({ week: 4.5 }, 4)).toEqual({ entries: [["week", 4.5]], observationWeek: 0 });
    expect(onWire({ stock: 2 }, 4)).toEqual({ entries: [["stock", 2]], observationWeek: 0 });
    expect(observationOf([["stock", 2]], 1, 4)).toEqual([...obs]);
    expect(observationOf([["stock", 2]], 2, 3)).toEqual([...obs]);
    expect(observationOf([["stock", 2]], 0, 4)).toEqual([["stock", 2]]);
  });

  it("gives back every scenario's observation and KPIs, week by week", () => {
    const sims = [new Simulation(beerGame, {}, 7), new Simulation(productLaunch, {}, 7)];
    const named = new Set<string>();
    for (const sim of sims) {
      const roles = sim.scenario.roles.map((r) => r.id);
      for (let week = 0; week < 6; week++) {
        for (const role of roles) {
          const flat = flattenObservation(sim.observe(role));
          const obs = new Map(flat);
          // The observation's week follows from the team's: left out on the wire, put back as it was.
          const entries: [string, number][] = [];
          const observationWeek = observationOnWire(sim.observe(role), sim.week, (k, v) =>
            entries.push([k, v]),
          );
          expect(observationWeek).toBeGreaterThan(0);
          expect(entries.some(([k]) => k === "week")).toBe(false);
          expect(observationOf(entries, observationWeek, sim.week)).toEqual(flat);
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
