import { formatCount, formatNumber, formatPercent } from "../format/number.ts";
import { roundTo } from "./stats.ts";

/** The anchoring-and-adjustment rule's parameters (Sterman 1989), as fitted or as a benchmark. */
export interface AnchorRule {
  theta: number;
  alpha: number;
  beta: number;
  sprime: number;
}

export interface RuleLine {
  id: keyof AnchorRule;
  symbol: string;
  value: number;
  benchmark: number;
  /** The player's parameter in plain words. */
  sentence: string;
  /** What the benchmark value would mean, in the same words. */
  benchmarkSentence: string;
}

export interface RuleReading {
  lines: RuleLine[];
  /** Goodness of fit in plain words, so nobody over-reads a poor fit. */
  fitSentence: string;
  /** One line a facilitator can read aloud. */
  summary: string;
}

/** Mean estimates over Sterman's 1989 subjects: what a typical player does. */
export const TYPICAL_PLAYER: AnchorRule = { theta: 0.36, alpha: 0.26, beta: 0.34, sprime: 17 };

export function thetaSentence(theta: number): string {
  if (theta >= 0.95) return "you forecast next week's orders as exactly this week's incoming order";
  if (theta <= 0.05) return "you kept your forecast fixed and ignored the latest incoming orders";
  return `each week you moved your forecast ${formatPercent(theta)} of the way toward the latest incoming order`;
}

export function alphaSentence(alpha: number): string {
  if (alpha <= 0.02)
    return "you did not order to close gaps in your stock; you only replaced what was ordered";
  return `you ordered to close ${formatPercent(alpha)} of the gap between the stock you wanted and the stock you had, each week`;
}

export function betaSentence(beta: number): string {
  if (beta >= 0.95) return "you counted all of your supply line — the cases ordered but not yet arrived";
  if (beta <= 0.05) return "you ignored your supply line: cases already ordered did not hold back new orders";
  return `you counted ${formatPercent(beta)} of your supply line (cases ordered but not yet arrived)`;
}

export function sprimeSentence(sprime: number, unit = "cases"): string {
  return `you aimed for about ${formatCount(sprime)} ${unit} of stock plus supply line`;
}

/** Reads a fitted rule against a benchmark rule, in words a team can discuss. */
/** Below this many decisions a fit describes noise as readily as a rule. */
export const MIN_FIT_WEEKS = 10;

export function readAnchorRule(
  fit: AnchorRule & { r2: number; weeks?: number },
  benchmark: AnchorRule = TYPICAL_PLAYER,
  unit = "cases",
): RuleReading {
  const sentence = {
    theta: thetaSentence,
    alpha: alphaSentence,
    beta: betaSentence,
    sprime: (x: number) => sprimeSentence(x, unit),
  } as const;
  const symbols = { theta: "θ", alpha: "α", beta: "β", sprime: "S′" } as const;
  const ids = ["theta", "alpha", "beta", "sprime"] as const;
  const lines = ids.map((id) => ({
    id,
    symbol: symbols[id],
    value: roundTo(fit[id], id === "sprime" ? 1 : 2),
    benchmark: benchmark[id],
    sentence: capital(sentence[id](fit[id])),
    benchmarkSentence: capital(sentence[id](benchmark[id])),
  }));
  const r2 = fit.r2;
  const fitSentence = !Number.isFinite(r2)
    ? "Your orders never varied, so there was no rule to fit."
    : r2 >= 0.7
      ? `The rule explains ${formatPercent(r2)} of the week-to-week variation in your orders: a good description of how you decided.`
      : r2 >= 0.4
        ? `The rule explains ${formatPercent(r2)} of the variation in your orders: a rough description.`
        : `The rule explains only ${formatPercent(Math.max(0, r2))} of the variation in your orders: you decided some other way.`;
  const few = fit.weeks !== undefined && fit.weeks < MIN_FIT_WEEKS;
  const caution = few
    ? `Only ${fit.weeks} weeks of your own decisions to fit (after the warm-up): read these numbers loosely. `
    : "";
  const summary =
    fit.beta < 0.5
      ? `You under-counted your supply line (β ${formatNumber(fit.beta, { decimals: 2 })}): orders already on the way did not restrain new orders, which is how the bullwhip builds.`
      : `You counted most of your supply line (β ${formatNumber(fit.beta, { decimals: 2 })}): that restrains the bullwhip.`;
  return { lines, fitSentence: caution + fitSentence, summary };
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1) + ".";
}
