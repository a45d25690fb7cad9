// The cohort debrief's figures, computed in the browser from every team's recorded round: each team's
// own debrief model (the core's), set side by side, plus one all-bot reference run of the same game.
// No DOM: Node tests and the bench run it.

import { debriefHooks } from "../../shared/debrief/hooks.ts";
import { buildDebriefModel, decisionValues } from "../../shared/debrief/model.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import { createBot, defaultPolicy, parsePolicy } from "../../shared/policies/index.ts";
import type { RoundRecord } from "../../shared/protocol/messages.ts";
import { getScenario } from "../../shared/scenarios/index.ts";

/** What GET /api/cohorts/:id/debrief.json carries that the figures read. */
export interface CohortDebriefData {
  cohort: { id: string; title: string; scenario: string };
  rounds: (RoundRecord & { blame?: { role: string; category: string }[] })[];
}

export const BLAME_CATEGORIES = ["demand", "department", "self", "structure"] as const;

export interface CohortFigures {
  roles: { id: string; label: string }[];
  weeks: number;
  teams: { code: string; index: number; result: number | null }[];
  /** role → one line per team (decisions per week), and the all-bot reference. */
  orders: Record<string, { team: number[][]; reference: number[] }>;
  /** amplification[team][role]: Var(orders)/Var(reference signal); null when undefined. */
  amplification: (number | null)[][];
  /** Per role: the share of teams whose amplification exceeds `threshold`. */
  swingShare: Record<string, number>;
  threshold: number;
  blame: Record<(typeof BLAME_CATEGORIES)[number], number>;
  /** Per role, the trustworthy fits' one-line readings. */
  rules: Record<string, string[]>;
  resultLabel: string;
  /** The benchmark policy's team result on the same game, what the structure allows. */
  benchmark: number | null;
  lowerIsBetter: boolean;
}

export function cohortFigures(data: CohortDebriefData, threshold = 2): CohortFigures {
  const scenario = getScenario(data.cohort.scenario);
  const roles = scenario.roles.map((r) => ({ id: r.id, label: r.label }));
  const orders: CohortFigures["orders"] = Object.fromEntries(
    roles.map((r) => [r.id, { team: [], reference: [] }]),
  );
  const amplification: (number | null)[][] = [];
  const rules: Record<string, string[]> = Object.fromEntries(roles.map((r) => [r.id, []]));
  const blame = { demand: 0, department: 0, self: 0, structure: 0 };
  const teams: CohortFigures["teams"] = [];
  let resultLabel = "";
  let lowerIsBetter = true;
  let weeks = 0;
  data.rounds.forEach((rec, index) => {
    const sim = Simulation.replay(scenario, rec);
    const m = buildDebriefModel(scenario, sim.history, sim.options, rec.decisions);
    weeks = Math.max(weeks, m.weeks);
    teams.push({ code: rec.code, index, result: m.teamResult?.value ?? null });
    resultLabel ||= m.teamResult?.label ?? "";
    if (m.teamResult) lowerIsBetter = m.teamResult.better !== "higher";
    amplification.push(
      roles.map((r) => {
        const a = m.dynamics.find((d) => d.role === r.id)?.amplification;
        return a === undefined || !Number.isFinite(a) ? null : a;
      }),
    );
    for (const r of roles) {
      orders[r.id]!.team.push(decisionValues(m, r.id));
      // The reading says itself when a fit is poor; only good fits are counted across the cohort.
      const reading = m.rules[r.id];
      if (reading && !/poor|weak|not trust/i.test(reading.fitSentence)) rules[r.id]!.push(reading.summary);
    }
    for (const b of rec.blame ?? []) if (b.category in blame) blame[b.category as keyof typeof blame]++;
  });
  const first = data.rounds[0];
  let benchmark: number | null = null;
  if (first) {
    // The same game (seed, options, shocks) with bots everywhere: the pattern the structure makes alone.
    const hooks = debriefHooks(scenario.id);
    const choice = hooks.benchmarkPolicy
      ? parsePolicy(scenario.id, hooks.benchmarkPolicy)
      : defaultPolicy(scenario.id);
    const sim = new Simulation(scenario, first.options, first.seed);
    for (const s of first.shocks) sim.inject(s);
    sim.playOut(Object.fromEntries(roles.map((r) => [r.id, createBot(choice, r.id)])));
    const ref = buildDebriefModel(scenario, sim.history, sim.options);
    for (const r of roles) orders[r.id]!.reference = decisionValues(ref, r.id);
    benchmark = ref.teamResult?.value ?? null;
  }
  const swingShare = Object.fromEntries(
    roles.map((r, j) => {
      const known = amplification.map((row) => row[j]).filter((a): a is number => a !== null);
      return [r.id, known.length ? known.filter((a) => a > threshold).length / known.length : 0];
    }),
  );
  return {
    roles,
    weeks,
    teams,
    orders,
    amplification,
    swingShare,
    threshold,
    blame,
    rules,
    resultLabel,
    benchmark,
    lowerIsBetter,
  };
}

/** Teams ordered from nearest to farthest from the benchmark, with the gap in the result's unit. */
export function ranking(f: CohortFigures): { index: number; code: string; result: number; gap: number }[] {
  const bench = f.benchmark ?? 0;
  return f.teams
    .filter((t): t is typeof t & { result: number } => t.result !== null)
    .map((t) => ({
      index: t.index,
      code: t.code,
      result: t.result,
      gap: f.lowerIsBetter ? t.result - bench : bench - t.result,
    }))
    .sort((a, b) => a.gap - b.gap);
}
