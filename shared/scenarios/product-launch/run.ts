// Running the scenario with bots and summarising a run: what the CLI, the calibration tests and
// the benchmarks share. A run's summary carries the team result, each desk's decisions and stocks
// per week, and each loop's activity.

import { amplificationRatio } from "../../analytics/stats.ts";
import { Simulation } from "../../engine/simulation.ts";
import type { Observation, Policy, ShockEvent } from "../../engine/types.ts";
import { productLaunch } from "./index.ts";
import { onOrder } from "./model.ts";
import { productLaunchPolicies } from "./policies/index.ts";
import { roleIds } from "./roles.ts";
import type { ProductLaunchRole, ProductLaunchState } from "./types.ts";

export interface RunSpec {
  seed: number;
  /** Scenario options (partial); `shocks` replaces the standard shock when given. */
  options?: Record<string, unknown>;
  /** One policy name for every desk, or a policy per desk. */
  policy?: string | Readonly<Partial<Record<ProductLaunchRole, string>>>;
  /** Shocks injected on top of the options' scheduled ones. */
  inject?: readonly ShockEvent[];
}

function botFor(name: string, role: ProductLaunchRole): Policy<Observation> {
  const spec = productLaunchPolicies[name];
  if (!spec) {
    throw new Error(
      `unknown product-launch policy "${name}"; choose one of: ${Object.keys(productLaunchPolicies).join(", ")}`,
    );
  }
  const params: Record<string, number> = {};
  for (const [k, p] of Object.entries(spec.params)) params[k] = p.default;
  return spec.create(role, params) as Policy<Observation>;
}

/** Plays a whole round with bots at every desk. */
export function runWithBots(spec: RunSpec): Simulation<typeof productLaunch> {
  const sim = new Simulation(productLaunch, spec.options ?? {}, spec.seed);
  for (const shock of spec.inject ?? []) sim.inject(shock);
  const policy = spec.policy ?? "departmental";
  const bots = Object.fromEntries(
    roleIds.map((role) => [
      role,
      botFor(typeof policy === "string" ? policy : (policy[role] ?? "departmental"), role),
    ]),
  ) as Record<ProductLaunchRole, Policy<Observation>>;
  return sim.playOut(bots);
}

/** The stocks each desk is responsible for, in one week's state. */
export function roleStocks(s: ProductLaunchState, role: ProductLaunchRole): Record<string, number> {
  switch (role) {
    case "sales":
      return { backlog: s.backlog };
    case "engineering":
      return { backlog: s.todo, hiddenDefects: s.hidden, knownDefects: s.known, engineers: s.engineers };
    case "manufacturing":
      return {
        finishedGoods: s.finishedGoods,
        wip: s.wip.reduce((a, b) => a + b, 0),
        capacity: s.capacity,
      };
    case "purchasing":
      return { rawMaterial: s.rawMaterial, onOrderCheap: onOrder(s.cheap), onOrderDear: onOrder(s.dear) };
  }
}

/**
 * Amplification as the debrief and the Beer Game define it: Var(purchase orders) ÷ Var(customer
 * orders) over the weeks given (> 1 = the chain swung more than the market did). It is the figure
 * the debrief shows for Purchasing.
 */
export function amplification(history: readonly ProductLaunchState[]): number {
  const weeks = history.slice(1);
  return amplificationRatio(
    weeks.map((s) => s.flow.orderCheap + s.flow.orderDear),
    weeks.map((s) => s.flow.orders),
  );
}

/** Peak of defects reported done but not right (hidden plus known), relative to the start. */
export function reworkWave(history: readonly ProductLaunchState[]): number {
  const ref = history[0]!.ref.openDefects;
  return Math.max(...history.map((s) => s.hidden + s.known)) / ref;
}

/** Largest lead of reported over true progress in the run (tasks reported done that are not). */
export function progressGap(history: readonly ProductLaunchState[]): number {
  return Math.max(...history.map((s) => s.tasksReleased - s.done));
}

export interface RunSummary {
  scenario: string;
  seed: number;
  weeks: number;
  shocks: ShockEvent[];
  team: {
    profit: number;
    /** Part of the profit: the stocks valued when the round ended. */
    endValue: number;
    revenue: number;
    unitsShipped: number;
    endBacklog: number;
    fieldFailures: number;
    amplification: number;
    reworkWave: number;
  };
  roles: Record<
    ProductLaunchRole,
    { kpi: Record<string, number>; decisions: Record<string, number>[]; stocks: Record<string, number>[] }
  >;
  loops: { id: string; name: string; polarity: string; activity: number[] }[];
}

export function summarize(sim: Simulation<typeof productLaunch>): RunSummary {
  const h = sim.history;
  const log = sim.decisionLog;
  const last = sim.state;
  const boom: ShockEvent[] =
    h[0]!.boomWeek > 0
      ? [{ name: "market-boom", week: h[0]!.boomWeek, params: { size: h[0]!.boomSize } }]
      : [];
  const shocks = [...boom, ...sim.shocks].sort((a, b) => a.week - b.week);
  const roles = {} as RunSummary["roles"];
  for (const role of roleIds) {
    roles[role] = {
      kpi: Object.fromEntries(sim.kpis(role).map((k) => [k.id, k.value])),
      decisions: log.map((d) => ({ ...d[role] })),
      stocks: h.slice(1).map((s) => roleStocks(s, role)),
    };
  }
  return {
    scenario: productLaunch.id,
    seed: sim.seed,
    weeks: Math.min(sim.week, last.endWeek),
    shocks,
    team: {
      profit: last.profit,
      endValue: last.endValue,
      revenue: last.revenue,
      unitsShipped: h.slice(1).reduce((a, s) => a + s.flow.shipments, 0),
      endBacklog: last.backlog,
      fieldFailures: h.slice(1).reduce((a, s) => a + s.flow.fieldFailures, 0),
      // the weeks the company traded: after its real end nothing flows
      amplification: amplification(h.slice(0, last.endWeek + 1)),
      reworkWave: reworkWave(h),
    },
    roles,
    loops: productLaunch.loops.map((l) => ({
      id: l.id,
      name: l.name,
      polarity: l.polarity,
      activity: l.activity(h),
    })),
  };
}
