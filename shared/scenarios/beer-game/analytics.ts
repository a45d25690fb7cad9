// The Beer Game's debrief figures, from a round's states (history[t] = the board after week t).

import { type AnchoringFit, type DecisionHistory, fitAnchoringRule } from "../../analytics/decision-rule.ts";
import { peak, varianceRatio } from "../../analytics/stats.ts";
import { type BeerGameRole, type BeerGameState, ROLE_IDS, settle } from "./model.ts";
import type { BeerGameOptions } from "./options.ts";

export interface BeerGameRoleReport {
  /** Dollars over the round, and its holding and backlog parts. */
  cost: number;
  holdingCost: number;
  backlogCost: number;
  /** Per week, index 0 = week 1. */
  orders: number[];
  incoming: number[];
  shipped: number[];
  inventory: number[];
  backlog: number[];
  /** Var(orders) / Var(customer demand); null when demand did not vary. */
  amplification: number | null;
  /** Var(orders) / Var(incoming orders): this echelon's own contribution; null when incoming did not vary. */
  amplificationLocal: number | null;
  peakOrder: number;
  /** 1-based week of the first peak order. */
  peakWeek: number;
  /**
   * Share of the cases ordered from this echelon that it shipped in the week they were ordered,
   * oldest orders first; null when nothing was ordered.
   */
  fillRate: number | null;
}

export interface BeerGameReport {
  weeks: number;
  demand: number[];
  totalCost: number;
  team: { cost: number; holdingCost: number; backlogCost: number; fillRate: number | null };
  roles: Record<BeerGameRole, BeerGameRoleReport>;
}

/**
 * Fill rate from weekly incoming orders, shipments and the backlog carried in:
 * each week's shipment pays off the old backlog first; what is left serves the new order.
 */
export function fillRate(
  incoming: readonly number[],
  shipped: readonly number[],
  backlogBefore: readonly number[],
) {
  let asked = 0;
  let onTime = 0;
  for (let t = 0; t < incoming.length; t++) {
    asked += incoming[t]!;
    onTime += Math.min(incoming[t]!, Math.max(0, shipped[t]! - backlogBefore[t]!));
  }
  return asked > 0 ? onTime / asked : null;
}

/** Every role's figures and the team totals for a played (or partly played) round. */
export function beerGameReport(history: readonly BeerGameState[]): BeerGameReport {
  const weeks = history.slice(1);
  const demand = weeks.map((s) => s.demand);
  const last = history[history.length - 1]!;
  const roles = {} as Record<BeerGameRole, BeerGameRoleReport>;
  ROLE_IDS.forEach((role, r) => {
    const orders = weeks.map((s) => s.order[r]!);
    const incoming = weeks.map((s) => s.incoming[r]!);
    const shipped = weeks.map((s) => s.shipped[r]!);
    const pk = peak(orders);
    roles[role] = {
      cost: last.totalCost[r]!,
      holdingCost: last.holdingTotal[r]!,
      backlogCost: last.backlogTotal[r]!,
      orders,
      incoming,
      shipped,
      inventory: weeks.map((s) => s.inventory[r]!),
      backlog: weeks.map((s) => s.backlog[r]!),
      amplification: varianceRatio(orders, demand),
      amplificationLocal: varianceRatio(orders, incoming),
      peakOrder: pk.value,
      peakWeek: pk.week,
      fillRate: fillRate(
        incoming,
        shipped,
        history.slice(0, -1).map((s) => s.backlog[r]!),
      ),
    };
  });
  const sum = (f: (x: BeerGameRoleReport) => number) => ROLE_IDS.reduce((a, r) => a + f(roles[r]), 0);
  const cost = sum((x) => x.cost);
  return {
    weeks: weeks.length,
    demand,
    totalCost: cost,
    team: {
      cost,
      holdingCost: sum((x) => x.holdingCost),
      backlogCost: sum((x) => x.backlogCost),
      fillRate: roles.retailer.fillRate,
    },
    roles,
  };
}

// The decision-point boards of a round, kept per history: a debrief reads every role's history
// from the same states, and settling a board is most of the cost of reading one. States are
// immutable, so a history that has grown since only needs its new weeks settled.
const boardCache = new WeakMap<
  readonly BeerGameState[],
  { options: BeerGameOptions; boards: BeerGameState[] }
>();

function decisionBoards(history: readonly BeerGameState[], options: BeerGameOptions): BeerGameState[] {
  let cached = boardCache.get(history);
  if (!cached || cached.options !== options) {
    cached = { options, boards: [] };
    boardCache.set(history, cached);
  }
  const { boards } = cached;
  for (let t = boards.length; t < history.length - 1; t++) boards.push(settle(history[t]!, options));
  return boards;
}

/**
 * What `role` saw at each decision and what it ordered, weeks 1…N, read from the states: the
 * decision-point board of week t is the board after week t − 1 settled (see the scenario model).
 */
export function beerGameDecisionHistory(
  history: readonly BeerGameState[],
  options: BeerGameOptions,
  role: BeerGameRole,
): DecisionHistory {
  const r = ROLE_IDS.indexOf(role);
  const boards = decisionBoards(history, options);
  const incoming: number[] = [];
  const stock: number[] = [];
  const supplyLine: number[] = [];
  const orders: number[] = [];
  for (let t = 1; t < history.length; t++) {
    const b = boards[t - 1]!;
    incoming.push(b.incoming[r]!);
    stock.push(b.inventory[r]! - b.backlog[r]!);
    supplyLine.push(b.onOrder[r]!);
    orders.push(history[t]!.order[r]!);
  }
  return { incoming, stock, supplyLine, orders, from: options.warmupWeeks, initialExpectation: 4 };
}

/** The decision-rule fit of one echelon, over the weeks after the warm-up. */
export function fitBeerGameRole(
  history: readonly BeerGameState[],
  options: BeerGameOptions,
  role: BeerGameRole,
): AnchoringFit {
  return fitAnchoringRule(beerGameDecisionHistory(history, options, role));
}
