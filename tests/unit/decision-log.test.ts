import { describe, expect, it } from "vitest";
import { DecisionLog } from "../../shared/engine/decision-log.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import { productLaunch } from "../../shared/scenarios/product-launch/index.ts";

describe("DecisionLog: every week's decisions, packed", () => {
  it("gives back each week as it was pushed, keys in spec order, past its first room", () => {
    const log = new DecisionLog(["shop", "plant"], [["order"], ["hire", "price"]]);
    const weeks = Array.from({ length: 40 }, (_, t) => ({
      shop: { order: t * 1.5 },
      plant: { hire: t % 3, price: -0.25 * t },
    }));
    for (const w of weeks) log.push(w);
    expect(log.length).toBe(40);
    expect(log.all()).toEqual(weeks);
    expect(JSON.stringify(log.at(39))).toBe(JSON.stringify(weeks[39]));
    expect(log.at(40)).toBeUndefined();
    expect(log.at(-1)).toBeUndefined();
    expect(log.at(0.5)).toBeUndefined();
    // Each read is the caller's own: changing it leaves the log as it was (records keep it as read).
    const read = log.all();
    (read[0]!.shop as Record<string, number>).order = 99;
    read[1] = { shop: { order: 0 }, plant: { hire: 0, price: 0 } };
    expect(log.all()).toEqual(weeks);
  });

  it("refuses a week that lacks a role's decision id", () => {
    const log = new DecisionLog(["shop"], [["order"]]);
    expect(() => log.push({ shop: {} })).toThrow("week 1: no order for shop");
  });

  it("holds what the simulation played: the launch's four desks, each week different, defaults filled in", () => {
    const sim = new Simulation(productLaunch, {}, 3);
    const roles = sim.scenario.roles.map((r) => r.id);
    // Every spec's value moves within its range from week to week; one desk a week leaves its decision out.
    const chosen = (role: string, t: number) =>
      Object.fromEntries(
        sim.scenario.decisions(role, sim.options).map((s, k) => {
          const span = s.max - s.min;
          const v = s.min + (((t + 1) * (k + 3)) % 7) * (span / 7);
          return [s.id, s.integer ? Math.round(v) : v];
        }),
      );
    const played = [];
    for (let t = 0; t < 20; t++) {
      const week = Object.fromEntries(
        roles.filter((_, i) => i !== t % roles.length).map((r) => [r, chosen(r, t)]),
      );
      sim.advance(week);
      played.push(Object.fromEntries(roles.map((r) => [r, week[r] ?? sim.defaultDecision(r)])));
    }
    const log = sim.decisionLog;
    expect(log).toEqual(played);
    expect(new Set(log.map((w) => JSON.stringify(w))).size).toBeGreaterThan(5);
    for (const [i, week] of log.entries()) {
      expect(Object.keys(week)).toEqual(roles);
      expect(sim.decisionsOf(i + 1)).toEqual(week);
    }
    expect(sim.decisionsOf(0)).toBeUndefined();
    expect(sim.decisionsOf(21)).toBeUndefined();
  });
});
