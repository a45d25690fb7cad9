import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkDecision } from "../../shared/engine/decisions.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import type { Decisions } from "../../shared/engine/types.ts";
import { getScenario } from "../../shared/scenarios/index.ts";
import {
  checkConservation,
  observationFields,
  type ProductLaunchState,
  productLaunch,
} from "../../shared/scenarios/product-launch/index.ts";
import { observeManufacturing, observePurchasing } from "../../shared/scenarios/product-launch/observe.ts";
import { decisionSpecs, roleIds } from "../../shared/scenarios/product-launch/roles.ts";

// No noise, no boom, and the round ending at the week players are told.
const quiet = { noise: 0, shocks: [], boom: null, endWeeks: [40, 40] };

/** Every numeric leaf of a state, by path, for comparing two weeks. */
function leaves(x: unknown, path = "", out: Record<string, number> = {}): Record<string, number> {
  if (typeof x === "number") out[path] = x;
  else if (Array.isArray(x)) {
    for (const [i, v] of x.entries()) leaves(v, `${path}[${i}]`, out);
  } else if (x && typeof x === "object")
    for (const [k, v] of Object.entries(x)) leaves(v, path ? `${path}.${k}` : k, out);
  return out;
}

const decisionsArb = fc.record(
  Object.fromEntries(
    roleIds.map((role) => [
      role,
      fc.record(
        Object.fromEntries(decisionSpecs[role].map((s) => [s.id, fc.integer({ min: s.min, max: s.max })])),
      ),
    ]),
  ),
) as fc.Arbitrary<Decisions>;

