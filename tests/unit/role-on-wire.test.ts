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
  RoleSlots,
  type RoleSlotsOnWire,
  roleEntries,
  SLOT_COUNT,
  SLOT_KEYS,
  type SlotPart,
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
          const kpis = sim.kpis(role);
          const wire = kpisOnWire(kpis, obs);
          for (const id of wire.inObservation.split(",")) if (id) named.add(`${sim.scenario.id}:${id}`);
          // Everything the role entry carries goes through one entry's slots and comes back.
          const decision = sim.defaultDecision(role);
          const recorded = Object.fromEntries(Object.entries(decision).map(([k, v]) => [k, v + 1]));
          const { entry, observationWeek } = throughSlots(
            sim.observe(role),
            sim.week,
            wire.values,
            decision,
            recorded,
          );
          const back = roleEntries(entry);
          // The observation's week follows from the team's: left out on the wire, put back as it was.
          expect(observationWeek).toBeGreaterThan(0);
          expect(back.observation.some(([k]) => k === "week")).toBe(false);
          expect(observationOf(back.observation, observationWeek, sim.week)).toEqual(flat);
          expect(kpisOf(back.kpis, wire.inObservation, obs)).toEqual(
            Object.fromEntries(kpis.map((k) => [k.id, k.value])),
          );
          expect(Object.fromEntries(back.decision)).toEqual(decision);
          expect(Object.fromEntries(back.recorded)).toEqual(recorded);
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

  it("writes each part into slots, names sent again only when they change, later parts moved", () => {
    const { entry, sent } = recordingEntry();
    const w = new RoleSlots(entry);
    const write = (part: SlotPart, entries: [string, number][]) => {
      w.begin(part);
      for (const [k, v] of entries) w.put(k, v);
      w.end();
      return roleEntries(entry);
    };
    write("observation", [
      ["stock", 2],
      ["pipe.0", 1],
      ["pipe.1", 3],
    ]);
    write("kpis", [["cost", 9]]);
    expect(write("decision", [["order", 4]])).toEqual({
      observation: [
        ["stock", 2],
        ["pipe.0", 1],
        ["pipe.1", 3],
      ],
      kpis: [["cost", 9]],
      decision: [["order", 4]],
      recorded: [],
    });
    // The same names: values only.
    expect(
      write("observation", [
        ["stock", 5],
        ["pipe.0", 0],
        ["pipe.1", 3],
      ]).observation,
    ).toEqual([
      ["stock", 5],
      ["pipe.0", 0],
      ["pipe.1", 3],
    ]);
    expect(write("decision", [["order", 6]]).decision).toEqual([["order", 6]]);
    expect(sent).toEqual([
      ["observationKeys", "stock,pipe.0,pipe.1"],
      ["kpiKeys", "cost"],
      ["decisionKeys", "order"],
    ]);
    expect(w.get("observation", "pipe.0")).toBe(0);
    expect(w.get("decision", "order")).toBe(6);
    // A shorter array: its names change, the parts after it move, and no stale entry is read back.
    expect(
      write("observation", [
        ["stock", 4],
        ["pipe.0", 7],
      ]),
    ).toEqual({
      observation: [
        ["stock", 4],
        ["pipe.0", 7],
      ],
      kpis: [["cost", 9]],
      decision: [["order", 6]],
      recorded: [],
    });
    // The same names in another order follow the new order; a recorded decision comes and goes.
    expect(
      write("observation", [
        ["pipe.0", 8],
        ["stock", 1],
      ]).observation,
    ).toEqual([
      ["pipe.0", 8],
      ["stock", 1],
    ]);
    expect(write("recorded", [["order", 3]]).recorded).toEqual([["order", 3]]);
    expect(write("recorded", []).recorded).toEqual([]);
    expect(sent.slice(3)).toEqual([
      ["observationKeys", "stock,pipe.0"],
      ["observationKeys", "pipe.0,stock"],
      ["recordedKeys", "order"],
      ["recordedKeys", ""],
    ]);
    expect(w.get("observation", "pipe.1")).toBeUndefined();
    expect(roleEntries(entry).decision).toEqual([["order", 6]]);
  });

  it("refuses more entries than there are slots, over all parts, and names with a comma", () => {
    const w = new RoleSlots(recordingEntry().entry);
    w.begin("observation");
    for (let i = 0; i < SLOT_COUNT - 1; i++) w.put(`x${i}`, i);
    w.end();
    w.begin("decision");
    w.put("order", 1);
    w.end();
    w.begin("recorded");
    w.put("order", 2);
    expect(() => w.end()).toThrow(`more than ${SLOT_COUNT} entries to send in slots (at recorded "order")`);
    const fresh = new RoleSlots(recordingEntry().entry);
    fresh.begin("kpis");
    fresh.put("a,b", 1);
    expect(() => fresh.end()).toThrow('slot name "a,b" has a comma');
  });
});

/** A role entry that records which names were sent, in order. */
function recordingEntry(): { entry: RoleSlotsOnWire; sent: [string, string][] } {
  const sent: [string, string][] = [];
  const keys: Record<string, string> = {};
  const entry = { values: new NumberSlots() } as RoleSlotsOnWire;
  for (const k of SLOT_KEYS)
    Object.defineProperty(entry, k, {
      get: () => keys[k] ?? "",
      set: (v: string) => {
        keys[k] = v;
        sent.push([k, v]);
      },
    });
  return { entry, sent };
}

/** A role's numbers as the server writes them into a role entry's slots. */
function throughSlots(
  obs: Observation,
  week: number,
  kpis: Record<string, number>,
  decision: Record<string, number>,
  recorded: Record<string, number>,
) {
  const entry = recordingEntry().entry;
  const w = new RoleSlots(entry);
  w.begin("observation");
  const observationWeek = observationOnWire(obs, week, (k, v) => w.put(k, v));
  w.end();
  for (const [part, values] of [
    ["kpis", kpis],
    ["decision", decision],
    ["recorded", recorded],
  ] as const) {
    w.begin(part);
    for (const [k, v] of Object.entries(values)) w.put(k, v);
    w.end();
  }
  return { entry, observationWeek };
}
