import type { AnyScenario, LoopSpec } from "../engine/types.ts";
import { peak, sum } from "./stats.ts";

/** A loop with this team's figures, ready to annotate the causal-loop diagram. */
export interface LoopReport {
  id: string;
  name: string;
  polarity: "reinforcing" | "balancing";
  /** "R" or "B", the letter drawn in the loop's centre. */
  letter: "R" | "B";
  nodes: { id: string; label: string }[];
  edges: { from: string; to: string; sign: "+" | "-"; delay?: string }[];
  teaching: string;
  /** Activity per week 1…N, as the scenario measures it. */
  activity: number[];
  /** Weeks (1-based) in which this loop dominated: the largest share of all loops' activity. */
  dominantWeeks: number[];
  /** The same weeks as contiguous [first, last] spans, for shading charts. */
  spans: [number, number][];
  peakWeek: number;
  /** Fraction of the run's weeks this loop dominated, 0…1. */
  share: number;
}

/**
 * Runs every loop's activity measure over a run. `history` is the run's states with history[0] the
 * state before week 1; the measure may look back, so it receives all of them. A measure that returns
 * one value per state (including week 0) has its first value dropped so index 0 is always week 1.
 */
export function loopActivities(loops: readonly LoopSpec<unknown>[], history: readonly unknown[]): number[][] {
  const weeks = history.length - 1;
  return loops.map((loop) => {
    const raw = loop.activity(history);
    const a = raw.length === history.length ? raw.slice(1) : raw;
    return Array.from({ length: weeks }, (_, i) => {
      const v = a[i];
      return v !== undefined && Number.isFinite(v) && v > 0 ? v : 0;
    });
  });
}

/**
 * Which loop dominated each week: the one with the largest activity, when any loop acted at all.
 * Activities are compared as each loop's share of its own run total, so a loop measured in large
 * units does not win every week just by its unit; ties go to the loop declared first.
 * Returns, per week, the index of the dominant loop or −1.
 */
export function dominance(activities: readonly number[][], minShare = 0): number[] {
  const weeks = activities[0]?.length ?? 0;
  const totals = activities.map((a) => sum(a));
  const out: number[] = [];
  for (let t = 0; t < weeks; t++) {
    const scaled = activities.map((a, i) => (totals[i]! > 0 ? a[t]! / totals[i]! : 0));
    const all = sum(scaled);
    const best = peak(scaled).week - 1;
    out.push(all > 0 && best >= 0 && scaled[best]! > 0 && scaled[best]! / all >= minShare ? best : -1);
  }
  return out;
}

export function toSpans(weeks: readonly number[]): [number, number][] {
  const spans: [number, number][] = [];
  for (const w of [...weeks].sort((a, b) => a - b)) {
    const last = spans[spans.length - 1];
    if (last && w === last[1] + 1) last[1] = w;
    else spans.push([w, w]);
  }
  return spans;
}

export function loopReports(scenario: AnyScenario, history: readonly unknown[]): LoopReport[] {
  const loops = scenario.loops as readonly LoopSpec<unknown>[];
  const acts = loopActivities(loops, history);
  const dom = dominance(acts);
  return loops.map((loop, i) => {
    const activity = acts[i]!;
    const dominantWeeks = dom.flatMap((d, t) => (d === i ? [t + 1] : []));
    const total = sum(activity);
    return {
      id: loop.id,
      name: loop.name,
      polarity: loop.polarity,
      letter: loop.polarity === "reinforcing" ? "R" : "B",
      nodes: loop.nodes.map((n) => ({ ...n })),
      edges: loop.edges.map((e) => ({ ...e })),
      teaching: loop.teaching,
      activity,
      dominantWeeks,
      spans: toSpans(dominantWeeks),
      peakWeek: total > 0 ? peak(activity).week : 0,
      share: activity.length > 0 ? dominantWeeks.length / activity.length : 0,
    };
  });
}

/** The annotation printed under a loop's diagram: this team's data, in words. */
export function loopSentence(r: LoopReport): string {
  if (r.peakWeek === 0) return "This loop stayed quiet in your round.";
  const spans = r.spans.map(([a, b]) => (a === b ? `week ${a}` : `weeks ${a}–${b}`));
  const n = r.dominantWeeks.length;
  const when =
    spans.length === 0
      ? "it never dominated"
      : `it dominated ${n} of ${r.activity.length} weeks (${joinList(spans)})`;
  return `In your round ${when}; it acted hardest in week ${r.peakWeek}.`;
}

function joinList(xs: string[]): string {
  if (xs.length <= 1) return xs.join("");
  if (xs.length > 4) return `${xs.slice(0, 3).join(", ")} and ${xs.length - 3} more spans`;
  return `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;
}
