import { peak, varianceRatio } from "../analytics/stats.ts";
import { formatRatio } from "../format/number.ts";
import { correlation, mean } from "./stats.ts";

/** How one role's main decision series moved compared with the signal it answered to. */
export interface RoleDynamics {
  role: string;
  /** Var(series) / Var(reference); NaN when the reference never moved. */
  amplification: number;
  peak: number;
  /** 1-based week of the first peak. */
  peakWeek: number;
  /** Weeks between the reference's peak and this role's peak. */
  peakLag: number;
  /**
   * The lag (weeks, ≥ 0) at which this series best matches the movement of the signal it answers to
   * (its own input when given, else the reference), by the largest cross-correlation; null when
   * either series is flat.
   */
  phaseLag: number | null;
}

/** Shift k ≥ 0 maximising corr(reference[t], series[t + k]) over the overlap, first best wins. */
export function phaseLag(
  reference: readonly number[],
  series: readonly number[],
  maxLag = 12,
): number | null {
  let best: number | null = null;
  let bestR = Number.NEGATIVE_INFINITY;
  const n = Math.min(reference.length, series.length);
  for (let k = 0; k <= maxLag && n - k >= 3; k++) {
    const r = correlation(reference.slice(0, n - k), series.slice(k, n));
    if (Number.isFinite(r) && r > bestR + 1e-12) {
      bestR = r;
      best = k;
    }
  }
  return best;
}

/** The core's variance ratio, NaN (not null) when the reference never moved, for plain numeric tables. */
export function amplification(series: readonly number[], reference: readonly number[]): number {
  return varianceRatio(series, reference) ?? Number.NaN;
}

export function roleDynamics(
  role: string,
  series: readonly number[],
  reference: readonly number[],
  input: readonly number[] = reference,
  maxLag = 12,
): RoleDynamics {
  const own = peak(series);
  const ref = peak(reference);
  return {
    role,
    amplification: amplification(series, reference),
    peak: own.value,
    peakWeek: own.week,
    peakLag: own.week - ref.week,
    phaseLag: phaseLag(input, series, maxLag),
  };
}

/** A one-line reading of the chain, e.g. for the whole-system panel's caption. */
export function amplificationSentence(
  dyn: readonly RoleDynamics[],
  labels: Record<string, string>,
  decisionLabel: (role: string) => string = () => "orders",
  referenceLabel = "customer demand",
): string {
  const finite = dyn.filter((d) => Number.isFinite(d.amplification));
  if (finite.length === 0) return "The signal never moved, so there is nothing to amplify.";
  const worst = finite.reduce((a, b) => (b.amplification > a.amplification ? b : a));
  const avg = mean(finite.map((d) => d.amplification));
  const name = labels[worst.role] ?? worst.role;
  if (worst.amplification <= 1.05) {
    return "No role swung harder than the signal it answered to.";
  }
  return `${name}'s ${decisionLabel(worst.role)} swung ${formatRatio(worst.amplification)} as much as ${referenceLabel} (variance ratio); the average over the roles is ${formatRatio(avg)}.`;
}
