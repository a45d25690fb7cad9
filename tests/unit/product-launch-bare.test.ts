// The product launch's bare runner plays the rounds the Simulation plays, bit for bit: every week's
// state (in the layout the weekly hash reads), every week's hash and the command line's figures, over
// seeds, options, shocks and both bot families with their parameters; anything it does not know
// (another bot, another shock) is left to the Simulation.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BareGame, BarePolicy } from "../../shared/engine/bare.ts";
import { LayoutHasher } from "../../shared/engine/hash.ts";
import { deriveLayout } from "../../shared/engine/layout.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import type { ShockEvent } from "../../shared/engine/types.ts";
import { createBot, parsePolicy } from "../../shared/policies/index.ts";
import { findScenarioModule } from "../../shared/scenarios/index.ts";
import { productLaunchCli } from "../../shared/scenarios/product-launch/cli.ts";
import { productLaunch } from "../../shared/scenarios/product-launch/index.ts";
import * as kernel from "../../shared/scenarios/product-launch/kernel.ts";
import { departmental, systemic } from "../../shared/scenarios/product-launch/policies/index.ts";
import { decisionSpecs, roleIds } from "../../shared/scenarios/product-launch/roles.ts";

const bare = findScenarioModule("product-launch")!.bare!;
const layout = deriveLayout(new Simulation(productLaunch, {}, 1, { hash: false }).state);

interface Case {
  options: Record<string, unknown>;
  /** Policy text per desk. */
  policies: Record<string, string>;
  seed: number;
  inject?: ShockEvent[];
}

const all = (text: string) => Object.fromEntries(roleIds.map((r) => [r, text]));

function simulate(c: Case): Simulation {
  const sim = new Simulation(productLaunch, c.options, c.seed);
  for (const s of c.inject ?? []) sim.inject(s);
  return sim.playOut(
    Object.fromEntries(roleIds.map((r) => [r, createBot(parsePolicy("product-launch", c.policies[r]!), r)])),
  );
}

function prepare(c: Case): BareGame | null {
  const options = productLaunch.parseOptions(c.options);
  const choices = Object.fromEntries(roleIds.map((r) => [r, parsePolicy("product-launch", c.policies[r]!)]));
  return bare.prepare(options, choices, c.inject ?? []);
}

/** Plays the case both ways; every difference, as text (none: an empty list). */
function differences(c: Case): string[] {
  const sim = simulate(c);
  const game = prepare(c);
  if (!game) return ["no bare game"];
  const found: string[] = [];
  const want = new Float64Array(layout.keys.length);
  const hasher = new LayoutHasher(layout.keys);
  let last = -1;
  const out = new Float64Array(game.metrics.length);
  game.play(c.seed, out, 0, (week, state, rng) => {
    if (week !== last + 1) found.push(`week ${week} after week ${last}`);
    last = week;
    const s = sim.stateAt(week);
    if (!s) {
      found.push(`week ${week}: the Simulation stopped at ${sim.week}`);
      return;
    }
    layout.pack(s, want);
    for (let i = 0; i < want.length; i++) {
      if (!Object.is(state[i], want[i]))
        found.push(`week ${week}: ${layout.keys[i]} ${state[i]} ≠ ${want[i]}`);
    }
    hasher.hash(week, rng, new Uint32Array(state.buffer, state.byteOffset, state.length * 2), 0);
    if (hasher.text() !== sim.hashes[week])
      found.push(`week ${week}: hash ${hasher.text()} ≠ ${sim.hashes[week]}`);
  });
  if (last !== sim.week) found.push(`played to week ${last}, the Simulation to ${sim.week}`);
  if (game.weeks !== sim.week) found.push(`weeks ${game.weeks} ≠ ${sim.week}`);
  const m = productLaunchCli.report(sim, { fit: false, loops: false }).metrics;
  game.metrics.forEach((x, k) => {
    const v = (x.role === null ? m.team[x.key] : m.roles[x.role]?.[x.key]) ?? Number.NaN;
    if (!Object.is(out[k], v)) found.push(`${x.role ?? "team"}.${x.key}: ${out[k]} ≠ ${v}`);
  });
  return found.slice(0, 10);
}

