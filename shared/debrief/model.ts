import type { AnyScenario, Decisions, Kpi, RoleSpec } from "../engine/types.ts";
import { createBot, parsePolicy } from "../policies/index.ts";
import { type BeliefTarget, beliefTargets } from "./belief-target.ts";
import { type BenchmarkReading, benchmarkOnOwnDesk } from "./benchmark.ts";
import type { ChainView } from "./chain.ts";
import { type CostDecomposition, decomposeCosts, decomposeTotals } from "./costs.ts";
import { amplificationSentence, type RoleDynamics, roleDynamics } from "./dynamics.ts";
import { ghostRun } from "./ghost.ts";
import { type DeskReveal, debriefHooks } from "./hooks.ts";
import type { ReplayInputs } from "./knockout.ts";
import { type LoopReport, loopReports } from "./loops.ts";
import { type DebriefProfile, profileFor } from "./profile.ts";
import { type RuleFit, type RuleReading, readAnchorRule } from "./rules.ts";
import { readSeries, type SeriesData, TEAM } from "./table.ts";

/** Everything the debrief panels show, derived from one recorded round by the core. Plain JSON. */
export interface DebriefModel {
  scenario: { id: string; title: string };
  roles: RoleSpec[];
  weeks: number;
  series: SeriesData[];
  profile: DebriefProfile;
  /** Per role: how its main decision moved against the reference signal. */
  dynamics: RoleDynamics[];
  dynamicsSentence: string;
  costs: CostDecomposition;
  loops: LoopReport[];
  /** The hidden series players sketch, and its true values for weeks 1…N. */
  belief: { id: string; label: string; unit: string; truth: number[] };
  /** Per role, the series it sketched (one it could not see) and its true values for weeks 1…N. */
  beliefs: Record<string, BeliefTarget & { truth: number[] }>;
  reflection: string[];
  /** The team's shared result at the end (Beer Game: team cost; product launch: profit). */
  teamResult: Kpi | null;
  /** Per role: the player's decisions against the scenario's benchmark policy in their place (no-fit scenarios). */
  benchmarks: Record<string, BenchmarkReading | null>;
  /** Where the result came from, desk by desk (scenarios with a reveal hook); null otherwise. */
  reveal: DeskReveal | null;
  /** The supply chain row by row, for the chain view (scenarios with a chain hook); null otherwise. */
  chain: ChainView | null;
  /** Per role: the fitted decision rule read in plain words (to the player, as "you"); null when the scenario has no fit. */
  rules: Record<string, RuleReading | null>;
  /** Per role: the fitted rule with its 90% intervals, to read again in another voice (a bot's card). */
  fits: Record<string, RuleFit | null>;
}

/** Values of a series for weeks 1…N: the team line, or the first role's for a per-role series. */
export function seriesValues(series: readonly SeriesData[], id: string, role?: string): number[] {
  const s = series.find((x) => x.id === id);
  if (!s) return [];
  return (
    (role !== undefined ? s.values[role] : undefined) ?? s.values[TEAM] ?? Object.values(s.values)[0] ?? []
  );
}

function teamResult(scenario: AnyScenario, history: readonly unknown[]): Kpi | null {
  const first = scenario.teamKpis(history[history.length - 1])[0];
  return first ? { ...first } : null;
}

/** A role's main decision per week, wherever the scenario records it; [] when it has none. */
export function decisionValues(m: Pick<DebriefModel, "series" | "profile">, role: string): number[] {
  const byRole = m.profile.decisionByRole;
  if (byRole) {
    const id = byRole[role];
    return id ? seriesValues(m.series, id) : [];
  }
  return seriesValues(m.series, m.profile.decision, role);
}

