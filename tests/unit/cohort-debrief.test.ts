import { describe, expect, it } from "vitest";
import { buildCohortDebrief, type CohortTeam } from "../../shared/cohort/debrief.ts";
import { simulatedRecord } from "../../shared/cohort/simulated-record.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import type { Policy, Scenario } from "../../shared/engine/types.ts";
import { createBot, parsePolicy } from "../../shared/policies/index.ts";
import { getScenario } from "../../shared/scenarios/index.ts";
import { playOrders } from "./cohort-fixtures.ts";
import { passThrough, type ToyOptions, type ToyState, toy } from "./debrief-toy-scenario.ts";

type ToyObs = { demand: number; stock: number; incoming: number };

// The toy chain (demand 4, 4, 8, 8, 8, 8; shop then plant) with a team result: stock held at the end.
const chain: Scenario<ToyOptions, ToyState, ToyObs> = {
  ...toy,
  teamKpis: (s) => [
    {
      id: "stock",
      label: "Stock held",
      unit: "cases",
      value: Math.abs(s.stock["shop"]!) + Math.abs(s.stock["plant"]!),
      better: "lower",
    },
  ],
};
const constant4 = (): Policy<ToyObs> => ({ decide: () => ({ order: 4 }) });

// Three tiny teams. Var(demand) = 32/9. By hand, Var(orders)/Var(demand):
//   team 1: shop [4,4,8,8,8,8] 1,     plant [4,4,8,8,8,8] 1
//   team 2: shop [4,4,12,8,8,8] 17/8, plant [4,4,16,8,8,8] 4.5
//   team 3: shop [4,4,8,8,8,8] 1,     plant [4,4,4,4,20,8] 77/8
// Stock held at the end (|shop| + |plant|): 6 + 14 = 20, 14 + 18 = 32, 10 + 18 = 28; the constant-4
// benchmark: |−6| + 10 = 16.
const plays = [
  { shop: [4, 4, 8, 8, 8, 8], plant: [4, 4, 8, 8, 8, 8] },
  { shop: [4, 4, 12, 8, 8, 8], plant: [4, 4, 16, 8, 8, 8] },
  { shop: [4, 4, 8, 8, 8, 8], plant: [4, 4, 4, 4, 20, 8] },
];

function tinyCohort(): CohortTeam[] {
  const teams: CohortTeam[] = plays.map((orders, team) => ({
    team,
    record: simulatedRecord(playOrders(chain, 3, orders), `TEAM${team}`, {
      shop: `S${team}`,
      plant: `P${team}`,
    }),
  }));
  teams[0]!.causes = [
    { role: "shop", name: "S0", category: "demand", text: "customers went mad" },
    { role: "plant", name: "P0", category: "other-department", text: "the shop panicked" },
  ];
  teams[1]!.causes = [
    { role: "shop", name: "S1", category: "other-department", text: "" },
    { role: "plant", name: "P1", category: null, text: "bad luck" },
  ];
  teams[2]!.causes = [{ role: "shop", name: "S2", category: "structure", text: "the delay" }];
  teams[1]!.reflections = [{ week: 2, role: "shop", name: "S1", expect: "calm", unsaid: "plant is slow" }];
  // Listed out of order: the debrief orders teams by index.
  return [teams[2]!, teams[0]!, teams[1]!];
}

const debrief = (o: { swingThreshold?: number } = {}) =>
  buildCohortDebrief(chain, tinyCohort(), {
    ...o,
    reference: { name: "pass-through", bot: () => passThrough() },
    benchmark: { name: "constant-4", bot: () => constant4() },
  });

