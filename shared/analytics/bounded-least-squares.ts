// Least squares under linear inequality constraints, for problems of a handful of unknowns: the
// decision-rule fit solves thousands of 3-unknown problems per player, so it enumerates active
// sets outright (exact for a convex quadratic) and allocates nothing per solve.

/**
 * Minimizes vᵀHv − 2gᵀv subject to G·v ≥ lower (row by row), H positive semi-definite: the
 * normal-equation form of |X·v − y|² with H = XᵀX, g = Xᵀy. Built once per constraint set.
 */
export class BoundedLeastSquares {
  readonly k: number;
  private readonly G: Float64Array;
  private readonly lower: Float64Array;
  /** Every set of at most k constraints to hold with equality, smallest first. */
  private readonly subsets: number[][];
  private readonly kkt: Float64Array;
  private readonly rhs: Float64Array;
  private readonly trial: Float64Array;
  /** Index in `subsets` of the active set that solved the previous problem. */
  private last = 0;

  constructor(constraints: readonly (readonly number[])[], lower: readonly number[]) {
    const k = constraints[0]?.length ?? 0;
    this.k = k;
    this.G = Float64Array.from(constraints.flat());
    this.lower = Float64Array.from(lower);
    const m = constraints.length;
    const subsets: number[][] = [[]];
    for (let size = 1; size <= k; size++) {
      const pick = (start: number, chosen: number[]) => {
        if (chosen.length === size) {
          subsets.push(chosen);
          return;
        }
        for (let i = start; i < m; i++) pick(i + 1, [...chosen, i]);
      };
      pick(0, []);
    }
    this.subsets = subsets;
    const size = 2 * k;
    this.kkt = new Float64Array(size * (size + 1));
    this.rhs = new Float64Array(size);
    this.trial = new Float64Array(k);
  }

  /**
   * Writes the minimizer into `out` and returns vᵀHv − 2gᵀv there (add yᵀy for the squared
   * error). Returns Infinity when no active set gives a feasible, determined point.
   */
  solve(H: Float64Array, g: Float64Array, out: Float64Array): number {
    let gScale = 0;
    for (let i = 0; i < this.k; i++) gScale = Math.max(gScale, Math.abs(g[i]!));
    const tol = 1e-9 * (1 + gScale);
    // With H regular the minimum is unique, so successive solves, usually alike, try the last
    // optimal active set first. With H singular many points may be optimal: the sets are tried in
    // their fixed order (fewest constraints first, then in the order given) so the answer does
    // not depend on earlier solves.
    const regular = this.solveEquality(H, g, this.subsets[0]!);
    let best = Number.POSITIVE_INFINITY;
    const count = this.subsets.length;
    for (let s = regular ? -1 : 0; s < count; s++) {
      const index = s < 0 ? this.last : s;
      if (s >= 0 && regular && s === this.last) continue;
      const active = this.subsets[index]!;
      if (!this.solveEquality(H, g, active)) continue;
      if (!this.feasible()) continue;
      const value = this.objective(H, g);
      if (value < best) {
        best = value;
        out.set(this.trial);
      }
      // Feasible with multipliers of the right sign: the minimum (the problem is convex).
      let optimal = true;
      for (let i = 0; i < active.length; i++) if (this.rhs[this.k + i]! > tol) optimal = false;
      if (optimal) {
        if (regular) this.last = index;
        return value;
      }
    }
    return best;
  }

  private objective(H: Float64Array, g: Float64Array): number {
    const { k, trial: v } = this;
    let s = 0;
    for (let i = 0; i < k; i++) {
      let hv = 0;
      for (let j = 0; j < k; j++) hv += H[i * k + j]! * v[j]!;
      s += v[i]! * (hv - 2 * g[i]!);
    }
    return s;
  }

  private feasible(): boolean {
    const { k, G, lower, trial: v } = this;
    for (let r = 0; r < lower.length; r++) {
      let s = 0;
      let scale = Math.abs(lower[r]!);
      for (let j = 0; j < k; j++) {
        s += G[r * k + j]! * v[j]!;
        scale += Math.abs(G[r * k + j]! * v[j]!);
      }
      if (s < lower[r]! - 1e-12 * (1 + scale)) return false;
    }
    return true;
  }

  /** The KKT system [H Eᵀ; E 0]·[v; λ] = [g; lower_E] by Gaussian elimination; false when singular. */
  private solveEquality(H: Float64Array, g: Float64Array, active: readonly number[]): boolean {
    const { k, G, lower, kkt: A, rhs } = this;
    const n = k + active.length;
    const w = n + 1;
    let scale = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let v = 0;
        if (i < k && j < k) v = H[i * k + j]!;
        else if (i < k) v = G[active[j - k]! * k + i]!;
        else if (j < k) v = G[active[i - k]! * k + j]!;
        A[i * w + j] = v;
        scale = Math.max(scale, Math.abs(v));
      }
      A[i * w + n] = i < k ? g[i]! : lower[active[i - k]!]!;
    }
    for (let col = 0; col < n; col++) {
      let p = col;
      for (let i = col + 1; i < n; i++) if (Math.abs(A[i * w + col]!) > Math.abs(A[p * w + col]!)) p = i;
      if (!(Math.abs(A[p * w + col]!) > 1e-12 * scale)) return false;
      if (p !== col) {
        for (let j = col; j <= n; j++) {
          const t = A[col * w + j]!;
          A[col * w + j] = A[p * w + j]!;
          A[p * w + j] = t;
        }
      }
      for (let i = col + 1; i < n; i++) {
        const f = A[i * w + col]! / A[col * w + col]!;
        if (f !== 0) for (let j = col; j <= n; j++) A[i * w + j] = A[i * w + j]! - f * A[col * w + j]!;
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = A[i * w + n]!;
      for (let j = i + 1; j < n; j++) s -= A[i * w + j]! * rhs[j]!;
      rhs[i] = s / A[i * w + i]!;
    }
    for (let i = 0; i < k; i++) this.trial[i] = rhs[i]!;
    return true;
  }
}