/** The same board played by the benchmark policy in every seat; null without the round's inputs. */
function benchmarkHistory(
  scenario: AnyScenario,
  options: unknown,
  policy: string | undefined,
  decisions: readonly Decisions[] | undefined,
  replay: ReplayInputs | undefined,
): readonly unknown[] | null {
  if (!policy || !decisions || !replay) return null;
  const choice = parsePolicy(scenario.id, policy);
  const bots = Object.fromEntries(scenario.roles.map((r) => [r.id, createBot(choice, r.id)]));
  const inputs = { scenario: scenario.id, version: scenario.version, options, seed: replay.seed };
  return ghostRun(scenario, { ...inputs, decisions: [...decisions], shocks: [...replay.shocks] }, bots)
    .history;
}

/**
 * `options` are the round's parsed options (the scenario's analytics may need them); `decisions`, the
 * recorded decisions, let the debrief set each player's choices against a benchmark policy; with
 * `replay` (the round's seed and live shocks) as well, every loop is priced by its knockout.
 */
export function buildDebriefModel(
  scenario: AnyScenario,
  history: readonly unknown[],
  options: unknown = scenario.defaultOptions,
  decisions?: readonly Decisions[],
  replay?: ReplayInputs,
): DebriefModel {
  const hooks = debriefHooks(scenario.id);
  const roles = scenario.roles.map((r) => ({ ...r }));
  const roleIds = roles.map((r) => r.id);
  const series = readSeries(scenario, history);
  const profile = profileFor(scenario);
  const reference = profile.reference ? seriesValues(series, profile.reference) : [];
  const dynamics = roleIds.flatMap((role) => {
    const own = decisionValues({ series, profile }, role);
    if (own.length === 0 || profile.settingDecisions?.includes(role)) return [];
    const input = profile.input ? seriesValues(series, profile.input, role) : reference;
    return [roleDynamics(role, own, reference, input)];
  });
  const labels = Object.fromEntries(roles.map((r) => [r.id, r.label]));
  const fits: Record<string, RuleFit | null> = Object.fromEntries(
    roleIds.map((role) => {
      const fit = hooks.fitRule?.(history, options, role) ?? null;
      if (!fit) return [role, null];
      return [role, { ...fit, ...(hooks.ruleIntervals?.(history, options, role, fit) ?? {}) }];
    }),
  );
  return {
    scenario: { id: scenario.id, title: scenario.title },
    roles,
    weeks: history.length - 1,
    series,
    profile,
    dynamics,
    dynamicsSentence: amplificationSentence(
      dynamics,
      labels,
      (role) => {
        const id = profile.decisionByRole?.[role] ?? profile.decision;
        return (series.find((s) => s.id === id)?.label ?? id).toLowerCase();
      },
      (series.find((s) => s.id === profile.reference)?.label ?? "the reference").toLowerCase(),
    ),
    costs: hooks.costs
      ? (() => {
          const c = hooks.costs(history, options);
          return decomposeTotals(c.parts, c.totals, roleIds);
        })()
      : decomposeCosts(series, profile.costParts, roleIds, profile.costCumulative),
    loops: loopReports(
      scenario,
      history,
      decisions && replay ? { ...replay, options, decisions } : undefined,
    ),
    belief: { ...scenario.beliefSeries, truth: seriesValues(series, scenario.beliefSeries.id) },
    beliefs: Object.fromEntries(
      Object.entries(beliefTargets(scenario, profile)).map(([role, t]) => [
        role,
        { ...t, truth: seriesValues(series, t.id, t.of) },
      ]),
    ),
    reflection: [...scenario.reflection],
    teamResult: teamResult(scenario, history),
    benchmarks: Object.fromEntries(
      roleIds.map((role) => {
        const name = hooks.benchmarkPolicy;
        if (!name || !decisions) return [role, null];
        const bot = createBot(parsePolicy(scenario.id, name), role);
        return [role, benchmarkOnOwnDesk(scenario, history, options, decisions, role, bot, name)];
      }),
    ),
    fits,
    reveal: hooks.reveal
      ? hooks.reveal(history, benchmarkHistory(scenario, options, hooks.benchmarkPolicy, decisions, replay))
      : null,
    chain: hooks.chain?.(history) ?? null,
    rules: Object.fromEntries(roleIds.map((role) => [role, fits[role] ? readAnchorRule(fits[role]) : null])),
  };
}
