// The board's bookkeeping. Each week runs the board's five steps for every echelon at once:
//   1 receive the near box, move far → near;   2 read the incoming order, ship, update backlog
//   (the brewery turns the Factory's request of last week into the far production box);
//   3 record inventory and backlog, charge costs;   4 advance the mail;   5 place orders.
// A player decides between steps 4 and 5, so `settle` (steps 1–4 of the coming week) is what
// the observation shows and `step` finishes the week with the orders.

import type { Decisions, Rng } from "../../engine/types.ts";
import { initialBoard, offsets, pack, placeOrders, settleBoard, unpack } from "./kernel.ts";
import { type BeerGameOptions, INITIAL_FLOW, INITIAL_INVENTORY } from "./options.ts";

const { NEXT_DEMAND, SIZE, WEEK } = offsets;

export const ROLE_IDS = ["retailer", "wholesaler", "distributor", "factory"] as const;
export type BeerGameRole = (typeof ROLE_IDS)[number];
export const FACTORY = 3;

/** Weeks an order slip spends in the mail before the supplier reads it: `mailNext`, `mailLater`. */
export const MAIL_WEEKS = 2;
/** The Factory's production request reaches the brewery next week: it only uses `mailNext`. */
export const REQUEST_WEEKS = 1;
/** Weeks a shipment (or a production run) travels: the `far` box, then the `near` box. */
export const SHIPPING_WEEKS = 2;

/** Weeks from placing an order to receiving its cases, on the board. */
export function leadTime(echelon: number): number {
  return (echelon === FACTORY ? REQUEST_WEEKS : MAIL_WEEKS) + SHIPPING_WEEKS;
}

/**
 * The board at the end of a week (after step 5), or — as returned by `settle` — at the decision
 * point of the coming week (after step 4). Arrays are indexed by echelon: retailer, wholesaler,
 * distributor, factory.
 */
export interface BeerGameState {
  week: number;
  /** Customer demand of this week (0 at week 0). */
  demand: number;
  /** Customer demand of the coming week (drawn a week ahead so the decision point can show it). */
  nextDemand: number;
  inventory: readonly number[];
  backlog: readonly number[];
  /** Incoming shipping boxes (Factory: production boxes); near arrives at the next step 1. */
  near: readonly number[];
  far: readonly number[];
  /**
   * Own order slips not yet read by the supplier: the one read next week and the one read in two
   * weeks. After step 5 the Retailer–Distributor have both; the Factory's request is read by the
   * brewery next week, so its `mailLater` is always 0. At a decision point `mailLater` is all 0.
   */
  mailNext: readonly number[];
  mailLater: readonly number[];
  /** Orders read this week (Retailer: customer demand). */
  incoming: readonly number[];
  received: readonly number[];
  shipped: readonly number[];
  /** Order placed this week (week 0: the initial slip). At a decision point: last week's. */
  order: readonly number[];
  /** Ordered and not yet received, as an echelon reckons it from its own records. */
  onOrder: readonly number[];
  /** This week's cost. */
  cost: readonly number[];
  /** Cumulative cost, and its holding and backlog parts. */
  totalCost: readonly number[];
  holdingTotal: readonly number[];
  backlogTotal: readonly number[];
  /** Cases the brewery put into the Factory's production this week. */
  produced: number;
}

export function demandAt(options: BeerGameOptions, week: number, rng: Rng): number {
  const d = options.demand;
  switch (d.kind) {
    case "step":
      return week < d.week ? d.from : d.to;
    case "constant":
      return d.k;
    case "list":
      return d.values[Math.min(week, d.values.length) - 1]!;
    case "normal": {
      const x = d.mean + d.sd * rng.normal();
      return Math.max(0, options.wholeCases ? Math.round(x) : x);
    }
  }
}

// The scratch board of the object model's trips through the kernel (kernel.ts holds the equations).
const board = new Float64Array(SIZE);

export function init(options: BeerGameOptions, rng: Rng): BeerGameState {
  initialBoard(board, INITIAL_FLOW, INITIAL_INVENTORY, demandAt(options, 1, rng));
  return unpack(board);
}

// One entry is enough: the loops and analytics that settle a week read several figures of it in a row.
// (A WeakMap here cost more in garbage collection than recomputing.)
let lastState: BeerGameState | null = null;
let lastOptions: BeerGameOptions | null = null;
let lastBoard: BeerGameState | null = null;

/** Steps 1–4 of the week after `s`: the board as every echelon sees it when its order is due. */
export function settle(s: BeerGameState, options: BeerGameOptions): BeerGameState {
  if (s === lastState && options === lastOptions && lastBoard !== null) return lastBoard;
  const board = computeSettle(s, options);
  lastState = s;
  lastOptions = options;
  lastBoard = board;
  return board;
}

function computeSettle(s: BeerGameState, options: BeerGameOptions): BeerGameState {
  return unpack(settledBoard(s, options));
}

/** Steps 1–4 of the week after `s` on the scratch board, which it returns (see `settle`). */
function settledBoard(s: BeerGameState, options: BeerGameOptions): Float64Array {
  pack(s, board);
  settleBoard(board, options.holdingCost, options.backlogCost);
  return board;
}

/** The order an echelon places in `week`: the board's warm-up order, or its decision. */
export function placedOrder(options: BeerGameOptions, week: number, decided: number | undefined): number {
  if (week <= options.warmupWeeks || decided === undefined) return INITIAL_FLOW;
  return decided < 0 ? 0 : decided;
}

/** One week: steps 1–4 (see `settle`), then step 5 with every echelon's order. */
export function step(
  s: BeerGameState,
  decisions: Decisions,
  options: BeerGameOptions,
  rng: Rng,
): BeerGameState {
  pack(s, board);
  stepBoard(decisions, options, rng);
  return unpack(board);
}

/** `step` on the layout's numbers: the week at x[from …] → the next, written at x[to …]. */
export function stepPacked(
  x: Float64Array,
  from: number,
  to: number,
  decisions: Decisions,
  options: BeerGameOptions,
  rng: Rng,
): void {
  for (let i = 0; i < SIZE; i++) board[i] = x[from + i]!;
  stepBoard(decisions, options, rng);
  for (let i = 0; i < SIZE; i++) x[to + i] = board[i]!;
}

/** The scratch board, holding a week, becomes the next: steps 1–4 (see `settle`), then step 5. */
function stepBoard(decisions: Decisions, options: BeerGameOptions, rng: Rng): void {
  settleBoard(board, options.holdingCost, options.backlogCost);
  const week = board[WEEK]!;
  const d = (r: number) => placedOrder(options, week, decisions[ROLE_IDS[r]!]?.order);
  placeOrders(board, d(0), d(1), d(2), d(3));
  board[NEXT_DEMAND] = demandAt(options, week + 1, rng);
}

/** Cases on the board: inventories and boxes. Only the brewery adds, only the Retailer's shipments remove. */
export function casesInSystem(s: BeerGameState): number {
  let n = 0;
  for (let r = 0; r < 4; r++) n += s.inventory[r]! + s.near[r]! + s.far[r]!;
  return n;
}
