// The product launch's bare runner: the company in one typed array (kernel.ts, the equations the
// model runs too), the departmental, systemic and fixed bots written out desk by desk, the shocks
// applied in place, nothing allocated per week. It plays exactly the rounds the Simulation plays with
// the same bots and shocks; tests/unit/product-launch-bare.test.ts compares every week's state.

import { amplificationRatio } from "../../analytics/stats.ts";
import type { BareGame, BareMetric, BarePolicy, BareScenario, BareWatch } from "../../engine/bare.ts";
import { deriveLayout } from "../../engine/layout.ts";
import { createRng, normalDraw, type RngState, reseedRng, seedRng, uniformDraw } from "../../engine/rng.ts";
import type { ShockEvent } from "../../engine/types.ts";
import { clamp } from "../../math/clamp.ts";
import { backlogWeeks, DECISION_IDS, offsets, slots, stepState } from "./kernel.ts";
import { drawnBoomSize, drawnBoomWeek, drawnEndWeek, initialState, leadTimeOf } from "./model.ts";
import { P } from "./params.ts";
import { smooth } from "./policies/common.ts";
import { productLaunchPolicies } from "./policies/index.ts";
import { decisionSpecs, roleIds } from "./roles.ts";
import { shocks as shockSpecs } from "./shocks.ts";
import type { ProductLaunchOptions, ProductLaunchRole, Reference } from "./types.ts";

// Our own constants, not imported bindings (see offsets in kernel.ts).
const {
  BACKLOG,
  BOOKINGS,
  BOOM_SIZE,
  BOOM_WEEK,
  CAPACITY,
  CHEAP_BACKLOG,
  CHEAP_SHIP_RATE,
  CHEAP_TRANSIT,
  DEAR_BACKLOG,
  DEAR_TRANSIT,
  END_VALUE,
  END_WEEK,
  ENGINEERS,
  FINISHED_GOODS,
  FLOW_FIELD_FAILURES,
  FLOW_NEW_WORK_CAPACITY,
  FLOW_ORDER_CHEAP,
  FLOW_ORDER_DEAR,
  FLOW_ORDERS,
  FLOW_SHIPMENTS,
  FLOW_SHORTAGE,
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
  PENDING_CAPABILITY_LOSS,
  PENDING_DEPARTURES,
  PENDING_SCOPE,
  PROFIT,
  RAW_MATERIAL,
  REF_OPEN_DEFECTS,
  REPORTS_BACKLOG,
  REPORTS_COMPLAINTS,
  REPORTS_DEFECT_REPORTS,
  REPORTS_FORECAST,
  REPORTS_PLAN,
  REVENUE,
  SIZE,
  TASKS_RELEASED,
  TODO,
  WIP,
} = offsets;
const {
  CAPACITY_TARGET,
  DEAR_SHARE,
  DECISIONS,
  FEATURES_PROMISED,
  FIX_SHARE,
  FORECAST,
  ORDER,
  OVERTIME,
  PRODUCTION,
  PROMOTION,
  QUALITY_GATE,
  REPORT_SHARE,
  UPFRONT_SHARE,
} = slots;

const DEPARTMENTAL = 0;
const SYSTEMIC = 1;
/** Holds the same decisions every week, whatever it sees. */
const FIXED = 2;
const KINDS: Readonly<Record<string, number>> = {
  departmental: DEPARTMENTAL,
  systemic: SYSTEMIC,
  fixed: FIXED,
};

const SPEC = DECISION_IDS.map(
  (id) =>
    Object.values(decisionSpecs)
      .flat()
      .find((s) => s.id === id)!,
);
const LOWEST = Float64Array.from(SPEC, (s) => s.min);
const HIGHEST = Float64Array.from(SPEC, (s) => s.max);
const DEFAULT = Float64Array.from(SPEC, (s) => s.default);
// Every product-launch decision is a whole number: decision() rounds each one.
if (SPEC.some((s) => !s.integer)) throw new Error("product-launch bare runner: a decision is not whole");

/** Shocks by kind, as shocks.ts applies them. */
const BOOM = 0;
const OUTAGE = 1;
const SCOPE = 2;
const LEAVERS = 3;
const SHOCK_KINDS: Readonly<Record<string, number>> = {
  "market-boom": BOOM,
  "supplier-outage": OUTAGE,
  "scope-change": SCOPE,
  "engineer-leaves": LEAVERS,
};

