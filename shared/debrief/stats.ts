// Numeric helpers the debrief needs beyond the core's analytics (shared/analytics/stats.ts).

import { mean, peak } from "../analytics/stats.ts";

export { mean, peak };

export function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

/** Pearson correlation; NaN when either series is flat (no shape to compare). */
export function correlation(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  if (n < 2) return Number.NaN;
  const ma = mean(a.slice(0, n));
  const mb = mean(b.slice(0, n));
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return Number.NaN;
  return sab / Math.sqrt(saa * sbb);
}

/** Rounds for display without trailing noise (0.1 + 0.2 → 0.3). */
export function roundTo(x: number, digits: number): number {
  const f = Number(`1e${digits}`); // exact, where 10 ** n may not be in every engine
  return Math.round(x * f) / f;
}
