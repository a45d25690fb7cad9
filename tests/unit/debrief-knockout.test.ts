import { describe, expect, it } from "vitest";
import { knockoutLoop } from "../../shared/debrief/knockout.ts";
import { loopReports } from "../../shared/debrief/loops.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import type { AnyScenario, LoopSpec } from "../../shared/engine/types.ts";
import { createBot, parsePolicy } from "../../shared/policies/index.ts";
import { type BeerGameState, beerGame } from "../../shared/scenarios/beer-game/index.ts";
import { ruleRerun } from "../../shared/scenarios/beer-game/loops.ts";
import { productLaunch } from "../../shared/scenarios/product-launch/index.ts";
import { type ToyState, toy } from "./debrief-toy-scenario.ts";

function botRun(scenario: AnyScenario, policy: string, seed = 3) {
  const sim = new Simulation(scenario, {}, seed);
  sim.playOut(Object.fromEntries(sim.roles.map((r) => [r, createBot(parsePolicy(scenario.id, policy), r)])));
  return sim;
}

const runOf = (sim: Simulation) => ({
  options: sim.options,
  history: sim.history,
  decisions: sim.decisionLog,
});
const replayOf = (sim: Simulation) => ({ seed: sim.seed, shocks: sim.injectedShocks });

describe("loop knockouts", () => {
  it("prices a held decision by hand: the plant's stock with the shop's order held at its default", () => {
    // A toy whose team figure is the plant's stock, in dollars, lower better.
    const loop: LoopSpec<ToyState> = {
      ...(toy.loops[0] as LoopSpec<ToyState>),
      knockout: {
        link: "stock → orders",
        reference: "the shop orders 4",
        hold: [{ role: "shop", decision: "order", to: "default" }],
      },
    };
    const priced = {
      ...toy,
      loops: [loop],
      teamKpis: (s: ToyState) => [
        { id: "cost", label: "Cost", unit: "$", value: s.stock["plant"]!, better: "lower" as const },
      ],
    } as AnyScenario;
    const sim = new Simulation(priced, {}, 7);
    for (const [shop, plant] of [
      [4, 4],
      [8, 4],
      [8, 4],
      [8, 12],
    ])
      sim.advance({ shop: { order: shop! }, plant: { order: plant! } });
    // Played: plant stock 10, 10, 6, 10. Held (shop orders 4): 10, 10, 10, 18.
    const k = knockoutLoop(priced, loop as LoopSpec<unknown>, runOf(sim), replayOf(sim))!;
    expect(k.actual).toBe(10);
    expect(k.heldValue).toBe(18);
    expect(k.dollars).toBe(8);
    expect(k.weekly).toEqual([0, 0, 4, 4]);
  });

  it("re-runs the Beer Game's fitted rules with their residuals: holding nothing reproduces the round", () => {
    const sim = botRun(beerGame, "sterman");
    const identity: LoopSpec<BeerGameState> = {
      ...(beerGame.loops[1] as LoopSpec<BeerGameState>),
      knockout: { link: "none", reference: "none", decide: ruleRerun(() => ({})) },
    };
    const k = knockoutLoop(beerGame, identity as LoopSpec<unknown>, runOf(sim), replayOf(sim))!;
    expect(k.actual).toBeGreaterThan(0);
    expect(k.dollars).toBe(0);
    expect(k.weekly.every((x) => x === 0)).toBe(true);
  });

  it("finds that counting the supply line saves a Sterman-like team money, measured from a moving reference", () => {
    const sim = botRun(beerGame, "sterman");
    const [stock, supply] = loopReports(beerGame, sim.history, { ...replayOf(sim), ...runOf(sim) });
    expect(supply!.closedBy).toBe("decisions");
    expect(supply!.knockout!.kpi).toBe("teamCost");
    // Held at the steady supply line, the rule over-orders and the team pays more.
    expect(supply!.knockout!.heldValue).toBeGreaterThan(supply!.knockout!.actual);
    expect(supply!.knockout!.dollars).toBeGreaterThan(0);
    expect(stock!.knockout).not.toBeNull();
    const sum = supply!.knockout!.weekly.reduce((a, x) => a + x, 0);
    expect(sum).toBeCloseTo(supply!.knockout!.dollars, 6);
    // After the step to 8 a week the steady supply line is 32 (factory 24), not 16: a team that
    // holds it there shows no supply-line activity from that week on.
    const steady = supply!.activity;
    expect(steady).toHaveLength(sim.week);
  });

  it("prices every held launch decision at $0 for a team that never touched its decisions", () => {
    const sim = new Simulation(productLaunch, {}, 5);
    while (!sim.done) sim.advance({});
    const reports = loopReports(productLaunch, sim.history, { ...replayOf(sim), ...runOf(sim) });
    const priced = reports.filter((r) => r.knockout);
    expect(priced.length).toBeGreaterThanOrEqual(4);
    for (const r of priced) expect(r.knockout!.dollars).toBe(0);
    for (const r of reports) expect(["structure", "decisions"]).toContain(r.closedBy);
  });

  it("prices the departmental bots' promises and purchasing in profit dollars", () => {
    const sim = botRun(productLaunch, "departmental");
    const reports = loopReports(productLaunch, sim.history, { ...replayOf(sim), ...runOf(sim) });
    const supply = reports.find((r) => r.id === "supply-line")!;
    expect(supply.knockout!.kpi).toBe("profit");
    expect(Math.abs(supply.knockout!.dollars)).toBeGreaterThan(100);
    expect(supply.knockout!.actual - supply.knockout!.heldValue).toBeCloseTo(supply.knockout!.dollars, 6);
  });
});
