// The classic MIT Beer Distribution Game, exactly as on the board (Sterman 1989).

import type { DecisionSpec, Kpi, RoleId, Scenario, SeriesSpec } from "../../engine/types.ts";
import { layout, offsets, pack, settleBoard } from "./kernel.ts";
import { loops } from "./loops.ts";
import { type BeerGameState, casesInSystem, init, ROLE_IDS, step, stepPacked } from "./model.ts";
import {
  type BeerGameOptions,
  defaultOptions,
  INITIAL_FLOW,
  MAX_ORDER,
  optionBounds,
  parseOptions,
} from "./options.ts";

export type { BeerGameRole, BeerGameState } from "./model.ts";
export { casesInSystem, demandAt, placedOrder, ROLE_IDS, settle } from "./model.ts";
export type { BeerGameOptions, DemandPattern } from "./options.ts";
export {
  CLASSIC_DEMAND,
  formatDemand,
  INITIAL_FLOW,
  INITIAL_INVENTORY,
  MAX_ORDER,
  parseDemand,
  parseOptions,
} from "./options.ts";

/**
 * What one echelon sees: its own board when its order is due (after the week's receiving,
 * shipping, costing and mail), or, once the round is over, its board at the end of the last week.
 */
export type BeerGameObservation = {
  /** The week whose order is due (at the end: the last week). */
  readonly week: number;
  /** 1 while the board ignores decisions and every echelon orders 4. */
  readonly warmup: number;
  /** 1 once the round is over: the board at the end of the last week, nothing more to decide. */
  readonly final: number;
  readonly inventory: number;
  readonly backlog: number;
  /** The order read this week (Retailer: customer demand). */
  readonly incomingOrder: number;
  /** Cases received this week from the near box. */
  readonly received: number;
  /** Cases shipped this week (to the customer downstream; Retailer: out of the store). */
  readonly shipped: number;
  /** Incoming shipping boxes (Factory: production boxes): near arrives next week, far in two. */
  readonly nearBox: number;
  readonly farBox: number;
  /** Own order slips still in the mail, unread by the supplier (Factory: always 0). */
  readonly orderInMail: number;
  /** The order placed last week (at the end: in the last week). */
  readonly lastOrder: number;
  /** Ordered and not yet received: everything ordered minus everything received. */
  readonly onOrder: number;
  /** This week's cost and the cost so far, in dollars. */
  readonly cost: number;
  readonly totalCost: number;
  /** This week's customer demand: only present when information sharing is on. */
  readonly customerDemand?: number;
};

// Our own constants, not imported bindings (see offsets in kernel.ts).
const {
  BACKLOG,
  COST,
  DEMAND,
  FAR,
  INCOMING,
  INVENTORY,
  MAIL_LATER,
  MAIL_NEXT,
  NEAR,
  ON_ORDER,
  ORDER,
  RECEIVED,
  SHIPPED,
  SIZE,
  TOTAL_COST,
  WEEK,
} = offsets;

/** Where a state is read from to be shown: packed (kernel.ts), and settled unless the round is over. */
const shown = new Float64Array(SIZE);

/**
 * Copies the state at x[at …] into `shown` and, before the end, settles it (steps 1–4 of the coming
 * week: what every echelon sees when its order is due). Returns whether the round is over.
 */
function show(x: Float64Array, at: number, options: BeerGameOptions): boolean {
  for (let i = 0; i < SIZE; i++) shown[i] = x[at + i]!;
  const final = shown[WEEK]! >= options.weeks;
  if (!final) settleBoard(shown, options.holdingCost, options.backlogCost);
  return final;
}

/** Echelon r's observation of the board in `shown` (see show). */
function view(r: number, options: BeerGameOptions, final: boolean): BeerGameObservation {
  const y = shown;
  // At the decision point the mail holds last week's slip; at the end it also holds this week's.
  const inMail = r === 3 ? 0 : y[MAIL_NEXT + r]! + y[MAIL_LATER + r]! - (final ? y[ORDER + r]! : 0);
  const week = y[WEEK]!;
  const obs: BeerGameObservation = {
    week,
    warmup: !final && week <= options.warmupWeeks ? 1 : 0,
    final: final ? 1 : 0,
    inventory: y[INVENTORY + r]!,
    backlog: y[BACKLOG + r]!,
    incomingOrder: y[INCOMING + r]!,
    received: y[RECEIVED + r]!,
    shipped: y[SHIPPED + r]!,
    nearBox: y[NEAR + r]!,
    farBox: y[FAR + r]!,
    orderInMail: inMail,
    lastOrder: y[ORDER + r]!,
    onOrder: final ? y[ON_ORDER + r]! - y[ORDER + r]! : y[ON_ORDER + r]!,
    cost: y[COST + r]!,
    totalCost: y[TOTAL_COST + r]!,
  };
  return options.infoSharing ? { ...obs, customerDemand: y[DEMAND]! } : obs;
}

/** Echelon r's KPIs, scored on the board in `shown`: the one its observation shows. */
function kpisShown(r: number): Kpi[] {
  return [
    kpi("totalCost", "Cost so far", "$", shown[TOTAL_COST + r]!, "lower"),
    { ...kpi("inventory", "Inventory", "cases", shown[INVENTORY + r]!, "lower"), balance: true },
    kpi("backlog", "Backlog", "cases", shown[BACKLOG + r]!, "lower"),
  ];
}

/** Where a state given as an object is packed to be shown (see show). */
const objectBoard = new Float64Array(SIZE);

