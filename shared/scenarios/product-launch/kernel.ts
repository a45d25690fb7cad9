// The product launch's equations over one typed array: the only place they are written. The object
// model (model.ts) packs a state into this layout, runs stepState and unpacks the result; the bare
// runner (bare.ts) runs it in place for millions of rounds. The layout is the one the weekly hash
// reads (the state's keys sorted, as deriveLayout gives them; tests/unit/product-launch-bare.test.ts
// holds the two together).

import { clamp } from "../../math/clamp.ts";
import { pow } from "../../math/deterministic.ts";
import { P } from "./params.ts";
import type { Reference } from "./types.ts";

// The line and the suppliers' transit are written out below at these lengths.
if (P.lineWeeks !== 2 || P.transitWeeks !== 1)
  throw new Error("product-launch kernel: the line takes two weeks and transit one");

/** Backlog in weeks of new-work capacity; capped so a desk with nobody on new work sees a finite number. */
const MAX_BACKLOG_WEEKS = 99;

/** The engineering backlog `todo` in weeks of new-work capacity `capacity` (at most MAX_BACKLOG_WEEKS). */
export function backlogWeeks(todo: number, capacity: number): number {
  return capacity > 0 ? Math.min(MAX_BACKLOG_WEEKS, todo / capacity) : MAX_BACKLOG_WEEKS;
}

/** Capability that a share of up-front work sustains in the long run. */
export function capabilityTarget(upfrontShare: number): number {
  return clamp(P.capabilityBase + P.capabilitySlope * upfrontShare, 0, 1);
}

/**
 * Where capability heads this week: what the up-front work sustains, pulled lower below the tipping
 * point, where know-how leaks faster than reviews and tools rebuild it.
 */
export function capabilityGoal(capability: number, upfrontEffective: number): number {
  return clamp(
    capabilityTarget(upfrontEffective) - P.erosionBelowTip * Math.max(0, P.capabilityTip - capability),
    0,
    1,
  );
}

/** Field failure rate: the design's baseline (lower with capability) plus the defects released unfound. */
export function fieldFailureRate(capability: number, hidden: number, ref: Reference): number {
  return clamp(
    P.baseFieldFailure +
      P.failurePerCapabilityGap * (ref.capability - capability) +
      P.fieldFailurePerHidden * (hidden - ref.hidden),
    0,
    P.maxFieldFailure,
  );
}

/** Error fraction of new design work at a capability and a backlog (weeks of capacity). */
export function errorFraction(capability: number, backlogWeeks: number): number {
  const pressure = Math.min(
    P.maxPressureMultiplier,
    1 + P.errorPerPressure * Math.max(0, backlogWeeks - P.pressureThreshold),
  );
  return Math.min(1, (P.errorFloor + P.errorPerCapabilityGap * (1 - capability)) * pressure);
}

/** Engineering time split; shares above 100 % in total are scaled down, and new work gets the rest. */
export function engineeringSplit(
  fixPct: number,
  upfrontPct: number,
): { fix: number; upfront: number; newWork: number } {
  let fix = fixPct / 100;
  let upfront = upfrontPct / 100;
  const sum = fix + upfront;
  if (sum > 1) {
    fix /= sum;
    upfront /= sum;
  }
  return { fix, upfront, newWork: Math.max(0, 1 - fix - upfront) };
}

export function newWorkCapacity(engineers: number, newWork: number, gatePct: number): number {
  return engineers * newWork * P.newWorkProductivity * (1 - (P.testCost * gatePct) / 100);
}

/** Orders' response to a promotion's discount (%) for every whole percent, worked out once. */
const PROMOTION_EFFECT = Float64Array.from({ length: 101 }, (_, p) => pow(1 - p / 100, -P.promoElasticity));

/** Orders' response to a promotion of `promotion` %: the same power, from the table when it is a whole percent. */
export function promotionEffect(promotion: number): number {
  return Number.isInteger(promotion) && promotion >= 0 && promotion <= 100
    ? PROMOTION_EFFECT[promotion]!
    : pow(1 - promotion / 100, -P.promoElasticity);
}

/**
 * What the company's stocks are worth when the round ends, to whoever carries on: kits and units at
 * cost, less a penalty for orders still unfilled, plus the working features in the market and the
 * capability built (each against where the round started), less the defects released and unfixed.
 */
