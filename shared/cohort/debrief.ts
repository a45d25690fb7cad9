// The cohort debrief: every team's recorded round re-simulated with the core, set side by side, so a
// room sees that different people in every seat produced the same pattern. Pure and deterministic.

import { amplification } from "../debrief/dynamics.ts";
import { debriefHooks } from "../debrief/hooks.ts";
import { decisionValues, seriesValues } from "../debrief/model.ts";
import { profileFor } from "../debrief/profile.ts";
import { MIN_FIT_WEEKS } from "../debrief/rules.ts";
import { readSeries, type SeriesData } from "../debrief/table.ts";
import { defaultDecision } from "../engine/decisions.ts";
import { Simulation } from "../engine/simulation.ts";
import type { AnyScenario, Policy, RoleId, RoleSpec } from "../engine/types.ts";
import { createBot, defaultPolicy, parsePolicy, policies } from "../policies/index.ts";
import type { RoundRecord } from "../protocol/messages.ts";
import { findScenarioModule } from "../scenarios/index.ts";
import {
  BLAME_CATEGORIES,
  type BlameCategory,
  type CauseAnswer,
  PAUSE_LOOKAHEAD,
  type PauseReflection,
} from "./answers.ts";

/** One team of the cohort as the debrief reads it. */
export interface CohortTeam {
  /** 0-based team index ("Team index + 1"). */
  team: number;
  record: RoundRecord;
  /** "What caused it" answers given before the reveal. */
  causes?: readonly CauseAnswer[];
  reflections?: readonly PauseReflection[];
}

export interface CohortDebriefOptions {
  /** A team "swung" when its most upstream role's variance ratio exceeds this. */
  swingThreshold?: number;
  /** A fitted rule is shown only with at least this r² … */
  minR2?: number;
  /** … over at least this many fitted weeks … */
  minFitWeeks?: number;
  /** … and when a human made at least this share of the seat's decisions. */
  minHumanShare?: number;
  /** Bots for the reference run (a typical player's rule in every seat); default: the scenario's default policy. */
  reference?: BotSet;
  /** Bots for the benchmark run ("what the structure allows"); default: benchmarkPolicy(scenario). */
  benchmark?: BotSet;
}

/** A named rule and a fresh bot of it per seat. */
export interface BotSet {
  name: string;
  bot(role: RoleId): Policy;
}

export const DEFAULT_SWING_THRESHOLD = 2;
/** readAnchorRule calls r² ≥ 0.4 "a rough description"; below it the player decided some other way. */
export const DEFAULT_MIN_R2 = 0.4;
export const DEFAULT_MIN_HUMAN_SHARE = 0.8;

/** The rule a team's cost is set against: the scenario module's team benchmark, else its debrief's. */
export function benchmarkPolicy(scenario: AnyScenario): string | null {
  return findScenarioModule(scenario.id)?.teamBenchmark ?? debriefHooks(scenario.id).benchmarkPolicy ?? null;
}

/** null stands for "not defined" (a flat reference), so the figures survive JSON. */
type Ratio = number | null;

export interface PatternRole {
  role: string;
  label: string;
  decision: { id: string; label: string; unit: string };
  /** Every team's decision series, weeks 1…N. */
  teams: { team: number; values: number[] }[];
  /** The all-bot reference run of each seed the teams played. */
  reference: { seed: number; values: number[] }[];
  benchmark: { seed: number; values: number[] }[];
}

export interface SamePattern {
  /** The rule every seat of the reference run played. */
  referencePolicy: string;
  /** The signal decisions are compared with (Beer Game: customer demand). */
  signal: { id: string; label: string; unit: string } | null;
  roles: PatternRole[];
  /** Team × role: Var(decisions) / Var(signal). */
  amplification: { team: number; values: Record<string, Ratio> }[];
  /** The same for the reference run of the first team's seed. */
  referenceAmplification: Record<string, Ratio>;
  /** The most upstream role with a decision (Beer Game: factory) and how many teams it swung in. */
  upstream: {
    role: string;
    threshold: number;
    teams: number[];
    count: number;
    of: number;
    share: number;
  } | null;
}

export interface BlameTally {
  counts: Record<BlameCategory | "uncategorised", number>;
  total: number;
  answers: ({ team: number } & CauseAnswer)[];
  /** The tally set against the data, in one sentence. */
  sentence: string;
}

export interface FittedRule {
  team: number;
  role: string;
  name: string;
  theta: number;
  alpha: number;
  beta: number;
  sprime: number;
  r2: number;
  weeks: number;
}

export interface ParamSpread {
  values: number[];
  min: number;
  median: number;
  max: number;
}

