// What the role entry leaves out on the wire comes back on the desk: the KPIs that repeat an
// observation entry travel once, in the observation, and the observation's week is the team's.

import { describe, expect, it } from "vitest";
import { Simulation } from "../../shared/engine/simulation.ts";
import type { Observation } from "../../shared/engine/types.ts";
import { flattenObservation } from "../../shared/protocol/observation.ts";
import {
  kpisOf,
  kpisOnWire,
  NumberSlots,
  observationOf,
  observationOnWire,
  SLOT_COUNT,
  SlotWriter,
  slotsOf,
} from "../../shared/protocol/state.ts";
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
          const { observation, observationKeys, observationWeek } = throughSlots(sim.observe(role), sim.week);
          const entries = slotsOf(observation, observationKeys);
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

  it("writes entries into slots, names sent again only when they change", () => {
    const slots = new NumberSlots();
    const keys: string[] = [];
    const w = new SlotWriter(slots, (k) => keys.push(k));
    const write = (entries: [string, number][]) => {
      w.begin();
      for (const [k, v] of entries) w.put(k, v);
      w.end();
      return slotsOf(slots, keys.at(-1) ?? "");
    };
    expect(
      write([
        ["stock", 2],
        ["pipe.0", 1],
        ["pipe.1", 3],
      ]),
    ).toEqual([
      ["stock", 2],
      ["pipe.0", 1],
      ["pipe.1", 3],
    ]);
    expect(
      write([
        ["stock", 5],
        ["pipe.0", 0],
        ["pipe.1", 3],
      ]),
    ).toEqual([
      ["stock", 5],
      ["pipe.0", 0],
      ["pipe.1", 3],
    ]);
    expect(keys).toEqual(["stock,pipe.0,pipe.1"]);
    expect(w.get("pipe.0")).toBe(0);
    // A shorter array: the names change, and no stale entry is read back.
    expect(
      write([
        ["stock", 4],
        ["pipe.0", 7],
      ]),
    ).toEqual([
      ["stock", 4],
      ["pipe.0", 7],
    ]);
    // The same names in another order follow the new order.
    expect(
      write([
        ["pipe.0", 8],
        ["stock", 1],
      ]),
    ).toEqual([
      ["pipe.0", 8],
      ["stock", 1],
    ]);
    expect(keys).toEqual(["stock,pipe.0,pipe.1", "stock,pipe.0", "pipe.0,stock"]);
    expect(w.get("pipe.1")).toBeUndefined();
  });

  it("refuses more entries than there are slots, and names with a comma", () => {
    const w = new SlotWriter(new NumberSlots(), () => {});
    w.begin();
    for (let i = 0; i < SLOT_COUNT; i++) w.put(`x${i}`, i);
    expect(() => w.put("one.too.many", 0)).toThrow(`more than ${SLOT_COUNT} entries`);
    w.begin();
    w.put("a,b", 1);
    expect(() => w.end()).toThrow('slot name "a,b" has a comma');
  });
});

/** An observation as the server writes it into a role entry's slots. */
function throughSlots(obs: Observation, week: number) {
  const observation = new NumberSlots();
  let observationKeys = "";
  const w = new SlotWriter(observation, (k) => {
    observationKeys = k;
  });
  w.begin();
  const observationWeek = observationOnWire(obs, week, (k, v) => w.put(k, v));
  w.end();
  return { observation, observationKeys, observationWeek };
}
