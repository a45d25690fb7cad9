import { describe, expect, it } from "vitest";
import { bootstrapAnchoringRule } from "../../shared/analytics/bootstrap.ts";
import { fitAnchoringRule } from "../../shared/analytics/decision-rule.ts";
import { type RuleFit, readAnchorRule } from "../../shared/debrief/rules.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import { createBot, parsePolicy } from "../../shared/policies/index.ts";
import { beerGameDecisionHistory } from "../../shared/scenarios/beer-game/analytics.ts";
import { hooks } from "../../shared/scenarios/beer-game/debrief.ts";
import {
  type BeerGameOptions,
  type BeerGameState,
  beerGame,
} from "../../shared/scenarios/beer-game/index.ts";

/** A round in which the retailer orders `retailer(week, observation)` and the others play Sterman's bots. */
function retailerRun(retailer: (week: number, incoming: number) => number, options: object = {}) {
  const sim = new Simulation(beerGame, options, 11);
  const bots = Object.fromEntries(
    sim.roles.map((r) => [r, createBot(parsePolicy("beer-game", "sterman"), r)]),
  );
  while (!sim.done) {
    const d: Record<string, { order: number }> = {};
    for (const r of sim.roles) d[r] = bots[r]!.decide(sim.observe(r)) as { order: number };
    const obs = sim.observe("retailer");
    d["retailer"] = { order: retailer(sim.week + 1, obs["incomingOrder"] as number) };
    sim.advance(d);
  }
  return sim;
}

function retailerFit(sim: Simulation): RuleFit {
  const fit = hooks.fitRule!(sim.history, sim.options, "retailer")!;
  return { ...fit, ...hooks.ruleIntervals!(sim.history, sim.options, "retailer", fit) };
}

/** A fixed, deterministic sequence with no relation to anything on the board. */
const noise = (week: number) => (week * 7919) % 23;

describe("the decision-rule card says only what the data support", () => {
  it("gives intervals that contain the fit and pins down a rule-like bot's parameters", () => {
    const sim = new Simulation(beerGame, {}, 11);
    sim.playOut(
      Object.fromEntries(sim.roles.map((r) => [r, createBot(parsePolicy("beer-game", "sterman"), r)])),
    );
    const f = retailerFit(sim);
    for (const p of ["theta", "alpha", "beta", "sprime"] as const) {
      expect(f.ci![p][0]).toBeLessThanOrEqual(f[p] + 1e-9);
      expect(f.ci![p][1]).toBeGreaterThanOrEqual(f[p] - 1e-9);
    }
    expect(f.identified).toEqual({ theta: true, alpha: true, beta: true, sprime: true });
    const card = readAnchorRule(f, undefined, "cases", { subject: "the Retailer's bot", possessive: "its" });
    expect(card.summary).toMatch(/^The Retailer's bot (under-)?counted/);
    expect(card.summary).not.toMatch(/\byou(r)?\b/i);
    expect(card.lines.every((l) => !/\byou(r)?\b/i.test(l.sentence))).toBe(true);
  });

  it("is the same every time: the bootstrap is seeded", () => {
    const sim = retailerRun((w) => 4 + (w % 3));
    const h = beerGameDecisionHistory(
      sim.history as BeerGameState[],
      sim.options as BeerGameOptions,
      "retailer",
    );
    const fit = fitAnchoringRule(h);
    expect(bootstrapAnchoringRule(h, fit)).toEqual(bootstrapAnchoringRule(h, fit));
  });

  it("tells a naive player that the rule does not describe the orders, and praises nothing", () => {
    const f = retailerFit(retailerRun((w) => noise(w)));
    expect(f.r2).toBeLessThan(0.4);
    const card = readAnchorRule(f);
    expect(card.describes).toBe(false);
    expect(card.summary).toContain("does not describe these orders");
    expect(card.summary).not.toMatch(/counted|restrain/);
    expect(card.lines.every((l) => !l.identified)).toBe(true);
  });

  it("gives pass-through (α = 0) no supply-line verdict", () => {
    // Demand that varies, so passing it on makes orders that vary.
    const f = retailerFit(
      retailerRun((_w, incoming) => incoming, { demand: { kind: "normal", mean: 8, sd: 2 } }),
    );
    expect(f.ordersVary).toBe(true);
    expect(f.alpha).toBeLessThan(0.03);
    const card = readAnchorRule(f);
    expect(card.summary).toContain("no verdict on the supply line");
    expect(card.summary).not.toMatch(/under-counted|counted most/);
    const beta = card.lines.find((l) => l.id === "beta")!;
    expect(beta.identified).toBe(false);
    expect(beta.sentence).toContain("No verdict");
  });

  it("tells a constant order that its orders never varied", () => {
    const f = retailerFit(retailerRun(() => 4));
    expect(f.ordersVary).toBe(false);
    const card = readAnchorRule(f);
    expect(card.summary).toContain("never varied");
    expect(card.lines.every((l) => !l.identified)).toBe(true);
  });

  it("does not read a supply-line habit into a near-flat retailer's orders", () => {
    // Orders 4 with a one-case nudge now and then: a rule can "explain" them while its β is free.
    const f = retailerFit(retailerRun((w) => (w % 9 === 0 ? 5 : 4)));
    const card = readAnchorRule(f);
    const beta = card.lines.find((l) => l.id === "beta")!;
    if (!beta.identified) expect(card.summary).not.toMatch(/under-counted|counted most/);
    else expect(f.ci!.beta[1] - f.ci!.beta[0]).toBeLessThanOrEqual(0.4);
  });
});
