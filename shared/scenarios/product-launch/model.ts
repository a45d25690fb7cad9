// The equations: one week of the company. Every stock changes only through a flow recorded in
// `flow`, every outflow is limited by the stock it drains, and week 0 is an exact equilibrium of
// the default decisions so that nothing moves until someone (or a shock) moves it.

import { pipeline, shift, total } from "../../engine/pipeline.ts";
import type { Decisions, Rng, StepContext } from "../../engine/types.ts";
import { clamp } from "../../math/clamp.ts";
import { pow } from "../../math/deterministic.ts";
import { P } from "./params.ts";
import { decisionSpecs } from "./roles.ts";
import type { ProductLaunchOptions, ProductLaunchState, Reference, WeekFlows } from "./types.ts";

function defaults(): ProductLaunchState["last"] {
  const d: Record<string, number> = {};
  for (const specs of Object.values(decisionSpecs)) for (const s of specs) d[s.id] = s.default;
  return d as ProductLaunchState["last"];
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
  return Math.max(processing, s.backlog / Math.max(1, s.shipRate)) + P.transitWeeks;
}

/** Backlog in weeks of new-work capacity; capped so a desk with nobody on new work sees a finite number. */
export const MAX_BACKLOG_WEEKS = 99;

function supplierWeek(
  s: ProductLaunchState["cheap"],
  orders: number,
  processing: number,
  capacity: number,
): { next: ProductLaunchState["cheap"]; shipped: number; delivered: number } {
  const shipped = Math.min(s.backlog / processing, capacity);
  const moved = shift(s.transit, shipped);
  return {
    next: {
      backlog: s.backlog - shipped + orders,
      transit: moved.line,
      shipRate: s.shipRate + (shipped - s.shipRate) / P.shipRateSmoothing,
    },
    shipped,
    delivered: moved.out,
  };
}

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
  const noise = ctx.options.noise;
  // Always three draws, so the random stream's position depends on the week alone.
  const demandShock = ctx.rng.normal();
  const supplierShock = ctx.rng.normal();
  const discoveryShock = ctx.rng.normal();
  const ref = s.ref;
  const market = ctx.week === s.boomWeek ? s.market * (1 + s.boomSize) : s.market;
  // Pink noise: white noise scaled so that, smoothed over τ weeks, its standard deviation is demandNoise.
  const tau = P.demandDriftWeeks;
  const demandDrift =
    s.demandDrift + (P.demandNoise * noise * Math.sqrt(2 * tau) * demandShock - s.demandDrift) / tau;

  // ---- Market: orders respond to the working features delivered, to price, to promises as far as
  // the market still believes them, and to the delivery delay and quality customers perceive.
  const price = P.listPrice * (1 - d.promotion / 100);
  const promoEffect = promotionEffect(d.promotion);
  const perceivedPromises = s.perceivedPromises + (d.features - s.perceivedPromises) / P.promiseSmoothing;
  const featureEffect = Math.max(0, 1 + P.featureLift * (perceivedPromises - 1) * s.reputation);
  const valueEffect = pow(Math.max(0, s.features) / ref.features, P.featureElasticity);
  const reputationEffect = pow(s.reputation, P.reputationElasticity);
  const delayEffect = clamp(pow(ref.deliveryDelay / s.perceivedDelay, P.delayElasticity), 0.2, 1.1);
  const qualityEffect = clamp(
    1 - P.failureSensitivity * (s.perceivedFailures - ref.fieldFailureRate),
    0.3,
    1.1,
  );
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

  // ---- Suppliers ship from their order books (this week's orders join the book after shipping).
  const orderDear = (d.order * d.dearShare) / 100;
  const orderCheap = d.order - orderDear;
  const sTau = P.supplyDriftWeeks;
  const supplyDrift = s.supplyDrift + (noise * Math.sqrt(2 * sTau) * supplierShock - s.supplyDrift) / sTau;
  const reliability = clamp(1 - P.cheapUnreliability * Math.abs(supplyDrift), 0, 1);
  const outage = s.outageWeeks > 0 ? s.outageSeverity : 0;
  const cheap = supplierWeek(
    s.cheap,
    orderCheap,
    P.cheapProcessing,
    P.cheapCapacity * reliability * (1 - outage),
  );
  const dear = supplierWeek(s.dear, orderDear, P.dearProcessing, P.dearCapacity);
  const delivered = cheap.delivered + dear.delivered;
  const materialOnHand = s.rawMaterial + delivered;

  // ---- Manufacturing: starts limited by the plan, capacity and kits on hand; yield by open design defects.
  const capacityEffective = s.capacity * (1 + d.overtime / 100);
  const wanted = Math.min(d.production, capacityEffective);
  const starts = Math.min(wanted, materialOnHand);
  const shortage = wanted - starts;
  const line = shift(s.wip, starts);
  const completions = line.out;
  const yieldRate = clamp(
    P.baseYield - P.yieldPerDefect * (s.hidden + s.known - ref.openDefects),
    P.minYield,
    P.maxYield,
  );
  const good = completions * yieldRate;
  const scrap = completions - good;
  const goodsOnHand = s.finishedGoods + good;
  const shipments = Math.min(s.backlog / P.minDeliveryTime, goodsOnHand);
  const backlog = s.backlog - shipments + orders;
  const avgBookedPrice = s.backlog > 0 ? s.backlogValue / s.backlog : price;
  const revenue = shipments * avgBookedPrice;
  const backlogValue = Math.max(0, s.backlogValue - revenue + orders * price);
  const deliveryDelay = Math.min(
    P.maxDeliveryDelay,
    shipments > 0 ? backlog / shipments : P.maxDeliveryDelay,
  );
  const perceivedDelay = s.perceivedDelay + (deliveryDelay - s.perceivedDelay) / P.delaySmoothing;
  const capacity = s.capacity + (d.capacityTarget - s.capacity) / P.capacityAdjustWeeks;

  // ---- Engineering: the rework cycle with a quality gate between design and the line.
  const departures = Math.min(s.pendingDepartures, s.engineers);
  const engineers = s.engineers - departures;
  const split = engineeringSplit(d.fixShare, d.upfrontShare);
  const capNew = newWorkCapacity(engineers, split.newWork, d.qualityGate);
  const capabilityNow = clamp(s.capability - s.pendingCapabilityLoss, 0, 1);
  const backlogWeeks = capNew > 0 ? Math.min(MAX_BACKLOG_WEEKS, s.todo / capNew) : MAX_BACKLOG_WEEKS;
  // Firefighting and the capability trap as structure: escalations from reported defects and the
  // pressure of a long backlog pull people off up-front work onto fixes, whatever the plan says.
  const interrupt = clamp(
    (P.interruptPerDefect * Math.max(0, s.known - ref.known)) / Math.max(1, engineers) +
      P.interruptPerPressure * Math.max(0, backlogWeeks - P.pressureThreshold),
    0,
    P.maxInterrupt,
  );
  const upfrontEffective = split.upfront * (1 - interrupt);
  const fixCapacity = engineers * (split.fix + split.upfront * interrupt) * P.fixProductivity;
  const e = errorFraction(capabilityNow, backlogWeeks);
  const accomplished = Math.min(capNew, s.todo / P.minTaskTime);
  const flawed = accomplished * e;
  const correct = accomplished - flawed;
  const found = (flawed * d.qualityGate * P.testDetection) / 100;
  // The liar's club: defects found but not reported ship as if done and stay hidden until they surface.
  const caught = (found * d.reportShare) / 100;
  const concealed = found - caught;
  const escaped = flawed - found;
  const discovered = Math.min(
    s.hidden,
    (s.hidden / P.discoveryWeeks) * Math.max(0, 1 + P.discoveryNoise * noise * discoveryShock),
  );
  const fixed = Math.min(s.known / P.minFixTime, fixCapacity);
  const scopeIn = d.features * P.tasksPerFeature;
  const scopeShock = s.pendingScope;
  const capability = clamp(
    capabilityNow + (capabilityGoal(capabilityNow, upfrontEffective) - capabilityNow) / P.capabilityWeeks,
    0,
    1,
  );

  // ---- Features: work done right (and defects fixed) reaches the market as working features, which
  // age out; promises are kept as features arrive, and the backlog of unkept ones erodes reputation.
  const featuresDelivered = (correct + fixed) / P.tasksPerFeature;
  const featuresAged = s.features / P.featureLifeWeeks;
  const promisesKept = Math.min(s.outstanding + d.features, featuresDelivered);
  const outstanding = s.outstanding + d.features - promisesKept;
  const reputationGoal = Math.max(
    P.minReputation,
    pow(Math.min(1, ref.outstanding / Math.max(ref.outstanding, s.outstanding)), P.reputationSensitivity),
  );
  const reputation =
    s.reputation +
    (reputationGoal - s.reputation) /
      (reputationGoal < s.reputation ? P.reputationFallWeeks : P.reputationRecoverWeeks);

  // ---- Field: the design's baseline failure rate, plus units shipped with hidden defects.
  const failureRate = fieldFailureRate(s.capability, s.hidden, ref);
  const fieldFailures = shipments * failureRate;
  const perceivedFailures = s.perceivedFailures + (failureRate - s.perceivedFailures) / P.failureSmoothing;

  // ---- Money.
  const rawMaterial = materialOnHand - starts;
  const finishedGoods = goodsOnHand - shipments;
  // Purchase orders are commitments: the spend is booked when the order is placed.
  const materialCost = orderCheap * P.cheapPrice + orderDear * P.dearPrice;
  const labourCost =
    s.capacity * P.labourPerUnitCapacity +
    ((s.capacity * d.overtime) / 100) * P.labourPerUnitCapacity * P.overtimePremium;
  const changeCost = Math.abs(capacity - s.capacity) * P.capacityChangeCost;
  // Leavers are replaced by contractors and recruiters at the same cost: the budget holds, the know-how does not.
  const engineeringCost = P.engineers * P.engineerCost;
  const holdingCost = finishedGoods * P.finishedHolding + rawMaterial * P.materialHolding;
  const warrantyCost = fieldFailures * P.warrantyCost;
  const hidden = s.hidden + escaped + concealed - discovered;
  const known = s.known + discovered - fixed;
  const features = s.features + featuresDelivered - featuresAged;
  const endValuation =
    ctx.week === s.endWeek
      ? valueAtEnd({
          rawMaterial,
          onOrder: onOrder(cheap.next) + onOrder(dear.next),
          wip: total(line.line),
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

  const flow: WeekFlows = {
    orders,
    shipments,
    price,
    demandDelayEffect: delayEffect,
    demandQualityEffect: qualityEffect,
    demandPromoEffect: promoEffect,
    demandFeatureEffect: featureEffect,
    demandValueEffect: valueEffect,
    demandReputationEffect: reputationEffect,
    promised: d.features,
    featuresDelivered,
    promisesKept,
    featuresAged,
    starts,
    completions,
    good,
    scrap,
    yield: yieldRate,
    shortage,
    capacityEffective,
    orderCheap,
    orderDear,
    shippedCheap: cheap.shipped,
    shippedDear: dear.shipped,
    deliveredCheap: cheap.delivered,
    deliveredDear: dear.delivered,
    scopeIn,
    scopeShock,
    accomplished,
    correct,
    caught,
    concealed,
    released: accomplished - caught,
    escaped,
    discovered,
    fixed,
    errorFraction: e,
    schedulePressure: backlogWeeks,
    newWorkCapacity: capNew,
    upfrontEffort: split.upfront,
    interrupt,
    fixEffort: split.fix,
    departures,
    fieldFailures,
    revenue,
    materialCost,
    labourCost,
    engineeringCost,
    holdingCost,
    warrantyCost,
    changeCost,
    endValuation,
    profit,
  };

  return {
    week: ctx.week,
    market,
    demandDrift,
    backlog,
    backlogValue,
    perceivedDelay,
    perceivedFailures,
    perceivedPromises,
    features,
    outstanding,
    reputation,
    endWeek: s.endWeek,
    boomWeek: s.boomWeek,
    boomSize: s.boomSize,
    finishedGoods,
    wip: line.line,
    capacity,
    rawMaterial,
    cheap: cheap.next,
    dear: dear.next,
    supplyDrift,
    outageWeeks: Math.max(0, s.outageWeeks - 1),
    outageSeverity: s.outageWeeks > 1 ? s.outageSeverity : 0,
    engineers,
    todo: s.todo + scopeIn + scopeShock + caught - accomplished,
    hidden,
    known,
    done: s.done + correct + fixed,
    capability,
    pendingScope: 0,
    pendingDepartures: 0,
    pendingCapabilityLoss: 0,
    profit: s.profit + profit,
    bookings: s.bookings + orders * price,
    revenue: s.revenue + revenue,
    materialSpend: s.materialSpend + materialCost,
    kitsOrdered: s.kitsOrdered + d.order,
    labourSpend: s.labourSpend + labourCost,
    goodOutput: s.goodOutput + good,
    tasksReleased: s.tasksReleased + accomplished - caught,
    scopeTotal: s.scopeTotal + scopeIn + scopeShock,
    endValue: s.endValue + endValuation,
    last: d,
    reports: {
      complaints: shift(s.reports.complaints, fieldFailures).line,
      defectReports: shift(s.reports.defectReports, discovered).line,
      forecast: shift(s.reports.forecast, d.forecast).line,
      backlog: shift(s.reports.backlog, backlog).line,
      plan: shift(s.reports.plan, d.production).line,
    },
    flow,
    ref,
  };
}

/** Kits in the supply line of a supplier: ordered and not yet delivered. */
export function onOrder(s: { backlog: number; transit: readonly number[] }): number {
  return s.backlog + total(s.transit);
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
