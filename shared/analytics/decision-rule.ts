// The decision-rule fit: Sterman (1989) estimated, for every subject, the parameters of the
// anchoring-and-adjustment rule that best reproduced their orders. This does the same.

import { clamp } from "../math/clamp.ts";
import { BoundedLeastSquares } from "./bounded-least-squares.ts";
import { minimizeScalar } from "./minimize-scalar.ts";
import { rSquared } from "./stats.ts";

/** What a player saw and did at each decision, in week order. */
export interface DecisionHistory {
  /** Incoming order each week (L_t). */
  incoming: readonly number[];
  /** Effective inventory at the decision: inventory − backlog (S_t). */
  stock: readonly number[];
  /** Supply line at the decision: ordered, not yet received (SL_t). */
  supplyLine: readonly number[];
  /** The order placed (O_t). */
  orders: readonly number[];
  /** Index of the first week to score (earlier weeks only feed the demand forecast). Default 0. */
  from?: number;
  /** Expected demand before the first week (L̂₀). Default 4, the board's steady flow. */
  initialExpectation?: number;
}

export interface AnchoringFit {
  theta: number;
  alpha: number;
  beta: number;
  sprime: number;
  /** Share of the orders' variance the fitted rule reproduces. */
  r2: number;
  /** Sum of squared errors and the number of weeks scored. */
  sse: number;
  weeks: number;
}

export const FIT_BOUNDS = {
  theta: [0, 1],
  alpha: [0, 1],
  beta: [0, 1],
  sprime: [0, 500],
} as const;

/** The rule's orders for given parameters: max(0, L̂ + α·(S′ − S − β·SL)), L̂ smoothed with θ. */
export function anchoringOrders(
  h: DecisionHistory,
  p: { theta: number; alpha: number; beta: number; sprime: number },
): number[] {
  const out: number[] = [];
  let lhat = h.initialExpectation ?? 4;
  for (let t = 0; t < h.orders.length; t++) {
    lhat = p.theta * h.incoming[t]! + (1 - p.theta) * lhat;
    const o = lhat + p.alpha * (p.sprime - h.stock[t]! - p.beta * h.supplyLine[t]!);
    out.push(Math.max(o, 0));
  }
  return out;
}

// v = (α·S′, α, α·β) keeps θ's rule linear: orders = max(0, L̂ + v₀ − v₁·S − v₂·SL). The box on
// (α, β, S′) becomes: 0 ≤ α ≤ 1, 0 ≤ α·β ≤ α, 0 ≤ α·S′ ≤ S′max·α.
const RULE_CONSTRAINTS = [
  [0, 1, 0],
  [0, -1, 0],
  [0, 0, 1],
  [0, 1, -1],
  [1, 0, 0],
  [-1, FIT_BOUNDS.sprime[1], 0],
];
const RULE_LOWER = [0, -1, 0, 0, 0, 0];

/** Errors this close (relative) are equal: rounding, not a better fit. */
const TIE = 1e-14;
/** How closely θ is located (absolute, plus √ε relative). */
const THETA_TOLERANCE = 1e-10;

/**
 * Fits θ, α, β, S′ by bounded non-linear least squares (θ, α, β ∈ [0, 1], S′ ∈ [0, 500]),
 * the floor at zero included. For a fixed θ the rule is linear in (α·S′, α, α·β) except where the
 * floor binds, so the best (α, β, S′) for that θ is a constrained linear least-squares problem on
 * the weeks the rule orders above zero, re-solved until that set of weeks settles. The error left
 * is then a function of θ alone: scanned on a grid, and each of its lowest dips refined by
 * Brent's method.
 */
