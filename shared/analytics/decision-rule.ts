// The decision-rule fit: Sterman (1989) estimated, for every subject, the parameters of the
// anchoring-and-adjustment rule that best reproduced their orders. This does the same.

import { clamp } from "../math/clamp.ts";
import { linearLeastSquares, minimizeBounded } from "./fit.ts";
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

function smoothed(h: DecisionHistory, theta: number): number[] {
  const out: number[] = [];
  let lhat = h.initialExpectation ?? 4;
  for (const l of h.incoming) {
    lhat = theta * l + (1 - theta) * lhat;
    out.push(lhat);
  }
  return out;
}

/**
 * Fits θ, α, β, S′ by bounded non-linear least squares (θ, α, β ∈ [0, 1], S′ ∈ [0, 500]).
 * For each θ on a grid the rule is linear in (α·S′, α, α·β) apart from the floor at zero, so a
 * linear solve gives a start; a box-constrained Nelder–Mead then minimizes the true squared
 * error, floor included, from the best starts.
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
  const sse = (x: readonly number[]) => {
    const pred = anchoringOrders(h, { theta: x[0]!, alpha: x[1]!, beta: x[2]!, sprime: x[3]! });
    let s = 0;
    for (let t = from; t < n; t++) s += (h.orders[t]! - pred[t]!) ** 2;
    return s;
  };
  const lo = [0, 0, 0, 0];
  const hi = [1, 1, 1, FIT_BOUNDS.sprime[1]];
  const starts: { x: number[]; v: number }[] = [];
  for (let i = 0; i <= 20; i++) {
    const theta = i / 20;
    const lhat = smoothed(h, theta);
    // Weeks ordered at zero may be the floor at work: leave them out of the linear start.
    const X: number[][] = [];
    const y: number[] = [];
    for (let t = from; t < n; t++) {
      if (h.orders[t]! <= 0) continue;
      X.push([1, -h.stock[t]!, -h.supplyLine[t]!]);
      y.push(h.orders[t]! - lhat[t]!);
    }
    const [c = 0, a = 0, d = 0] = X.length >= 3 ? linearLeastSquares(X, y) : [];
    const alpha = clamp(a, 0, 1);
    const beta = alpha > 1e-9 ? clamp(d / alpha, 0, 1) : 0;
    const sprime = alpha > 1e-9 ? clamp(c / alpha, 0, hi[3]!) : 0;
    const x = [theta, alpha, beta, sprime];
    starts.push({ x, v: sse(x) });
  }
  starts.sort((a, b) => a.v - b.v);
  let best = { x: starts[0]!.x, value: starts[0]!.v };
  for (const s of [...starts.slice(0, 3), { x: [0.36, 0.26, 0.34, 17], v: 0 }]) {
    const m = minimizeBounded(sse, s.x, lo, hi, { restarts: 3 });
    if (m.value < best.value) best = m;
  }
  const [theta, alpha, beta, sprime] = best.x as [number, number, number, number];
  const fitted = { theta, alpha, beta, sprime };
  const pred = anchoringOrders(h, fitted).slice(from);
  return { ...fitted, r2: rSquared(scored, pred), sse: best.value, weeks: scored.length };
}