export interface RuleDistribution {
  thresholds: { minR2: number; minWeeks: number; minHumanShare: number };
  /** Human seats whose fit passed the thresholds. */
  fits: FittedRule[];
  /** Human seats with a fit that did not pass. */
  untrusted: number;
  params: Record<"theta" | "alpha" | "beta" | "sprime", ParamSpread> | null;
  /** Players who counted less than half their supply line (β < 0.5). */
  betaBelowHalf: { count: number; of: number };
}

export interface RankingRow {
  team: number;
  result: number;
  benchmark: number;
  /** How far from the benchmark, in the direction that is worse (≥ 0 when the team did worse). */
  gap: number;
  sentence: string;
}

export interface TeamRanking {
  policy: string | null;
  kpi: { id: string; label: string; unit: string; better: "higher" | "lower" } | null;
  /** Smallest gap first. */
  rows: RankingRow[];
}

export interface ReflectionReading extends PauseReflection {
  team: number;
  /** What happened in the weeks the expectation was about: the role's input series (or the signal). */
  truth: { id: string; label: string; unit: string; weeks: number[]; values: number[] } | null;
}

export interface CohortDebrief {
  scenario: { id: string; title: string };
  roles: RoleSpec[];
  teams: { team: number; code: string; seed: number; weeks: number; players: Record<string, string> }[];
  pattern: SamePattern;
  blame: BlameTally;
  rules: RuleDistribution;
  ranking: TeamRanking;
  reflections: ReflectionReading[];
}

interface Replayed {
  entry: CohortTeam;
  sim: Simulation;
  series: SeriesData[];
}

const finiteOrNull = (x: number): Ratio => (Number.isFinite(x) ? x : null);

/** The named policy from the scenario's table, else its default; without a table, the default decision. */
function registryBots(scenario: AnyScenario, policy: string | null): BotSet {
  if (policies[scenario.id]) {
    const choice = policy ? parsePolicy(scenario.id, policy) : defaultPolicy(scenario.id);
    return { name: choice.text, bot: (role) => createBot(choice, role) };
  }
  return {
    name: "default",
    bot: (role) => {
      const d = defaultDecision(scenario.decisions(role, scenario.defaultOptions));
      return { decide: () => d };
    },
  };
}

/** An all-bot run on a team's board: same options, seed, injected shocks and number of weeks. */
function botRun(scenario: AnyScenario, rec: RoundRecord, weeks: number, bot: (role: RoleId) => Policy) {
  const sim = new Simulation(scenario, rec.options, rec.seed);
  for (const s of rec.shocks) sim.inject(s);
  const bots = Object.fromEntries(sim.roles.map((r) => [r, bot(r)]));
  while (sim.week < weeks) {
    sim.advance(Object.fromEntries(sim.roles.map((r) => [r, bots[r]!.decide(sim.observe(r))])));
  }
  return { sim, series: readSeries(scenario, sim.history) };
}

