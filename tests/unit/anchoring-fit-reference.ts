// The decision-rule fit as it first shipped: a Nelder–Mead search in all four parameters from the
// best linear starts. Far slower than shared/analytics/decision-rule.ts; kept to check that the
// fast fit gives the same answers.
import {
  type AnchoringFit,
  anchoringOrders,
  type DecisionHistory,
  FIT_BOUNDS,
} from "../../shared/analytics/decision-rule.ts";
import { linearLeastSquares, minimizeBounded } from "../../shared/analytics/fit.ts";
import { rSquared } from "../../shared/analytics/stats.ts";
import { clamp } from "../../shared/math/clamp.ts";

function smoothed(h: DecisionHistory, theta: number): number[] {
  const out: number[] = [];
  let lhat = h.initialExpectation ?? 4;
  for (const l of h.incoming) {
    lhat = theta * l + (1 - theta) * lhat;
    out.push(lhat);
  }
  return out;
}

export function referenceFit(h: DecisionHistory): AnchoringFit {
  const from = h.from ?? 0;
  const n = h.orders.length;
  const scored = h.orders.slice(from);
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
