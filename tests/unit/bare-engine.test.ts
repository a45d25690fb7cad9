// The bare runner plays the games the Simulation plays, bit for bit: every week's state (in the
// scenario's layout), every week's hash and the reported figures, over many seeds, policies, demand
// patterns and board settings. And the model under both is the one recorded before the kernel: the
// fixture's runs (version-1 hashes from the build before it) still re-simulate to their hashes.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { BareGame } from "../../shared/engine/bare.ts";
import { LayoutHasher } from "../../shared/engine/hash.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import { createBot, parsePolicy } from "../../shared/policies/index.ts";
import { beerGameCli } from "../../shared/scenarios/beer-game/cli.ts";
import { layout } from "../../shared/scenarios/beer-game/kernel.ts";
import { findScenarioModule, getScenario } from "../../shared/scenarios/index.ts";

interface LegacyRun {
  scenario: string;
  options: Record<string, unknown>;
  policy: string;
  seed: number;
  shocks?: { name: string; week: number; params?: Record<string, number> }[];
  hashes: string[];
}
const legacy = JSON.parse(
  readFileSync(new URL("./fixtures/legacy-runs-v1.json", import.meta.url), "utf8"),
) as LegacyRun[];

function simulate(run: Omit<LegacyRun, "hashes">, policies: Record<string, string> = {}) {
  const scenario = getScenario(run.scenario);
  const sim = new Simulation(scenario, run.options, run.seed);
  for (const s of run.shocks ?? []) sim.inject(s);
  const bots = Object.fromEntries(
    sim.roles.map((r) => [r, createBot(parsePolicy(run.scenario, policies[r] ?? run.policy), r)]),
  );
  return sim.playOut(bots);
}

describe("the model is the one recorded before the kernel", () => {
  it.each(legacy.map((r, i) => [i, r.scenario, r.policy, r] as const))(
    "run %i (%s, %s) re-simulates to its version-1 hashes",
    (_i, _s, _p, run) => {
      const sim = simulate(run);
      expect(sim.hashes.length).toBe(run.hashes.length);
      run.hashes.forEach((h, t) => {
        expect(sim.hashMatches(t, h), `week ${t}`).toBe(true);
      });
    },
  );
});

const bare = findScenarioModule("beer-game")!.bare!;

function bareGame(run: Omit<LegacyRun, "hashes">, policies: Record<string, string> = {}): BareGame {
  const sim = new Simulation(getScenario(run.scenario), run.options, run.seed);
  const choices = Object.fromEntries(
    sim.roles.map((r) => [r, parsePolicy(run.scenario, policies[r] ?? run.policy)]),
  );
  const g = bare.prepare(sim.options, choices, run.shocks ?? []);
  if (!g) throw new Error("no bare game");
  return g;
}

const mixed = {
  retailer: "sterman:theta=0.1,alpha=0.9,beta=0.2,sprime=25",
  wholesaler: "order-up-to:p=6,target=8",
  distributor: "pass-through",
  factory: "fixed:order=7",
};

const cases: [string, Omit<LegacyRun, "hashes">, Record<string, string>][] = [
  ...legacy
    .filter((r) => r.scenario === "beer-game")
    .map(
      (r) =>
        [`${r.policy} ${JSON.stringify(r.options)}`, r, {}] as [
          string,
          Omit<LegacyRun, "hashes">,
          Record<string, string>,
        ],
    ),
  ...[1, 2, 3, 99, 2 ** 32 - 1].map(
    (seed) =>
      [
        `mixed bots, seed ${seed}`,
        {
          scenario: "beer-game",
          options: { weeks: 60, demand: "normal:mean=10,sd=4" },
          policy: "sterman",
          seed,
        },
        mixed,
      ] as [string, Omit<LegacyRun, "hashes">, Record<string, string>],
  ),
];

describe("the Beer Game's bare runner", () => {
  it.each(cases)(
    "plays %s exactly as the Simulation: every week's state, hash and the figures",
    (_n, run, policies) => {
      const sim = simulate(run, policies);
      const game = bareGame(run, policies);
      const hasher = new LayoutHasher(layout.keys);
      const want = new Float64Array(layout.keys.length);
      const wantWords = new Uint32Array(want.buffer);
      let weeks = 0;
      const out = new Float64Array(game.metrics.length);
      game.play(run.seed, out, 0, (week, state, rng) => {
        layout.pack(sim.history[week]!, want);
        const got = new Uint32Array(state.buffer, state.byteOffset, state.length * 2);
        for (let i = 0; i < wantWords.length; i++) {
          if (got[i] !== wantWords[i])
            expect.fail(`week ${week}: ${layout.keys[i >> 1]} ${state[i >> 1]} ≠ ${want[i >> 1]}`);
        }
        hasher.hash(week, rng, got, 0);
        expect(hasher.text()).toBe(sim.hashes[week]);
        weeks = week;
      });
      expect(weeks).toBe(sim.horizon);
      const metrics = beerGameCli.report(sim, { fit: false, loops: false }).metrics;
      const expected = game.metrics.map(
        (m) => (m.role === null ? metrics.team[m.key] : metrics.roles[m.role]![m.key]) ?? Number.NaN,
      );
      expect(Array.from(out)).toEqual(expected);
    },
  );

  it("refuses what the Simulation refuses: a fractional order on a whole-case board", () => {
    const run = { scenario: "beer-game", options: {}, policy: "constant:k=2.5", seed: 1 };
    expect(() => simulate(run)).toThrow(/week 1, retailer: Order must be a whole number/);
    expect(() => bareGame(run).play(1, new Float64Array(9), 0)).toThrow(
      /week 1, retailer: Order must be a whole number/,
    );
  });

  it("plays a game again the same way (bot memory starts afresh each game)", () => {
    const run = cases[cases.length - 1]![1];
    const game = bareGame(run, mixed);
    const a = new Float64Array(9);
    const b = new Float64Array(9);
    game.play(5, a, 0);
    game.play(6, b, 0);
    game.play(5, b, 0);
    expect(b).toEqual(a);
  });
});
