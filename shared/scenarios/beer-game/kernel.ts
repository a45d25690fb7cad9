// The board's equations over one typed array: the only place they are written. The object model
// (model.ts) packs a state into this layout, runs these functions and unpacks the result, and the bare
// runner (bare.ts) runs them in place for millions of games; the weekly hash reads this same layout.

import type { StateLayout } from "../../engine/layout.ts";
import type { BeerGameState } from "./model.ts";

// Offsets of the numbers; a per-echelon field takes four slots (retailer, wholesaler, distributor, factory).
// Module-local constants, handed out as one object: V8 compiles a module's own constants into the
// code, but reads an exported or imported binding from its module cell, with a check, at every use
// (in settleBoard alone some forty reads a week). Modules that index the board copy what they need
// into their own constants (`const { INCOMING } = offsets`). The functions below take the board at the
// start of its array: with fixed indices the compiled code drops an overflow check per access.
const WEEK = 0;
const DEMAND = 1;
const NEXT_DEMAND = 2;
const PRODUCED = 3;
const INVENTORY = 4;
const BACKLOG = 8;
const NEAR = 12;
const FAR = 16;
const MAIL_NEXT = 20;
const MAIL_LATER = 24;
const INCOMING = 28;
const RECEIVED = 32;
const SHIPPED = 36;
const ORDER = 40;
const ON_ORDER = 44;
const COST = 48;
const TOTAL_COST = 52;
const HOLDING_TOTAL = 56;
const BACKLOG_TOTAL = 60;
/** Numbers in one board. */
const SIZE = 64;

export const offsets = {
  WEEK,
  DEMAND,
  NEXT_DEMAND,
  PRODUCED,
  INVENTORY,
  BACKLOG,
  NEAR,
  FAR,
  MAIL_NEXT,
  MAIL_LATER,
  INCOMING,
  RECEIVED,
  SHIPPED,
  ORDER,
  ON_ORDER,
  COST,
  TOTAL_COST,
  HOLDING_TOTAL,
  BACKLOG_TOTAL,
  SIZE,
} as const;

const PER_ECHELON = [
  ["inventory", INVENTORY],
  ["backlog", BACKLOG],
  ["near", NEAR],
  ["far", FAR],
  ["mailNext", MAIL_NEXT],
  ["mailLater", MAIL_LATER],
  ["incoming", INCOMING],
  ["received", RECEIVED],
  ["shipped", SHIPPED],
  ["order", ORDER],
  ["onOrder", ON_ORDER],
  ["cost", COST],
  ["totalCost", TOTAL_COST],
  ["holdingTotal", HOLDING_TOTAL],
  ["backlogTotal", BACKLOG_TOTAL],
] as const;

const KEYS: string[] = ["week", "demand", "nextDemand", "produced"];
for (const [name] of PER_ECHELON) for (let r = 0; r < 4; r++) KEYS.push(`${name}.${r}`);

/** Writes a state into the layout at `at`. */
export function pack(s: BeerGameState, x: Float64Array, at = 0): void {
  x[at + WEEK] = s.week;
  x[at + DEMAND] = s.demand;
  x[at + NEXT_DEMAND] = s.nextDemand;
  x[at + PRODUCED] = s.produced;
  for (let r = 0; r < 4; r++) {
    x[at + INVENTORY + r] = s.inventory[r]!;
    x[at + BACKLOG + r] = s.backlog[r]!;
    x[at + NEAR + r] = s.near[r]!;
    x[at + FAR + r] = s.far[r]!;
    x[at + MAIL_NEXT + r] = s.mailNext[r]!;
    x[at + MAIL_LATER + r] = s.mailLater[r]!;
    x[at + INCOMING + r] = s.incoming[r]!;
    x[at + RECEIVED + r] = s.received[r]!;
    x[at + SHIPPED + r] = s.shipped[r]!;
    x[at + ORDER + r] = s.order[r]!;
    x[at + ON_ORDER + r] = s.onOrder[r]!;
    x[at + COST + r] = s.cost[r]!;
    x[at + TOTAL_COST + r] = s.totalCost[r]!;
    x[at + HOLDING_TOTAL + r] = s.holdingTotal[r]!;
    x[at + BACKLOG_TOTAL + r] = s.backlogTotal[r]!;
  }
}

const four = (x: Float64Array, at: number): number[] => [x[at]!, x[at + 1]!, x[at + 2]!, x[at + 3]!];