const shockArb = fc.oneof(
  fc.record({
    name: fc.constant("market-boom"),
    week: fc.integer({ min: 1, max: 20 }),
    params: fc.record({ size: fc.double({ min: -0.5, max: 2, noNaN: true }) }),
  }),
  fc.record({
    name: fc.constant("supplier-outage"),
    week: fc.integer({ min: 1, max: 20 }),
    params: fc.record({
      severity: fc.double({ min: 0, max: 1, noNaN: true }),
      weeks: fc.integer({ min: 0, max: 10 }),
    }),
  }),
  fc.record({
    name: fc.constant("scope-change"),
    week: fc.integer({ min: 1, max: 20 }),
    params: fc.record({ tasks: fc.integer({ min: 0, max: 500 }) }),
  }),
  fc.record({
    name: fc.constant("engineer-leaves"),
    week: fc.integer({ min: 1, max: 20 }),
    params: fc.record({
      count: fc.integer({ min: 0, max: 30 }),
      capabilityLoss: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  }),
);

describe("product launch: structure", () => {
  it("is registered with four desks and 2–4 bounded decisions each", () => {
    expect(getScenario("product-launch")).toBe(productLaunch);
    expect(productLaunch.roles.map((r) => r.id)).toEqual([
      "sales",
      "engineering",
      "manufacturing",
      "purchasing",
    ]);
    for (const role of roleIds) {
      const specs = productLaunch.decisions(role, productLaunch.defaultOptions);
      expect(specs.length).toBeGreaterThanOrEqual(2);
      expect(specs.length).toBeLessThanOrEqual(4);
      for (const s of specs) {
        expect(s.min).toBeLessThanOrEqual(s.default);
        expect(s.default).toBeLessThanOrEqual(s.max);
        expect(s.unit).not.toBe("");
      }
    }
    expect(() => productLaunch.decisions("retailer", productLaunch.defaultOptions)).toThrow(
      /no role "retailer"/,
    );
  });

  it("checks options and names the bad field", () => {
    const o = productLaunch.parseOptions({});
    expect(o.weeks).toBe(40);
    // the standard boom is drawn per seed within its documented ranges, not scheduled
    expect(o.shocks).toEqual([]);
    expect(o.boom).toEqual({ weeks: [4, 16], size: [0.1, 0.6] });
    expect(o.endWeeks).toEqual([36, 44]);
    expect(productLaunch.horizon(o)).toBe(44);
    expect(productLaunch.parseOptions({ weeks: 20 }).endWeeks).toEqual([18, 22]);
    expect(() => productLaunch.parseOptions({ endWeeks: [30, 20] })).toThrow(/endWeeks/);
    expect(() => productLaunch.parseOptions({ boom: { weeks: [4, 40], size: [0.3, 0.3] } })).toThrow(/boom/);
    expect(productLaunch.scheduledShocks(o)).toEqual(o.shocks);
    expect(productLaunch.parseOptions({ shocks: [] }).shocks).toEqual([]);
    expect(() => productLaunch.parseOptions({ weeks: 3 })).toThrow(/weeks/);
    expect(() => productLaunch.parseOptions({ colour: 1 })).toThrow(/colour|options/);
    expect(() => productLaunch.parseOptions({ shocks: [{ name: "meteor", week: 3 }] })).toThrow(
      /shocks\.0\.name.*meteor/,
    );
    expect(() => productLaunch.parseOptions({ shocks: [{ name: "market-boom", week: 99 }] })).toThrow(
      /shocks\.0\.week/,
    );
    expect(() =>
      productLaunch.parseOptions({ shocks: [{ name: "market-boom", week: 3, params: { tasks: 5 } }] }),
    ).toThrow(/params\.tasks.*size/);
  });
});

describe("product launch: well-posed", () => {
  it("rests in equilibrium: default decisions and no shock move nothing", () => {
    const sim = new Simulation(productLaunch, quiet, 42);
    const start = leaves({ ...sim.state, week: 0 });
    for (let t = 1; t <= 40; t++) {
      sim.advance({});
      const now = leaves({ ...sim.state, week: 0 });
      for (const [path, v] of Object.entries(start)) {
        // cumulative totals and the flows of week 0 (which has none of its own) are allowed to differ
        if (
          /^(done|profit|bookings|revenue|materialSpend|kitsOrdered|labourSpend|goodOutput|tasksReleased|scopeTotal|endValue)$/.test(
            path,
          )
        )
          continue;
        if (path.startsWith("flow.")) continue;
        expect(now[path], `${path} in week ${t}`).toBeCloseTo(v, 9);
      }
      expect(sim.state.flow.orders).toBeCloseTo(90, 9);
      expect(sim.state.flow.shipments).toBeCloseTo(90, 9);
      expect(sim.state.flow.starts).toBeCloseTo(100, 9);
      // the last week adds what the stocks are worth; the weekly trading profit does not move
      const trading = (x: ProductLaunchState) => x.flow.profit - x.flow.endValuation;
      expect(trading(sim.state)).toBeCloseTo(trading(sim.history[1]!), 9);
      expect(sim.state.flow.endValuation !== 0).toBe(t === 40);
      // reported progress and true progress advance together when nothing is wrong
      expect(sim.state.tasksReleased - sim.state.done).toBeCloseTo(0, 6);
    }
    // every loop is idle at rest
    for (const loop of productLaunch.loops) {
      for (const a of loop.activity(sim.history)) expect(a).toBeCloseTo(0, 9);
    }
  });

  it("starts profitable and every desk's numbers are finite", () => {
    const sim = new Simulation(productLaunch, quiet, 1);
    sim.advance({});
    expect(sim.state.flow.profit).toBeGreaterThan(0);
    for (const role of roleIds) {
      for (const [k, v] of Object.entries(sim.observe(role)))
        expect(Number.isFinite(v), `${role}.${k}`).toBe(true);
    }
  });

  it("conserves every material, work and money stock each week, with no stock negative, whatever the decisions and shocks", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.array(decisionsArb, { minLength: 20, maxLength: 20 }),
        fc.array(shockArb, { maxLength: 4 }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        (seed, decisions, shocks, noise) => {
          // The real end falls anywhere in 20…24, so some rounds run on past it, wound up.
          const sim = new Simulation(productLaunch, { noise, shocks, weeks: 20, endWeeks: [20, 24] }, seed);
          for (const d of decisions) sim.advance(d);
          for (let t = 1; t < sim.history.length; t++) {
            const issues = checkConservation(sim.history[t - 1]!, sim.history[t]!);
            if (issues.length > 0) throw new Error(`week ${t}: ${JSON.stringify(issues)}`);
            // plain finite JSON: states survive storage and the wire unchanged
            expect(JSON.parse(JSON.stringify(sim.history[t]))).toEqual(sim.history[t]);
            for (const role of roleIds) {
              for (const v of Object.values(sim.observe(role, t))) expect(Number.isFinite(v)).toBe(true);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("catches a broken balance", () => {
    const sim = new Simulation(productLaunch, quiet, 1);
    sim.advance({});
    const bad: ProductLaunchState = { ...sim.state, rawMaterial: sim.state.rawMaterial + 1, hidden: -2 };
    const stocks = checkConservation(sim.history[0]!, bad).map((i) => i.stock);
    expect(stocks).toContain("rawMaterial");
    expect(stocks).toContain("hidden");
    expect(stocks).toContain("hidden ≥ 0");
    expect(stocks).toContain("all tasks");
  });

  it("limits outflows by their stocks: no kits, no starts", () => {
    const sim = new Simulation(productLaunch, quiet, 1);
    // stop buying: kits on hand and in the pipeline run out, and starts follow them down
    for (let t = 0; t < 40; t++) sim.advance({ purchasing: { order: 0, dearShare: 0 } });
    for (let t = 1; t <= 40; t++) {
      const prev = sim.history[t - 1]!;
      const f = sim.history[t]!.flow;
      expect(f.starts).toBeLessThanOrEqual(prev.rawMaterial + f.deliveredCheap + f.deliveredDear + 1e-9);
      expect(f.shipments).toBeLessThanOrEqual(prev.finishedGoods + f.good + 1e-9);
      expect(f.shipments).toBeLessThanOrEqual(prev.backlog + 1e-9);
    }
    expect(sim.state.rawMaterial).toBeGreaterThanOrEqual(0);
    expect(sim.state.flow.starts).toBeLessThan(0.1);
    expect(sim.state.flow.shortage).toBeGreaterThan(99.9);
  });
});

describe("product launch: determinism and seeds", () => {
  it("replays bit for bit, and seeds matter when there is noise", () => {
    const run = (seed: number) => {
      const sim = new Simulation(productLaunch, {}, seed);
      for (let t = 1; t <= 40 && !sim.done; t++)
        sim.advance({ sales: { forecast: 90 + (t % 5), promotion: t % 3, features: t % 4 } });
      return sim;
    };
    const a = run(7);
    const b = Simulation.replay(productLaunch, a.inputs(), a.hashes);
    expect(b.hashes).toEqual(a.hashes);
    expect(JSON.parse(JSON.stringify(b.state))).toEqual(b.state);
    expect(run(8).hashes.at(-1)).not.toBe(a.hashes.at(-1));
  });

  it("validates decisions against the specs", () => {
    const specs = productLaunch.decisions("purchasing", productLaunch.defaultOptions);
    expect(checkDecision(specs, { order: 120, dearShare: 30 })).toEqual({
      ok: true,
      decision: { order: 120, dearShare: 30 },
    });
    expect(checkDecision(specs, { dearShare: 130 }).ok).toBe(false);
    expect(checkDecision(specs, { order: 10.5 }).ok).toBe(false);
  });
});

describe("product launch: information hiding", () => {
  it("never shows a desk the defects nobody has found, nor another desk's stocks", () => {
    const sim = new Simulation(productLaunch, { shocks: [{ name: "scope-change", week: 2 }] }, 3);
    for (let t = 0; t < 10; t++)
      sim.advance({ engineering: { qualityGate: 0, upfrontShare: 0, fixShare: 10 } });
    const s = sim.state;
    for (const role of roleIds) {
      const obs = sim.observe(role);
      expect(Object.values(obs)).not.toContain(s.hidden);
      expect(Object.keys(obs).some((k) => /hidden|capability/i.test(k))).toBe(false);
    }
    expect(Object.keys(sim.observe("sales"))).not.toContain("rawMaterial");
    expect(Object.keys(sim.observe("purchasing"))).not.toContain("backlog");
  });

  it("labels every observed number, and only those", () => {
    const sim = new Simulation(productLaunch, {}, 2);
    sim.advance({});
    for (const role of roleIds) {
      expect(observationFields[role].map((f) => f.id).sort()).toEqual(Object.keys(sim.observe(role)).sort());
    }
  });

  it("delivers other departments' signals late", () => {
    const sim = new Simulation(productLaunch, quiet, 1);
    sim.advance({ sales: { forecast: 150 } });
    expect(observeManufacturing(sim.state).forecast).toBe(90);
    sim.advance({ sales: { forecast: 150 } });
    expect(observeManufacturing(sim.state).forecast).toBe(150);
    sim.advance({ manufacturing: { production: 130 } });
    expect(observePurchasing(sim.state).productionPlan).toBe(100);
  });
});

describe("product launch: shocks", () => {
  const afterShock = (name: string, params: Record<string, number>, weeks = 12) => {
    const sim = new Simulation(productLaunch, { noise: 0, shocks: [{ name, week: 2, params }] }, 1);
    for (let t = 0; t < weeks; t++) sim.advance({});
    return sim;
  };

  it("market boom raises orders from its week on", () => {
    const sim = afterShock("market-boom", { size: 0.5 });
    expect(sim.history[1]!.flow.orders).toBeCloseTo(90, 9);
    expect(sim.history[2]!.flow.orders).toBeCloseTo(135, 9);
  });

  it("supplier outage cuts the cheap supplier's shipments for its weeks only", () => {
    const sim = afterShock("supplier-outage", { severity: 1, weeks: 3 });
    expect(sim.history.slice(2, 5).map((s) => s.flow.shippedCheap)).toEqual([0, 0, 0]);
    expect(sim.history[5]!.flow.shippedCheap).toBeGreaterThan(0);
  });

  it("scope change lands in engineering's backlog as recorded scope", () => {
    const sim = afterShock("scope-change", { tasks: 100 });
    expect(sim.history[2]!.flow.scopeShock).toBe(100);
    expect(sim.history[2]!.todo).toBeGreaterThan(sim.history[1]!.todo + 90);
  });

  it("a key engineer leaving costs capacity and capability", () => {
    const sim = afterShock("engineer-leaves", { count: 4, capabilityLoss: 0.2 });
    expect(sim.history[2]!.engineers).toBe(16);
    expect(sim.history[2]!.capability).toBeLessThan(0.8);
    expect(sim.state.hidden).toBeGreaterThan(sim.history[1]!.hidden);
  });
});

describe("product launch: live shocks", () => {
  it("takes a shock injected by a trainer mid-round, and replays it", () => {
    const sim = new Simulation(productLaunch, { shocks: [] }, 11);
    for (let t = 0; t < 4; t++) sim.advance({});
    sim.inject({ name: "scope-change", week: 6, params: { tasks: 200 } });
    expect(() => sim.inject({ name: "scope-change", week: 3 })).toThrow(/future week/);
    for (let t = 0; t < 10; t++) sim.advance({});
    expect(sim.history[6]!.flow.scopeShock).toBe(200);
    const again = Simulation.replay(productLaunch, sim.inputs(), sim.hashes);
    expect(again.hashes).toEqual(sim.hashes);
  });
});

describe("product launch: loops", () => {
  it("declares at least six loops whose polarity matches the signs around their cycle", () => {
    const required = [
      "supply-line",
      "rework-cycle",
      "firefighting",
      "over-the-wall",
      "delivery-delay-brake",
      "phantom-ordering",
    ];
    const ids = productLaunch.loops.map((l) => l.id);
    for (const id of required) expect(ids).toContain(id);
    for (const loop of productLaunch.loops) {
      const nodeIds = loop.nodes.map((n) => n.id);
      for (const e of loop.edges) {
        expect(nodeIds).toContain(e.from);
        expect(nodeIds).toContain(e.to);
      }
      // find the cycle from the first node and multiply its signs
      const cycle = (from: string, seen: string[], sign: number): number | null => {
        for (const e of loop.edges.filter((x) => x.from === from)) {
          const s = sign * (e.sign === "+" ? 1 : -1);
          if (e.to === seen[0]) return s;
          if (!seen.includes(e.to)) {
            const r = cycle(e.to, [...seen, e.to], s);
            if (r !== null) return r;
          }
        }
        return null;
      };
      const start = loop.edges.find((e) => loop.edges.some((x) => x.to === e.from))!.from;
      const product = cycle(start, [start], 1);
      expect(product, loop.id).not.toBeNull();
      expect(product === 1 ? "reinforcing" : "balancing", loop.id).toBe(loop.polarity);
      expect(loop.teaching.length).toBeGreaterThan(40);
    }
  });

  it("measures activity per week, non-negative, rising when its loop is pushed", () => {
    const sim = new Simulation(
      productLaunch,
      { noise: 0, shocks: [{ name: "scope-change", week: 3, params: { tasks: 300 } }] },
      1,
    );
    for (let t = 0; t < 20; t++)
      sim.advance({ engineering: { fixShare: 40, upfrontShare: 0, qualityGate: t > 3 ? 10 : 60 } });
    for (const loop of productLaunch.loops) {
      const a = loop.activity(sim.history);
      expect(a).toHaveLength(20);
      for (const x of a) expect(x).toBeGreaterThanOrEqual(0);
    }
    const act = (id: string) => productLaunch.loops.find((l) => l.id === id)!.activity(sim.history);
    expect(Math.max(...act("over-the-wall"))).toBeGreaterThan(0.5);
    expect(Math.max(...act("firefighting"))).toBeGreaterThan(0.3);
    expect(Math.max(...act("capability-trap"))).toBeGreaterThan(0.1);
    expect(Math.max(...act("rework-cycle"))).toBeGreaterThan(0.2);
    expect(act("phantom-ordering").every((x) => x === 0)).toBe(true);
  });

  it("has reflection questions and a belief series it can chart", () => {
    expect(productLaunch.reflection.length).toBeGreaterThanOrEqual(3);
    expect(productLaunch.reflection.length).toBeLessThanOrEqual(5);
    expect(productLaunch.series.map((s) => s.id)).toContain(productLaunch.beliefSeries.id);
    const sim = new Simulation(productLaunch, {}, 1);
    sim.advance({});
    for (const s of productLaunch.series) {
      const v = s.value(sim.state, s.perRole ? "sales" : null);
      expect(Number.isFinite(v), s.id).toBe(true);
    }
  });
});