function median(sorted: readonly number[]): number {
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

function spread(xs: readonly number[]): ParamSpread {
  const values = [...xs].sort((a, b) => a - b);
  return { values, min: values[0]!, median: median(values), max: values[values.length - 1]! };
}

const money = (x: number) => `$${Math.round(x).toLocaleString("en-US")}`;

function rankSentence(
  team: number,
  k: NonNullable<TeamRanking["kpi"]>,
  result: number,
  bench: number,
  policy: string,
) {
  const fmt = k.unit === "$" ? money : (x: number) => `${Math.round(x)} ${k.unit}`;
  const what = k.label.toLowerCase();
  const head = `Team ${team + 1}: ${what} ${fmt(result)}; the ${policy} rule in every seat, with the same customers, ${fmt(bench)}`;
  if (k.better === "lower") {
    return bench > 0 && result > bench
      ? `${head}: ${(result / bench).toFixed(1)}× what the structure allows.`
      : `${head}: as good as the structure allows.`;
  }
  return result < bench
    ? `${head}: ${fmt(bench - result)} short of what the structure allows.`
    : `${head}: as good as the structure allows.`;
}

/**
 * The cohort debrief from every team's round. Teams must all be rounds of `scenario`; each is
 * re-simulated from its record (its hashes checked), the way a team's own debrief is.
 */
export function buildCohortDebrief(
  scenario: AnyScenario,
  teams: readonly CohortTeam[],
  o: CohortDebriefOptions = {},
): CohortDebrief {
  const threshold = o.swingThreshold ?? DEFAULT_SWING_THRESHOLD;
  const minR2 = o.minR2 ?? DEFAULT_MIN_R2;
  const minWeeks = o.minFitWeeks ?? MIN_FIT_WEEKS;
  const minHumanShare = o.minHumanShare ?? DEFAULT_MIN_HUMAN_SHARE;
  const hooks = debriefHooks(scenario.id);
  const profile = profileFor(scenario);
  const roles = scenario.roles.map((r) => ({ ...r }));
  const benchName = benchmarkPolicy(scenario);
  const referenceBots = o.reference ?? registryBots(scenario, null);
  const benchmarkBots = o.benchmark ?? registryBots(scenario, benchName);

  const replayed: Replayed[] = [...teams]
    .sort((a, b) => a.team - b.team)
    .map((entry) => {
      const r = entry.record;
      if (r.scenario !== scenario.id) {
        throw new Error(`team ${entry.team + 1} played "${r.scenario}", not "${scenario.id}"`);
      }
      const sim = Simulation.replay(scenario, r, r.hashes);
      return { entry, sim, series: readSeries(scenario, sim.history) };
    });

  // One reference and one benchmark run per distinct board (same seed, options, shocks and length).
  const boards = new Map<
    string,
    { seed: number; reference: Replayed["series"]; benchmark: ReturnType<typeof botRun> }
  >();
  const boardOf = (t: Replayed) => {
    const r = t.entry.record;
    const key = JSON.stringify([r.seed, r.options, r.shocks, t.sim.week]);
    let b = boards.get(key);
    if (!b) {
      b = {
        seed: r.seed,
        reference: botRun(scenario, r, t.sim.week, referenceBots.bot).series,
        benchmark: botRun(scenario, r, t.sim.week, benchmarkBots.bot),
      };
      boards.set(key, b);
    }
    return b;
  };
  const teamBoards = replayed.map(boardOf);
  const distinct = [...boards.values()];

  const signalSpec = profile.reference ? scenario.series.find((s) => s.id === profile.reference) : undefined;
  const signal = (series: readonly SeriesData[]) =>
    profile.reference ? seriesValues(series, profile.reference) : [];
  const decisionRoles = roles.filter(
    (r) => decisionValues({ series: replayed[0]?.series ?? [], profile }, r.id).length > 0,
  );
  const ampOf = (series: SeriesData[]) =>
    Object.fromEntries(
      decisionRoles.map((r) => [
        r.id,
        finiteOrNull(amplification(decisionValues({ series, profile }, r.id), signal(series))),
      ]),
    );

  const patternRoles: PatternRole[] = decisionRoles.map((r) => {
    const id = profile.decisionByRole?.[r.id] ?? profile.decision;
    const spec = scenario.series.find((s) => s.id === id);
    return {
      role: r.id,
      label: r.label,
      decision: { id, label: spec?.label ?? id, unit: spec?.unit ?? "" },
      teams: replayed.map((t) => ({
        team: t.entry.team,
        values: decisionValues({ series: t.series, profile }, r.id),
      })),
      reference: distinct.map((b) => ({
        seed: b.seed,
        values: decisionValues({ series: b.reference, profile }, r.id),
      })),
      benchmark: distinct.map((b) => ({
        seed: b.seed,
        values: decisionValues({ series: b.benchmark.series, profile }, r.id),
      })),
    };
  });
  const amp = replayed.map((t) => ({ team: t.entry.team, values: ampOf(t.series) }));
  const upstreamRole = decisionRoles[decisionRoles.length - 1];
  const swung = upstreamRole
    ? amp
        .filter((a) => (a.values[upstreamRole.id] ?? Number.NEGATIVE_INFINITY) > threshold)
        .map((a) => a.team)
    : [];
  const referenceAmplification = distinct[0] ? ampOf(distinct[0].reference) : {};
  const pattern: SamePattern = {
    referencePolicy: referenceBots.name,
    signal: signalSpec ? { id: signalSpec.id, label: signalSpec.label, unit: signalSpec.unit } : null,
    roles: patternRoles,
    amplification: amp,
    referenceAmplification,
    upstream: upstreamRole
      ? {
          role: upstreamRole.id,
          threshold,
          teams: swung,
          count: swung.length,
          of: amp.length,
          share: amp.length ? swung.length / amp.length : 0,
        }
      : null,
  };

  return {
    scenario: { id: scenario.id, title: scenario.title },
    roles,
    teams: replayed.map((t) => ({
      team: t.entry.team,
      code: t.entry.record.code,
      seed: t.entry.record.seed,
      weeks: t.sim.week,
      players: Object.fromEntries(t.entry.record.seats.map((s) => [s.role, s.name])),
    })),
    pattern,
    blame: tallyBlame(replayed, pattern, upstreamRole?.label ?? null, signalSpec?.label ?? "the signal"),
    rules: ruleDistribution(replayed, hooks, { minR2, minWeeks, minHumanShare }),
    ranking: rank(
      scenario,
      replayed,
      teamBoards.map((b) => b.benchmark.sim),
      benchmarkBots.name,
    ),
    reflections: readReflections(scenario, replayed),
  };
}

function tallyBlame(
  replayed: readonly Replayed[],
  pattern: SamePattern,
  upstream: string | null,
  signal: string,
): BlameTally {
  const counts = Object.fromEntries(
    [...BLAME_CATEGORIES, "uncategorised"].map((c) => [c, 0]),
  ) as BlameTally["counts"];
  const answers = replayed.flatMap((t) => (t.entry.causes ?? []).map((c) => ({ team: t.entry.team, ...c })));
  for (const a of answers) counts[a.category ?? "uncategorised"]++;
  const categorised = answers.length - counts.uncategorised;
  const people = counts.demand + counts["other-department"] + counts["own-mistakes"];
  const u = pattern.upstream;
  const data =
    u && upstream
      ? `the ${upstream.toLowerCase()} swung more than ${u.threshold}× ${signal.toLowerCase()} in ${u.count} of ${u.of} teams, whoever sat there`
      : `every team played the same structure`;
  const sentence =
    categorised === 0
      ? `No categorised answers; ${data}.`
      : `${people} of ${categorised} answers blamed people or the customers, ${counts.structure} the structure; ${data}.`;
  return { counts, total: answers.length, answers, sentence };
}

function ruleDistribution(
  replayed: readonly Replayed[],
  hooks: ReturnType<typeof debriefHooks>,
  thresholds: RuleDistribution["thresholds"],
): RuleDistribution {
  const fits: FittedRule[] = [];
  let untrusted = 0;
  if (hooks.fitRule) {
    for (const t of replayed) {
      const rec = t.entry.record;
      for (const seat of rec.seats) {
        const played = t.sim.week;
        const human = rec.sources.slice(0, played).filter((s) => s[seat.role] === "human").length;
        if (played === 0 || human / played < thresholds.minHumanShare) continue;
        const f = hooks.fitRule(t.sim.history, t.sim.options, seat.role);
        if (!f) continue;
        if (!(f.r2 >= thresholds.minR2) || f.weeks < thresholds.minWeeks) {
          untrusted++;
          continue;
        }
        fits.push({ team: t.entry.team, role: seat.role, name: seat.name, ...f });
      }
    }
  }
  const params =
    fits.length === 0
      ? null
      : {
          theta: spread(fits.map((f) => f.theta)),
          alpha: spread(fits.map((f) => f.alpha)),
          beta: spread(fits.map((f) => f.beta)),
          sprime: spread(fits.map((f) => f.sprime)),
        };
  return {
    thresholds,
    fits,
    untrusted,
    params,
    betaBelowHalf: { count: fits.filter((f) => f.beta < 0.5).length, of: fits.length },
  };
}

function rank(
  scenario: AnyScenario,
  replayed: readonly Replayed[],
  benches: readonly Simulation[],
  policy: string,
): TeamRanking {
  const first = replayed[0] && scenario.teamKpis(replayed[0].sim.state)[0];
  if (!first) return { policy, kpi: null, rows: [] };
  const kpi = { id: first.id, label: first.label, unit: first.unit, better: first.better };
  const value = (sim: Simulation) =>
    scenario.teamKpis(sim.state).find((k) => k.id === kpi.id)?.value ?? Number.NaN;
  const rows = replayed.map((t, i) => {
    const result = value(t.sim);
    const benchmark = value(benches[i]!);
    const gap = kpi.better === "lower" ? result - benchmark : benchmark - result;
    return {
      team: t.entry.team,
      result,
      benchmark,
      gap,
      sentence: rankSentence(t.entry.team, kpi, result, benchmark, policy),
    };
  });
  rows.sort((a, b) => a.gap - b.gap || a.team - b.team);
  return { policy, kpi, rows };
}

function readReflections(scenario: AnyScenario, replayed: readonly Replayed[]): ReflectionReading[] {
  const profile = profileFor(scenario);
  const inputId = profile.input ?? profile.reference;
  const spec = inputId ? scenario.series.find((s) => s.id === inputId) : undefined;
  return replayed.flatMap((t) =>
    (t.entry.reflections ?? []).map((r) => {
      const weeks: number[] = [];
      for (let w = r.week + 1; w <= Math.min(r.week + PAUSE_LOOKAHEAD, t.sim.week); w++) weeks.push(w);
      const all = spec ? seriesValues(t.series, spec.id, spec.perRole ? r.role : undefined) : [];
      return {
        team: t.entry.team,
        ...r,
        truth: spec
          ? { id: spec.id, label: spec.label, unit: spec.unit, weeks, values: weeks.map((w) => all[w - 1]!) }
          : null,
      };
    }),
  );
}
