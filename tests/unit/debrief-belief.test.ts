import { describe, expect, it } from "vitest";
import { beliefSentence, compareBelief, fadeFromPeak } from "../../shared/debrief/belief.ts";
import { beliefTargets } from "../../shared/debrief/belief-target.ts";
import { briefOf } from "../../shared/debrief/brief.ts";
import { buildDebriefModel, seriesValues } from "../../shared/debrief/model.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import type { AnyScenario, Decisions } from "../../shared/engine/types.ts";
import { createBot, parsePolicy } from "../../shared/policies/index.ts";
import { beerGame } from "../../shared/scenarios/beer-game/index.ts";
import { productLaunch } from "../../shared/scenarios/product-launch/index.ts";
import { productLaunchModule } from "../../shared/scenarios/product-launch/module.ts";

function botRun(scenario: AnyScenario, policy: string, options: unknown, seed = 3) {
  const sim = new Simulation(scenario, options, seed);
  const bots = Object.fromEntries(sim.roles.map((r) => [r, createBot(parsePolicy(scenario.id, policy), r)]));
  while (!sim.done) {
    const d: Record<string, Decisions[string]> = {};
    for (const r of sim.roles) d[r] = bots[r]!.decide(sim.observe(r));
    sim.advance(d);
  }
  return sim;
}

/** Weeks 1…n: `base` until `at`, then `base + lift`, which stays (step) or decays back (boom). */
const step = (n: number, at: number, base: number, lift: number) =>
  Array.from({ length: n }, (_, i) => (i + 1 < at ? base : base + lift));
const boom = (n: number, at: number, base: number, lift: number) =>
  Array.from({ length: n }, (_, i) => (i + 1 < at ? base : base + lift * 0.8 ** (i + 1 - at)));

describe("each role sketches a series it could not see", () => {
  it("in the Beer Game: customer demand for the upstream roles, the factory's orders for the retailer", () => {
    const t = beerGame.roles.map((r) => [r.id, beliefTargets(beerGame)[r.id]!]);
    const byRole = Object.fromEntries(t);
    expect(byRole["retailer"]).toMatchObject({ id: "orders", of: "factory" });
    for (const role of ["wholesaler", "distributor", "factory"])
      expect(byRole[role]).toMatchObject({ id: "demand" });
    // The retailer's truth is the factory's own orders, not the retailer's nor the demand it saw.
    const sim = botRun(beerGame, "sterman:theta=0.36,alpha=0.26,beta=0.34,sprime=17", { weeks: 36 });
    const m = buildDebriefModel(beerGame, sim.history, sim.options);
    expect(m.beliefs["retailer"]!.truth).toEqual(seriesValues(m.series, "orders", "factory"));
    expect(m.beliefs["retailer"]!.truth).not.toEqual(seriesValues(m.series, "orders", "retailer"));
    expect(m.beliefs["factory"]!.truth).toEqual(seriesValues(m.series, "demand"));
  });

  it("in the launch: Sales sketches what the market wanted, never a series its own desk showed", () => {
    const targets = beliefTargets(productLaunch);
    expect(targets["sales"]!.id).toBe("potentialOrders");
    const shown = productLaunchModule.client!.observationFields!;
    for (const role of productLaunch.roles) {
      const t = targets[role.id]!;
      expect(productLaunch.series.some((s) => s.id === t.id)).toBe(true);
      const seen = (shown[role.id as keyof typeof shown] ?? []).map((f) => f.id);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen, `${role.id} sketches ${t.id}`).not.toContain(t.id);
    }
  });

  it("Sales' truth is the orders with slow delivery and field failures divided back out", () => {
    const sim = botRun(productLaunch, "departmental", productLaunch.defaultOptions);
    const m = buildDebriefModel(productLaunch, sim.history, sim.options);
    const wanted = m.beliefs["sales"]!.truth;
    const orders = seriesValues(m.series, "orders");
    expect(wanted).toHaveLength(m.weeks);
    sim.history.slice(1).forEach((s, i) => {
      const f = (s as { flow: { demandDelayEffect: number; demandQualityEffect: number } }).flow;
      expect(wanted[i]! * f.demandDelayEffect * f.demandQualityEffect).toBeCloseTo(orders[i]!, 6);
    });
    // Lost to the company's own delivery and quality at some point in a departmental run.
    expect(wanted.some((w, i) => w > orders[i]! * 1.05)).toBe(true);
  });

  it("names each role's series in the brief, without its values", () => {
    const brief = briefOf(
      {
        code: "ABCDEF",
        scenario: "beer-game",
        title: "t",
        horizon: 36,
        decisions: [],
        seats: [{ role: "retailer", name: "Ann" }],
      } as never,
      beerGame,
    );
    expect(brief.beliefs["retailer"]).toEqual({
      id: "orders",
      of: "factory",
      label: "The factory's orders",
      unit: "cases/week",
      sketchMax: 60,
    });
    expect(JSON.stringify(brief)).not.toMatch(/truth/);
  });
});

describe("the belief-vs-truth sentence", () => {
  const n = 30;
  it("tells a boom that faded from a step that held, both ways", () => {
    const boomLine = boom(n, 6, 90, 60);
    const stepLine = step(n, 6, 90, 60);
    expect(fadeFromPeak(boomLine)).toBeGreaterThan(0.9);
    expect(fadeFromPeak(stepLine)).toBe(0);
    const onStep = beliefSentence(compareBelief(boomLine, stepLine), "orders", "units");
    const onBoom = beliefSentence(compareBelief(stepLine, boomLine), "orders", "units");
    expect(onStep).not.toMatch(/close to the truth/);
    expect(onStep).toMatch(/falling back, but it held up/);
    expect(onBoom).not.toMatch(/close to the truth/);
    expect(onBoom).toMatch(/holding up, but it fell back/);
    // A faithful sketch, a little off, is still close.
    const near = stepLine.map((v, i) => v + (i % 2 === 0 ? 2 : -2));
    expect(beliefSentence(compareBelief(near, stepLine), "orders", "units")).toMatch(/close to the truth/);
  });

  it("on a real launch, a boom-then-fade and a clean-step sketch are never both close", () => {
    const sim = botRun(productLaunch, "systemic", productLaunch.defaultOptions);
    const m = buildDebriefModel(productLaunch, sim.history, sim.options);
    // Compared over the weeks the company traded (after the hidden end, nothing flows).
    const endWeek = (sim.state as { endWeek: number }).endWeek;
    for (const truth of [m.beliefs["sales"]!.truth, seriesValues(m.series, "orders")]) {
      const live = truth.slice(0, endWeek);
      const lo = Math.min(...live.slice(0, 4));
      const hi = Math.max(...live);
      const at = live.indexOf(hi) + 1;
      const verdicts = [boom(endWeek, at, lo, hi - lo), step(endWeek, at, lo, hi - lo)].map((sketch) =>
        beliefSentence(compareBelief(sketch, live), "it", "units/week"),
      );
      expect(verdicts.filter((v) => /close to the truth/.test(v)).length, verdicts.join("\n")).toBeLessThan(
        2,
      );
      // The truth itself, drawn a little off, still reads as close.
      const near = live.map((v, i) => v + (i % 2 === 0 ? 1 : -1));
      expect(beliefSentence(compareBelief(near, live), "it", "units/week")).toMatch(/close to the truth/);
    }
  });
});