describe("the product launch's bare layout", () => {
  it("is the layout the weekly hash reads: every offset at its key", () => {
    expect(kernel.offsets.SIZE).toBe(layout.keys.length);
    // BACKLOG ← backlog, FLOW_ORDER_CHEAP ← flow.orderCheap, REPORTS_COMPLAINTS ← reports.complaints.0 …
    const name = (key: string) =>
      key
        .replace(/\.0$/, "")
        .split(".")
        .map((p) => p.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase())
        .join("_");
    const offsets: Readonly<Record<string, number>> = kernel.offsets;
    let checked = 0;
    layout.keys.forEach((key, i) => {
      if (/\.[1-9]$/.test(key)) return;
      expect(offsets[name(key)], key).toBe(i);
      checked++;
    });
    expect(checked).toBe(layout.keys.length - 7);
  });

  it("holds the week's decisions in the desks' order, one slot for each decision a desk makes", () => {
    // The model reads decisions by these slots (model.step): one missing here would be dropped silently.
    expect([...kernel.DECISION_IDS]).toEqual(roleIds.flatMap((r) => decisionSpecs[r].map((d) => d.id)));
  });

  it("lists the command line's figures in its order", () => {
    const sim = simulate({ options: {}, policies: all("departmental"), seed: 1 });
    const m = productLaunchCli.report(sim, { fit: false, loops: false }).metrics;
    const names = [
      ...Object.keys(m.team).map((key) => ({ role: null, key })),
      ...Object.entries(m.roles).flatMap(([role, x]) => Object.keys(x).map((key) => ({ role, key }))),
    ];
    expect(prepare({ options: {}, policies: all("departmental"), seed: 1 })!.metrics).toEqual(names);
  });
});

const fixedCases: [string, Case][] = [];
for (const policy of ["departmental", "systemic", "fixed", "fixed:order=130,upfrontShare=35,promotion=10"]) {
  for (const seed of [1, 2, 3, 17, 2 ** 32 - 1]) {
    fixedCases.push([`${policy}, seed ${seed}`, { options: {}, policies: all(policy), seed }]);
  }
}
fixedCases.push(
  [
    "mixed desks, no boom, long round",
    {
      options: { weeks: 120, boom: null },
      policies: {
        sales: "systemic",
        engineering: "departmental",
        manufacturing: "fixed:production=95,overtime=5",
        purchasing: "systemic:kitWeeks=4,cheapLoad=80",
      },
      seed: 5,
    },
  ],
  [
    "every shock, scheduled and injected, the same week too",
    {
      options: {
        endWeeks: [30, 34],
        shocks: [
          { name: "market-boom", week: 3, params: { size: 0.5 } },
          { name: "supplier-outage", week: 6, params: { severity: 0.7, weeks: 4 } },
          { name: "scope-change", week: 6 },
          { name: "engineer-leaves", week: 9, params: { count: 4, capabilityLoss: 0.3 } },
        ],
      },
      policies: all("departmental:push=3,padding=0.6,supplyLineWeight=0.9"),
      seed: 8,
      inject: [
        { name: "scope-change", week: 6, params: { tasks: 300 } },
        { name: "market-boom", week: 12, params: { size: -0.3 } },
        { name: "engineer-leaves", week: 20 },
        { name: "supplier-outage", week: 25, params: { severity: 1, weeks: 1 } },
      ],
    },
  ],
  [
    "no noise, a fixed end and boom",
    {
      options: { noise: 0, endWeeks: [24, 24], boom: { weeks: [5, 5], size: [0.4, 0.4] } },
      policies: all("systemic"),
      seed: 3,
    },
  ],
  [
    "loud noise, a short round",
    {
      options: { weeks: 8, noise: 3 },
      policies: all("systemic:gate=20,upfront=0,adjustWeeks=1,crewWeeks=8"),
      seed: 99,
    },
  ],
);

