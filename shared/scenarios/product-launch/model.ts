// The company as plain data: week 0, an exact equilibrium of the default decisions so that nothing
// moves until someone (or a shock) moves it, and each week after it as the kernel's equations
// (kernel.ts) on the state packed into their layout. Every stock changes only through a flow
// recorded in `flow`, and every outflow is limited by the stock it drains.

import { pipeline, total } from "../../engine/pipeline.ts";
import type { Decisions, Rng, StepContext } from "../../engine/types.ts";
import {
  capabilityTarget,
  DECISION_IDS,
  engineeringSplit,
  errorFraction,
  newWorkCapacity,
  offsets,
  slots,
  stepState,
} from "./kernel.ts";
import { P } from "./params.ts";
import { decisionSpecs } from "./roles.ts";
import type { ProductLaunchOptions, ProductLaunchState, Reference, WeekFlows } from "./types.ts";

export {
  capabilityGoal,
  capabilityTarget,
  engineeringSplit,
  errorFraction,
  fieldFailureRate,
  newWorkCapacity,
  promotionEffect,
  valueAtEnd,
} from "./kernel.ts";

// Our own constants, not imported bindings (see offsets in kernel.ts).
const {
  BACKLOG,
  BACKLOG_VALUE,
  BOOKINGS,
  BOOM_SIZE,
  BOOM_WEEK,
  CAPABILITY,
  CAPACITY,
  CHEAP_BACKLOG,
  CHEAP_SHIP_RATE,
  CHEAP_TRANSIT,
  DEAR_BACKLOG,
  DEAR_SHIP_RATE,
  DEAR_TRANSIT,
  DEMAND_DRIFT,
  DONE,
  END_VALUE,
  END_WEEK,
  ENGINEERS,
  FEATURES,
  FINISHED_GOODS,
  FLOW_ACCOMPLISHED,
  FLOW_CAPACITY_EFFECTIVE,
  FLOW_CAUGHT,
  FLOW_CHANGE_COST,
  FLOW_COMPLETIONS,
  FLOW_CONCEALED,
  FLOW_CORRECT,
  FLOW_DELIVERED_CHEAP,
  FLOW_DELIVERED_DEAR,
  FLOW_DEMAND_DELAY_EFFECT,
  FLOW_DEMAND_FEATURE_EFFECT,
  FLOW_DEMAND_PROMO_EFFECT,
  FLOW_DEMAND_QUALITY_EFFECT,
  FLOW_DEMAND_REPUTATION_EFFECT,
  FLOW_DEMAND_VALUE_EFFECT,
  FLOW_DEPARTURES,
  FLOW_DISCOVERED,
  FLOW_END_VALUATION,
  FLOW_ENGINEERING_COST,
  FLOW_ERROR_FRACTION,
  FLOW_ESCAPED,
  FLOW_FEATURES_AGED,
  FLOW_FEATURES_DELIVERED,
  FLOW_FIELD_FAILURES,
  FLOW_FIX_EFFORT,
  FLOW_FIXED,
  FLOW_GOOD,
  FLOW_HOLDING_COST,
  FLOW_INTERRUPT,
  FLOW_LABOUR_COST,
  FLOW_MATERIAL_COST,
  FLOW_NEW_WORK_CAPACITY,
  FLOW_ORDER_CHEAP,
  FLOW_ORDER_DEAR,
  FLOW_ORDERS,
  FLOW_PRICE,
  FLOW_PROFIT,
  FLOW_PROMISED,
  FLOW_PROMISES_KEPT,
  FLOW_RELEASED,
  FLOW_REVENUE,
  FLOW_SCHEDULE_PRESSURE,
  FLOW_SCOPE_IN,
  FLOW_SCOPE_SHOCK,
  FLOW_SCRAP,
  FLOW_SHIPMENTS,
  FLOW_SHIPPED_CHEAP,
  FLOW_SHIPPED_DEAR,
  FLOW_SHORTAGE,
  FLOW_STARTS,
  FLOW_UPFRONT_EFFORT,
  FLOW_WARRANTY_COST,
  FLOW_YIELD,
  GOOD_OUTPUT,
  HIDDEN,
  KITS_ORDERED,
  KNOWN,
  LABOUR_SPEND,
  MARKET,
  MATERIAL_SPEND,
  OUTAGE_SEVERITY,
  OUTAGE_WEEKS,
  OUTSTANDING,
  PENDING_CAPABILITY_LOSS,
  PENDING_DEPARTURES,
  PENDING_SCOPE,
  PERCEIVED_DELAY,
  PERCEIVED_FAILURES,
  PERCEIVED_PROMISES,
  PROFIT,
  RAW_MATERIAL,
  REPORTS_BACKLOG,
  REPORTS_COMPLAINTS,
  REPORTS_DEFECT_REPORTS,
  REPORTS_FORECAST,
  REPORTS_PLAN,
  REPUTATION,
  REVENUE,
  SCOPE_TOTAL,
  SIZE,
  SUPPLY_DRIFT,
  TASKS_RELEASED,
  TODO,
  WIP,
} = offsets;
const { DECISIONS } = slots;

