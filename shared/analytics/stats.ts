// Small statistics used across scenarios and the debrief. Pure functions on plain arrays.

export function mean(xs: ArrayLike<number>): number {
  if (xs.length === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

/** Population variance (divide by n): amplification ratios compare series of equal length. */
export function variance(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i]! - m) * (xs[i]! - m);
  return xs.length === 0 ? Number.NaN : s / xs.length;
}

/** Sample standard deviation (divide by n − 1), for summaries over replications; 0 for one value. */
export function sampleSd(xs: ArrayLike<number>): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i]! - m) * (xs[i]! - m);
  return Math.sqrt(s / (xs.length - 1));
}

export interface Summary {
  mean: number;
  sd: number;
  min: number;
  max: number;
}

/** Mean, sample sd, min and max. */
export function summarize(xs: ArrayLike<number>): Summary {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return { mean: mean(xs), sd: sampleSd(xs), min, max };
}

/**
 * Var(output) / Var(input): how much a stage amplifies the variation it receives (the bullwhip).
 * Null when the input does not vary, where the ratio means nothing.
 */
export function varianceRatio(output: ArrayLike<number>, input: ArrayLike<number>): number | null {
  const vi = variance(input);
  if (!(vi > 1e-12)) return null;
  return variance(output) / vi;
}

/**
 * Amplification as the debrief shows it: varianceRatio, and where the input does not vary, ∞ if the
 * output does and 1 if neither does.
 */
export function amplificationRatio(output: ArrayLike<number>, input: ArrayLike<number>): number {
  const ratio = varianceRatio(output, input);
  if (ratio !== null) return ratio;
  return sampleSd(output) > 0 ? Number.POSITIVE_INFINITY : 1;
}

/** The largest value and the 1-based week it first occurs in (index 0 = week 1). */
export function peak(xs: readonly number[]): { value: number; week: number } {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[best]!) best = i;
  return { value: xs.length ? xs[best]! : Number.NaN, week: xs.length ? best + 1 : 0 };
}

/** 1 − SSE/SST; 1 for a perfect fit of a constant series, 0 for an imperfect one. */
export function rSquared(observed: readonly number[], predicted: readonly number[]): number {
  const m = mean(observed);
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < observed.length; i++) {
    const o = observed[i]!;
    sse += (o - predicted[i]!) ** 2;
    sst += (o - m) ** 2;
  }
  if (sst < 1e-12) return sse < 1e-12 ? 1 : 0;
  return 1 - sse / sst;
}
