// How sure a decision-rule fit is: a residual bootstrap. The weeks' inputs (what the player saw)
// stay as recorded; the orders are rebuilt from the fitted rule plus residuals drawn with
// replacement, and the rule is fitted again. The spread of the refits is the parameter's interval.
// Seeded from the core's generator, so the same history gives the same intervals everywhere.

import { createRng, seedRng } from "../engine/rng.ts";
import {
  type AnchoringFit,
  anchoringOrders,
  type DecisionHistory,
  FIT_BOUNDS,
  fitAnchoringRule,
} from "./decision-rule.ts";
import { variance } from "./stats.ts";

export type RuleParam = "theta" | "alpha" | "beta" | "sprime";
export const RULE_PARAMS: readonly RuleParam[] = ["theta", "alpha", "beta", "sprime"];

export interface RuleIntervals {
  /** Per parameter, the [5th, 95th] percentile of the refits (a 90% interval). */
  ci: Record<RuleParam, [number, number]>;
  /** Whether the data pin the parameter down: enough weeks, the orders vary and the interval is narrow. */
  identified: Record<RuleParam, boolean>;
  /** Whether the orders varied at all after the warm-up. */
  ordersVary: boolean;
}

export interface BootstrapOptions {
  replicates?: number;
  seed?: number;
}

/** Widest 90% interval that still counts as identified, as a share of the parameter's range. */
const NARROW = { theta: 0.4, alpha: 0.3, beta: 0.4 } as const;
/** S′ is in cases: identified when its interval is within this many cases, or this share of S′. */
const NARROW_SPRIME_CASES = 15;
const NARROW_SPRIME_SHARE = 0.5;
/** Below this α the rule barely corrects its stock, so β and S′ (which act only through α) say nothing. */
export const ALPHA_NONE = 0.03;
/** Fewer scored weeks than this cannot separate four parameters from noise: a perfect fit says nothing. */
export const MIN_IDENTIFY_WEEKS = 8;
/** Orders whose variance is below this (cases²) are treated as constant. */
const FLAT = 1e-6;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = (sorted.length - 1) * p;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
}

/** The 90% intervals and what they identify, for a fit of `h`. */
export function bootstrapAnchoringRule(
  h: DecisionHistory,
  fit: AnchoringFit,
  options: BootstrapOptions = {},
): RuleIntervals {
  const replicates = options.replicates ?? 200;
  const rng = createRng(seedRng(options.seed ?? 1989));
  const from = h.from ?? 0;
  const scored = h.orders.slice(from);
  const ordersVary = variance(scored) > FLAT;
  const fitted = anchoringOrders(h, fit);
  const residuals = scored.map((o, i) => o - fitted[from + i]!);
  const draws: Record<RuleParam, number[]> = { theta: [], alpha: [], beta: [], sprime: [] };
  if (ordersVary) {
    for (let b = 0; b < replicates; b++) {
      const orders = h.orders.map((o, t) =>
        t < from ? o : Math.max(0, fitted[t]! + residuals[Math.floor(rng.next() * residuals.length)]!),
      );
      const refit = fitAnchoringRule({ ...h, orders });
      for (const p of RULE_PARAMS) draws[p].push(refit[p]);
    }
  }
  const ci = {} as Record<RuleParam, [number, number]>;
  for (const p of RULE_PARAMS) {
    const sorted = draws[p].sort((a, b) => a - b);
    ci[p] = ordersVary ? [percentile(sorted, 0.05), percentile(sorted, 0.95)] : [fit[p], fit[p]];
  }
  const width = (p: RuleParam) => ci[p][1] - ci[p][0];
  const enough = scored.length >= MIN_IDENTIFY_WEEKS;
  const corrects = ordersVary && enough && ci.alpha[0] > ALPHA_NONE;
  const sprimeNarrow =
    width("sprime") <= Math.max(NARROW_SPRIME_CASES, NARROW_SPRIME_SHARE * Math.abs(fit.sprime)) &&
    ci.sprime[1] < FIT_BOUNDS.sprime[1];
  const identified: Record<RuleParam, boolean> = {
    theta: ordersVary && enough && width("theta") <= NARROW.theta,
    alpha: ordersVary && enough && width("alpha") <= NARROW.alpha,
    beta: corrects && width("beta") <= NARROW.beta,
    sprime: corrects && sprimeNarrow,
  };
  return { ci, identified, ordersVary };
}