function defaults(): ProductLaunchState["last"] {
  const d: Record<string, number> = {};
  for (const specs of Object.values(decisionSpecs)) for (const s of specs) d[s.id] = s.default;
  return d as ProductLaunchState["last"];
}

function zeroFlows(): WeekFlows {
  return {
    orders: 0,
    shipments: 0,
    price: P.listPrice,
    demandDelayEffect: 1,
    demandQualityEffect: 1,
    demandPromoEffect: 1,
    demandFeatureEffect: 1,
    demandValueEffect: 1,
    demandReputationEffect: 1,
    promised: 0,
    featuresDelivered: 0,
    promisesKept: 0,
    featuresAged: 0,
    starts: 0,
    completions: 0,
    good: 0,
    scrap: 0,
    yield: P.baseYield,
    shortage: 0,
    capacityEffective: 0,
    orderCheap: 0,
    orderDear: 0,
    shippedCheap: 0,
    shippedDear: 0,
    deliveredCheap: 0,
    deliveredDear: 0,
    scopeIn: 0,
    scopeShock: 0,
    accomplished: 0,
    correct: 0,
    caught: 0,
    concealed: 0,
    released: 0,
    escaped: 0,
    discovered: 0,
    fixed: 0,
    errorFraction: 0,
    schedulePressure: 0,
    newWorkCapacity: 0,
    upfrontEffort: 0,
    interrupt: 0,
    fixEffort: 0,
    departures: 0,
    fieldFailures: 0,
    revenue: 0,
    materialCost: 0,
    labourCost: 0,
    engineeringCost: 0,
    holdingCost: 0,
    warrantyCost: 0,
    changeCost: 0,
    endValuation: 0,
    profit: 0,
  };
}

/** Where a uniform draw u in [0, 1) falls between lo and hi. */
const within = (lo: number, hi: number, u: number) => lo + u * (hi - lo);

/** The week the round really ends, from week 0's first draw. */
export function drawnEndWeek(options: ProductLaunchOptions, u: number): number {
  return Math.min(options.endWeeks[1], Math.floor(within(options.endWeeks[0], options.endWeeks[1] + 1, u)));
}

/** The standard boom's week (0: no boom), from week 0's second draw. */
export function drawnBoomWeek(options: ProductLaunchOptions, u: number): number {
  const boom = options.boom;
  return boom ? Math.min(boom.weeks[1], Math.floor(within(boom.weeks[0], boom.weeks[1] + 1, u))) : 0;
}

/** The standard boom's size, from week 0's third draw. */
export function drawnBoomSize(options: ProductLaunchOptions, u: number): number {
  const boom = options.boom;
  return boom ? within(boom.size[0], boom.size[1], u) : 0;
}

/**
 * Week 0: the steady state of the default decisions. Engineering's stocks are solved from the
 * rework cycle's balance (scope in = work done right + defects fixed), the supply chain from
 * Little's law on each supplier.
 */