export function fitAnchoringRule(h: DecisionHistory): AnchoringFit {
  const from = h.from ?? 0;
  const n = h.orders.length;
  if (h.incoming.length < n || h.stock.length < n || h.supplyLine.length < n) {
    throw new Error("decision history: every series needs one value per order");
  }
  const scored = h.orders.slice(from);
  if (scored.length < 4)
    throw new Error(`decision history: need at least 4 weeks to fit, got ${scored.length}`);
  const incoming = Float64Array.from(h.incoming.slice(0, n));
  const stock = Float64Array.from(h.stock.slice(0, n));
  const supplyLine = Float64Array.from(h.supplyLine.slice(0, n));
  const orders = Float64Array.from(h.orders);
  const lhat0 = h.initialExpectation ?? 4;
  const sprimeMax = FIT_BOUNDS.sprime[1];

  // One solver per fit: it starts each solve from the previous one's active set.
  const qp = new BoundedLeastSquares(RULE_CONSTRAINTS, RULE_LOWER);
  const lhat = new Float64Array(n);
  const above = new Uint8Array(n);
  const H = new Float64Array(9);
  const g = new Float64Array(3);
  const v = new Float64Array(3);
  const current = { theta: 0, alpha: 0, beta: 0, sprime: 0, sse: Number.POSITIVE_INFINITY };
  const best = { ...current };
  // The true squared error, floor included, in the same arithmetic as anchoringOrders.
  const sse = (theta: number, alpha: number, beta: number, sprime: number) => {
    let l = lhat0;
    let s = 0;
    for (let t = 0; t < n; t++) {
      l = theta * incoming[t]! + (1 - theta) * l;
      if (t < from) continue;
      const o = Math.max(l + alpha * (sprime - stock[t]! - beta * supplyLine[t]!), 0);
      s += (orders[t]! - o) ** 2;
    }
    return s;
  };
  // Lower error wins; among equally good fits (a player who ordered the same every week fits
  // many rules exactly), the one that adjusts least.
  const better = (e: number, alpha: number, than: { sse: number; alpha: number }) => {
    if (than.sse === Number.POSITIVE_INFINITY) return true;
    const tie = TIE * (1 + than.sse);
    return e < than.sse - tie || (e <= than.sse + tie && alpha < than.alpha - 1e-9);
  };
  // Least squares over the weeks marked in `above`, re-solved until the weeks the solution orders
  // above zero are the weeks it was fitted on; the best point seen goes into `current`.
  const settle = (theta: number) => {
    for (let iteration = 0; iteration < 30; iteration++) {
      H.fill(0);
      g.fill(0);
      for (let t = from; t < n; t++) {
        if (!above[t]) continue;
        const x1 = -stock[t]!;
        const x2 = -supplyLine[t]!;
        const y = orders[t]! - lhat[t]!;
        H[0] = H[0]! + 1;
        H[1] = H[1]! + x1;
        H[2] = H[2]! + x2;
        H[4] = H[4]! + x1 * x1;
        H[5] = H[5]! + x1 * x2;
        H[8] = H[8]! + x2 * x2;
        g[0] = g[0]! + y;
        g[1] = g[1]! + x1 * y;
        g[2] = g[2]! + x2 * y;
      }
      H[3] = H[1]!;
      H[6] = H[2]!;
      H[7] = H[5]!;
      if (qp.solve(H, g, v) === Number.POSITIVE_INFINITY) return;
      const alpha = clamp(v[1]!, 0, 1);
      const beta = alpha > 1e-12 ? clamp(v[2]! / alpha, 0, 1) : 0;
      const sprime = alpha > 1e-12 ? clamp(v[0]! / alpha, 0, sprimeMax) : 0;
      const e = sse(theta, alpha, beta, sprime);
      if (better(e, alpha, current)) Object.assign(current, { theta, alpha, beta, sprime, sse: e });
      let changed = false;
      for (let t = from; t < n; t++) {
        const z = lhat[t]! + v[0]! - v[1]! * stock[t]! - v[2]! * supplyLine[t]!;
        const a = z > 0 ? 1 : 0;
        if (a !== above[t]) {
          above[t] = a;
          changed = true;
        }
      }
      if (!changed) return;
    }
  };
  // The best (α, β, S′) for θ, into `current`; returns its squared error. Two starts for the
  // weeks above the floor: the weeks with orders (zero orders may be the floor at work), and the
  // weeks the best rule so far orders above zero (the floor can hide a better fit from the first).
  const smooth = (theta: number) => {
    let l = lhat0;
    for (let t = 0; t < n; t++) {
      l = theta * incoming[t]! + (1 - theta) * l;
      lhat[t] = l;
    }
  };
  const markBest = () => {
    for (let t = from; t < n; t++) {
      const z = lhat[t]! + best.alpha * (best.sprime - stock[t]! - best.beta * supplyLine[t]!);
      above[t] = z > 0 ? 1 : 0;
    }
  };
  const keep = () => {
    if (better(current.sse, current.alpha, best)) Object.assign(best, current);
  };
  // Sets of weeks already settled on at this θ: settling from one again changes nothing.
  const settled = [new Uint8Array(n), new Uint8Array(n), new Uint8Array(n)];
  let nSettled = 0;
  const settleOnce = (theta: number) => {
    for (let k = 0; k < nSettled; k++) {
      let same = true;
      for (let t = from; t < n && same; t++) same = settled[k]![t] === above[t];
      if (same) return;
    }
    settle(theta);
    settled[nSettled++]!.set(above);
  };
  const atTheta = (theta: number) => {
    smooth(theta);
    current.sse = Number.POSITIVE_INFINITY;
    nSettled = 0;
    for (let t = 0; t < n; t++) above[t] = t >= from && orders[t]! > 0 ? 1 : 0;
    settleOnce(theta);
    if (best.sse < Number.POSITIVE_INFINITY) {
      markBest();
      settleOnce(theta);
    }
    for (let t = 0; t < n; t++) above[t] = t >= from ? 1 : 0;
    settleOnce(theta);
    keep();
    return current.sse;
  };
  // θ within one grid step of `center`.
  const refine = (center: number) => {
    minimizeScalar(atTheta, Math.max(0, center - 1 / 20), Math.min(1, center + 1 / 20), THETA_TOLERANCE);
  };
  // The floor splits the error for one θ into pieces: a week ordered above zero that the rule
  // puts at zero may be better given up on, or won back, than the solves above settle on. Flip each
  // such week at the best θ in turn; true when that lowered the error.
  const flipWeeks = () => {
    const before = best.sse;
    const theta = best.theta;
    smooth(theta);
    for (let t = from; t < n; t++) {
      if (!(orders[t]! > 0)) continue;
      markBest();
      above[t] = 1 - above[t]!;
      current.sse = Number.POSITIVE_INFINITY;
      settle(theta);
      keep();
    }
    return best.sse < before - 1e-12 * (1 + before);
  };

  const grid: number[] = [];
  for (let i = 0; i <= 20; i++) grid.push(atTheta(i / 20));
  // The grid's local minima, lowest first; the three lowest are refined.
  const dips = grid
    .map((e, i) => ({ e, i }))
    .filter(({ e, i }) => (i === 0 || e <= grid[i - 1]!) && (i === 20 || e <= grid[i + 1]!))
    .sort((a, b) => a.e - b.e)
    .slice(0, 3);
  for (const { i } of dips) refine(i / 20);
  for (let round = 0; round < 5 && flipWeeks(); round++) refine(best.theta);
  const { theta, alpha, beta, sprime } = best;
  const fitted = { theta, alpha, beta, sprime };
  const pred = anchoringOrders(h, fitted).slice(from);
  return { ...fitted, r2: rSquared(scored, pred), sse: best.sse, weeks: scored.length };
}