/** Echelon `role`'s observation of the state at x[at …] (packed: kernel.ts). */
function observePacked(
  x: Float64Array,
  at: number,
  role: RoleId,
  options: BeerGameOptions,
): BeerGameObservation {
  const r = roleIndex(role);
  return view(r, options, show(x, at, options));
}

/** Echelon `role`'s KPIs, scored on the board its observation shows. */
function kpisPacked(x: Float64Array, at: number, role: RoleId, options: BeerGameOptions): Kpi[] {
  const r = roleIndex(role);
  show(x, at, options);
  return kpisShown(r);
}

function roleIndex(role: RoleId): number {
  const r = (ROLE_IDS as readonly string[]).indexOf(role);
  if (r < 0) throw new Error(`unknown role "${role}"; expected ${ROLE_IDS.join(", ")}`);
  return r;
}

const orderDecision: DecisionSpec = {
  id: "order",
  label: "Order",
  unit: "cases",
  min: 0,
  max: MAX_ORDER,
  integer: true,
  default: INITIAL_FLOW,
  help: "Cases to order from your supplier this week (Factory: cases to brew). They arrive in about four weeks (Factory: three).",
};

const fractionalOrder: DecisionSpec = { ...orderDecision, integer: false };

const perRole = (
  id: string,
  label: string,
  unit: string,
  pick: (s: BeerGameState) => readonly number[],
): SeriesSpec<BeerGameState> => ({
  id,
  label,
  unit,
  perRole: true,
  value: (s, role) => pick(s)[roleIndex(role ?? "retailer")]!,
});

const series: SeriesSpec<BeerGameState>[] = [
  perRole("orders", "Orders placed", "cases/week", (s) => s.order),
  perRole("incoming", "Incoming orders", "cases/week", (s) => s.incoming),
  perRole("shipped", "Shipments sent", "cases/week", (s) => s.shipped),
  perRole("received", "Deliveries received", "cases/week", (s) => s.received),
  perRole("inventory", "Inventory", "cases", (s) => s.inventory),
  perRole("backlog", "Backlog", "cases", (s) => s.backlog),
  perRole("onOrder", "Supply line (on order)", "cases", (s) => s.onOrder),
  perRole("cost", "Cost this week", "$", (s) => s.cost),
  perRole("totalCost", "Cost so far", "$", (s) => s.totalCost),
  { id: "demand", label: "Customer demand", unit: "cases/week", perRole: false, value: (s) => s.demand },
  {
    id: "teamCost",
    label: "Team cost so far",
    unit: "$",
    perRole: false,
    value: (s) => s.totalCost[0]! + s.totalCost[1]! + s.totalCost[2]! + s.totalCost[3]!,
  },
  { id: "cases", label: "Cases in the chain", unit: "cases", perRole: false, value: casesInSystem },
];

const kpi = (id: string, label: string, unit: string, value: number, better: Kpi["better"]): Kpi => ({
  id,
  label,
  unit,
  value,
  better,
});

export const beerGame: Scenario<BeerGameOptions, BeerGameState, BeerGameObservation> = {
  id: "beer-game",
  version: 3, // 3: random draws with engine-independent ln and cos (docs/protocol.md, "Versions")
  title: "The Beer Game",
  summary:
    "Four echelons — retailer, wholesaler, distributor, factory — keep beer flowing to the customer. Orders take two weeks by mail, shipments two weeks by truck. Keep your costs down.",
  roles: [
    {
      id: "retailer",
      label: "Retailer",
      summary: "Sells beer to the customers and orders from the wholesaler.",
    },
    {
      id: "wholesaler",
      label: "Wholesaler",
      summary: "Supplies the retailer and orders from the distributor.",
    },
    {
      id: "distributor",
      label: "Distributor",
      summary: "Supplies the wholesaler and orders from the factory.",
    },
    {
      id: "factory",
      label: "Factory",
      summary: "Supplies the distributor and brews beer: three weeks from request to stock.",
    },
  ],
  defaultOptions,
  parseOptions,
  optionBounds,
  horizon: (o) => o.weeks,
  decisions(role, options) {
    roleIndex(role);
    return options.wholeCases ? [orderDecision] : [fractionalOrder];
  },
  init,
  stateLayout: () => layout,
  step: (s, d, ctx) => step(s, d, ctx.options, ctx.rng),
  packedStep: (x, from, to, d, ctx) => stepPacked(x, from, to, d, ctx.options, ctx.rng),
  observe(s, role, options) {
    pack(s, objectBoard, 0);
    return observePacked(objectBoard, 0, role, options);
  },
  roleKpis(s, role, options) {
    pack(s, objectBoard, 0);
    return kpisPacked(objectBoard, 0, role, options);
  },
  // The same, read straight from the packed weeks a round keeps: a busy server observes every round
  // every week, and building each state back as an object for it was garbage the collector copied.
  packedViews: { observe: observePacked, roleKpis: kpisPacked },
  teamKpis(s) {
    return [
      kpi(
        "teamCost",
        "Team cost",
        "$",
        s.totalCost.reduce((a, x) => a + x, 0),
        "lower",
      ),
      kpi("customerBacklog", "Customers waiting", "cases", s.backlog[0]!, "lower"),
    ];
  },
  series,
  shocks: [],
  shockRanges: {},
  scheduledShocks: () => [],
  loops,
  reflection: [
    "Now that you have seen the customer demand: how far was it from what you sketched, and what made you guess as you did?",
    "When your incoming orders surged, what did you think was happening downstream?",
    "Which orders had you already placed when you placed the largest one?",
    "Who, if anyone, was to blame for the costs your team ran up?",
    "What would you watch, and what would you ignore, if you played again?",
  ],
  beliefSeries: { id: "demand", label: "Customer demand", unit: "cases/week" },
};
