import { ALPHA_NONE } from "../analytics/bootstrap.ts";
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
  /** Whether the data pin this parameter down; the sentence says so when they do not. */
  identified: boolean;
  /** The 90% bootstrap interval, when one was computed. */
  ci: [number, number] | null;
}

export interface RuleReading {
  lines: RuleLine[];
  /** Goodness of fit in plain words, so nobody over-reads a poor fit. */
  fitSentence: string;
  /** One line a facilitator can read aloud. */
  summary: string;
  /** Whether the rule describes the orders well enough to read its parameters at all. */
  describes: boolean;
}

/** Mean estimates over Sterman's 1989 subjects: what a typical player does. */
export const TYPICAL_PLAYER: AnchorRule = { theta: 0.36, alpha: 0.26, beta: 0.34, sprime: 17 };

/** Who a card is about: the viewer ("you", "your") or someone else, bots included ("the Wholesaler's bot", "its"). */
export interface Voice {
  subject: string;
  possessive: string;
}
export const YOU: Voice = { subject: "you", possessive: "your" };

/** A fitted rule with what the bootstrap says about it (intervals and identification are optional). */
export interface RuleFit extends AnchorRule {
  r2: number;
  weeks?: number;
  ci?: Record<keyof AnchorRule, [number, number]>;
  identified?: Record<keyof AnchorRule, boolean>;
  ordersVary?: boolean;
}

export function thetaSentence(theta: number, v: Voice = YOU): string {
  if (theta >= 0.95) return `${v.subject} forecast next week's orders as exactly this week's incoming order`;
  if (theta <= 0.05)
    return `${v.subject} kept ${v.possessive} forecast fixed and ignored the latest incoming orders`;
  return `each week ${v.subject} moved ${v.possessive} forecast ${formatPercent(theta)} of the way toward the latest incoming order`;
}

export function alphaSentence(alpha: number, v: Voice = YOU): string {
  if (alpha <= ALPHA_NONE)
    return `${v.subject} did not order to close gaps in ${v.possessive} stock; ${v.subject} only replaced what was ordered`;
  return `${v.subject} ordered to close ${formatPercent(alpha)} of the gap between the stock wanted and the stock on hand, each week`;
}

export function betaSentence(beta: number, v: Voice = YOU): string {
  if (beta >= 0.95)
    return `${v.subject} counted all of ${v.possessive} supply line — the cases ordered but not yet arrived`;
  if (beta <= 0.05)
    return `${v.subject} ignored ${v.possessive} supply line: cases already ordered did not hold back new orders`;
  return `${v.subject} counted ${formatPercent(beta)} of ${v.possessive} supply line (cases ordered but not yet arrived)`;
}

export function sprimeSentence(sprime: number, unit = "cases", v: Voice = YOU): string {
  return `${v.subject} aimed for about ${formatCount(sprime)} ${unit} of stock plus supply line`;
}

/** Below this many decisions a fit describes noise as readily as a rule. */
export const MIN_FIT_WEEKS = 10;
/** Below this share of the orders' variance explained, the rule does not describe the orders. */
export const MIN_R2 = 0.4;

const range = (ci: [number, number], id: keyof AnchorRule): string => {
  const d = id === "sprime" ? 0 : 2;
  return `${formatNumber(ci[0], { decimals: d })} to ${formatNumber(ci[1], { decimals: d })}`;
};

/**
 * Reads a fitted rule against a benchmark rule, in words a team can discuss, saying only what the
 * data support: no parameter verdict when the rule does not describe the orders, none for a
 * parameter the bootstrap leaves wide, and no supply-line verdict when the rule barely corrects
 * its stock at all (β only shows through α).
 */
