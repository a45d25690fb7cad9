// The product-launch scenario's data: options, model state and what each department observes.
// Everything is plain JSON so states hash, replay and cross the wire unchanged.

import type { Pipeline } from "../../engine/pipeline.ts";
import type { ShockEvent } from "../../engine/types.ts";

export type ProductLaunchRole = "sales" | "engineering" | "manufacturing" | "purchasing";

export interface ProductLaunchOptions {
  /** Weeks players are told the round lasts ("about N weeks"). */
  weeks: number;
  /** The round really ends at a week drawn per seed from this window (inclusive); [n, n] fixes it. */
  endWeeks: [number, number];
  /** The standard market boom: its week and size drawn per seed from these ranges; null = no boom. */
  boom: { weeks: [number, number]; size: [number, number] } | null;
  /** Scales every random disturbance (demand, supplier reliability, defect discovery); 0 = deterministic. */
  noise: number;
  /** Shocks scheduled by the trainer; the default holds the standard shock (a market boom). */
  shocks: ShockEvent[];
}

/** One supplier's order book and the trucks on the road. */
export interface SupplierState {
  /** Kits ordered, not yet shipped by the supplier. */
  backlog: number;
  /** Kits shipped, arriving in the coming weeks (slot 0 arrives next). */
  transit: Pipeline;
  /** Smoothed weekly shipments, which the supplier's quoted lead time is based on. */
  shipRate: number;
}

/** Every flow of the week just simulated: what the conservation check and the loop measures read. */
export interface WeekFlows {
  // market and sales
  orders: number;
  shipments: number;
  price: number;
  demandDelayEffect: number;
  demandQualityEffect: number;
  demandPromoEffect: number;
  demandFeatureEffect: number;
  /** Orders from the working features in the market, relative to normal. */
  demandValueEffect: number;
  demandReputationEffect: number;
  /** Features promised this week, features delivered working, promises kept, features aged out. */
  promised: number;
  featuresDelivered: number;
  promisesKept: number;
  featuresAged: number;
  // manufacturing
  starts: number;
  completions: number;
  good: number;
  scrap: number;
  yield: number;
  shortage: number;
  capacityEffective: number;
  // purchasing and suppliers
  orderCheap: number;
  orderDear: number;
  shippedCheap: number;
  shippedDear: number;
  deliveredCheap: number;
  deliveredDear: number;
  // engineering
  scopeIn: number;
  scopeShock: number;
  accomplished: number;
  correct: number;
  /** Flawed work caught in test and reported (back into the backlog). */
  caught: number;
  /** Flawed work caught in test and not reported: released as if done. */
  concealed: number;
  released: number;
  escaped: number;
  discovered: number;
  fixed: number;
  errorFraction: number;
  /** Known backlog at the start of the week, in weeks of new-work capacity (what drives errors). */
  schedulePressure: number;
  newWorkCapacity: number;
  upfrontEffort: number;
  /** Share of up-front time lost to field escalations and schedule pressure. */
  interrupt: number;
  fixEffort: number;
  departures: number;
  // field
  fieldFailures: number;
  // money
  revenue: number;
  materialCost: number;
  labourCost: number;
  engineeringCost: number;
  holdingCost: number;
  warrantyCost: number;
  changeCost: number;
  /** What the stocks are worth when the round ends (booked in the last week only). */
  endValuation: number;
  profit: number;
}

/** Equilibrium values computed at week 0; effects are measured against them so the start is at rest. */
export interface Reference {
  demand: number;
  deliveryDelay: number;
  fieldFailureRate: number;
  openDefects: number;
  hidden: number;
  escaped: number;
  caught: number;
  discovered: number;
  accomplished: number;
  capability: number;
  upfrontShare: number;
  fixShare: number;
  leadTimeCheap: number;
  usage: number;
  known: number;
  features: number;
  outstanding: number;
}

export interface ProductLaunchState {
  week: number;

  // Market and sales
  /** Demand multiplier from market shocks (1 = the baseline market). */
  market: number;
  /** The market's drift around its trend (pink noise; 0 = on trend; a multiplier of 1 + drift). */
  demandDrift: number;
  /** Customer orders accepted, not yet shipped (units). */
  backlog: number;
  /** What the backlog will bill when shipped ($): each order keeps the price it was booked at. */
  backlogValue: number;
  /** Delivery delay as customers perceive it (weeks, smoothed). */
  perceivedDelay: number;
  /** Field failure rate as customers perceive it (fraction of units, smoothed). */
  perceivedFailures: number;
  /** Feature promises as the market has heard them (per week, smoothed). */
  perceivedPromises: number;
  /** Working features in the market: delivered right, ageing out. */
  features: number;
  /** Features promised and not yet delivered. */
  outstanding: number;
  /** How far the market believes the company's promises (1 = fully); remembers broken ones. */
  reputation: number;
  /** The week the round really ends, and the boom's week and size, drawn per seed. */
  endWeek: number;
  boomWeek: number;
  boomSize: number;

  // Manufacturing
  finishedGoods: number;
  /** Units started, in the line (slot 0 completes next). */
  wip: Pipeline;
  /** Crew capacity without overtime (units/week). */
  capacity: number;
  /** Purchased kits on hand (one kit per unit started). */
  rawMaterial: number;