export function initialState(options: ProductLaunchOptions, rng: Rng): ProductLaunchState {
  // Always three draws, so the stream's position after week 0 does not depend on the options.
  const endDraw = rng.next();
  const boomWeekDraw = rng.next();
  const boomSizeDraw = rng.next();
  const endWeek = drawnEndWeek(options, endDraw);
  const boomWeek = drawnBoomWeek(options, boomWeekDraw);
  const boomSize = drawnBoomSize(options, boomSizeDraw);
  const last = defaults();
  const demand = P.baseDemand;
  const usage = last.production;

  const split = engineeringSplit(last.fixShare, last.upfrontShare);
  const capNew = newWorkCapacity(P.engineers, split.newWork, last.qualityGate);
  const capability = capabilityTarget(split.upfront);
  const scope = last.features * P.tasksPerFeature;
  const todoGuess = 0; // error fraction below the pressure threshold, checked below
  const e = errorFraction(capability, todoGuess);
  const caughtShare = (e * last.qualityGate * P.testDetection) / 100;
  const accomplished = scope / (1 - caughtShare);
  const todo = accomplished * P.minTaskTime;
  if (accomplished > capNew || todo / capNew > P.pressureThreshold) {
    throw new Error("product-launch parameters: default engineering capacity cannot carry the default scope");
  }
  const escaped = accomplished * e - accomplished * caughtShare;
  const hidden = escaped * P.discoveryWeeks;
  const known = escaped * P.minFixTime;
  if (escaped > P.engineers * split.fix * P.fixProductivity) {
    throw new Error("product-launch parameters: default fix capacity cannot carry the default defect flow");
  }

  const dearOrders = (last.order * last.dearShare) / 100;
  const cheapOrders = last.order - dearOrders;
  const backlog = demand * P.minDeliveryTime;
  const fieldFailure = P.baseFieldFailure;
  // A feature a week delivered right, each working for featureLifeWeeks; promises in progress are the
  // backlog's worth of features.
  const featuresDelivered = scope / P.tasksPerFeature;
  const features = featuresDelivered * P.featureLifeWeeks;
  const outstanding = todo / P.tasksPerFeature;

  const ref: Reference = {
    demand,
    deliveryDelay: P.minDeliveryTime,
    fieldFailureRate: fieldFailure,
    openDefects: hidden + known,
    hidden,
    escaped,
    caught: accomplished * caughtShare,
    discovered: escaped,
    accomplished,
    capability,
    upfrontShare: split.upfront,
    fixShare: split.fix,
    leadTimeCheap: P.cheapProcessing + P.transitWeeks,
    usage,
    known,
    features,
    outstanding,
  };

  const flow = zeroFlows();
  Object.assign(flow, {
    orders: demand,
    shipments: demand,
    starts: usage,
    completions: usage,
    good: usage * P.baseYield,
    scrap: usage * (1 - P.baseYield),
    capacityEffective: last.capacityTarget,
    orderCheap: cheapOrders,
    orderDear: dearOrders,
    shippedCheap: cheapOrders,
    shippedDear: dearOrders,
    deliveredCheap: cheapOrders,
    deliveredDear: dearOrders,
    promised: last.features,
    featuresDelivered,
    promisesKept: featuresDelivered,
    featuresAged: featuresDelivered,
    scopeIn: scope,
    accomplished,
    correct: accomplished * (1 - e),
    caught: accomplished * caughtShare,
    released: accomplished * (1 - caughtShare),
    escaped,
    discovered: escaped,
    fixed: escaped,
    errorFraction: e,
    schedulePressure: todo / capNew,
    newWorkCapacity: capNew,
    upfrontEffort: split.upfront,
    fixEffort: split.fix,
  });

  return {
    week: 0,
    market: 1,
    demandDrift: 0,
    backlog,
    backlogValue: backlog * P.listPrice,
    perceivedDelay: P.minDeliveryTime,
    perceivedFailures: fieldFailure,
    perceivedPromises: last.features,
    features,
    outstanding,
    reputation: 1,
    endWeek,
    boomWeek,
    boomSize,
    finishedGoods: demand * P.minDeliveryTime,
    wip: pipeline(P.lineWeeks, usage),
    capacity: last.capacityTarget,
    rawMaterial: usage * 3,
    cheap: {
      backlog: cheapOrders * P.cheapProcessing,
      transit: pipeline(P.transitWeeks, cheapOrders),
      shipRate: cheapOrders,
    },
    dear: {
      backlog: dearOrders * P.dearProcessing,
      transit: pipeline(P.transitWeeks, dearOrders),
      shipRate: dearOrders,
    },
    supplyDrift: 0,
    outageWeeks: 0,
    outageSeverity: 0,
    engineers: P.engineers,
    todo,
    hidden,
    known,
    done: 0,
    capability,
    pendingScope: 0,
    pendingDepartures: 0,
    pendingCapabilityLoss: 0,
    profit: 0,
    bookings: 0,
    revenue: 0,
    materialSpend: 0,
    kitsOrdered: 0,
    labourSpend: 0,
    goodOutput: 0,
    tasksReleased: 0,
    scopeTotal: todo,
    endValue: 0,
    last,
    reports: {
      complaints: pipeline(3, demand * fieldFailure),
      defectReports: pipeline(2, escaped),
      forecast: pipeline(2, last.forecast),
      backlog: pipeline(2, backlog),
      plan: pipeline(2, last.production),
    },
    flow,
    ref,
  };
}