/** The command line's figures (cli.ts): the team's, then each desk's own score. */
const TEAM_METRICS = [
  "profit",
  "endValue",
  "revenue",
  "unitsShipped",
  "endBacklog",
  "fieldFailures",
  "amplification",
  "reworkWave",
];
const METRICS: BareMetric[] = [
  ...TEAM_METRICS.map((key) => ({ role: null, key })),
  { role: "sales", key: "bookings" },
  { role: "sales", key: "orders" },
  { role: "engineering", key: "tasksReleased" },
  { role: "engineering", key: "backlogWeeks" },
  { role: "manufacturing", key: "labourPerUnit" },
  { role: "manufacturing", key: "goodOutput" },
  { role: "purchasing", key: "kitCost" },
  { role: "purchasing", key: "rawMaterial" },
];

/** A policy's parameter, or its default when not given. */
function param(p: BarePolicy, key: string): number {
  return p.params[key] ?? productLaunchPolicies[p.spec.name]!.params[key]!.default;
}

class ProductLaunchBare implements BareGame {
  readonly metrics = METRICS;
  private readonly options: ProductLaunchOptions;
  /** Weeks of the last game played (each seed draws its own end); before any, the longest a game runs. */
  private played: number;
  /** The state: week 0 but for its draws, then the game in place. */
  private readonly y = new Float64Array(SIZE);
  private readonly start = new Float64Array(SIZE);
  private readonly ref: Reference;
  private readonly rngState: RngState = [0, 0, 0, 0];
  private readonly d = new Float64Array(DECISIONS);
  /** Purchase orders and customer orders by week (index week − 1), for the amplification. */
  private readonly purchases: Float64Array;
  private readonly orders: Float64Array;
  /** Their first n weeks at index n, made once rather than for every game. */
  private readonly purchasesTo: Float64Array[] = [];
  private readonly ordersTo: Float64Array[] = [];
  // Shocks, scheduled first and then injected (the Simulation's order): week, kind, two figures.
  private readonly shockWeek: Float64Array;
  private readonly shockKind: Int32Array;
  private readonly shockA: Float64Array;
  private readonly shockB: Float64Array;
  /** How many of the shocks were injected (the last ones): their weeks are checked against the end. */
  private readonly injected: number;
  // Each desk's bot kind and parameters (the ones its kind reads).
  private readonly sales: number;
  private readonly engineering: number;
  private readonly manufacturing: number;
  private readonly purchasing: number;
  private readonly push: number;
  private readonly padding: number;
  private readonly forecastSmoothing: number;
  private readonly fixFloor: number;
  private readonly fixGain: number;
  private readonly upfront: number;
  private readonly slackUpfront: number;
  private readonly gate: number;
  private readonly finishedWeeks: number;
  private readonly adjustWeeks: number;
  private readonly shortageAware: number;
  private readonly crewFromPlan: number;
  private readonly capacitySlack: number;
  private readonly crewWeeks: number;
  private readonly maxOvertime: number;
  private readonly supplyLineWeight: number;
  private readonly useSmoothing: number;
  private readonly supplyWeeks: number;
  private readonly kitWeeks: number;
  private readonly cheapLoad: number;
  private readonly dearFloor: number;
  /** A fixed bot's decisions, per decision (NaN where the desk's bot is not fixed). */
  private readonly fixed = new Float64Array(DECISIONS).fill(Number.NaN);
  // The bots' memories (weekly.ts): what each carries from one week to the next.
  private salesOrders = 0;
  private salesNormal = 0;
  private salesQuota = 0;
  private plan = 0;
  private dear = 0;
  private use = 0;

