import { describe, expect, it } from "vitest";
import { FLOORS, fillLevel, floorFromObservation, floorMovements } from "../../client/view/launch-floor.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import { observationFields, productLaunch } from "../../shared/scenarios/product-launch/index.ts";

const place = (k: string) => `[${k}]`;

describe("product-launch floors", () => {
  const sim = new Simulation(productLaunch, {}, 11);
  for (let w = 0; w < 3; w++) sim.advance({});

  it("draws every desk from its own observation only, with the scenario's labels and units", () => {
    for (const role of sim.roles) {
      const obs = sim.observe(role) as unknown as Record<string, number>;
      const fields = observationFields[role as keyof typeof observationFields];
      const floor = floorFromObservation(role, obs, fields, place)!;
      expect(floor.week).toBe(obs.week);
      const spec = FLOORS[role]!;
      for (const n of floor.nodes) {
        const s = spec.nodes.find((x) => x.id === n.id)!;
        if (s.field) {
          expect(Object.keys(obs)).toContain(s.field);
          expect(n.value).toBe(obs[s.field]);
          expect(n.label).toBe(fields.find((f) => f.id === s.field)!.label);
        } else {
          expect(n.value).toBeNull();
          expect(n.label).toBe(`[${s.labelKey}]`);
        }
      }
      // Every flow and gauge is a field this role observes: nothing computed from others' data.
      for (const l of spec.links) expect(Object.keys(obs)).toContain(l.field);
      for (const g of spec.gauges) expect(Object.keys(obs)).toContain(g);
      expect(floor.gauges.find((g) => g.lateWeeks > 0) !== undefined).toBe(
        fields.some((f) => (f.lateWeeks ?? 0) > 0 && spec.gauges.includes(f.id)),
      );
    }
  });

  it("moves only the flows that carried something, and only between consecutive weeks", () => {
    const role = "manufacturing";
    const fields = observationFields.manufacturing;
    const a = floorFromObservation(role, sim.observe(role, 2) as never, fields, place)!;
    const b = floorFromObservation(role, sim.observe(role, 3) as never, fields, place)!;
    const moves = floorMovements(a, b);
    expect(moves.length).toBeGreaterThan(0);
    expect(moves.every((m) => m.value > 0)).toBe(true);
    expect(moves.map((m) => m.label)).toEqual(b.links.filter((l) => l.value > 0).map((l) => l.label));
    expect(floorMovements(a, a)).toEqual([]);
  });

  it("fills a bin against the largest level seen", () => {
    expect(fillLevel(50, 200)).toBe(0.25);
    expect(fillLevel(300, 200)).toBe(1);
    expect(fillLevel(-4, 200)).toBe(0);
    expect(fillLevel(5, 0)).toBe(0);
  });

  it("has no floor for roles it does not know", () => {
    expect(floorFromObservation("retailer", {}, [], place)).toBeNull();
  });
});
