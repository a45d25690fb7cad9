import type { AnyScenario, Decisions, LoopSpec, ShockEvent } from "../engine/types.ts";
import { formatMoney } from "../format/number.ts";
import { type KnockoutResult, knockoutLoops, type ReplayInputs } from "./knockout.ts";
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
  /** Whether the model's equations close the loop, or only decisions do. */
  closedBy: "structure" | "decisions";
  /** Activity per week 1…N, as the scenario measures it (each loop in its own units). */
  activity: number[];
  peakWeek: number;
  /** The loop priced in the team's money; null when it has no knockout or the run is too short. */
  knockout: KnockoutResult | null;
  /**
   * Weeks (1-based) in which this loop moved the team's money more than any other priced loop
   * (all in dollars, so comparable), as contiguous [first, last] spans for shading charts.
   */
  spans: [number, number][];
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
 * Which loop moved most in each week, comparing raw values: only meaningful when every row is in
 * the same unit (dollars from the knockouts). Ties go to the loop declared first. Per week, the
 * index of the largest or −1 when none moved.
 */
export function largestEachWeek(values: readonly number[][]): number[] {
  const weeks = values[0]?.length ?? 0;
  const out: number[] = [];
  for (let t = 0; t < weeks; t++) {
    const col = values.map((a) => a[t] ?? 0);
    const best = peak(col);
    out.push(best.value > 0 ? best.week - 1 : -1);
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

/** The run a knockout re-simulates: without it the loops are drawn but not priced. */
export interface LoopRun extends ReplayInputs {
  options: unknown;
  decisions: readonly Decisions[];
}

export function loopReports(scenario: AnyScenario, history: readonly unknown[], run?: LoopRun): LoopReport[] {
  const loops = scenario.loops as readonly LoopSpec<unknown>[];
  const acts = loopActivities(loops, history);
  const priced = run
    ? knockoutLoops(scenario, { options: run.options, history, decisions: run.decisions }, run)
    : loops.map(() => null);
  const moved = largestEachWeek(priced.map((k) => (k ? k.weekly.map(Math.abs) : [])));
  return loops.map((loop, i) => {
    const activity = acts[i]!;
    return {
      id: loop.id,
      name: loop.name,
      polarity: loop.polarity,
      letter: loop.polarity === "reinforcing" ? "R" : "B",
      nodes: loop.nodes.map((n) => ({ ...n })),
      edges: loop.edges.map((e) => ({ ...e })),
      teaching: loop.teaching,
      closedBy: loop.closedBy ?? "structure",
      activity,
      peakWeek: sum(activity) > 0 ? peak(activity).week : 0,
      knockout: priced[i] ?? null,
      spans: toSpans(moved.flatMap((d, t) => (d === i ? [t + 1] : []))),
    };
  });
}

/** Below this many dollars a loop's effect is reported as nothing, not as a gain or a loss. */
const NEGLIGIBLE = 0.5;

/** What the loop was worth to the team, in words: "This loop cost your team $25.7k." */
export function knockoutSentence(k: KnockoutResult | null, team = "your team"): string {
  if (!k) return "Not priced: the model cannot hold this loop's link on its own.";
  const held = `With ${k.link} held (${k.reference})`;
  if (Math.abs(k.dollars) < NEGLIGIBLE)
    return `${held}, the result comes out the same: this loop did not move ${team}'s money.`;
  const amount = formatMoney(Math.abs(k.dollars));
  return k.dollars < 0
    ? `This loop cost ${team} ${amount}. ${held}, the team would have done ${amount} better.`
    : `This loop ${k.kpi.toLowerCase().includes("cost") ? "saved" : "earned"} ${team} ${amount}. ${held}, the team would have done ${amount} worse.`;
}

/** The annotation printed under a loop's diagram: this team's data, in words. */
export function loopSentence(r: LoopReport): string {
  const closed = r.closedBy === "decisions" ? "Closed by decisions, not by the model's equations. " : "";
  if (!r.knockout) {
    const acted =
      r.peakWeek === 0 ? "It stayed quiet in your round." : `It acted hardest in week ${r.peakWeek}.`;
    return `${closed}${knockoutSentence(null)} ${acted}`;
  }
  const spans = r.spans.map(([a, b]) => (a === b ? `week ${a}` : `weeks ${a}–${b}`));
  const most =
    spans.length > 0 ? ` It moved the team's money more than any other loop in ${joinList(spans)}.` : "";
  return `${closed}${knockoutSentence(r.knockout)}${most}`;
}

function joinList(xs: string[]): string {
  if (xs.length <= 1) return xs.join("");
  if (xs.length > 4) return `${xs.slice(0, 3).join(", ")} and ${xs.length - 3} more spans`;
  return `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;
}

/** The loops of a finished simulation for the command line's JSON: each priced by its knockout. */
export function loopsJson(sim: {
  scenario: AnyScenario;
  history: readonly unknown[];
  options: unknown;
  decisionLog: readonly Decisions[];
  seed: number;
  injectedShocks: readonly ShockEvent[];
}) {
  return loopReports(sim.scenario, sim.history, {
    options: sim.options,
    decisions: sim.decisionLog,
    seed: sim.seed,
    shocks: sim.injectedShocks,
  }).map((r) => ({
    id: r.id,
    name: r.name,
    polarity: r.polarity,
    closedBy: r.closedBy,
    knockout: r.knockout && {
      link: r.knockout.link,
      reference: r.knockout.reference,
      kpi: r.knockout.kpi,
      actual: r.knockout.actual,
      held: r.knockout.heldValue,
      dollars: r.knockout.dollars,
      sentence: knockoutSentence(r.knockout, "the team"),
    },
  }));
}
