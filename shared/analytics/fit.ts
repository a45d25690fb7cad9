// Bounded least-squares machinery: a box-constrained Nelder–Mead and a small linear solver.
// Generic so any scenario's decision rule can be fitted to a player's history.

import { clamp } from "../math/clamp.ts";

export interface Minimum {
  x: number[];
  value: number;
  evaluations: number;
}

export interface MinimizeOptions {
  /** Stop when the simplex's values and its size (in box units) fall below these. */
  tolerance?: number;
  maxEvaluations?: number;
  /** Restarts from the best point; each restart rebuilds a full-size simplex. */
  restarts?: number;
  /** Initial simplex edge as a fraction of each bound's width. */
  step?: number;
}

/**
 * Minimizes `f` over the box lo ≤ x ≤ hi by Nelder–Mead on coordinates scaled to [0, 1],
 * projecting every trial point into the box. Deterministic: no random restarts.
 */
export function minimizeBounded(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
  lo: readonly number[],
  hi: readonly number[],
  options: MinimizeOptions = {},
): Minimum {
  const n = x0.length;
  const tol = options.tolerance ?? 1e-10;
  const maxEval = options.maxEvaluations ?? 4000;
  const restarts = options.restarts ?? 2;
  const step = options.step ?? 0.1;
  const width = lo.map((l, i) => hi[i]! - l);
  const toX = (u: readonly number[]) => u.map((v, i) => lo[i]! + clamp(v, 0, 1) * width[i]!);
  const clampU = (u: readonly number[]) => u.map((v) => clamp(v, 0, 1));
  let evaluations = 0;
  const g = (u: readonly number[]) => {
    evaluations++;
    const v = f(toX(u));
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  let best = clampU(x0.map((x, i) => (width[i]! > 0 ? (x - lo[i]!) / width[i]! : 0)));
  let bestValue = g(best);
  for (let round = 0; round <= restarts && evaluations < maxEval; round++) {
    const pts: number[][] = [best];
    for (let i = 0; i < n; i++) {
      const p = best.slice();
      p[i] = p[i]! + (p[i]! + step > 1 ? -step : step);
      pts.push(p);
    }
    const vals = pts.map((p, i) => (i === 0 ? bestValue : g(p)));
    while (evaluations < maxEval) {
      const order = vals.map((_, i) => i).sort((a, b) => vals[a]! - vals[b]!);
      const sp = order.map((i) => pts[i]!);
      const sv = order.map((i) => vals[i]!);
      pts.splice(0, pts.length, ...sp);
      vals.splice(0, vals.length, ...sv);
      let size = 0;
      for (const p of pts) for (let i = 0; i < n; i++) size = Math.max(size, Math.abs(p[i]! - pts[0]![i]!));
      if (vals[n]! - vals[0]! <= tol * (1 + Math.abs(vals[0]!)) && size < 1e-9) break;
      if (size < 1e-12) break;
      const c = new Array<number>(n).fill(0);
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) c[i] = c[i]! + pts[j]![i]! / n;
      const along = (t: number) => clampU(c.map((ci, i) => ci + t * (pts[n]![i]! - ci)));
      const xr = along(-1);
      const fr = g(xr);
      if (fr < vals[0]!) {
        const xe = along(-2);
        const fe = g(xe);
        if (fe < fr) {
          pts[n] = xe;
          vals[n] = fe;
        } else {
          pts[n] = xr;
          vals[n] = fr;
        }
      } else if (fr < vals[n - 1]!) {
        pts[n] = xr;
        vals[n] = fr;
      } else {
        const xc = fr < vals[n]! ? along(-0.5) : along(0.5);
        const fc = g(xc);
        if (fc < Math.min(fr, vals[n]!)) {
          pts[n] = xc;
          vals[n] = fc;
        } else {
          for (let j = 1; j <= n; j++) {
            pts[j] = pts[j]!.map((v, i) => pts[0]![i]! + 0.5 * (v - pts[0]![i]!));
            vals[j] = g(pts[j]!);
          }
        }
      }
    }
    let k = 0;
    for (let j = 1; j < vals.length; j++) if (vals[j]! < vals[k]!) k = j;
    if (vals[k]! <= bestValue) {
      best = pts[k]!;
      bestValue = vals[k]!;
    }
  }
  return { x: toX(best), value: bestValue, evaluations };
}

/**
 * Ordinary least squares: the b minimizing |X·b − y|², by the normal equations with partial
 * pivoting. Columns that carry no information get coefficient 0.
 */
export function linearLeastSquares(X: readonly (readonly number[])[], y: readonly number[]): number[] {
  const k = X[0]?.length ?? 0;
  const A = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0));
  for (let t = 0; t < X.length; t++) {
    const row = X[t]!;
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) A[i]![j] = A[i]![j]! + row[i]! * row[j]!;
      A[i]![k] = A[i]![k]! + row[i]! * y[t]!;
    }
  }
  const b = new Array<number>(k).fill(0);
  const pivotOf = new Array<number>(k).fill(-1);
  let r = 0;
  for (let col = 0; col < k && r < k; col++) {
    let p = r;
    for (let i = r + 1; i < k; i++) if (Math.abs(A[i]![col]!) > Math.abs(A[p]![col]!)) p = i;
    const scale = Math.max(1e-300, ...A.map((row) => Math.abs(row[col]!)));
    if (Math.abs(A[p]![col]!) <= 1e-10 * scale) continue;
    [A[r], A[p]] = [A[p]!, A[r]!];
    for (let i = 0; i < k; i++) {
      if (i === r) continue;
      const m = A[i]![col]! / A[r]![col]!;
      if (m !== 0) for (let j = col; j <= k; j++) A[i]![j] = A[i]![j]! - m * A[r]![j]!;
    }
    pivotOf[col] = r;
    r++;
  }
  for (let col = 0; col < k; col++) {
    const row = pivotOf[col]!;
    if (row >= 0) b[col] = A[row]![k]! / A[row]![col]!;
  }
  return b;
}
