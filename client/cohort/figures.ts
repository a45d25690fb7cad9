// The cohort debrief's figures as the view draws them: the cohort core's debrief
// (shared/cohort/debrief.ts, computed here in the browser) read into per-role chart lines, the
// amplification grid, the blame tally, trustworthy rules and the ranking. No DOM: Node tests run it.

import { BLAME_CATEGORIES, type BlameCategory } from "../../shared/cohort/answers.ts";
import { buildCohortDebrief, type CohortTeam } from "../../shared/cohort/debrief.ts";
import { getScenario } from "../../shared/scenarios/index.ts";
import { ct } from "./strings.ts";

export { BLAME_CATEGORIES };

/** What GET /api/cohorts/:id/debrief.json carries that the figures read. */
export interface CohortDebriefData {
  cohort: { id: string; title: string; scenario: string };
  teams: CohortTeam[];
}

export interface CohortFigures {
  roles: { id: string; label: string }[];
  weeks: number;
  teams: { code: string; index: number; result: number | null }[];
  /** role → one line per team (decisions per week), and the all-bot reference; roles with a main decision only. */
  orders: Record<string, { team: number[][]; reference: number[] }>;
  /** amplification[team][role]: Var(orders)/Var(the signal); null when undefined. */
  amplification: (number | null)[][];
  /** Per role: the share of teams whose amplification exceeds `threshold`. */
  swingShare: Record<string, number>;
  /**
   * How many teams' most upstream desk swung past `threshold`, and whether the all-bot reference
   * did: the pattern panel's claim is weighed on this, not asserted.
   */
  wave: { role: string; signal: string; count: number; of: number; reference: boolean } | null;
  threshold: number;
  blame: Record<BlameCategory, number>;
  /** The tally set against the data, in one sentence. */
  blameSentence: string;
  /** Per role, the trustworthy fits' one-line readings. */
  rules: Record<string, string[]>;
  resultLabel: string;
  /** The benchmark policy's team result on the same game, what the structure allows. */
  benchmark: number | null;
  lowerIsBetter: boolean;
}

const fixed = (x: number) => x.toFixed(2);

export function cohortFigures(data: CohortDebriefData, threshold?: number): CohortFigures {
  const d = buildCohortDebrief(
    getScenario(data.cohort.scenario),
    data.teams,
    threshold === undefined ? {} : { swingThreshold: threshold },
  );
  const roles = d.roles.map((r) => ({ id: r.id, label: r.label }));
  const amplification = d.pattern.amplification.map((a) => roles.map((r) => a.values[r.id] ?? null));
  const limit = threshold ?? d.pattern.upstream?.threshold ?? 2;
  const result = new Map(d.ranking.rows.map((r) => [r.team, r]));
  return {
    roles,
    weeks: Math.max(0, ...d.teams.map((t) => t.weeks)),
    teams: d.teams.map((t) => ({ code: t.code, index: t.team, result: result.get(t.team)?.result ?? null })),
    orders: Object.fromEntries(
      d.pattern.roles.map((p) => [
        p.role,
        { team: p.teams.map((t) => t.values), reference: p.reference[0]?.values ?? [] },
      ]),
    ),
    amplification,
    swingShare: Object.fromEntries(
      roles.map((r, j) => {
        const known = amplification.map((row) => row[j]).filter((a): a is number => a !== null);
        return [r.id, known.length ? known.filter((a) => a > limit).length / known.length : 0];
      }),
    ),
    wave: waveOf(d, roles, limit),
    threshold: limit,
    blame: Object.fromEntries(BLAME_CATEGORIES.map((c) => [c, d.blame.counts[c]])) as Record<
      BlameCategory,
      number
    >,
    blameSentence: d.blame.sentence,
    rules: Object.fromEntries(
      roles.map((r) => [
        r.id,
        d.rules.fits
          .filter((f) => f.role === r.id)
          .map(
            (f) =>
              `Team ${f.team + 1}${f.name ? ` (${f.name})` : ""}: θ ${fixed(f.theta)}, α ${fixed(f.alpha)}, β ${fixed(f.beta)}, S′ ${Math.round(f.sprime)} (r² ${fixed(f.r2)})`,
          ),
      ]),
    ),
    resultLabel: d.ranking.kpi?.label ?? "",
    benchmark: d.ranking.rows[0]?.benchmark ?? null,
    lowerIsBetter: d.ranking.kpi?.better !== "higher",
  };
}

function waveOf(
  d: ReturnType<typeof buildCohortDebrief>,
  roles: CohortFigures["roles"],
  limit: number,
): CohortFigures["wave"] {
  const up = d.pattern.upstream;
  if (!up) return null;
  const count = d.pattern.amplification.filter(
    (a) => (a.values[up.role] ?? Number.NEGATIVE_INFINITY) > limit,
  ).length;
  return {
    role: roles.find((r) => r.id === up.role)?.label ?? up.role,
    signal: d.pattern.signal?.label ?? "",
    count,
    of: d.pattern.amplification.length,
    reference: (d.pattern.referenceAmplification[up.role] ?? Number.NEGATIVE_INFINITY) > limit,
  };
}

/**
 * The pattern panel's opening sentence, as strong as the data allows: "the same wave in every team"
 * only when every team made it; a split cohort is told so, and a calm one too.
 */
export function patternLead(f: CohortFigures): string {
  const w = f.wave;
  if (!w || w.of === 0 || !w.signal) return ct("cdebrief.pattern.lead.plain");
  const vars = {
    count: w.count,
    of: w.of,
    role: w.role.toLowerCase(),
    n: Number(f.threshold.toFixed(1)),
    signal: w.signal.toLowerCase(),
  };
  const bots = w.reference ? ` ${ct("cdebrief.pattern.lead.bots")}` : "";
  if (w.count === 0) return ct("cdebrief.pattern.lead.none", vars);
  if (w.of === 1) return ct("cdebrief.pattern.lead.one", vars) + bots;
  if (w.count === w.of) return ct("cdebrief.pattern.lead.all", vars) + bots;
  if (w.count * 2 >= w.of) return ct("cdebrief.pattern.lead.most", vars) + bots;
  return ct("cdebrief.pattern.lead.few", vars);
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