/** Reads a state out of the layout at `at` (plain arrays, keys in the model's order). */
export function unpack(x: Float64Array, at = 0): BeerGameState {
  return {
    week: x[at + WEEK]!,
    demand: x[at + DEMAND]!,
    nextDemand: x[at + NEXT_DEMAND]!,
    inventory: four(x, at + INVENTORY),
    backlog: four(x, at + BACKLOG),
    near: four(x, at + NEAR),
    far: four(x, at + FAR),
    mailNext: four(x, at + MAIL_NEXT),
    mailLater: four(x, at + MAIL_LATER),
    incoming: four(x, at + INCOMING),
    received: four(x, at + RECEIVED),
    shipped: four(x, at + SHIPPED),
    order: four(x, at + ORDER),
    onOrder: four(x, at + ON_ORDER),
    cost: four(x, at + COST),
    totalCost: four(x, at + TOTAL_COST),
    holdingTotal: four(x, at + HOLDING_TOTAL),
    backlogTotal: four(x, at + BACKLOG_TOTAL),
    produced: x[at + PRODUCED]!,
  };
}

/** The Beer Game's state layout: what its weekly hash reads. */
export const layout: StateLayout<BeerGameState> = {
  keys: KEYS,
  pack: (s, out, at = 0) => pack(s, out, at),
  unpack,
};

/**
 * The board before week 1 (week 0) in `y`: every box and slip holds `flow` cases, every echelon
 * `inventory`; the Factory's request is read next week, so its later slip is empty.
 */
export function initialBoard(y: Float64Array, flow: number, inventory: number, nextDemand: number): void {
  y.fill(0);
  y[NEXT_DEMAND] = nextDemand;
  for (let r = 0; r < 4; r++) {
    y[INVENTORY + r] = inventory;
    y[NEAR + r] = flow;
    y[FAR + r] = flow;
    y[MAIL_NEXT + r] = flow;
    y[MAIL_LATER + r] = r === 3 ? 0 : flow;
    y[ORDER + r] = flow;
    y[ON_ORDER + r] = (r === 3 ? 3 : 4) * flow;
  }
}

/**
 * Steps 1–4 of the week after the board in `y`, in place: receive, ship and update backlogs,
 * charge costs (`h` per case held, `b` per case owed), advance the mail. The board is then the one
 * every echelon sees when its order is due.
 */
export function settleBoard(y: Float64Array, h: number, b: number): void {
  // The order echelon r reads this week: the customer's demand, then each downstream slip.
  let order = y[NEXT_DEMAND]!;
  for (let r = 0; r < 4; r++) {
    // 1. Receive.
    const got = y[NEAR + r]!;
    y[RECEIVED + r] = got;
    y[NEAR + r] = y[FAR + r]!;
    const inv = y[INVENTORY + r]! + got;
    // 2. Fill orders.
    y[INCOMING + r] = order;
    const owed = y[BACKLOG + r]! + order;
    const ship = Math.min(inv, owed);
    y[SHIPPED + r] = ship;
    const held = inv - ship;
    const owing = owed - ship;
    y[INVENTORY + r] = held;
    y[BACKLOG + r] = owing;
    // Shipments go into the downstream echelon's far box (whose content moved near above).
    if (r > 0) y[FAR + r - 1] = ship;
    // 3. Record and charge.
    const holding = h * held;
    const short = b * owing;
    y[COST + r] = holding + short;
    y[HOLDING_TOTAL + r] = y[HOLDING_TOTAL + r]! + holding;
    y[BACKLOG_TOTAL + r] = y[BACKLOG_TOTAL + r]! + short;
    y[TOTAL_COST + r] = y[TOTAL_COST + r]! + holding + short;
    y[ON_ORDER + r] = y[ON_ORDER + r]! - got;
    // 4. Advance the mail: the slip read this week (by the supplier, next round) leaves it, the later one comes next.
    order = y[MAIL_NEXT + r]!;
    y[MAIL_NEXT + r] = y[MAIL_LATER + r]!;
    y[MAIL_LATER + r] = 0;
  }
  // The brewery brews last week's request (the Factory's slip read above): it enters the far production box.
  y[FAR + 3] = order;
  y[PRODUCED] = order;
  y[WEEK] = y[WEEK]! + 1;
  y[DEMAND] = y[NEXT_DEMAND]!;
}

/**
 * Step 5 on a settled board, in place: echelon r places `orders[r]` (already the board's order: see
 * placedOrder). Slips go into the mail for the supplier to read in two weeks; the Factory's request,
 * next week. The caller then draws next week's demand into NEXT_DEMAND.
 */
export function placeOrders(y: Float64Array, o0: number, o1: number, o2: number, o3: number): void {
  y[ORDER] = o0;
  y[ORDER + 1] = o1;
  y[ORDER + 2] = o2;
  y[ORDER + 3] = o3;
  y[ON_ORDER] = y[ON_ORDER]! + o0;
  y[ON_ORDER + 1] = y[ON_ORDER + 1]! + o1;
  y[ON_ORDER + 2] = y[ON_ORDER + 2]! + o2;
  y[ON_ORDER + 3] = y[ON_ORDER + 3]! + o3;
  y[MAIL_NEXT + 3] = o3;
  y[MAIL_LATER] = o0;
  y[MAIL_LATER + 1] = o1;
  y[MAIL_LATER + 2] = o2;
  y[MAIL_LATER + 3] = 0;
}
