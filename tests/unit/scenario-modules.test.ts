// A scenario is one module and one registry entry: the toy chain, registered here only, is played
// through the engine with its bots, run from the command line and read by the debrief and the desk.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/sim.ts";
import { historyColumns } from "../../client/desks/index.ts";
import { buildDebriefModel } from "../../shared/debrief/model.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import { createBot, defaultPolicy, parsePolicy, policyNames } from "../../shared/policies/index.ts";
import { getScenario, registerScenario, scenarios } from "../../shared/scenarios/index.ts";
import type { ToyState } from "./debrief-toy-scenario.ts";
import { toyModule } from "./toy-scenario-module.ts";

function sim(...argv: string[]) {
  let out = "";
  let err = "";
  const code = main(argv, { out: (t) => (out += t), err: (t) => (err += t), errIsTTY: false });
  return { code, out, err };
}

function playToy(policy: string, options: object = {}) {
  const scenario = getScenario("toy");
  const s = new Simulation(scenario, options, 3);
  const choice = parsePolicy("toy", policy);
  return s.playOut(Object.fromEntries(s.roles.map((r) => [r, createBot(choice, r)])));
}

describe("a scenario added as one module", () => {
  let unregister: () => void;
  beforeAll(() => {
    unregister = registerScenario(toyModule);
  });
  afterAll(() => unregister());

  it("joins the registry and its bots without touching any other list", () => {
    expect(Object.keys(scenarios)).toContain("toy");
    expect(policyNames("toy")).toEqual(["pass-through", "cover-stock"]);
    expect(defaultPolicy("toy").text).toBe("cover-stock:target=10");
    expect(() => registerScenario(toyModule)).toThrow(/already registered/);
  });

  it("is refused with more seats than the room can mark decided", () => {
    const roles = Array.from({ length: 32 }, (_, i) => ({ ...toyModule.scenario.roles[0]!, id: `r${i}` }));
    const crowded = { ...toyModule, scenario: { ...toyModule.scenario, id: "crowded", roles } };
    expect(() => registerScenario(crowded)).toThrow(/32 seats/);
    expect(Object.keys(scenarios)).not.toContain("crowded");
  });

  it("plays through the engine with a bot in every seat", () => {
    const run = playToy("pass-through", { demand: [4, 5, 9, 9, 6, 6] });
    const weeks = (run.history as ToyState[]).slice(1);
    // Passing orders on: each role orders what reached it the week before (4 at the start).
    expect(weeks.map((w) => w.order.shop)).toEqual([4, 4, 5, 9, 9, 6]);
    expect(weeks.map((w) => w.order.plant)).toEqual([4, 4, 4, 5, 9, 9]);
    // Covering a stock of 12 from 10 on hand: the first order is 4 in, plus the 2 missing.
    const covered = (
      playToy("cover-stock:target=12", { demand: [4, 4, 4, 4, 4, 4] }).history as ToyState[]
    )[1]!;
    expect(covered.order).toEqual({ shop: 6, plant: 6 });
  });

  it("runs from the command line with its own flag, and its options fail in the shared format", () => {
    const r = sim(
      "--scenario",
      "toy",
      "--toy-demand",
      "2,3,4",
      "--weeks",
      "3",
      "--policy",
      "all=pass-through",
      "--format",
      "json",
    );
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ scenario: "toy", weeks: 3, demand: [2, 3, 4] });
    expect(j.policies).toEqual({ shop: "pass-through", plant: "pass-through" });
    const table = sim("--scenario", "toy", "--format", "csv", "--weeks", "2");
    expect(table.out.split("\r\n")[0]).toBe("week,demand,shop order,plant order");
    expect(sim("--scenario", "toy", "--weeks", "60").err).toBe("sim: weeks: must be between 1 and 52\n");
    expect(sim("--scenario", "beer-game", "--toy-demand", "1").err).toMatch(
      /--toy-demand does not apply to beer-game/,
    );
  });

  it("feeds the debrief figures: its benchmark bot, an inferred profile, no rule to fit", () => {
    const run = playToy("cover-stock", { demand: [4, 4, 8, 8, 8, 8] });
    const m = buildDebriefModel(run.scenario, run.history, run.options, run.inputs().decisions);
    expect(m.profile.decision).toBe("orders");
    expect(m.benchmarks.shop?.policy).toBe("pass-through");
    expect(m.rules).toEqual({ shop: null, plant: null });
    expect(m.series.find((s) => s.id === "orders")?.values.shop).toEqual(
      (run.history as ToyState[]).slice(1).map((s) => s.order.shop),
    );
  });

  it("gives the desk its history columns as data", () => {
    const cols = historyColumns("toy", toyModule.scenario.decisions("shop", {}), []);
    expect(cols.map((c) => [c.id, c.from])).toEqual([
      ["incoming", "observation"],
      ["order", "decision"],
      ["stock", "observation"],
    ]);
  });
});

describe("every registered scenario's options", () => {
  it("fail with one format that names the field", () => {
    for (const s of Object.values(scenarios)) {
      expect(() => s.parseOptions({ colour: 1 }), s.id).toThrow(/^colour: unknown option; expected weeks/);
      expect(() => s.parseOptions({ weeks: -1 }), s.id).toThrow(/^weeks: must be between \d+ and \d+$/);
      expect(() => s.parseOptions({ weeks: "many" }), s.id).toThrow(/^weeks: must be a number$/);
    }
  });
});