/** Lead time a supplier quotes: its order book at its recent shipping pace (never below its normal processing time), plus transit. */
export function quotedLeadTime(s: { backlog: number; shipRate: number }, processing: number): number {
  return leadTimeOf(s.backlog, s.shipRate, processing);
}

/** quotedLeadTime from the numbers themselves (the bare runner reads them from its typed array). */
export function leadTimeOf(backlog: number, shipRate: number, processing: number): number {
  return Math.max(processing, backlog / Math.max(1, shipRate)) + P.transitWeeks;
}

/** The week's numbers, worked in place by the kernel (step is synchronous: one buffer serves every call). */
const work = new Float64Array(SIZE);
const decided = new Float64Array(DECISIONS);

/** Writes the numbers of `s` the week's equations read into the kernel's layout. */
function packForStep(s: ProductLaunchState, y: Float64Array): void {
  y[MARKET] = s.market;
  y[DEMAND_DRIFT] = s.demandDrift;
  y[BACKLOG] = s.backlog;
  y[BACKLOG_VALUE] = s.backlogValue;
  y[PERCEIVED_DELAY] = s.perceivedDelay;
  y[PERCEIVED_FAILURES] = s.perceivedFailures;
  y[PERCEIVED_PROMISES] = s.perceivedPromises;
  y[FEATURES] = s.features;
  y[OUTSTANDING] = s.outstanding;
  y[REPUTATION] = s.reputation;
  y[END_WEEK] = s.endWeek;
  y[BOOM_WEEK] = s.boomWeek;
  y[BOOM_SIZE] = s.boomSize;
  y[FINISHED_GOODS] = s.finishedGoods;
  y[WIP] = s.wip[0]!;
  y[WIP + 1] = s.wip[1]!;
  y[CAPACITY] = s.capacity;
  y[RAW_MATERIAL] = s.rawMaterial;
  y[CHEAP_BACKLOG] = s.cheap.backlog;
  y[CHEAP_TRANSIT] = s.cheap.transit[0]!;
  y[CHEAP_SHIP_RATE] = s.cheap.shipRate;
  y[DEAR_BACKLOG] = s.dear.backlog;
  y[DEAR_TRANSIT] = s.dear.transit[0]!;
  y[DEAR_SHIP_RATE] = s.dear.shipRate;
  y[SUPPLY_DRIFT] = s.supplyDrift;
  y[OUTAGE_WEEKS] = s.outageWeeks;
  y[OUTAGE_SEVERITY] = s.outageSeverity;
  y[ENGINEERS] = s.engineers;
  y[TODO] = s.todo;
  y[HIDDEN] = s.hidden;
  y[KNOWN] = s.known;
  y[DONE] = s.done;
  y[CAPABILITY] = s.capability;
  y[PENDING_SCOPE] = s.pendingScope;
  y[PENDING_DEPARTURES] = s.pendingDepartures;
  y[PENDING_CAPABILITY_LOSS] = s.pendingCapabilityLoss;
  y[PROFIT] = s.profit;
  y[BOOKINGS] = s.bookings;
  y[REVENUE] = s.revenue;
  y[MATERIAL_SPEND] = s.materialSpend;
  y[KITS_ORDERED] = s.kitsOrdered;
  y[LABOUR_SPEND] = s.labourSpend;
  y[GOOD_OUTPUT] = s.goodOutput;
  y[TASKS_RELEASED] = s.tasksReleased;
  y[SCOPE_TOTAL] = s.scopeTotal;
  y[END_VALUE] = s.endValue;
  const r = s.reports;
  y[REPORTS_COMPLAINTS + 1] = r.complaints[1]!;
  y[REPORTS_COMPLAINTS + 2] = r.complaints[2]!;
  y[REPORTS_DEFECT_REPORTS + 1] = r.defectReports[1]!;
  y[REPORTS_FORECAST + 1] = r.forecast[1]!;
  y[REPORTS_BACKLOG + 1] = r.backlog[1]!;
  y[REPORTS_PLAN + 1] = r.plan[1]!;
}