describe("cohort debrief on three tiny teams", () => {
  it("overlays every team's orders per role with the all-bot reference run of the same seed", () => {
    const d = debrief();
    expect(d.teams.map((t) => t.team)).toEqual([0, 1, 2]);
    const plant = d.pattern.roles.find((r) => r.role === "plant")!;
    expect(plant.teams.map((t) => t.values)).toEqual(plays.map((p) => p.plant));
    // Pass-through by hand: the shop orders last week's demand, the plant the shop's last order.
    expect(d.pattern.roles[0]!.reference).toEqual([{ seed: 3, values: [4, 4, 4, 8, 8, 8] }]);
    expect(plant.reference).toEqual([{ seed: 3, values: [4, 4, 4, 4, 8, 8] }]);
    expect(plant.benchmark[0]!.values).toEqual([4, 4, 4, 4, 4, 4]);
    expect(d.pattern.signal).toMatchObject({ id: "demand" });
  });

  it("tabulates amplification team × role, and the share of teams whose plant swung", () => {
    const d = debrief();
    const table = d.pattern.amplification.map((a) => [a.values["shop"], a.values["plant"]]);
    expect(table[0]![0]).toBeCloseTo(1, 10);
    expect(table[0]![1]).toBeCloseTo(1, 10);
    expect(table[1]![0]).toBeCloseTo(17 / 8, 10);
    expect(table[1]![1]).toBeCloseTo(4.5, 10);
    expect(table[2]![0]).toBeCloseTo(1, 10);
    expect(table[2]![1]).toBeCloseTo(77 / 8, 10);
    // Reference shop [4,4,4,8,8,8]: variance 4, so 4 / (32/9) = 9/8; its plant is demand shifted: 1.
    expect(d.pattern.referenceAmplification["shop"]).toBeCloseTo(9 / 8, 10);
    expect(d.pattern.referenceAmplification["plant"]).toBeCloseTo(1, 10);
    expect(d.pattern.upstream).toEqual({
      role: "plant",
      threshold: 2,
      teams: [1, 2],
      count: 2,
      of: 3,
      share: 2 / 3,
    });
    expect(debrief({ swingThreshold: 5 }).pattern.upstream).toMatchObject({ teams: [2], count: 1 });
  });

  it("tallies who people blamed before the reveal, and sets it against the data", () => {
    const b = debrief().blame;
    expect(b.counts).toEqual({
      demand: 1,
      "other-department": 2,
      "own-mistakes": 0,
      structure: 1,
      uncategorised: 1,
    });
    expect(b.total).toBe(5);
    expect(b.answers.map((a) => a.team)).toEqual([0, 0, 1, 1, 2]);
    expect(b.sentence).toBe(
      "3 of 4 answers blamed people or the customers, 1 the structure; the plant swung more than 2× customer demand in 2 of 3 teams, whoever sat there.",
    );
  });

  it("ranks teams by how far they are from the benchmark rule on the same board", () => {
    const r = debrief().ranking;
    expect(r.kpi).toMatchObject({ id: "stock", better: "lower" });
    expect(r.rows.map((x) => [x.team, x.result, x.benchmark, x.gap])).toEqual([
      [0, 20, 16, 4],
      [2, 28, 16, 12],
      [1, 32, 16, 16],
    ]);
    expect(r.rows[0]!.sentence).toBe(
      "Team 1: stock held 20 cases; the constant-4 rule in every seat, with the same customers, 16 cases: 1.3× what the structure allows.",
    );
  });

  it("sets each pause answer against the weeks it was about", () => {
    const [r] = debrief().reflections;
    expect(r).toMatchObject({ team: 1, role: "shop", expect: "calm", unsaid: "plant is slow" });
    // Paused after week 2: the next five weeks are 3…7, and the round ended at 6.
    expect(r!.truth).toMatchObject({ id: "demand", weeks: [3, 4, 5, 6], values: [8, 8, 8, 8] });
  });

  it("refuses a team of another scenario and a record that does not replay", () => {
    const teams = tinyCohort();
    const other = { ...teams[0]!, record: { ...teams[0]!.record, scenario: "beer-game" } };
    expect(() => buildCohortDebrief(chain, [other])).toThrow(/team 3 played "beer-game"/);
    const tampered = {
      ...teams[1]!,
      record: { ...teams[1]!.record, hashes: teams[1]!.record.hashes.map(() => "0") },
    };
    expect(() => buildCohortDebrief(chain, [tampered])).toThrow(/diverged/);
  });
});

describe("cohort decision rules", () => {
  const beer = getScenario("beer-game");
  const sterman = (params: string) => {
    const sim = new Simulation(beer, {}, 1);
    const c = parsePolicy("beer-game", `sterman:${params}`);
    return sim.playOut(Object.fromEntries(sim.roles.map((r) => [r, createBot(c, r)])));
  };

  it("shows only trustworthy human fits, and counts who counted less than half their supply line", () => {
    const names = { retailer: "R", wholesaler: "W", distributor: "D", factory: "F" };
    const teams: CohortTeam[] = [
      { team: 0, record: simulatedRecord(sterman("beta=0.2"), "A", names) },
      { team: 1, record: simulatedRecord(sterman("beta=0.8"), "B", names) },
      // Bots played every seat of this team: their rule is not a person's.
      { team: 2, record: simulatedRecord(sterman("beta=0.1"), "C", names, "bot") },
    ];
    const d = buildCohortDebrief(beer, teams);
    const r = d.rules;
    expect(r.thresholds).toEqual({ minR2: 0.4, minWeeks: 10, minHumanShare: 0.8 });
    expect(r.fits.every((f) => f.team !== 2 && f.r2 >= 0.4 && f.weeks >= 10)).toBe(true);
    const byTeam = (t: number) => r.fits.filter((f) => f.team === t);
    expect(byTeam(0).length + byTeam(1).length + r.untrusted).toBe(8);
    // A fit recovers the β the rule was played with, so the count follows the teams.
    for (const f of byTeam(0)) expect(f.beta).toBeLessThan(0.5);
    for (const f of byTeam(1)) expect(f.beta).toBeGreaterThan(0.5);
    expect(r.betaBelowHalf).toEqual({ count: byTeam(0).length, of: r.fits.length });
    expect(r.fits.length).toBeGreaterThan(4);
    expect(r.params!.beta.min).toBeLessThan(0.5);
    expect(r.params!.beta.values).toEqual([...r.fits.map((f) => f.beta)].sort((a, b) => a - b));
    // Beer Game's own benchmark: pass-through in every seat.
    expect(d.ranking.policy).toBe("pass-through");
    expect(d.ranking.rows).toHaveLength(3);
  });

  it("a strict r² threshold moves fits to untrusted", () => {
    const teams: CohortTeam[] = [{ team: 0, record: simulatedRecord(sterman("beta=0.2"), "A", {}) }];
    const loose = buildCohortDebrief(getScenario("beer-game"), teams).rules;
    const strict = buildCohortDebrief(getScenario("beer-game"), teams, { minR2: 1.01 }).rules;
    expect(strict.fits).toHaveLength(0);
    expect(strict.untrusted).toBe(loose.fits.length + loose.untrusted);
    expect(strict.params).toBeNull();
  });
});