export function readAnchorRule(
  fit: RuleFit,
  benchmark: AnchorRule = TYPICAL_PLAYER,
  unit = "cases",
  voice: Voice = YOU,
): RuleReading {
  const sentence = {
    theta: (x: number, v: Voice) => thetaSentence(x, v),
    alpha: (x: number, v: Voice) => alphaSentence(x, v),
    beta: (x: number, v: Voice) => betaSentence(x, v),
    sprime: (x: number, v: Voice) => sprimeSentence(x, unit, v),
  } as const;
  const symbols = { theta: "θ", alpha: "α", beta: "β", sprime: "S′" } as const;
  const ids = ["theta", "alpha", "beta", "sprime"] as const;
  const r2 = fit.r2;
  const vary = fit.ordersVary ?? Number.isFinite(r2);
  const describes = vary && Number.isFinite(r2) && r2 >= MIN_R2;
  const noCorrection = describes && (fit.identified?.alpha ?? true) && fit.alpha <= ALPHA_NONE;
  const identified = (id: keyof AnchorRule): boolean =>
    describes && (fit.identified?.[id] ?? true) && !(noCorrection && (id === "beta" || id === "sprime"));
  const they = capital(voice.subject, false);
  const lines = ids.map((id) => {
    const ci = fit.ci?.[id];
    const why = !vary
      ? "Not read: the orders never varied."
      : !describes
        ? "Not read: this rule does not describe these orders."
        : noCorrection && (id === "beta" || id === "sprime")
          ? "No verdict: with α ≈ 0 the stock target and the supply line never showed in the orders."
          : `Not pinned down by these orders${ci ? ` (90% interval ${range(ci, id)})` : ""}.`;
    return {
      id,
      symbol: symbols[id],
      value: roundTo(fit[id], id === "sprime" ? 1 : 2),
      benchmark: benchmark[id],
      identified: identified(id),
      ci: ci ? ([roundTo(ci[0], 2), roundTo(ci[1], 2)] as [number, number]) : null,
      sentence: identified(id) ? capital(sentence[id](fit[id], voice)) : why,
      benchmarkSentence: capital(
        sentence[id](benchmark[id], { subject: "a typical player", possessive: "their" }),
      ),
    };
  });
  const orders = `${capital(voice.possessive, false)} orders`;
  const fitSentence = !vary
    ? `${orders} never varied after the warm-up, so there was no rule to fit.`
    : r2 >= 0.7
      ? `The rule explains ${formatPercent(r2)} of the week-to-week variation in ${voice.possessive} orders: a good description of how ${voice.subject} decided.`
      : r2 >= MIN_R2
        ? `The rule explains ${formatPercent(r2)} of the variation in ${voice.possessive} orders: a rough description.`
        : `The rule explains only ${formatPercent(Math.max(0, r2))} of the variation in ${voice.possessive} orders: ${voice.subject} decided some other way.`;
  const few = fit.weeks !== undefined && fit.weeks < MIN_FIT_WEEKS;
  const caution = few
    ? `Only ${fit.weeks} weeks of decisions to fit (after the warm-up): read these numbers loosely. `
    : "";
  const beta = formatNumber(fit.beta, { decimals: 2 });
  const summary = !vary
    ? `${orders} never varied, so they say nothing about how ${voice.subject} would react.`
    : !describes
      ? `This rule does not describe these orders (it explains ${formatPercent(Math.max(0, r2))} of their variation): ${voice.subject} decided some other way.`
      : noCorrection
        ? `${they} did not order to close stock gaps (α ≈ 0): ${voice.subject} passed orders on, so there is no verdict on the supply line.`
        : !identified("beta")
          ? `These orders do not pin down how much of the supply line ${voice.subject} counted${fit.ci ? ` (β anywhere from ${range(fit.ci.beta, "beta")})` : ""}.`
          : fit.beta < 0.5
            ? `${they} under-counted ${voice.possessive} supply line (β ${beta}): orders already on the way did not restrain new orders, which is how the bullwhip builds.`
            : `${they} counted most of ${voice.possessive} supply line (β ${beta}): that restrains the bullwhip.`;
  return { lines, fitSentence: caution + fitSentence, summary, describes };
}

function capital(s: string, stop = true): string {
  return s.charAt(0).toUpperCase() + s.slice(1) + (stop ? "." : "");
}
