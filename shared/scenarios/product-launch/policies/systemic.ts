// Systemic bots: the same desks, each acting with the whole company in mind. They account for the
// supply line, protect testing and up-front work, forecast the trend honestly, and add capacity ahead
// of demand. Their parameters were set by a coordinate search over them (docs/scenarios/product-launch.md).

import type { PolicySpec } from "../../../engine/types.ts";
import { clamp } from "../../../math/clamp.ts";
import { weekly } from "../../../policies/weekly.ts";
import { P } from "../params.ts";
import type { ObservationByRole, ProductLaunchObservation } from "../types.ts";
import { decision, forRole, type RoleRules, smooth } from "./common.ts";

type Params = Readonly<Record<string, number>>;

const rules: RoleRules<Params> = {
  // Honest forecast; no promotions; feature promises only while delivery and quality hold.
  sales: (p) =>
    weekly<{ orders: number; complaints: number }, ObservationByRole["sales"]>(
      { orders: P.baseDemand, complaints: P.baseDemand * P.baseFieldFailure },
      (o, m) => {
        const orders = smooth(m.orders, o.orders, p["forecastSmoothing"]! / 100);
        const strained = o.deliveryDelay > 3 || o.complaints > 2 * P.baseDemand * P.baseFieldFailure;
        return [
          decision("sales", { promotion: 0, features: strained ? 0 : 1, forecast: orders }),
          { orders, complaints: o.complaints },
        ];
      },
    ),

  // Test before release, keep up-front work, give reported defects what they need and new work the rest.
  engineering: (p) =>
    weekly<null, ObservationByRole["engineering"]>(null, (o) => {
      const fixNeed = (o.knownDefects / P.minFixTime + o.defectReports) / Math.max(1, o.engineers);
      // Slack in the backlog goes to up-front work (capability), never the other way round.
      const slack = clamp((P.pressureThreshold - o.backlogWeeks) / P.pressureThreshold, 0, 1);
      return [
        decision("engineering", {
          fixShare: clamp(Math.max(p["fixFloor"]! / 100, fixNeed * p["fixGain"]!), 0, 0.5) * 100,
          upfrontShare: p["upfront"]! + p["slackUpfront"]! * slack,
          qualityGate: p["gate"]!,
          reportShare: 100,
        }),
        null,
      ];
    }),

  // Plan for finished goods, order backlog and the units already in the line; size the crew to what
  // the plan has needed lately as well as to the forecast, and hire toward it faster than the
  // crew would drift there on its own.
  manufacturing: (p) =>
    weekly<{ plan: number }, ObservationByRole["manufacturing"]>(
      { plan: P.baseDemand / P.baseYield },
      (o, m) => {
        const y = Math.max(0.4, o.yield);
        const demand = o.forecast;
        const fgGap = p["finishedWeeks"]! * demand - o.finishedGoods;
        const backlogGap = o.orderBacklog - P.minDeliveryTime * demand;
        const adjust = p["adjustWeeks"]!;
        const good = Math.max(0, demand + (fgGap + backlogGap) / adjust);
        const wipGap = (P.lineWeeks * demand) / y - o.wip;
        const production = Math.max(0, good / y + wipGap / adjust);
        // Starts lost to a kit shortage last week are no reason to hire or run overtime.
        const buildable = Math.max(0, production - (p["shortageAware"]! / 100) * o.shortage);
        const plan = smooth(m.plan, buildable, 0.5);
        const w = p["crewFromPlan"]! / 100;
        const need = (1 + p["capacitySlack"]! / 100) * ((1 - w) * (demand / y) + w * plan);
        // The crew moves 1/capacityAdjustWeeks of the way to its target each week: aim past the need
        // so it gets there in crewWeeks.
        const capacityTarget = o.capacity + ((need - o.capacity) * P.capacityAdjustWeeks) / p["crewWeeks"]!;
        const overtime = clamp((buildable / Math.max(1, o.capacity) - 1) * 100, 0, p["maxOvertime"]!);
        return [decision("manufacturing", { production, overtime, capacityTarget }), { plan }];
      },
    ),

  // Stock management with the whole supply line counted at normal lead times. The cheap supplier is
  // filled first, up to a little past what it ships in a week (its book works off the excess), and
  // the fast one takes the rest.
  purchasing: (p) =>
    weekly<{ use: number }, ObservationByRole["purchasing"]>({ use: P.baseDemand / P.baseYield }, (o, m) => {
      const use = smooth(m.use, o.productionPlan, p["useSmoothing"]! / 100);
      const adjust = p["supplyWeeks"]!;
      const draft = Math.max(0, use + (p["kitWeeks"]! * use - o.rawMaterial) / adjust);
      const dearOrders = clamp(
        draft - (p["cheapLoad"]! / 100) * P.cheapCapacity,
        (p["dearFloor"]! / 100) * draft,
        0.9 * P.dearCapacity,
      );
      const dearShare = draft > 0 ? dearOrders / draft : 0.2;
      const normalLead =
        (1 - dearShare) * (P.cheapProcessing + P.transitWeeks) +
        dearShare * (P.dearProcessing + P.transitWeeks);
      const lineGap = use * normalLead - (o.onOrderCheap + o.onOrderDear);
      const order = Math.max(0, draft + lineGap / adjust);
      return [decision("purchasing", { order, dearShare: (dearOrders / Math.max(1, order)) * 100 }), { use }];
    }),
};