export function valueAtEnd(x: {
  rawMaterial: number;
  /** Kits ordered and paid for (orders are booked when placed), still with the suppliers or on the road. */
  onOrder: number;
  wip: number;
  finishedGoods: number;
  backlog: number;
  features: number;
  capability: number;
  openDefects: number;
  /** Customer orders of the last week: what the stocks are measured against. */
  orders: number;
  ref: Reference;
}): number {
  // Excess and obsolete: stock beyond what the business needs is worth only its salvage value.
  const worth = (units: number, price: number, coverWeeks: number) => {
    const needed = Math.min(units, coverWeeks * x.orders);
    return needed * price + (units - needed) * price * P.salvageShare;
  };
  return (
    // Kits on order count like kits on hand: otherwise stopping purchases before the end pays by itself.
    worth(x.rawMaterial + x.onOrder, P.kitValue, P.kitCoverWeeks) +
    worth(x.wip + x.finishedGoods, P.unitValue, P.unitCoverWeeks) -
    x.backlog * P.backlogPenalty +
    (x.features - x.ref.features) * P.featureValue +
    (x.capability - x.ref.capability) * P.capabilityValue -
    Math.max(0, x.openDefects - x.ref.openDefects) * P.defectLiability
  );
}

// Offsets of the state's numbers (a pipeline's slots follow its first). Module-local constants,
// handed out as one object, as in the Beer Game's kernel: V8 compiles a module's own constants into
// the code, but reads an exported or imported binding from its module cell, with a check, at every
// use (stepState alone made some 350 such reads a week). Modules that index the state copy what they
// need into their own constants (`const { BACKLOG } = offsets`); the decision slots below likewise.
const BACKLOG = 0;
const BACKLOG_VALUE = 1;
const BOOKINGS = 2;
const BOOM_SIZE = 3;
const BOOM_WEEK = 4;
const CAPABILITY = 5;
const CAPACITY = 6;
const CHEAP_BACKLOG = 7;
const CHEAP_SHIP_RATE = 8;
const CHEAP_TRANSIT = 9;
const DEAR_BACKLOG = 10;
const DEAR_SHIP_RATE = 11;
const DEAR_TRANSIT = 12;
const DEMAND_DRIFT = 13;
const DONE = 14;
const END_VALUE = 15;
const END_WEEK = 16;
const ENGINEERS = 17;
const FEATURES = 18;
const FINISHED_GOODS = 19;
const FLOW_ACCOMPLISHED = 20;
const FLOW_CAPACITY_EFFECTIVE = 21;
const FLOW_CAUGHT = 22;
const FLOW_CHANGE_COST = 23;
const FLOW_COMPLETIONS = 24;
const FLOW_CONCEALED = 25;
const FLOW_CORRECT = 26;
const FLOW_DELIVERED_CHEAP = 27;
const FLOW_DELIVERED_DEAR = 28;
const FLOW_DEMAND_DELAY_EFFECT = 29;
const FLOW_DEMAND_FEATURE_EFFECT = 30;
const FLOW_DEMAND_PROMO_EFFECT = 31;
const FLOW_DEMAND_QUALITY_EFFECT = 32;
const FLOW_DEMAND_REPUTATION_EFFECT = 33;
const FLOW_DEMAND_VALUE_EFFECT = 34;
const FLOW_DEPARTURES = 35;
const FLOW_DISCOVERED = 36;
const FLOW_END_VALUATION = 37;
const FLOW_ENGINEERING_COST = 38;
const FLOW_ERROR_FRACTION = 39;
const FLOW_ESCAPED = 40;
const FLOW_FEATURES_AGED = 41;
const FLOW_FEATURES_DELIVERED = 42;
const FLOW_FIELD_FAILURES = 43;
const FLOW_FIX_EFFORT = 44;
const FLOW_FIXED = 45;
const FLOW_GOOD = 46;
const FLOW_HOLDING_COST = 47;
const FLOW_INTERRUPT = 48;
const FLOW_LABOUR_COST = 49;
const FLOW_MATERIAL_COST = 50;
const FLOW_NEW_WORK_CAPACITY = 51;
const FLOW_ORDER_CHEAP = 52;
const FLOW_ORDER_DEAR = 53;
const FLOW_ORDERS = 54;
const FLOW_PRICE = 55;
const FLOW_PROFIT = 56;
const FLOW_PROMISED = 57;
const FLOW_PROMISES_KEPT = 58;
const FLOW_RELEASED = 59;
const FLOW_REVENUE = 60;
const FLOW_SCHEDULE_PRESSURE = 61;
const FLOW_SCOPE_IN = 62;
const FLOW_SCOPE_SHOCK = 63;
const FLOW_SCRAP = 64;
const FLOW_SHIPMENTS = 65;
const FLOW_SHIPPED_CHEAP = 66;
const FLOW_SHIPPED_DEAR = 67;
const FLOW_SHORTAGE = 68;
const FLOW_STARTS = 69;
const FLOW_UPFRONT_EFFORT = 70;
const FLOW_WARRANTY_COST = 71;
const FLOW_YIELD = 72;
const GOOD_OUTPUT = 73;
const HIDDEN = 74;
const KITS_ORDERED = 75;
const KNOWN = 76;
const LABOUR_SPEND = 77;
const LAST_CAPACITY_TARGET = 78;
const LAST_DEAR_SHARE = 79;
const LAST_FEATURES = 80;
const LAST_FIX_SHARE = 81;
const LAST_FORECAST = 82;
const LAST_ORDER = 83;
const LAST_OVERTIME = 84;
const LAST_PRODUCTION = 85;
const LAST_PROMOTION = 86;
const LAST_QUALITY_GATE = 87;
const LAST_REPORT_SHARE = 88;
const LAST_UPFRONT_SHARE = 89;
const MARKET = 90;
const MATERIAL_SPEND = 91;
const OUTAGE_SEVERITY = 92;
const OUTAGE_WEEKS = 93;
const OUTSTANDING = 94;
const PENDING_CAPABILITY_LOSS = 95;
const PENDING_DEPARTURES = 96;
const PENDING_SCOPE = 97;
const PERCEIVED_DELAY = 98;
const PERCEIVED_FAILURES = 99;
const PERCEIVED_PROMISES = 100;
const PROFIT = 101;
const RAW_MATERIAL = 102;
const REF_ACCOMPLISHED = 103;
const REF_CAPABILITY = 104;
const REF_CAUGHT = 105;
const REF_DELIVERY_DELAY = 106;
const REF_DEMAND = 107;
const REF_DISCOVERED = 108;
const REF_ESCAPED = 109;
const REF_FEATURES = 110;
const REF_FIELD_FAILURE_RATE = 111;
const REF_FIX_SHARE = 112;
const REF_HIDDEN = 113;
const REF_KNOWN = 114;
const REF_LEAD_TIME_CHEAP = 115;
const REF_OPEN_DEFECTS = 116;
const REF_OUTSTANDING = 117;
const REF_UPFRONT_SHARE = 118;
const REF_USAGE = 119;
const REPORTS_BACKLOG = 120;
const REPORTS_COMPLAINTS = 122;
const REPORTS_DEFECT_REPORTS = 125;
const REPORTS_FORECAST = 127;
const REPORTS_PLAN = 129;
const REPUTATION = 131;
const REVENUE = 132;
const SCOPE_TOTAL = 133;
const SUPPLY_DRIFT = 134;
const TASKS_RELEASED = 135;
const TODO = 136;
const WEEK = 137;
const WIP = 138;
/** Numbers in one state. */
const SIZE = 140;

