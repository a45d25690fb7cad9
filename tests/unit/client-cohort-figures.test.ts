import { describe, expect, it } from "vitest";
import { type CohortDebriefData, cohortFigures, patternLead, ranking } from "../../client/cohort/figures.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import { createBot, parsePolicy } from "../../shared/policies/index.ts";
import type { RoundRecord } from "../../shared/protocol/messages.ts";
import { getScenario } from "../../shared/scenarios/index.ts";

/** A recorded Beer Game round played by one policy in every seat. */
function recordedRound(code: string, policy: string, seed = 1): RoundRecord {
  const sc = getScenario("beer-game");
  const sim = new Simulation(sc, sc.defaultOptions, seed);
  const choice = parsePolicy(sc.id, policy);
  sim.playOut(Object.fromEntries(sc.roles.map((r) => [r.id, createBot(choice, r.id)])));
  return {
    id: code,
    code,
    scenario: sc.id,
    version: sc.version,
    title: code,
    options: sc.defaultOptions,
    seed,
    horizon: sim.history.length - 1,
    createdAt: "",
    endedAt: null,
    decisions: sim.decisionLog,
    sources: sim.decisionLog.map(() => ({})),
    shocks: [],
    hashes: sim.hashes,
    seats: sc.roles.map((r) => ({ role: r.id, name: "", policy })),
  };
}

const data = (rounds: RoundRecord[]): CohortDebriefData => ({
  cohort: { id: "c", title: "t", scenario: "beer-game" },
  teams: rounds.map((record, team) => ({ team, record })),
});

describe("cohort debrief figures", () => {
  it("overlays every team's orders per role with an all-bot reference, and ranks teams by the gap", () => {
    const calm = recordedRound("CALMAA", "pass-through");
    const wild = recordedRound("WILDBB", "sterman");
    const f = cohortFigures(data([calm, wild]));
    expect(f.roles.map((r) => r.id)).toEqual(["retailer", "wholesaler", "distributor", "factory"]);
    expect(f.orders.factory?.team).toHaveLength(2);
    expect(f.orders.factory?.reference).toHaveLength(f.weeks);
    // Sterman's rule (the supply line under-counted) swings the factory far more than passing orders on.
    const factory = f.roles.findIndex((r) => r.id === "factory");
    const calmAmp = f.amplification[0]?.[factory] ?? 0;
    const wildAmp = f.amplification[1]?.[factory] ?? 0;
    expect(wildAmp).toBeGreaterThan(3 * calmAmp);
    const between = cohortFigures(data([calm, wild]), (calmAmp + wildAmp) / 2);
    expect(between.swingShare.factory).toBe(0.5);
    const rank = ranking(f);
    expect(rank.map((r) => r.code)).toEqual(["CALMAA", "WILDBB"]);
    expect(rank[0]!.gap).toBeLessThan(rank[1]!.gap);
  });

  it("claims the same wave only as far as the teams made it", () => {
    const calm = recordedRound("CALMAA", "pass-through");
    const wild = recordedRound("WILDBB", "sterman");
    const wild2 = recordedRound("WILDCC", "sterman", 2);
    const factory = (f: ReturnType<typeof cohortFigures>) => f.roles.findIndex((r) => r.id === "factory");
    const probe = cohortFigures(data([calm, wild]));
    const [calmAmp, wildAmp] = [0, 1].map((i) => probe.amplification[i]?.[factory(probe)] ?? 0) as [
      number,
      number,
    ];
    const between = (calmAmp + wildAmp) / 2;

    const all = cohortFigures(data([wild, wild2]), between);
    expect(all.wave).toMatchObject({ role: "Factory", count: 2, of: 2 });
    expect(patternLead(all)).toMatch(/in all 2 teams the factory swung more than .*× customer/i);

    const split = cohortFigures(data([calm, wild, calm]), between);
    expect(split.wave).toMatchObject({ count: 1, of: 3 });
    expect(patternLead(split)).toMatch(/^Only 1 of 3 teams made the wave/);
    expect(patternLead(split)).not.toMatch(/system, not the people/);

    const none = cohortFigures(data([calm, calm]), wildAmp * 10);
    expect(none.wave?.count).toBe(0);
    expect(patternLead(none)).toMatch(/^No team's factory swung/);
  });

  it("tallies the cause categories players picked before the reveal", () => {
    const record = recordedRound("AAAAAA", "sterman");
    const cause = (role: string, category: "demand" | "structure" | null) => ({
      role,
      name: role,
      category,
      text: "",
    });
    const f = cohortFigures({
      cohort: { id: "c", title: "t", scenario: "beer-game" },
      teams: [
        { team: 0, record, causes: [cause("retailer", "demand"), cause("factory", "demand")] },
        { team: 1, record, causes: [cause("factory", "structure"), cause("wholesaler", null)] },
      ],
    });
    expect(f.blame).toEqual({ demand: 2, "other-department": 0, "own-mistakes": 0, structure: 1 });
    expect(f.blameSentence).not.toBe("");
  });
});
