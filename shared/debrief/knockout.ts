// Loops priced in the team's money: re-run the round with one loop's link held at its reference
// value and compare the team's result. Unlike a share of "activity", the figure is in one unit
// for every loop, and a loop that did nothing moves nothing.

import { Simulation } from "../engine/simulation.ts";
import type {
  AnyScenario,
  Decision,
  Decisions,
  LoopKnockout,
  LoopSpec,
  RecordedRun,
  ShockEvent,
} from "../engine/types.ts";

/** What a knockout needs beyond the states: how to start the same round again. */
export interface ReplayInputs {
  seed: number;
  /** Live-injected shocks (scheduled ones come from the options). */
  shocks: readonly ShockEvent[];
}

/** The team figure a knockout is priced in: the first team KPI in dollars. */
export interface MoneyMeasure {
  id: string;
  label: string;
  better: "higher" | "lower";
}

export interface KnockoutResult {
  link: string;
  reference: string;
  /** The team KPI compared (e.g. "teamCost", "profit"). */
  kpi: string;
  /** The KPI at the end, as played and with the link held. */
  actual: number;
  heldValue: number;
  /**
   * What the loop was worth to the team, in dollars: positive when the team did better with the
   * loop acting than with it held (it earned or saved money), negative when it cost money.
   */
  dollars: number;
  /** The same difference, week by week (index 0 = week 1): the week's share of `dollars`. */
  weekly: number[];
}

export function moneyMeasure(scenario: AnyScenario, state: unknown): MoneyMeasure | null {
  const k = scenario.teamKpis(state).find((x) => x.unit === "$");
  return k ? { id: k.id, label: k.label, better: k.better } : null;
}

function kpiValue(scenario: AnyScenario, state: unknown, id: string): number {
  return scenario.teamKpis(state).find((k) => k.id === id)?.value ?? 0;
}

function heldDecisions(
  knockout: LoopKnockout<unknown>,
  d: Decisions,
  defaultOf: (role: string, decision: string) => number | undefined,
): Decisions {
  if (!knockout.hold?.length) return d;
  const out: Record<string, Decision> = { ...d };
  for (const h of knockout.hold) {
    const value =
      typeof h.to === "number"
        ? h.to
        : h.to === "default"
          ? defaultOf(h.role, h.decision)
          : d[h.to.role]?.[h.to.decision];
    if (value === undefined) continue;
    out[h.role] = { ...out[h.role], [h.decision]: value };
  }
  return out;
}

/**
 * Re-runs the recorded round with the loop's link held and prices the difference in the team's
 * money. Null when the loop has no knockout, the scenario no dollar KPI, or the run is too short.
 */
export function knockoutLoop(
  scenario: AnyScenario,
  loop: LoopSpec<unknown>,
  run: RecordedRun<unknown>,
  replay: ReplayInputs,
): KnockoutResult | null {
  const k = loop.knockout;
  const last = run.history[run.history.length - 1];
  const money = last === undefined ? null : moneyMeasure(scenario, last);
  if (!k || !money || run.decisions.length === 0) return null;
  const decide = k.decide ? k.decide(run) : undefined;
  if (decide === null) return null;
  const options = k.options ? { ...(run.options as object), ...k.options } : run.options;
  const sim = new Simulation(scenario, options, replay.seed);
  const defaultOf = (role: string, decision: string) =>
    scenario.decisions(role, sim.options).find((x: { id: string }) => x.id === decision)?.default;
  for (const s of replay.shocks) sim.inject(s);
  // The re-run's states as it goes (the simulation keeps past weeks packed: read back each week, they
  // would be built again every week).
  const rerun: unknown[] = [sim.state];
  for (let t = 0; t < run.decisions.length && !sim.done; t++) {
    const recorded = run.decisions[t]!;
    const d = decide ? decide(t + 1, rerun, recorded) : recorded;
    sim.advance(heldDecisions(k, d, defaultOf));
    rerun.push(sim.state);
  }
  const sign = money.better === "higher" ? 1 : -1;
  const diff = run.history.map((s, t) => {
    const held = rerun[t];
    // `|| 0` keeps a loop that moved nothing at 0, not −0.
    return held === undefined
      ? 0
      : sign * (kpiValue(scenario, s, money.id) - kpiValue(scenario, held, money.id)) || 0;
  });
  const weekly = diff.slice(1).map((x, i) => x - diff[i]! || 0);
  const actual = kpiValue(scenario, last, money.id);
  const heldValue = kpiValue(scenario, sim.state, money.id);
  return {
    link: k.link,
    reference: k.reference,
    kpi: money.id,
    actual,
    heldValue,
    dollars: diff[diff.length - 1] ?? 0,
    weekly,
  };
}

/** Every loop's knockout, in the scenario's loop order (null where a loop is not priced). */
export function knockoutLoops(
  scenario: AnyScenario,
  run: RecordedRun<unknown>,
  replay: ReplayInputs,
): (KnockoutResult | null)[] {
  return (scenario.loops as readonly LoopSpec<unknown>[]).map((loop) =>
    knockoutLoop(scenario, loop, run, replay),
  );
}