export const offsets = {
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
  LAST_CAPACITY_TARGET,
  LAST_DEAR_SHARE,
  LAST_FEATURES,
  LAST_FIX_SHARE,
  LAST_FORECAST,
  LAST_ORDER,
  LAST_OVERTIME,
  LAST_PRODUCTION,
  LAST_PROMOTION,
  LAST_QUALITY_GATE,
  LAST_REPORT_SHARE,
  LAST_UPFRONT_SHARE,
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
  REF_ACCOMPLISHED,
  REF_CAPABILITY,
  REF_CAUGHT,
  REF_DELIVERY_DELAY,
  REF_DEMAND,
  REF_DISCOVERED,
  REF_ESCAPED,
  REF_FEATURES,
  REF_FIELD_FAILURE_RATE,
  REF_FIX_SHARE,
  REF_HIDDEN,
  REF_KNOWN,
  REF_LEAD_TIME_CHEAP,
  REF_OPEN_DEFECTS,
  REF_OUTSTANDING,
  REF_UPFRONT_SHARE,
  REF_USAGE,
  REPORTS_BACKLOG,
  REPORTS_COMPLAINTS,
  REPORTS_DEFECT_REPORTS,
  REPORTS_FORECAST,
  REPORTS_PLAN,
  REPUTATION,
  REVENUE,
  SCOPE_TOTAL,
  SUPPLY_DRIFT,
  TASKS_RELEASED,
  TODO,
  WEEK,
  WIP,
  SIZE,
} as const;

