import type { AnyScenario, Decisions, Policy, RoleId } from "../engine/types.ts";
import { formatNumber, formatRatio } from "../format/number.ts";
import { mean } from "./stats.ts";

/** One of a role's decisions, set against what a benchmark policy would have done in its shoes. */
export interface DecisionComparison {
  decision: string;
  label: string;
  unit: string;
  /** Mean of the player's weekly values, and of the benchmark's on the same observations. */
  actualMean: number;
  benchmarkMean: number;
  /** Mean |player − benchmark| over the weeks. */
  meanGap: number;
  /** How much larger the player's week-to-week changes were (mean |Δ| ratio); NaN when the benchmark never moved. */
  churn: number;
  sentence: string;
}

export interface BenchmarkReading {
  role: RoleId;
  policy: string;
  lines: DecisionComparison[];
}

/**
 * "Your rule next to the benchmark" for scenarios with no rule to fit: each week, the benchmark policy
 * is shown exactly the observation the player had and asked what it would decide. Its answers do not
 * change the world, so the comparison is of rules, week by week, in the player's own situation.
 * `history[t]` is the state after week t; `decisions[t − 1]` the recorded decisions of week t.
 */
export function benchmarkOnOwnDesk(
  scenario: AnyScenario,
  history: readonly unknown[],
  options: unknown,
  decisions: readonly Decisions[],
  role: RoleId,
  policy: Policy,
  policyName: string,
): BenchmarkReading {
  const weeks = Math.min(history.length - 1, decisions.length);
  const specs = scenario.decisions(role, options);
  const actual: Record<string, number[]> = {};
  const bench: Record<string, number[]> = {};
  for (const s of specs) {
    actual[s.id] = [];
    bench[s.id] = [];
  }
  for (let t = 1; t <= weeks; t++) {
    const b = policy.decide(scenario.observe(history[t - 1], role, options));
    const a = decisions[t - 1]?.[role] ?? {};
    for (const s of specs) {
      actual[s.id]!.push(a[s.id] ?? s.default);
      bench[s.id]!.push(b[s.id] ?? s.default);
    }
  }
  const lines = specs.map((s) => {
    const xs = actual[s.id]!;
    const ys = bench[s.id]!;
    const actualMean = mean(xs);
    const benchmarkMean = mean(ys);
    const meanGap = mean(xs.map((x, i) => Math.abs(x - ys[i]!)));
    const moves = (v: readonly number[]) => mean(v.slice(1).map((x, i) => Math.abs(x - v[i]!)));
    const churn = moves(ys) > 0 ? moves(xs) / moves(ys) : Number.NaN;
    return {
      decision: s.id,
      label: s.label,
      unit: s.unit,
      actualMean,
      benchmarkMean,
      meanGap,
      churn,
      sentence: comparisonSentence(
        s.label,
        s.unit,
        actualMean,
        benchmarkMean,
        churn,
        policyName,
        s.max - s.min,
      ),
    };
  });
  return { role, policy: policyName, lines };
}

function comparisonSentence(
  label: string,
  unit: string,
  a: number,
  b: number,
  churn: number,
  policy: string,
  range: number,
): string {
  const fmt = (x: number) => formatNumber(x, { decimals: Math.abs(x) >= 100 ? 0 : 1 });
  const level =
    Math.abs(a - b) <= Math.max(0.05 * Math.abs(b), 0.02 * range)
      ? `You set ${label.toLowerCase()} about where a ${policy} player would have (${fmt(a)} ${unit} on average)`
      : `You set ${label.toLowerCase()} ${a > b ? "higher" : "lower"} than a ${policy} player would have in your place: ${fmt(a)} against ${fmt(b)} ${unit} on average`;
  const moves = !Number.isFinite(churn)
    ? ""
    : churn > 1.5
      ? `, and changed it ${formatRatio(churn)} as much from week to week`
      : churn < 0.67
        ? `, and changed it less from week to week (${formatRatio(churn)})`
        : "";
  return `${level}${moves}.`;
}