export const systemic: PolicySpec<ProductLaunchObservation> = {
  name: "systemic",
  summary:
    "Each desk acts for the company: honest forecasts, protected testing and up-front work, supply lines counted, capacity ahead of demand.",
  params: {
    gate: { default: 94.5, min: 0, max: 100, help: "Quality gate Engineering holds (%)" },
    upfront: { default: 33, min: 0, max: 100, help: "Up-front share Engineering protects (%)" },
    slackUpfront: {
      default: 5,
      min: 0,
      max: 50,
      help: "Extra up-front share Engineering takes when its backlog is short (%, at an empty backlog)",
    },
    fixFloor: {
      default: 0,
      min: 0,
      max: 50,
      help: "Least share of engineering time kept on fixing reported defects (%)",
    },
    kitWeeks: {
      default: 2.1,
      min: 0,
      max: 8,
      help: "Kits Purchasing aims to hold on hand (weeks of planned use)",
    },
    cheapLoad: {
      default: 128,
      min: 0,
      max: 200,
      help: "Share of the cheap supplier's weekly capacity Purchasing fills before it turns to the fast one (%; above 100 lets its book grow)",
    },
    dearFloor: {
      default: 0,
      min: 0,
      max: 100,
      help: "Share of every order Purchasing gives the fast supplier to keep it warm (%)",
    },
    forecastSmoothing: {
      default: 1,
      min: 1,
      max: 100,
      help: "Weight Sales gives this week's orders in its forecast (%): lower follows the trend, not the noise",
    },
    adjustWeeks: {
      default: 2.8,
      min: 1,
      max: 12,
      help: "Weeks Manufacturing takes to close a gap in finished goods, backlog or the line",
    },
    maxOvertime: {
      default: 20,
      min: 0,
      max: 50,
      help: "Most overtime Manufacturing runs to catch up (%)",
    },
    finishedWeeks: {
      default: 1.5,
      min: 0,
      max: 6,
      help: "Finished goods Manufacturing aims to hold (weeks of forecast)",
    },
    capacitySlack: {
      default: 7.5,
      min: 0,
      max: 50,
      help: "Crew capacity Manufacturing keeps above forecast need (%)",
    },
    fixGain: {
      default: 0.5,
      min: 0.2,
      max: 3,
      help: "Fixing time Engineering gives per unit of fixing the reported defects need",
    },
    crewFromPlan: {
      default: 55,
      min: 0,
      max: 100,
      help: "Weight Manufacturing gives its recent production plan, against the forecast, in sizing the crew (%)",
    },
    crewWeeks: {
      default: 2.3,
      min: 1,
      max: 8,
      help: "Weeks Manufacturing aims to take to bring its crew to need (8: let it drift there)",
    },
    shortageAware: {
      default: 100,
      min: 0,
      max: 100,
      help: "Share of last week's starts lost to a kit shortage Manufacturing leaves out when sizing its crew and overtime (%)",
    },
    useSmoothing: {
      default: 100,
      min: 1,
      max: 100,
      help: "Weight Purchasing gives Manufacturing's latest plan in its estimate of kit use (%)",
    },
    supplyWeeks: {
      default: 1.7,
      min: 1,
      max: 24,
      help: "Weeks Purchasing takes to close a gap in kits on hand or on order",
    },
  },
  create: (role, params) => forRole(rules, role, params),
};