  // Purchasing and suppliers
  cheap: SupplierState;
  dear: SupplierState;
  /** The cheap supplier's drift in reliability (pink noise with unit deviation; bad spells last weeks). */
  supplyDrift: number;
  /** Weeks left of an outage at the cheap supplier, and the share of its capacity lost. */
  outageWeeks: number;
  outageSeverity: number;

  // Engineering (tasks are design work packages)
  engineers: number;
  /** Known work to do: new scope plus defects caught in test. */
  todo: number;
  /** Released work holding defects nobody has found yet ("undiscovered rework"). */
  hidden: number;
  /** Defects found by manufacturing and customers, awaiting an engineering change. */
  known: number;
  /** Work released and correct (cumulative). */
  done: number;
  /** Process and design capability, 0…1: built by up-front work, eroded when it is starved. */
  capability: number;
  /** Shock inputs waiting for the next step (so every stock changes only through recorded flows). */
  pendingScope: number;
  pendingDepartures: number;
  pendingCapabilityLoss: number;

  // Money and scores (cumulative)
  profit: number;
  bookings: number;
  revenue: number;
  materialSpend: number;
  kitsOrdered: number;
  labourSpend: number;
  goodOutput: number;
  tasksReleased: number;
  /** Design work committed since week 0, including the backlog then (tasks): the release being built. */
  scopeTotal: number;
  /** Stocks valued when the round ended ($; 0 before). */
  endValue: number;

  /** The decisions in force last week (each desk sees its own). */
  last: {
    promotion: number;
    features: number;
    forecast: number;
    fixShare: number;
    upfrontShare: number;
    qualityGate: number;
    reportShare: number;
    production: number;
    overtime: number;
    capacityTarget: number;
    order: number;
    dearShare: number;
  };
  /** Values that reach a desk late: slot 0 is what the desk sees now. */
  reports: {
    complaints: Pipeline;
    defectReports: Pipeline;
    forecast: Pipeline;
    backlog: Pipeline;
    plan: Pipeline;
  };
  flow: WeekFlows;
  ref: Reference;
}

/** What the Sales & Marketing desk sees. */
export type SalesObservation = {
  readonly week: number;
  /** Units ordered by customers this week. */
  readonly orders: number;
  /** Orders booked ($, at this week's price). */
  readonly bookings: number;
  readonly backlog: number;
  readonly shipments: number;
  /** Weeks an order now waits (backlog ÷ shipments). */
  readonly deliveryDelay: number;
  /** Field failures reported by customers (units), two weeks late. */
  readonly complaints: number;
  readonly price: number;
  readonly promotion: number;
  readonly features: number;
  readonly forecast: number;
  /** Progress Engineering reports on the release (% of committed work released). */
  readonly reportedProgress: number;
};

/** What the Engineering desk sees (never the defects nobody has found). */
export type EngineeringObservation = {
  readonly week: number;
  readonly engineers: number;
  /** Known work to do (tasks). */
  readonly backlog: number;
  /** New scope arriving this week (tasks). */
  readonly newScope: number;
  readonly completed: number;
  /** Tasks released to manufacturing this week. */
  readonly released: number;
  /** Defects caught by the quality gate this week (back into the backlog). */
  readonly caughtInTest: number;
  /** Defects caught in test and released unreported this week (only Engineering knows). */
  readonly concealed: number;
  /** Progress reported on the release: % of committed work released, right or not. */
  readonly reportedProgress: number;
  /** Defects reported from manufacturing and the field (one week late). */
  readonly defectReports: number;
  /** Reported defects awaiting a change. */
  readonly knownDefects: number;
  readonly fixed: number;
  /** Backlog in weeks of new-work capacity. */
  readonly backlogWeeks: number;
  readonly fixShare: number;
  readonly upfrontShare: number;
  readonly qualityGate: number;
  readonly reportShare: number;
};

/** What the Manufacturing desk sees. */
export type ManufacturingObservation = {
  readonly week: number;
  /** Sales forecast (units/week), one week late. */
  readonly forecast: number;
  /** Customer order backlog (units), one week late. */
  readonly orderBacklog: number;
  readonly finishedGoods: number;
  readonly wip: number;
  readonly rawMaterial: number;
  readonly capacity: number;
  readonly starts: number;
  readonly goodOutput: number;
  readonly scrap: number;
  /** First-pass yield of units completed this week. */
  readonly yield: number;
  /** Planned starts lost for want of material. */
  readonly shortage: number;
  readonly shipments: number;
  readonly production: number;
  readonly overtime: number;
  readonly capacityTarget: number;
};

/** What the Purchasing desk sees. */
export type PurchasingObservation = {
  readonly week: number;
  readonly rawMaterial: number;
  /** Kits used by manufacturing this week. */
  readonly usage: number;
  /** Manufacturing's planned starts, one week late. */
  readonly productionPlan: number;
  readonly onOrderCheap: number;
  readonly onOrderDear: number;
  readonly deliveredCheap: number;
  readonly deliveredDear: number;
  /** Lead times the suppliers quote (weeks). */
  readonly leadTimeCheap: number;
  readonly leadTimeDear: number;
  /** Average price per kit ordered this week. */
  readonly kitCost: number;
  readonly order: number;
  readonly dearShare: number;
};

export type ProductLaunchObservation =
  | SalesObservation
  | EngineeringObservation
  | ManufacturingObservation
  | PurchasingObservation;

export interface ObservationByRole {
  sales: SalesObservation;
  engineering: EngineeringObservation;
  manufacturing: ManufacturingObservation;
  purchasing: PurchasingObservation;
}