describe("the product launch's bare runner", () => {
  it.each(fixedCases)("plays %s exactly as the Simulation: states, hashes, figures", (_n, c) => {
    expect(differences(c)).toEqual([]);
  });

  const range = (spec: typeof departmental, key: string) => {
    const p = spec.params[key]!;
    return fc.double({ min: p.min, max: p.max, noNaN: true });
  };
  const paramsOf = (spec: typeof departmental) =>
    fc.record(Object.fromEntries(Object.keys(spec.params).map((k) => [k, range(spec, k)])));
  const policyText = fc.oneof(
    paramsOf(departmental).map(
      (p) =>
        `departmental:${Object.entries(p)
          .map(([k, v]) => `${k}=${v}`)
          .join(",")}`,
    ),
    paramsOf(systemic).map(
      (p) =>
        `systemic:${Object.entries(p)
          .map(([k, v]) => `${k}=${v}`)
          .join(",")}`,
    ),
    fc.constantFrom("departmental", "systemic", "fixed", "fixed:order=150,dearShare=60,production=120"),
  );

  it("plays any seed, options and bot parameters, desk by desk, exactly as the Simulation", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 8, max: 60 }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.boolean(),
        fc.tuple(policyText, policyText, policyText, policyText),
        fc.option(fc.integer({ min: 1, max: 7 }), { nil: undefined }),
        (seed, weeks, noise, boom, texts, scopeWeek) => {
          const policies = Object.fromEntries(roleIds.map((r, i) => [r, texts[i]!]));
          const inject = scopeWeek === undefined ? [] : [{ name: "scope-change", week: scopeWeek }];
          const options = boom ? { weeks, noise } : { weeks, noise, boom: null };
          expect(differences({ options, policies, seed, inject })).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("plays a game again the same way (the bots' memories start afresh)", () => {
    const c: Case = { options: {}, policies: all("departmental"), seed: 4 };
    const game = prepare(c)!;
    const a = new Float64Array(game.metrics.length);
    const b = new Float64Array(game.metrics.length);
    game.play(4, a, 0);
    game.play(5, b, 0);
    game.play(4, b, 0);
    expect(b).toEqual(a);
  });

  it.each([21, 0, 2.5])("refuses an injected shock at week %d, as Simulation.inject does", (week) => {
    const c: Case = {
      options: { endWeeks: [20, 20] },
      policies: all("systemic"),
      seed: 1,
      inject: [{ name: "scope-change", week }],
    };
    expect(() => simulate(c)).toThrow("shock week must be a future week (1…20)");
    expect(() => prepare(c)!.play(1, new Float64Array(16), 0)).toThrow(
      "shock week must be a future week (1…20)",
    );
  });

  it("leaves to the Simulation a bot or a shock it does not know", () => {
    const options = productLaunch.parseOptions({});
    const choices: Record<string, BarePolicy> = Object.fromEntries(
      roleIds.map((r) => [r, parsePolicy("product-launch", "systemic")]),
    );
    expect(bare.prepare(options, choices, [])).not.toBeNull();
    // A bot of another name, or one that only borrows a known name, is not played here.
    const impostor = { ...systemic, create: systemic.create };
    expect(bare.prepare(options, { ...choices, purchasing: { spec: impostor, params: {} } }, [])).toBeNull();
    expect(
      bare.prepare(options, { ...choices, sales: { spec: { name: "greedy" }, params: {} } }, []),
    ).toBeNull();
    const { engineering: _gone, ...three } = choices;
    expect(bare.prepare(options, three, [])).toBeNull();
    expect(bare.prepare(options, choices, [{ name: "meteor", week: 3 }])).toBeNull();
    expect(bare.prepare({ ...options, shocks: [{ name: "meteor", week: 3 }] }, choices, [])).toBeNull();
  });
});