  constructor(options: ProductLaunchOptions, policies: readonly BarePolicy[], shocks: readonly ShockEvent[]) {
    this.options = options;
    this.played = options.endWeeks[1];
    this.purchases = new Float64Array(options.endWeeks[1]);
    this.orders = new Float64Array(options.endWeeks[1]);
    for (let n = 0; n <= options.endWeeks[1]; n++) {
      this.purchasesTo.push(this.purchases.subarray(0, n));
      this.ordersTo.push(this.orders.subarray(0, n));
    }
    // Week 0 is the same for every seed but for its three draws, written in at each game's start.
    const s0 = initialState(options, createRng(seedRng(0)));
    deriveLayout(s0).pack(s0, this.start);
    this.ref = s0.ref;

    const all = [...options.shocks, ...shocks];
    this.injected = shocks.length;
    this.shockWeek = Float64Array.from(all, (s) => s.week);
    this.shockKind = Int32Array.from(all, (s) => SHOCK_KINDS[s.name]!);
    this.shockA = new Float64Array(all.length);
    this.shockB = new Float64Array(all.length);
    all.forEach((s, i) => {
      const spec = shockSpecs.find((x) => x.name === s.name)!;
      const p: Readonly<Record<string, number | undefined>> = { ...spec.params, ...s.params };
      switch (this.shockKind[i]) {
        case BOOM:
          this.shockA[i] = p["size"] ?? 0;
          break;
        case OUTAGE:
          this.shockA[i] = Math.max(0, Math.round(p["weeks"] ?? 0));
          this.shockB[i] = clamp(p["severity"] ?? 0, 0, 1);
          break;
        case SCOPE:
          this.shockA[i] = Math.max(0, p["tasks"] ?? 0);
          break;
        default:
          this.shockA[i] = Math.max(0, Math.round(p["count"] ?? 0));
          this.shockB[i] = clamp(p["capabilityLoss"] ?? 0, 0, 1);
      }
    });

    const [sales, engineering, manufacturing, purchasing] = policies as [
      BarePolicy,
      BarePolicy,
      BarePolicy,
      BarePolicy,
    ];
    this.sales = KINDS[sales.spec.name]!;
    this.engineering = KINDS[engineering.spec.name]!;
    this.manufacturing = KINDS[manufacturing.spec.name]!;
    this.purchasing = KINDS[purchasing.spec.name]!;
    const dept = this.sales === DEPARTMENTAL;
    this.push = dept ? param(sales, "push") : 0;
    this.padding = dept ? param(sales, "padding") : 0;
    this.forecastSmoothing = this.sales === SYSTEMIC ? param(sales, "forecastSmoothing") / 100 : 0;
    const sysEng = this.engineering === SYSTEMIC;
    this.fixFloor = sysEng ? param(engineering, "fixFloor") / 100 : 0;
    this.fixGain = sysEng ? param(engineering, "fixGain") : 0;
    this.upfront = sysEng ? param(engineering, "upfront") : 0;
    this.slackUpfront = sysEng ? param(engineering, "slackUpfront") : 0;
    this.gate = sysEng ? param(engineering, "gate") : 0;
    const sysMan = this.manufacturing === SYSTEMIC;
    this.finishedWeeks = sysMan ? param(manufacturing, "finishedWeeks") : 0;
    this.adjustWeeks = sysMan ? param(manufacturing, "adjustWeeks") : 0;
    this.shortageAware = sysMan ? param(manufacturing, "shortageAware") / 100 : 0;
    this.crewFromPlan = sysMan ? param(manufacturing, "crewFromPlan") / 100 : 0;
    this.capacitySlack = sysMan ? 1 + param(manufacturing, "capacitySlack") / 100 : 0;
    this.crewWeeks = sysMan ? param(manufacturing, "crewWeeks") : 0;
    this.maxOvertime = sysMan ? param(manufacturing, "maxOvertime") : 0;
    this.supplyLineWeight = this.purchasing === DEPARTMENTAL ? param(purchasing, "supplyLineWeight") : 0;
    const sysPur = this.purchasing === SYSTEMIC;
    this.useSmoothing = sysPur ? param(purchasing, "useSmoothing") / 100 : 0;
    this.supplyWeeks = sysPur ? param(purchasing, "supplyWeeks") : 0;
    this.kitWeeks = sysPur ? param(purchasing, "kitWeeks") : 0;
    this.cheapLoad = sysPur ? (param(purchasing, "cheapLoad") / 100) * P.cheapCapacity : 0;
    this.dearFloor = sysPur ? param(purchasing, "dearFloor") / 100 : 0;
    // A fixed bot decides once, whatever it sees: its decision, asked once.
    roleIds.forEach((role, r) => {
      const p = policies[r]!;
      if (KINDS[p.spec.name] !== FIXED) return;
      const decision = productLaunchPolicies[p.spec.name]!.create(role, p.params).decide({} as never);
      DECISION_IDS.forEach((id, i) => {
        if (decisionSpecs[role].some((s) => s.id === id)) this.fixed[i] = decision[id]!;
      });
    });
  }

  get weeks(): number {
    return this.played;
  }

  /** A desk's decision as decision() makes it: a finite value (else the default), within bounds, whole. */
  private put(i: number, v: number): void {
    this.d[i] = Math.round(clamp(Number.isFinite(v) ? v : DEFAULT[i]!, LOWEST[i]!, HIGHEST[i]!));
  }

