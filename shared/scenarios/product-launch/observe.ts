// What each desk sees of the company, and how each is scored. A desk sees its own stocks now,
// other departments' signals late, and never the defects nobody has found yet.

import type { Kpi, RoleId } from "../../engine/types.ts";
import { backlogWeeks } from "./kernel.ts";
import { onOrder, quotedLeadTime } from "./model.ts";
import { P } from "./params.ts";
import type {
  ObservationByRole,
  ProductLaunchObservation,
  ProductLaunchRole,
  ProductLaunchState,
} from "./types.ts";

const seen = (line: readonly number[]): number => line[0] ?? 0;

/**
 * The 90 % syndrome: progress as Engineering reports it counts every task released, right or not,
 * against the work committed; the defects inside it surface only later.
 */
export function reportedProgress(s: ProductLaunchState): number {
  return s.scopeTotal > 0 ? Math.min(100, (100 * s.tasksReleased) / s.scopeTotal) : 100;
}

/** Progress as it really is: work released right (or fixed since) against the work committed. */
export function trueProgress(s: ProductLaunchState): number {
  return s.scopeTotal > 0 ? Math.min(100, (100 * s.done) / s.scopeTotal) : 100;
}

export function observeSales(s: ProductLaunchState): ObservationByRole["sales"] {
  const f = s.flow;
  return {
    week: s.week,
    orders: f.orders,
    bookings: f.orders * f.price,
    backlog: s.backlog,
    shipments: f.shipments,
    deliveryDelay: Math.min(
      P.maxDeliveryDelay,
      f.shipments > 0 ? s.backlog / f.shipments : P.maxDeliveryDelay,
    ),
    complaints: seen(s.reports.complaints),
    price: P.listPrice * (1 - s.last.promotion / 100),
    promotion: s.last.promotion,
    features: s.last.features,
    forecast: s.last.forecast,
    reportedProgress: reportedProgress(s),
  };
}

export function observeEngineering(s: ProductLaunchState): ObservationByRole["engineering"] {
  const f = s.flow;
  return {
    week: s.week,
    engineers: s.engineers,
    backlog: s.todo,
    newScope: f.scopeIn + f.scopeShock,
    completed: f.accomplished,
    released: f.released,
    caughtInTest: f.caught,
    concealed: f.concealed,
    reportedProgress: reportedProgress(s),
    defectReports: seen(s.reports.defectReports),
    knownDefects: s.known,
    fixed: f.fixed,
    backlogWeeks: backlogWeeks(s.todo, f.newWorkCapacity),
    fixShare: s.last.fixShare,
    upfrontShare: s.last.upfrontShare,
    qualityGate: s.last.qualityGate,
    reportShare: s.last.reportShare,
  };
}

export function observeManufacturing(s: ProductLaunchState): ObservationByRole["manufacturing"] {
  const f = s.flow;
  return {
    week: s.week,
    forecast: seen(s.reports.forecast),
    orderBacklog: seen(s.reports.backlog),
    finishedGoods: s.finishedGoods,
    wip: s.wip.reduce((a, b) => a + b, 0),
    rawMaterial: s.rawMaterial,
    capacity: s.capacity,
    starts: f.starts,
    goodOutput: f.good,
    scrap: f.scrap,
    yield: f.yield,
    shortage: f.shortage,
    shipments: f.shipments,
    production: s.last.production,
    overtime: s.last.overtime,
    capacityTarget: s.last.capacityTarget,
  };
}

export function observePurchasing(s: ProductLaunchState): ObservationByRole["purchasing"] {
  const f = s.flow;
  const ordered = f.orderCheap + f.orderDear;
  return {
    week: s.week,
    rawMaterial: s.rawMaterial,
    usage: f.starts,
    productionPlan: seen(s.reports.plan),
    onOrderCheap: onOrder(s.cheap),
    onOrderDear: onOrder(s.dear),
    deliveredCheap: f.deliveredCheap,
    deliveredDear: f.deliveredDear,
    leadTimeCheap: quotedLeadTime(s.cheap, P.cheapProcessing),
    leadTimeDear: quotedLeadTime(s.dear, P.dearProcessing),
    kitCost: ordered > 0 ? f.materialCost / ordered : 0,
    order: s.last.order,
    dearShare: s.last.dearShare,
  };
}

export function observe(s: ProductLaunchState, role: RoleId): ProductLaunchObservation {
  switch (role as ProductLaunchRole) {
    case "sales":
      return observeSales(s);
    case "engineering":
      return observeEngineering(s);
    case "manufacturing":
      return observeManufacturing(s);
    case "purchasing":
      return observePurchasing(s);
    default:
      throw new Error(`product-launch has no role "${role}"`);
  }
}

/** Each desk's own score first: the number that tempts it to optimise locally. */
export function roleKpis(s: ProductLaunchState, role: RoleId): readonly Kpi[] {
  switch (role as ProductLaunchRole) {
    case "sales":
      return [
        { id: "bookings", label: "Orders booked so far", unit: "$", value: s.bookings, better: "higher" },
        { id: "orders", label: "Orders this week", unit: "units", value: s.flow.orders, better: "higher" },
      ];
    case "engineering":
      return [
        {
          id: "tasksReleased",
          label: "Tasks released",
          unit: "tasks",
          value: s.tasksReleased,
          better: "higher",
        },
        {
          id: "backlogWeeks",
          label: "Backlog",
          unit: "weeks",
          value: observeEngineering(s).backlogWeeks,
          better: "lower",
        },
      ];
    case "manufacturing":
      return [
        {
          id: "labourPerUnit",
          label: "Labour cost per good unit",
          unit: "$",
          value: s.goodOutput > 0 ? s.labourSpend / s.goodOutput : 0,
          better: "lower",
        },
        { id: "goodOutput", label: "Good units made", unit: "units", value: s.goodOutput, better: "higher" },
      ];
    case "purchasing":
      return [
        {
          id: "kitCost",
          label: "Average price per kit",
          unit: "$",
          value: s.kitsOrdered > 0 ? s.materialSpend / s.kitsOrdered : 0,
          better: "lower",
        },
        {
          id: "rawMaterial",
          label: "Kits on hand",
          unit: "kits",
          value: s.rawMaterial,
          better: "lower",
          balance: true,
        },
      ];
    default:
      throw new Error(`product-launch has no role "${role}"`);
  }
}

export function teamKpis(s: ProductLaunchState): readonly Kpi[] {
  return [
    { id: "profit", label: "Cumulative profit", unit: "$", value: s.profit, better: "higher" },
    { id: "revenue", label: "Revenue", unit: "$", value: s.revenue, better: "higher" },
    {
      id: "deliveryDelay",
      label: "Delivery delay",
      unit: "weeks",
      value: observeSales(s).deliveryDelay,
      better: "lower",
    },
    {
      id: "fieldFailures",
      label: "Field failures this week",
      unit: "units",
      value: s.flow.fieldFailures,
      better: "lower",
    },
  ];
}