const two = (y: Float64Array, at: number): number[] => [y[at]!, y[at + 1]!];

export function step(
  s: ProductLaunchState,
  decisions: Decisions,
  ctx: StepContext<ProductLaunchOptions>,
): ProductLaunchState {
  const d = { ...s.last };
  for (const role of Object.values(decisions)) Object.assign(d, role);
  // After the round's real end the company is wound up: weeks pass, nothing flows.
  if (ctx.week > s.endWeek)
    return { ...s, week: ctx.week, last: d, flow: { ...zeroFlows(), price: s.flow.price } };
  // Always three draws, so the random stream's position depends on the week alone.
  const demandShock = ctx.rng.normal();
  const supplierShock = ctx.rng.normal();
  const discoveryShock = ctx.rng.normal();
  // The equations are the kernel's (kernel.ts), on the state packed into its layout.
  const y = work;
  packForStep(s, y);
  for (let i = 0; i < DECISIONS; i++) decided[i] = d[DECISION_IDS[i]!];
  stepState(y, decided, ctx.week, ctx.options.noise, demandShock, supplierShock, discoveryShock, s.ref);

  const flow: WeekFlows = {
    orders: y[FLOW_ORDERS]!,
    shipments: y[FLOW_SHIPMENTS]!,
    price: y[FLOW_PRICE]!,
    demandDelayEffect: y[FLOW_DEMAND_DELAY_EFFECT]!,
    demandQualityEffect: y[FLOW_DEMAND_QUALITY_EFFECT]!,
    demandPromoEffect: y[FLOW_DEMAND_PROMO_EFFECT]!,
    demandFeatureEffect: y[FLOW_DEMAND_FEATURE_EFFECT]!,
    demandValueEffect: y[FLOW_DEMAND_VALUE_EFFECT]!,
    demandReputationEffect: y[FLOW_DEMAND_REPUTATION_EFFECT]!,
    promised: y[FLOW_PROMISED]!,
    featuresDelivered: y[FLOW_FEATURES_DELIVERED]!,
    promisesKept: y[FLOW_PROMISES_KEPT]!,
    featuresAged: y[FLOW_FEATURES_AGED]!,
    starts: y[FLOW_STARTS]!,
    completions: y[FLOW_COMPLETIONS]!,
    good: y[FLOW_GOOD]!,
    scrap: y[FLOW_SCRAP]!,
    yield: y[FLOW_YIELD]!,
    shortage: y[FLOW_SHORTAGE]!,
    capacityEffective: y[FLOW_CAPACITY_EFFECTIVE]!,
    orderCheap: y[FLOW_ORDER_CHEAP]!,
    orderDear: y[FLOW_ORDER_DEAR]!,
    shippedCheap: y[FLOW_SHIPPED_CHEAP]!,
    shippedDear: y[FLOW_SHIPPED_DEAR]!,
    deliveredCheap: y[FLOW_DELIVERED_CHEAP]!,
    deliveredDear: y[FLOW_DELIVERED_DEAR]!,
    scopeIn: y[FLOW_SCOPE_IN]!,
    scopeShock: y[FLOW_SCOPE_SHOCK]!,
    accomplished: y[FLOW_ACCOMPLISHED]!,
    correct: y[FLOW_CORRECT]!,
    caught: y[FLOW_CAUGHT]!,
    concealed: y[FLOW_CONCEALED]!,
    released: y[FLOW_RELEASED]!,
    escaped: y[FLOW_ESCAPED]!,
    discovered: y[FLOW_DISCOVERED]!,
    fixed: y[FLOW_FIXED]!,
    errorFraction: y[FLOW_ERROR_FRACTION]!,
    schedulePressure: y[FLOW_SCHEDULE_PRESSURE]!,
    newWorkCapacity: y[FLOW_NEW_WORK_CAPACITY]!,
    upfrontEffort: y[FLOW_UPFRONT_EFFORT]!,
    interrupt: y[FLOW_INTERRUPT]!,
    fixEffort: y[FLOW_FIX_EFFORT]!,
    departures: y[FLOW_DEPARTURES]!,
    fieldFailures: y[FLOW_FIELD_FAILURES]!,
    revenue: y[FLOW_REVENUE]!,
    materialCost: y[FLOW_MATERIAL_COST]!,
    labourCost: y[FLOW_LABOUR_COST]!,
    engineeringCost: y[FLOW_ENGINEERING_COST]!,
    holdingCost: y[FLOW_HOLDING_COST]!,
    warrantyCost: y[FLOW_WARRANTY_COST]!,
    changeCost: y[FLOW_CHANGE_COST]!,
    endValuation: y[FLOW_END_VALUATION]!,
    profit: y[FLOW_PROFIT]!,
  };

  return {
    week: ctx.week,
    market: y[MARKET]!,
    demandDrift: y[DEMAND_DRIFT]!,
    backlog: y[BACKLOG]!,
    backlogValue: y[BACKLOG_VALUE]!,
    perceivedDelay: y[PERCEIVED_DELAY]!,
    perceivedFailures: y[PERCEIVED_FAILURES]!,
    perceivedPromises: y[PERCEIVED_PROMISES]!,
    features: y[FEATURES]!,
    outstanding: y[OUTSTANDING]!,
    reputation: y[REPUTATION]!,
    endWeek: s.endWeek,
    boomWeek: s.boomWeek,
    boomSize: s.boomSize,
    finishedGoods: y[FINISHED_GOODS]!,
    wip: two(y, WIP),
    capacity: y[CAPACITY]!,
    rawMaterial: y[RAW_MATERIAL]!,
    cheap: { backlog: y[CHEAP_BACKLOG]!, transit: [y[CHEAP_TRANSIT]!], shipRate: y[CHEAP_SHIP_RATE]! },
    dear: { backlog: y[DEAR_BACKLOG]!, transit: [y[DEAR_TRANSIT]!], shipRate: y[DEAR_SHIP_RATE]! },
    supplyDrift: y[SUPPLY_DRIFT]!,
    outageWeeks: y[OUTAGE_WEEKS]!,
    outageSeverity: y[OUTAGE_SEVERITY]!,
    engineers: y[ENGINEERS]!,
    todo: y[TODO]!,
    hidden: y[HIDDEN]!,
    known: y[KNOWN]!,
    done: y[DONE]!,
    capability: y[CAPABILITY]!,
    pendingScope: 0,
    pendingDepartures: 0,
    pendingCapabilityLoss: 0,
    profit: y[PROFIT]!,
    bookings: y[BOOKINGS]!,
    revenue: y[REVENUE]!,
    materialSpend: y[MATERIAL_SPEND]!,
    kitsOrdered: y[KITS_ORDERED]!,
    labourSpend: y[LABOUR_SPEND]!,
    goodOutput: y[GOOD_OUTPUT]!,
    tasksReleased: y[TASKS_RELEASED]!,
    scopeTotal: y[SCOPE_TOTAL]!,
    endValue: y[END_VALUE]!,
    last: d,
    reports: {
      complaints: [y[REPORTS_COMPLAINTS]!, y[REPORTS_COMPLAINTS + 1]!, y[REPORTS_COMPLAINTS + 2]!],
      defectReports: two(y, REPORTS_DEFECT_REPORTS),
      forecast: two(y, REPORTS_FORECAST),
      backlog: two(y, REPORTS_BACKLOG),
      plan: two(y, REPORTS_PLAN),
    },
    flow,
    ref: s.ref,
  };
}

/** Kits in the supply line of a supplier: ordered and not yet delivered. */
export function onOrder(s: { backlog: number; transit: readonly number[] }): number {
  return s.backlog + total(s.transit);
}