  private holdFixed(from: number, to: number): void {
    for (let i = from; i < to; i++) this.d[i] = this.fixed[i]!;
  }

  /** Sales' decisions from what its desk sees in `y` (observeSales). */
  private decideSales(y: Float64Array): void {
    const seen = y[FLOW_ORDERS]!;
    const shipments = y[FLOW_SHIPMENTS]!;
    const deliveryDelay = Math.min(
      P.maxDeliveryDelay,
      shipments > 0 ? y[BACKLOG]! / shipments : P.maxDeliveryDelay,
    );
    if (this.sales === DEPARTMENTAL) {
      const orders = smooth(this.salesOrders, seen, 0.3);
      const normal = smooth(this.salesNormal, seen, 0.1);
      const quota = Math.max(this.salesQuota, orders);
      const hot = Math.max(0, orders / normal - 1.05);
      const gap = Math.max(0, (quota - orders) / quota);
      const padding = deliveryDelay > 3 ? this.padding : 0;
      const catchUp = Math.max(0, y[BACKLOG]! - P.minDeliveryTime * orders) / 4;
      this.put(PROMOTION, gap * this.push * 100);
      this.put(FEATURES_PROMISED, 1 + (hot + gap) * this.push * 5);
      this.put(FORECAST, orders * (1 + padding) + catchUp);
      this.salesOrders = orders;
      this.salesNormal = normal;
      this.salesQuota = quota;
    } else if (this.sales === SYSTEMIC) {
      const orders = smooth(this.salesOrders, seen, this.forecastSmoothing);
      const strained = deliveryDelay > 3 || y[REPORTS_COMPLAINTS]! > 2 * P.baseDemand * P.baseFieldFailure;
      this.put(PROMOTION, 0);
      this.put(FEATURES_PROMISED, strained ? 0 : 1);
      this.put(FORECAST, orders);
      this.salesOrders = orders;
    } else this.holdFixed(PROMOTION, FIX_SHARE);
  }

  /** Engineering's decisions (observeEngineering). */
  private decideEngineering(y: Float64Array): void {
    if (this.engineering === FIXED) {
      this.holdFixed(FIX_SHARE, PRODUCTION);
      return;
    }
    const capNew = y[FLOW_NEW_WORK_CAPACITY]!;
    const weeksOfBacklog = backlogWeeks(y[TODO]!, capNew);
    const fixNeed = (y[KNOWN]! / P.minFixTime + y[REPORTS_DEFECT_REPORTS]!) / Math.max(1, y[ENGINEERS]!);
    if (this.engineering === DEPARTMENTAL) {
      const overload = clamp((weeksOfBacklog - 2) / 2, 0, 1);
      this.put(FIX_SHARE, clamp(Math.max(0.15, fixNeed * 1.1), 0, 0.6) * 100);
      this.put(UPFRONT_SHARE, 20 * (1 - overload));
      this.put(QUALITY_GATE, 60 - 40 * overload);
      this.put(REPORT_SHARE, 100 - 60 * overload);
    } else {
      const slack = clamp((P.pressureThreshold - weeksOfBacklog) / P.pressureThreshold, 0, 1);
      this.put(FIX_SHARE, clamp(Math.max(this.fixFloor, fixNeed * this.fixGain), 0, 0.5) * 100);
      this.put(UPFRONT_SHARE, this.upfront + this.slackUpfront * slack);
      this.put(QUALITY_GATE, this.gate);
      this.put(REPORT_SHARE, 100);
    }
  }

