// Replay in the core: seeking a recorded round, the `recorded` policy, branching from any week, and
// refusing an export that does not prove itself.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Simulation } from "../../shared/engine/simulation.ts";
import { policyNames } from "../../shared/policies/index.ts";
import { recordedPolicy } from "../../shared/policies/recorded.ts";
import { BranchError, originalRun, planBranch } from "../../shared/round/branch.ts";
import { checkExport } from "../../shared/round/import-check.ts";
import { LocalRound } from "../../shared/round/local.ts";
import { Timeline } from "../../shared/round/timeline.ts";
import { getScenario } from "../../shared/scenarios/index.ts";
import { botRound, createdFor } from "./round-fixtures.ts";

function branchOf(parent: LocalRound, week: number, seats: Record<string, string> = {}) {
  const setup = planBranch(parent.recordOf(), week, seats);
  return {
    local: new LocalRound(
      getScenario(setup.created.scenario),
      { ...createdFor(setup.created.scenario), ...setup.created },
      "branch",
    ),
    setup,
  };
}

describe("seeking a recorded round", () => {
  const rec = botRound("beer-game", { options: { weeks: 52 }, seed: 3 }).recordOf();
  const timeline = new Timeline(rec);

  it("shows each desk what the simulation showed it that week, with the decision it took next", () => {
    const sim = Simulation.replay(getScenario("beer-game"), { ...rec, decisions: rec.decisions }, rec.hashes);
    for (const week of [0, 9, 51, 52]) {
      for (const role of sim.roles) {
        const f = timeline.frame(week, role);
        expect(f.observation).toEqual(sim.observe(role, week));
        expect(f.kpis).toEqual(sim.kpis(role, week));
        if (week < 52)
          expect(f.decided).toEqual({
            week: week + 1,
            decision: rec.decisions[week]![role],
            source: "bot",
            by: "bot",
          });
        else expect(f.decided).toBeNull();
      }
    }
  });

  it("names the range for a week outside the round", () => {
    expect(() => timeline.frame(53, "retailer")).toThrow("week must be from 0 to 52, not 53");
    expect(() => timeline.frame(-1, "retailer")).toThrow("from 0 to 52");
  });

  // Its speed (≤ 5 ms a seek) is measured by bench/replay.ts, not here.
  it("seeks any week in any order and gives the same frame as going there in order", () => {
    const fresh = new Timeline(rec);
    const weeks = Array.from({ length: 200 }, (_, i) => (i * 37) % 53);
    const jumped = weeks.map((w) => JSON.stringify(fresh.system(w)));
    const inOrder = new Timeline(rec);
    const byWeek = Array.from({ length: 53 }, (_, w) => JSON.stringify(inOrder.system(w)));
    expect(jumped).toEqual(weeks.map((w) => byWeek[w]));
  });

  it("refuses a record whose hashes it cannot reproduce", () => {
    const tampered = { ...rec, hashes: rec.hashes.map((h, t) => (t === 20 ? `${h}x` : h)) };
    expect(() => new Timeline(tampered)).toThrow("week 20");
  });
});

describe("the recorded policy", () => {
  it("plays back week t's recorded decision once per week, whatever the observation says", () => {
    const p = recordedPolicy([{ order: 5 }, { order: 9 }, undefined], { order: 4 });
    expect(p.decide({ week: 1 })).toEqual({ order: 5 });
    expect(p.decide({ week: 1 })).toEqual({ order: 5 });
    expect(p.decide({ week: 2 })).toEqual({ order: 9 });
    expect(p.decide({ week: 3 })).toEqual({ order: 4 });
    expect(p.decide({ week: 4 })).toEqual({ order: 4 });
  });

  it("seated in every chair of a branch, replays the parent round to the last hash", () => {
    for (const scenario of ["beer-game", "product-launch"]) {
      const parent = botRound(scenario, { seed: 12 });
      const { local } = branchOf(parent, 4);
      local.send(local.host, { type: "start" });
      local.advanceClock(10_000, 100);
      expect(local.recordOf().hashes).toEqual(parent.recordOf().hashes);
      expect(local.recordOf().seats.every((s) => s.policy === "recorded")).toBe(true);
    }
  });
});

