import { formatNumber } from "../format/number.ts";
import { correlation, mean, peak } from "./stats.ts";

/** A point a player drew: their belief of the hidden series at a week. */
export interface SketchPoint {
  week: number;
  value: number;
}

/**
 * Turns the points of a sketch into one value per week 1…weeks: linear between drawn points,
 * flat before the first and after the last (a player who drew only the start believed it stayed).
 */
export function sketchToSeries(points: readonly SketchPoint[], weeks: number): number[] {
  const pts = [...points]
    .filter((p) => Number.isFinite(p.week) && Number.isFinite(p.value))
    .sort((a, b) => a.week - b.week);
  const out: number[] = [];
  if (pts.length === 0) return out;
  let j = 0;
  for (let w = 1; w <= weeks; w++) {
    while (j + 1 < pts.length && pts[j + 1]!.week <= w) j++;
    const a = pts[j]!;
    const b = pts[j + 1];
    if (w <= pts[0]!.week) out.push(pts[0]!.value);
    else if (b === undefined) out.push(a.value);
    else if (b.week === a.week) out.push(b.value);
    else out.push(a.value + ((b.value - a.value) * (w - a.week)) / (b.week - a.week));
  }
  return out;
}

export interface BeliefComparison {
  /** Mean of |belief − truth| over the weeks. */
  meanAbsError: number;
  /** Mean of (belief − truth): > 0 means the player believed the series was higher than it was. */
  bias: number;
  /** Correlation of shape; NaN when either is flat. */
  shape: number;
  beliefMin: number;
  beliefMax: number;
  truthMin: number;
  truthMax: number;
  beliefPeakWeek: number;
  truthPeakWeek: number;
  /**
   * How far each line fell back from its peak by the end: 0 = it ended at its peak (a step that
   * held), 1 = it ended at its lowest (a boom that faded). NaN for a flat line.
   */
  beliefFade: number;
  truthFade: number;
}

/** Share of its range a line lost between its peak and its last quarter (NaN when flat). */
export function fadeFromPeak(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  if (hi - lo < 1e-9) return Number.NaN;
  const tail = xs.slice(Math.floor((xs.length * 3) / 4));
  return (hi - mean(tail)) / (hi - lo);
}

export function compareBelief(belief: readonly number[], truth: readonly number[]): BeliefComparison {
  const n = Math.min(belief.length, truth.length);
  const b = belief.slice(0, n);
  const t = truth.slice(0, n);
  const diffs = b.map((x, i) => x - t[i]!);
  return {
    meanAbsError: mean(diffs.map(Math.abs)),
    bias: mean(diffs),
    shape: correlation(b, t),
    beliefMin: Math.min(...b),
    beliefMax: Math.max(...b),
    truthMin: Math.min(...t),
    truthMax: Math.max(...t),
    beliefPeakWeek: peak(b).week,
    truthPeakWeek: peak(t).week,
    beliefFade: fadeFromPeak(b),
    truthFade: fadeFromPeak(t),
  };
}

/** One plain sentence a facilitator can read aloud next to the overlaid sketch. */
export function beliefSentence(c: BeliefComparison, what: string, unit: string): string {
  const rng = (lo: number, hi: number) =>
    Math.abs(hi - lo) < 0.5
      ? `about ${formatNumber(lo)} ${unit}`
      : `between ${formatNumber(lo)} and ${formatNumber(hi)} ${unit}`;
  const believed = `You drew ${what} ${rng(c.beliefMin, c.beliefMax)}`;
  const truth = `it was ${rng(c.truthMin, c.truthMax)}`;
  const swing = c.beliefMax - c.beliefMin;
  const trueSwing = c.truthMax - c.truthMin;
  let verdict: string;
  if (swing > trueSwing * 1.5 + 1) verdict = "you expected far more swing than there was";
  else if (swing + 1 < trueSwing * 0.5) verdict = "it moved more than you expected";
  else if (Math.abs(c.beliefFade - c.truthFade) > 0.4) {
    // The same range can tell opposite stories, and the story is the lesson: a boom that fades is
    // not a step that holds (any level error follows from it, so the shape is said first).
    verdict =
      c.truthFade > c.beliefFade
        ? "you drew it holding up, but it fell back from its peak"
        : "you drew it falling back, but it held up";
  } else if (Math.abs(c.bias) > Math.max(1, 0.25 * Math.abs(c.truthMax))) {
    verdict = c.bias > 0 ? "you believed it was higher than it was" : "you believed it was lower than it was";
  } else if (
    (trueSwing > 1 && swing > 1 && c.shape < 0.6) ||
    c.meanAbsError > Math.max(0.5, Math.min(0.15 * Math.abs(c.truthMax), 0.3 * trueSwing))
  ) {
    verdict = "the range was right but not the timing";
  } else verdict = "close to the truth";
  return `${believed}; ${truth}: ${verdict}.`;
}