  /** Manufacturing's decisions (observeManufacturing). */
  private decideManufacturing(y: Float64Array): void {
    if (this.manufacturing === FIXED) {
      this.holdFixed(PRODUCTION, ORDER);
      return;
    }
    const yieldRate = Math.max(0.4, y[FLOW_YIELD]!);
    const forecast = y[REPORTS_FORECAST]!;
    const finished = y[FINISHED_GOODS]!;
    const capacity = y[CAPACITY]!;
    if (this.manufacturing === DEPARTMENTAL) {
      const fgGap = P.minDeliveryTime * forecast - finished;
      const wanted = Math.max(0, (forecast + fgGap / 3) / yieldRate);
      const overtime = finished < forecast ? clamp((wanted / Math.max(1, capacity) - 1) * 100, 0, 15) : 0;
      this.put(PRODUCTION, Math.min(wanted, capacity * (1 + overtime / 100)));
      this.put(OVERTIME, overtime);
      this.put(
        CAPACITY_TARGET,
        wanted > capacity ? capacity + 0.1 * (wanted - capacity) : Math.max(wanted * 1.05, 40),
      );
      return;
    }
    const fgGap = this.finishedWeeks * forecast - finished;
    const backlogGap = y[REPORTS_BACKLOG]! - P.minDeliveryTime * forecast;
    const adjust = this.adjustWeeks;
    const good = Math.max(0, forecast + (fgGap + backlogGap) / adjust);
    const wipGap = (P.lineWeeks * forecast) / yieldRate - (0 + y[WIP]! + y[WIP + 1]!);
    const production = Math.max(0, good / yieldRate + wipGap / adjust);
    const buildable = Math.max(0, production - this.shortageAware * y[FLOW_SHORTAGE]!);
    const plan = smooth(this.plan, buildable, 0.5);
    const w = this.crewFromPlan;
    const need = this.capacitySlack * ((1 - w) * (forecast / yieldRate) + w * plan);
    this.put(PRODUCTION, production);
    this.put(OVERTIME, clamp((buildable / Math.max(1, capacity) - 1) * 100, 0, this.maxOvertime));
    this.put(CAPACITY_TARGET, capacity + ((need - capacity) * P.capacityAdjustWeeks) / this.crewWeeks);
    this.plan = plan;
  }

  /** Purchasing's decisions (observePurchasing). */
  private decidePurchasing(y: Float64Array): void {
    if (this.purchasing === FIXED) {
      this.holdFixed(ORDER, DECISIONS);
      return;
    }
    const plan = y[REPORTS_PLAN]!;
    const raw = y[RAW_MATERIAL]!;
    const cheapBacklog = y[CHEAP_BACKLOG]!;
    const onOrder = cheapBacklog + (0 + y[CHEAP_TRANSIT]!) + (y[DEAR_BACKLOG]! + (0 + y[DEAR_TRANSIT]!));
    if (this.purchasing === DEPARTMENTAL) {
      const leadTimeCheap = leadTimeOf(cheapBacklog, y[CHEAP_SHIP_RATE]!, P.cheapProcessing);
      const stockGap = 3 * plan - raw;
      const lineGap = plan * leadTimeCheap - onOrder;
      const dear = raw < plan ? 50 : Math.max(0, this.dear - 5);
      this.put(ORDER, clamp(plan + stockGap / 4 + (this.supplyLineWeight * lineGap) / 4, 0, 2 * plan));
      this.put(DEAR_SHARE, dear);
      this.dear = dear;
      return;
    }
    const use = smooth(this.use, plan, this.useSmoothing);
    const adjust = this.supplyWeeks;
    const draft = Math.max(0, use + (this.kitWeeks * use - raw) / adjust);
    const dearOrders = clamp(draft - this.cheapLoad, this.dearFloor * draft, 0.9 * P.dearCapacity);
    const dearShare = draft > 0 ? dearOrders / draft : 0.2;
    const normalLead =
      (1 - dearShare) * (P.cheapProcessing + P.transitWeeks) +
      dearShare * (P.dearProcessing + P.transitWeeks);
    const lineGap = use * normalLead - onOrder;
    const order = Math.max(0, draft + lineGap / adjust);
    this.put(ORDER, order);
    this.put(DEAR_SHARE, (dearOrders / Math.max(1, order)) * 100);
    this.use = use;
  }

  /** This week's shocks, applied to the state before the step (shocks.ts). */
  private applyShocks(y: Float64Array, week: number): void {
    for (let i = 0; i < this.shockWeek.length; i++) {
      if (this.shockWeek[i] !== week) continue;
      const a = this.shockA[i]!;
      const b = this.shockB[i]!;
      switch (this.shockKind[i]) {
        case BOOM:
          y[MARKET] = y[MARKET]! * (1 + a);
          break;
        case OUTAGE:
          y[OUTAGE_WEEKS] = a;
          y[OUTAGE_SEVERITY] = b;
          break;
        case SCOPE:
          y[PENDING_SCOPE] = y[PENDING_SCOPE]! + a;
          break;
        default:
          y[PENDING_DEPARTURES] = y[PENDING_DEPARTURES]! + a;
          y[PENDING_CAPABILITY_LOSS] = y[PENDING_CAPABILITY_LOSS]! + b;
      }
    }
  }