/** The week's decisions by id, in the order the desks give them (the model's `last`): one slot each. */
export const DECISION_IDS = [
  "promotion",
  "features",
  "forecast",
  "fixShare",
  "upfrontShare",
  "qualityGate",
  "reportShare",
  "production",
  "overtime",
  "capacityTarget",
  "order",
  "dearShare",
] as const;
const slot = (id: (typeof DECISION_IDS)[number]) => DECISION_IDS.indexOf(id);
const PROMOTION = slot("promotion");
const FEATURES_PROMISED = slot("features");
const FORECAST = slot("forecast");
const FIX_SHARE = slot("fixShare");
const UPFRONT_SHARE = slot("upfrontShare");
const QUALITY_GATE = slot("qualityGate");
const REPORT_SHARE = slot("reportShare");
const PRODUCTION = slot("production");
const OVERTIME = slot("overtime");
const CAPACITY_TARGET = slot("capacityTarget");
const ORDER = slot("order");
const DEAR_SHARE = slot("dearShare");
/** Decisions in one week. */
const DECISIONS = DECISION_IDS.length;

/** The decision slots and their count, for the modules that fill or read a week's decisions. */
export const slots = {
  PROMOTION,
  FEATURES_PROMISED,
  FORECAST,
  FIX_SHARE,
  UPFRONT_SHARE,
  QUALITY_GATE,
  REPORT_SHARE,
  PRODUCTION,
  OVERTIME,
  CAPACITY_TARGET,
  ORDER,
  DEAR_SHARE,
  DECISIONS,
} as const;

/**
 * Week `week` after the state in `y`, in place, with the desks' decisions `d` and the week's three
 * normal draws (the market's, the cheap supplier's, defect discovery's): the week of a company still
 * trading (`week` up to its real end). Shocks of the week are applied to `y` before it. Reads the
 * state's stocks, pipelines and totals; writes every number of the layout but `ref` and week 0's draws.
 */
