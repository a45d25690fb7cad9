// Departmental bots: each desk chases its own score with a rule of thumb real departments use.
// None is foolish on its own desk; together they amplify a market boom into shortages, rework and lost orders.

import type { PolicySpec } from "../../../engine/types.ts";
import { clamp } from "../../../math/clamp.ts";
import { weekly } from "../../../policies/weekly.ts";
import { P } from "../params.ts";
import type { ObservationByRole, ProductLaunchObservation } from "../types.ts";
import { decision, forRole, type RoleRules, smooth } from "./common.ts";

type Params = Readonly<Record<string, number>>;

const rules: RoleRules<Params> = {
  // Sales is paid on bookings. A hot market is the moment to win accounts with feature promises;
  // a quota that ratchets up with the best weeks brings promotions and more promises when orders
  // fall short; and the forecast is padded while deliveries are late so manufacturing "builds enough".
  sales: (p) =>
    weekly<{ orders: number; normal: number; quota: number }, ObservationByRole["sales"]>(
      { orders: P.baseDemand, normal: P.baseDemand, quota: P.baseDemand },
      (o, m) => {
        const orders = smooth(m.orders, o.orders, 0.3);
        const normal = smooth(m.normal, o.orders, 0.1);
        const quota = Math.max(m.quota, orders);
        const hot = Math.max(0, orders / normal - 1.05);
        const gap = Math.max(0, (quota - orders) / quota);
        const padding = o.deliveryDelay > 3 ? p["padding"]! : 0;
        const catchUp = Math.max(0, o.backlog - P.minDeliveryTime * orders) / 4;
        return [
          decision("sales", {
            promotion: gap * p["push"]! * 100,
            features: 1 + (hot + gap) * p["push"]! * 5,
            forecast: orders * (1 + padding) + catchUp,
          }),
          { orders, normal, quota },
        ];
      },
    ),

  // Engineering is measured on tasks released: fix every reported defect at once, and when the
  // backlog grows, release with less testing, report fewer of the defects test finds, and borrow
  // the engineers doing up-front work.
  engineering: () =>
    weekly<null, ObservationByRole["engineering"]>(null, (o) => {
      const fixNeed = (o.knownDefects / P.minFixTime + o.defectReports) / Math.max(1, o.engineers);
      const overload = clamp((o.backlogWeeks - 2) / 2, 0, 1);
      return [
        decision("engineering", {
          fixShare: clamp(Math.max(0.15, fixNeed * 1.1), 0, 0.6) * 100,
          upfrontShare: 20 * (1 - overload),
          qualityGate: 60 - 40 * overload,
          // Behind schedule, a defect reported is a task back on the pile: sit on some of them.
          reportShare: 100 - 60 * overload,
        }),
        null,
      ];
    }),

  // Manufacturing is measured on labour cost per unit: build to the forecast it is given, top up
  // finished goods, overlook what is already in the line, and keep the crew lean.
  manufacturing: () =>
    weekly<null, ObservationByRole["manufacturing"]>(null, (o) => {
      const y = Math.max(0.4, o.yield);
      const fgGap = P.minDeliveryTime * o.forecast - o.finishedGoods;
      const wanted = Math.max(0, (o.forecast + fgGap / 3) / y);
      const overtime =
        o.finishedGoods < o.forecast ? clamp((wanted / Math.max(1, o.capacity) - 1) * 100, 0, 15) : 0;
      const production = Math.min(wanted, o.capacity * (1 + overtime / 100));
      const capacityTarget =
        wanted > o.capacity ? o.capacity + 0.1 * (wanted - o.capacity) : Math.max(wanted * 1.05, 40);
      return [decision("manufacturing", { production, overtime, capacityTarget }), null];
    }),

  // Purchasing is measured on price per kit: buy cheap, cover the lead time the supplier quotes,
  // and give the kits already on order too little weight.
  purchasing: (p) =>
    weekly<{ dear: number }, ObservationByRole["purchasing"]>({ dear: 20 }, (o, m) => {
      const use = o.productionPlan;
      const stockGap = 3 * use - o.rawMaterial;
      const onOrder = o.onOrderCheap + o.onOrderDear;
      const lineGap = use * o.leadTimeCheap - onOrder;
      const order = clamp(use + stockGap / 4 + (p["supplyLineWeight"]! * lineGap) / 4, 0, 2 * use);
      const dear = o.rawMaterial < use ? 50 : Math.max(0, m.dear - 5);
      return [decision("purchasing", { order, dearShare: dear }), { dear }];
    }),
};

export const departmental: PolicySpec<ProductLaunchObservation> = {
  name: "departmental",
  summary:
    "Each desk optimises its own score: quota-driven sales, throughput-driven engineering, lean manufacturing, cheapest-kit purchasing.",
  params: {
    push: {
      default: 1.5,
      min: 0,
      max: 5,
      help: "How hard Sales pushes promotions and promises per unit of quota shortfall",
    },
    padding: { default: 0.25, min: 0, max: 1, help: "Forecast padding Sales adds while deliveries are late" },
    supplyLineWeight: {
      default: 0.3,
      min: 0,
      max: 1,
      help: "Weight Purchasing gives to kits already on order (1 = all of them)",
    },
  },
  create: (role, params) => forRole(rules, role, params),
};