  play(seed: number, out: Float64Array, at: number, watch?: BareWatch): void {
    const { y, d, rngState, options, ref, purchases, orders } = this;
    // Seeded as the Simulation seeds, then week 0's three draws.
    reseedRng(rngState, seed);
    y.set(this.start);
    const endWeek = drawnEndWeek(options, uniformDraw(rngState));
    y[END_WEEK] = endWeek;
    y[BOOM_WEEK] = drawnBoomWeek(options, uniformDraw(rngState));
    y[BOOM_SIZE] = drawnBoomSize(options, uniformDraw(rngState));
    // An injected shock after this seed's end is refused, as Simulation.inject refuses it.
    for (let i = this.shockWeek.length - this.injected; i < this.shockWeek.length; i++) {
      const w = this.shockWeek[i]!;
      if (!Number.isInteger(w) || w <= 0 || w > endWeek)
        throw new Error(`shock week must be a future week (1…${endWeek})`);
    }
    this.salesOrders = P.baseDemand;
    this.salesNormal = P.baseDemand;
    this.salesQuota = P.baseDemand;
    this.plan = P.baseDemand / P.baseYield;
    this.dear = 20;
    this.use = P.baseDemand / P.baseYield;
    watch?.(0, y, rngState);
    const noise = options.noise;
    const shocked = this.shockWeek.length > 0;
    let unitsShipped = 0;
    let fieldFailures = 0;
    let rework = y[HIDDEN]! + y[KNOWN]!;
    for (let week = 1; week <= endWeek; week++) {
      this.decideSales(y);
      this.decideEngineering(y);
      this.decideManufacturing(y);
      this.decidePurchasing(y);
      if (shocked) this.applyShocks(y, week);
      // Always three draws, so the random stream's position depends on the week alone.
      stepState(y, d, week, noise, normalDraw(rngState), normalDraw(rngState), normalDraw(rngState), ref);
      unitsShipped += y[FLOW_SHIPMENTS]!;
      fieldFailures += y[FLOW_FIELD_FAILURES]!;
      rework = Math.max(rework, y[HIDDEN]! + y[KNOWN]!);
      purchases[week - 1] = y[FLOW_ORDER_CHEAP]! + y[FLOW_ORDER_DEAR]!;
      orders[week - 1] = y[FLOW_ORDERS]!;
      watch?.(week, y, rngState);
    }
    this.played = endWeek;
    // run.ts's amplification over the weeks the company traded.
    const bought = this.purchasesTo[endWeek]!;
    const capNew = y[FLOW_NEW_WORK_CAPACITY]!;
    out[at] = y[PROFIT]!;
    out[at + 1] = y[END_VALUE]!;
    out[at + 2] = y[REVENUE]!;
    out[at + 3] = unitsShipped;
    out[at + 4] = y[BACKLOG]!;
    out[at + 5] = fieldFailures;
    out[at + 6] = amplificationRatio(bought, this.ordersTo[endWeek]!);
    out[at + 7] = rework / y[REF_OPEN_DEFECTS]!;
    out[at + 8] = y[BOOKINGS]!;
    out[at + 9] = y[FLOW_ORDERS]!;
    out[at + 10] = y[TASKS_RELEASED]!;
    out[at + 11] = backlogWeeks(y[TODO]!, capNew);
    out[at + 12] = y[GOOD_OUTPUT]! > 0 ? y[LABOUR_SPEND]! / y[GOOD_OUTPUT]! : 0;
    out[at + 13] = y[GOOD_OUTPUT]!;
    out[at + 14] = y[KITS_ORDERED]! > 0 ? y[MATERIAL_SPEND]! / y[KITS_ORDERED]! : 0;
    out[at + 15] = y[RAW_MATERIAL]!;
  }
}

export const productLaunchBare: BareScenario = {
  prepare(options, policies, shocks) {
    const o = options as ProductLaunchOptions;
    // Only the shocks written out above; any other runs through the Simulation.
    for (const s of [...o.shocks, ...shocks]) if (SHOCK_KINDS[s.name] === undefined) return null;
    const list: BarePolicy[] = [];
    for (const role of roleIds as readonly ProductLaunchRole[]) {
      const p = policies[role];
      // Only the bots written out above; any other (one added later) runs through the Simulation
      // rather than be played wrongly here.
      if (!p || KINDS[p.spec.name] === undefined || productLaunchPolicies[p.spec.name] !== p.spec)
        return null;
      list.push(p);
    }
    return new ProductLaunchBare(o, list, shocks);
  },
};