export function stepState(
  y: Float64Array,
  d: Float64Array,
  week: number,
  noise: number,
  demandShock: number,
  supplierShock: number,
  discoveryShock: number,
  ref: Reference,
): void {
  const promotion = d[PROMOTION]!;
  const promised = d[FEATURES_PROMISED]!;
  const overtime = d[OVERTIME]!;
  const production = d[PRODUCTION]!;
  const capacityTarget = d[CAPACITY_TARGET]!;
  const order = d[ORDER]!;
  const dearShare = d[DEAR_SHARE]!;
  const qualityGate = d[QUALITY_GATE]!;
  const reportShare = d[REPORT_SHARE]!;
  // The week before, as the model's `s`.
  const sMarket = y[MARKET]!;
  const sDrift = y[DEMAND_DRIFT]!;
  const sBacklog = y[BACKLOG]!;
  const sBacklogValue = y[BACKLOG_VALUE]!;
  const sDelay = y[PERCEIVED_DELAY]!;
  const sFailures = y[PERCEIVED_FAILURES]!;
  const sPromises = y[PERCEIVED_PROMISES]!;
  const sFeatures = y[FEATURES]!;
  const sOutstanding = y[OUTSTANDING]!;
  const sReputation = y[REPUTATION]!;
  const sFinished = y[FINISHED_GOODS]!;
  const sCapacity = y[CAPACITY]!;
  const sRaw = y[RAW_MATERIAL]!;
  const sSupplyDrift = y[SUPPLY_DRIFT]!;
  const sOutageWeeks = y[OUTAGE_WEEKS]!;
  const sOutageSeverity = y[OUTAGE_SEVERITY]!;
  const sEngineers = y[ENGINEERS]!;
  const sTodo = y[TODO]!;
  const sHidden = y[HIDDEN]!;
  const sKnown = y[KNOWN]!;
  const sCapability = y[CAPABILITY]!;

  const market = week === y[BOOM_WEEK] ? sMarket * (1 + y[BOOM_SIZE]!) : sMarket;
  const tau = P.demandDriftWeeks;
  const demandDrift = sDrift + (P.demandNoise * noise * Math.sqrt(2 * tau) * demandShock - sDrift) / tau;

  // ---- Market.
  const price = P.listPrice * (1 - promotion / 100);
  const promoEffect = promotionEffect(promotion);
  const perceivedPromises = sPromises + (promised - sPromises) / P.promiseSmoothing;
  const featureEffect = Math.max(0, 1 + P.featureLift * (perceivedPromises - 1) * sReputation);
  const valueEffect = pow(Math.max(0, sFeatures) / ref.features, P.featureElasticity);
  const reputationEffect = pow(sReputation, P.reputationElasticity);
  const delayEffect = clamp(pow(ref.deliveryDelay / sDelay, P.delayElasticity), 0.2, 1.1);
  const qualityEffect = clamp(1 - P.failureSensitivity * (sFailures - ref.fieldFailureRate), 0.3, 1.1);
  const orders = Math.max(
    0,
    ref.demand *
      market *
      promoEffect *
      featureEffect *
      valueEffect *
      reputationEffect *
      delayEffect *
      qualityEffect *
      Math.max(0, 1 + demandDrift),
  );

  // ---- Suppliers (each transit line is one week long).
  const orderDear = (order * dearShare) / 100;
  const orderCheap = order - orderDear;
  const sTau = P.supplyDriftWeeks;
  const supplyDrift = sSupplyDrift + (noise * Math.sqrt(2 * sTau) * supplierShock - sSupplyDrift) / sTau;
  const reliability = clamp(1 - P.cheapUnreliability * Math.abs(supplyDrift), 0, 1);
  const outage = sOutageWeeks > 0 ? sOutageSeverity : 0;
  const cheapBacklog = y[CHEAP_BACKLOG]!;
  const cheapRate = y[CHEAP_SHIP_RATE]!;
  const shippedCheap = Math.min(
    cheapBacklog / P.cheapProcessing,
    P.cheapCapacity * reliability * (1 - outage),
  );
  const deliveredCheap = y[CHEAP_TRANSIT]!;
  const dearBacklog = y[DEAR_BACKLOG]!;
  const dearRate = y[DEAR_SHIP_RATE]!;
  const shippedDear = Math.min(dearBacklog / P.dearProcessing, P.dearCapacity);
  const deliveredDear = y[DEAR_TRANSIT]!;
  const cheapNext = cheapBacklog - shippedCheap + orderCheap;
  const dearNext = dearBacklog - shippedDear + orderDear;
  const materialOnHand = sRaw + (deliveredCheap + deliveredDear);

  // ---- Manufacturing (the line is two weeks long).
  const capacityEffective = sCapacity * (1 + overtime / 100);
  const wanted = Math.min(production, capacityEffective);
  const starts = Math.min(wanted, materialOnHand);
  const shortage = wanted - starts;
  const completions = y[WIP]!;
  const wipNext = y[WIP + 1]!;
  const yieldRate = clamp(
    P.baseYield - P.yieldPerDefect * (sHidden + sKnown - ref.openDefects),
    P.minYield,
    P.maxYield,
  );
  const good = completions * yieldRate;
  const scrap = completions - good;
  const goodsOnHand = sFinished + good;
  const shipments = Math.min(sBacklog / P.minDeliveryTime, goodsOnHand);
  const backlog = sBacklog - shipments + orders;
  const avgBookedPrice = sBacklog > 0 ? sBacklogValue / sBacklog : price;
  const revenue = shipments * avgBookedPrice;
  const backlogValue = Math.max(0, sBacklogValue - revenue + orders * price);
  const deliveryDelay = Math.min(
    P.maxDeliveryDelay,
    shipments > 0 ? backlog / shipments : P.maxDeliveryDelay,
  );
  const perceivedDelay = sDelay + (deliveryDelay - sDelay) / P.delaySmoothing;
  const capacity = sCapacity + (capacityTarget - sCapacity) / P.capacityAdjustWeeks;

  // ---- Engineering.
  const departures = Math.min(y[PENDING_DEPARTURES]!, sEngineers);
  const engineers = sEngineers - departures;
  const split = engineeringSplit(d[FIX_SHARE]!, d[UPFRONT_SHARE]!);
  const capNew = newWorkCapacity(engineers, split.newWork, qualityGate);
  const capabilityNow = clamp(sCapability - y[PENDING_CAPABILITY_LOSS]!, 0, 1);
  const weeksOfBacklog = backlogWeeks(sTodo, capNew);
  const interrupt = clamp(
    (P.interruptPerDefect * Math.max(0, sKnown - ref.known)) / Math.max(1, engineers) +
      P.interruptPerPressure * Math.max(0, weeksOfBacklog - P.pressureThreshold),
    0,
    P.maxInterrupt,
  );
  const upfrontEffective = split.upfront * (1 - interrupt);
  const fixCapacity = engineers * (split.fix + split.upfront * interrupt) * P.fixProductivity;
  const e = errorFraction(capabilityNow, weeksOfBacklog);
  const accomplished = Math.min(capNew, sTodo / P.minTaskTime);
  const flawed = accomplished * e;
  const correct = accomplished - flawed;
  const found = (flawed * qualityGate * P.testDetection) / 100;
  const caught = (found * reportShare) / 100;
  const concealed = found - caught;
  const escaped = flawed - found;
  const discovered = Math.min(
    sHidden,
    (sHidden / P.discoveryWeeks) * Math.max(0, 1 + P.discoveryNoise * noise * discoveryShock),
  );
  const fixed = Math.min(sKnown / P.minFixTime, fixCapacity);
  const scopeIn = promised * P.tasksPerFeature;
  const scopeShock = y[PENDING_SCOPE]!;
  const capability = clamp(
    capabilityNow + (capabilityGoal(capabilityNow, upfrontEffective) - capabilityNow) / P.capabilityWeeks,
    0,
    1,
  );

  // ---- Features.
  const featuresDelivered = (correct + fixed) / P.tasksPerFeature;
  const featuresAged = sFeatures / P.featureLifeWeeks;
  const promisesKept = Math.min(sOutstanding + promised, featuresDelivered);
  const outstanding = sOutstanding + promised - promisesKept;
  const reputationGoal = Math.max(
    P.minReputation,
    pow(Math.min(1, ref.outstanding / Math.max(ref.outstanding, sOutstanding)), P.reputationSensitivity),
  );
  const reputation =
    sReputation +
    (reputationGoal - sReputation) /
      (reputationGoal < sReputation ? P.reputationFallWeeks : P.reputationRecoverWeeks);

  // ---- Field.
  const failureRate = fieldFailureRate(sCapability, sHidden, ref);
  const fieldFailures = shipments * failureRate;
  const perceivedFailures = sFailures + (failureRate - sFailures) / P.failureSmoothing;

  // ---- Money.
  const rawMaterial = materialOnHand - starts;
  const finishedGoods = goodsOnHand - shipments;
  const materialCost = orderCheap * P.cheapPrice + orderDear * P.dearPrice;
  const labourCost =
    sCapacity * P.labourPerUnitCapacity +
    ((sCapacity * overtime) / 100) * P.labourPerUnitCapacity * P.overtimePremium;
  const changeCost = Math.abs(capacity - sCapacity) * P.capacityChangeCost;
  const engineeringCost = P.engineers * P.engineerCost;
  const holdingCost = finishedGoods * P.finishedHolding + rawMaterial * P.materialHolding;
  const warrantyCost = fieldFailures * P.warrantyCost;
  const hidden = sHidden + escaped + concealed - discovered;
  const known = sKnown + discovered - fixed;
  const features = sFeatures + featuresDelivered - featuresAged;
  const endValuation =
    week === y[END_WEEK]
      ? valueAtEnd({
          rawMaterial,
          // onOrder(): the backlog plus the transit line's total (a sum from 0).
          onOrder: cheapNext + (0 + shippedCheap) + (dearNext + (0 + shippedDear)),
          wip: 0 + wipNext + starts,
          finishedGoods,
          backlog,
          features,
          capability,
          openDefects: hidden + known,
          orders,
          ref,
        })
      : 0;
  const profit =
    revenue -
    materialCost -
    labourCost -
    changeCost -
    engineeringCost -
    holdingCost -
    warrantyCost +
    endValuation;

  // ---- The week's flows.
  y[FLOW_ORDERS] = orders;
  y[FLOW_SHIPMENTS] = shipments;
  y[FLOW_PRICE] = price;
  y[FLOW_DEMAND_DELAY_EFFECT] = delayEffect;
  y[FLOW_DEMAND_QUALITY_EFFECT] = qualityEffect;
  y[FLOW_DEMAND_PROMO_EFFECT] = promoEffect;
  y[FLOW_DEMAND_FEATURE_EFFECT] = featureEffect;
  y[FLOW_DEMAND_VALUE_EFFECT] = valueEffect;
  y[FLOW_DEMAND_REPUTATION_EFFECT] = reputationEffect;
  y[FLOW_PROMISED] = promised;
  y[FLOW_FEATURES_DELIVERED] = featuresDelivered;
  y[FLOW_PROMISES_KEPT] = promisesKept;
  y[FLOW_FEATURES_AGED] = featuresAged;
  y[FLOW_STARTS] = starts;
  y[FLOW_COMPLETIONS] = completions;
  y[FLOW_GOOD] = good;
  y[FLOW_SCRAP] = scrap;
  y[FLOW_YIELD] = yieldRate;
  y[FLOW_SHORTAGE] = shortage;
  y[FLOW_CAPACITY_EFFECTIVE] = capacityEffective;
  y[FLOW_ORDER_CHEAP] = orderCheap;
  y[FLOW_ORDER_DEAR] = orderDear;
  y[FLOW_SHIPPED_CHEAP] = shippedCheap;
  y[FLOW_SHIPPED_DEAR] = shippedDear;
  y[FLOW_DELIVERED_CHEAP] = deliveredCheap;
  y[FLOW_DELIVERED_DEAR] = deliveredDear;
  y[FLOW_SCOPE_IN] = scopeIn;
  y[FLOW_SCOPE_SHOCK] = scopeShock;
  y[FLOW_ACCOMPLISHED] = accomplished;
  y[FLOW_CORRECT] = correct;
  y[FLOW_CAUGHT] = caught;
  y[FLOW_CONCEALED] = concealed;
  y[FLOW_RELEASED] = accomplished - caught;
  y[FLOW_ESCAPED] = escaped;
  y[FLOW_DISCOVERED] = discovered;
  y[FLOW_FIXED] = fixed;
  y[FLOW_ERROR_FRACTION] = e;
  y[FLOW_SCHEDULE_PRESSURE] = weeksOfBacklog;
  y[FLOW_NEW_WORK_CAPACITY] = capNew;
  y[FLOW_UPFRONT_EFFORT] = split.upfront;
  y[FLOW_INTERRUPT] = interrupt;
  y[FLOW_FIX_EFFORT] = split.fix;
  y[FLOW_DEPARTURES] = departures;
  y[FLOW_FIELD_FAILURES] = fieldFailures;
  y[FLOW_REVENUE] = revenue;
  y[FLOW_MATERIAL_COST] = materialCost;
  y[FLOW_LABOUR_COST] = labourCost;
  y[FLOW_ENGINEERING_COST] = engineeringCost;
  y[FLOW_HOLDING_COST] = holdingCost;
  y[FLOW_WARRANTY_COST] = warrantyCost;
  y[FLOW_CHANGE_COST] = changeCost;
  y[FLOW_END_VALUATION] = endValuation;
  y[FLOW_PROFIT] = profit;

  // ---- The state after the week.
  y[WEEK] = week;
  y[MARKET] = market;
  y[DEMAND_DRIFT] = demandDrift;
  y[BACKLOG] = backlog;
  y[BACKLOG_VALUE] = backlogValue;
  y[PERCEIVED_DELAY] = perceivedDelay;
  y[PERCEIVED_FAILURES] = perceivedFailures;
  y[PERCEIVED_PROMISES] = perceivedPromises;
  y[FEATURES] = features;
  y[OUTSTANDING] = outstanding;
  y[REPUTATION] = reputation;
  y[FINISHED_GOODS] = finishedGoods;
  y[WIP] = wipNext;
  y[WIP + 1] = starts;
  y[CAPACITY] = capacity;
  y[RAW_MATERIAL] = rawMaterial;
  y[CHEAP_BACKLOG] = cheapNext;
  y[CHEAP_TRANSIT] = shippedCheap;
  y[CHEAP_SHIP_RATE] = cheapRate + (shippedCheap - cheapRate) / P.shipRateSmoothing;
  y[DEAR_BACKLOG] = dearNext;
  y[DEAR_TRANSIT] = shippedDear;
  y[DEAR_SHIP_RATE] = dearRate + (shippedDear - dearRate) / P.shipRateSmoothing;
  y[SUPPLY_DRIFT] = supplyDrift;
  y[OUTAGE_WEEKS] = Math.max(0, sOutageWeeks - 1);
  y[OUTAGE_SEVERITY] = sOutageWeeks > 1 ? sOutageSeverity : 0;
  y[ENGINEERS] = engineers;
  y[TODO] = sTodo + scopeIn + scopeShock + caught - accomplished;
  y[HIDDEN] = hidden;
  y[KNOWN] = known;
  y[DONE] = y[DONE]! + correct + fixed;
  y[CAPABILITY] = capability;
  y[PENDING_SCOPE] = 0;
  y[PENDING_DEPARTURES] = 0;
  y[PENDING_CAPABILITY_LOSS] = 0;
  y[PROFIT] = y[PROFIT]! + profit;
  y[BOOKINGS] = y[BOOKINGS]! + orders * price;
  y[REVENUE] = y[REVENUE]! + revenue;
  y[MATERIAL_SPEND] = y[MATERIAL_SPEND]! + materialCost;
  y[KITS_ORDERED] = y[KITS_ORDERED]! + order;
  y[LABOUR_SPEND] = y[LABOUR_SPEND]! + labourCost;
  y[GOOD_OUTPUT] = y[GOOD_OUTPUT]! + good;
  y[TASKS_RELEASED] = y[TASKS_RELEASED]! + accomplished - caught;
  y[SCOPE_TOTAL] = y[SCOPE_TOTAL]! + scopeIn + scopeShock;
  y[END_VALUE] = y[END_VALUE]! + endValuation;
  y[LAST_PROMOTION] = promotion;
  y[LAST_FEATURES] = promised;
  y[LAST_FORECAST] = d[FORECAST]!;
  y[LAST_FIX_SHARE] = d[FIX_SHARE]!;
  y[LAST_UPFRONT_SHARE] = d[UPFRONT_SHARE]!;
  y[LAST_QUALITY_GATE] = qualityGate;
  y[LAST_REPORT_SHARE] = reportShare;
  y[LAST_PRODUCTION] = production;
  y[LAST_OVERTIME] = overtime;
  y[LAST_CAPACITY_TARGET] = capacityTarget;
  y[LAST_ORDER] = order;
  y[LAST_DEAR_SHARE] = dearShare;
  // Reports: each line moves up a slot, this week's value entering at the back.
  y[REPORTS_COMPLAINTS] = y[REPORTS_COMPLAINTS + 1]!;
  y[REPORTS_COMPLAINTS + 1] = y[REPORTS_COMPLAINTS + 2]!;
  y[REPORTS_COMPLAINTS + 2] = fieldFailures;
  y[REPORTS_DEFECT_REPORTS] = y[REPORTS_DEFECT_REPORTS + 1]!;
  y[REPORTS_DEFECT_REPORTS + 1] = discovered;
  y[REPORTS_FORECAST] = y[REPORTS_FORECAST + 1]!;
  y[REPORTS_FORECAST + 1] = d[FORECAST]!;
  y[REPORTS_BACKLOG] = y[REPORTS_BACKLOG + 1]!;
  y[REPORTS_BACKLOG + 1] = backlog;
  y[REPORTS_PLAN] = y[REPORTS_PLAN + 1]!;
  y[REPORTS_PLAN + 1] = production;
}