describe("branching", () => {
  it("weeks 1…W equal the parent's, for random rounds, policies and weeks", () => {
    const scenarioArb = fc.constantFrom("beer-game", "product-launch");
    fc.assert(
      fc.property(
        scenarioArb.chain((scenario) => {
          const s = getScenario(scenario);
          const horizon = s.horizon(s.parseOptions({}));
          const roles = s.roles.map((r) => r.id);
          return fc.record({
            scenario: fc.constant(scenario),
            seed: fc.nat({ max: 0xffffffff }),
            played: fc.integer({ min: 1, max: horizon }),
            at: fc.double({ min: 0, max: 1, noNaN: true }),
            bots: fc.tuple(...roles.map(() => fc.constantFrom(...policyNames(scenario)))),
            after: fc.tuple(...roles.map(() => fc.constantFrom("recorded", ...policyNames(scenario)))),
          });
        }),
        ({ scenario, seed, played, at, bots, after }) => {
          const roles = getScenario(scenario).roles.map((r) => r.id);
          const parent = botRound(scenario, {
            seed,
            weeks: played,
            bots: Object.fromEntries(roles.map((r, i) => [r, { policy: bots[i]! }])),
          });
          const rec = parent.recordOf();
          const week = Math.min(Math.floor(at * (played + 1)), rec.horizon - 1, played);
          const { local } = branchOf(parent, week, Object.fromEntries(roles.map((r, i) => [r, after[i]!])));
          expect(local.round.sim.week).toBe(week);
          local.send(local.host, { type: "start" });
          local.advanceClock(10_000, 3);
          const branch = local.recordOf();
          expect(branch.hashes.slice(0, week + 1)).toEqual(rec.hashes.slice(0, week + 1));
          expect(branch.decisions.slice(0, week)).toEqual(rec.decisions.slice(0, week));
          expect(branch.parent).toMatchObject({ id: "parent", week, decisions: rec.decisions });
        },
      ),
      { numRuns: 40 },
    );
  });

  it("a person takes a seat from week W+1 and what they decide changes the round from there", () => {
    const parent = botRound("beer-game", { seed: 5 });
    const rec = parent.recordOf();
    const { local, setup } = branchOf(parent, 5, { wholesaler: "me" });
    expect(setup.humans).toEqual(["wholesaler"]);
    const me = local.join("Ann", "wholesaler");
    local.send(local.host, { type: "start" });
    const order = (rec.decisions[5]!.wholesaler!.order ?? 0) + 20;
    expect(local.send(me, { type: "decide", week: 6, decision: { order } }).ok).toBe(true);
    const branch = local.recordOf();
    expect(branch.hashes.slice(0, 6)).toEqual(rec.hashes.slice(0, 6));
    expect(branch.hashes[6]).not.toBe(rec.hashes[6]);
    expect(branch.decisions[5]!.retailer).toEqual(rec.decisions[5]!.retailer);
    expect(branch.sources[5]!.wholesaler).toBe("human");
    // The branch carries the original run: re-simulated, it is the parent round, hash for hash.
    const original = originalRun(getScenario("beer-game"), branch);
    expect(original?.hashes).toEqual(rec.hashes);
    expect(originalRun(getScenario("beer-game"), rec)).toBeNull();
    // A tampered original does not re-simulate to the weeks the branch shares with it.
    const tampered = structuredClone(branch);
    tampered.parent!.decisions![4] = { ...tampered.parent!.decisions![4], factory: { order: 99 } };
    expect(() => originalRun(getScenario("beer-game"), tampered)).toThrow(/diverged at week 5/);
  });

  it("refuses weeks outside the round, unknown roles and policies, naming them", () => {
    const rec = botRound("beer-game", { weeks: 8 }).recordOf();
    expect(() => planBranch(rec, 9)).toThrow(
      new BranchError("week must be a whole number from 0 to 8, not 9"),
    );
    expect(() => planBranch(rec, 2, { cashier: "me" })).toThrow('unknown role "cashier"');
    expect(() => planBranch(rec, 2, { factory: "psychic" })).toThrow('factory: unknown policy "psychic"');
    const full = botRound("beer-game").recordOf();
    expect(() => planBranch(full, full.horizon)).toThrow(`from 0 to ${full.horizon - 1}`);
  });
});

describe("importing an export", () => {
  const rec = botRound("product-launch", { seed: 9 }).recordOf();
  const copy = () => JSON.parse(JSON.stringify(rec));

  it("accepts an untouched export", () => {
    expect(checkExport(copy())).toMatchObject({ ok: true });
  });

  it("names the first week a tampered decision breaks", () => {
    const f = copy();
    const role = Object.keys(f.decisions[6])[0]!;
    const key = Object.keys(f.decisions[6][role])[0]!;
    f.decisions[6][role][key] += 1;
    expect(checkExport(f)).toMatchObject({ ok: false, week: 7 });
  });

  it("names the first week a truncated file lacks", () => {
    const f = copy();
    f.hashes = f.hashes.slice(0, 10);
    expect(checkExport(f)).toEqual({
      ok: false,
      week: 10,
      error: "week 10 has no hash (the file is cut short)",
    });
  });

  it("names what is wrong with a file that is not an export", () => {
    expect(checkExport({ hello: 1 })).toMatchObject({
      ok: false,
      week: null,
      error: expect.stringMatching(/^not a round export: id/),
    });
    expect(checkExport({ ...copy(), scenario: "chess" })).toMatchObject({
      error: 'unknown scenario "chess"',
    });
    expect(checkExport({ ...copy(), seed: rec.seed + 1 })).toMatchObject({ ok: false, week: 0 });
  });
});
