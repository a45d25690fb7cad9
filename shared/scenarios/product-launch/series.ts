// What the debrief can chart, read from every week's state.

import type { SeriesSpec } from "../../engine/types.ts";
import { onOrder, quotedLeadTime } from "./model.ts";
import { roleKpis } from "./observe.ts";
import { P } from "./params.ts";
import type { ProductLaunchState } from "./types.ts";

type Series = SeriesSpec<ProductLaunchState>;

const team = (id: string, label: string, unit: string, value: (s: ProductLaunchState) => number): Series => ({
  id,
  label,
  unit,
  perRole: false,
  value: (s) => value(s),
});

/**
 * Orders the market would have placed this week had delivery and quality been at their normal
 * levels: the orders with the delivery-delay and quality effects divided back out.
 */
export function potentialOrders(s: ProductLaunchState): number {
  const lost = s.flow.demandDelayEffect * s.flow.demandQualityEffect;
  return lost > 0 ? s.flow.orders / lost : s.flow.orders;
}

/** Design tasks engineering has reported done since week 0 (released past its gate). */
export function reportedProgress(s: ProductLaunchState): number {
  return s.tasksReleased;
}

/**
 * Design tasks truly done since week 0: released and right, or fixed since. It trails the reported
 * figure by exactly the growth of defects nobody has fixed yet: the "90 % syndrome".
 */
export function trueProgress(s: ProductLaunchState): number {
  return s.done;
}

export const series: readonly Series[] = [
  team("orders", "Customer orders", "units/week", (s) => s.flow.orders),
  team("potentialOrders", "What the market wanted", "units/week", potentialOrders),
  team("forecast", "Sales forecast", "units/week", (s) => s.last.forecast),
  team("production", "Production starts planned", "units/week", (s) => s.last.production),
  team("purchaseOrders", "Purchase orders", "kits/week", (s) => s.flow.orderCheap + s.flow.orderDear),
  team("upfrontShare", "Up-front work on the next release", "%", (s) => s.last.upfrontShare),
  team("shipments", "Shipments", "units/week", (s) => s.flow.shipments),
  team("backlog", "Order backlog", "units", (s) => s.backlog),
  team("deliveryDelay", "Delivery delay", "weeks", (s) =>
    s.flow.shipments > 0 ? Math.min(20, s.backlog / s.flow.shipments) : 20,
  ),
  team("finishedGoods", "Finished goods", "units", (s) => s.finishedGoods),
  team("rawMaterial", "Kits on hand", "kits", (s) => s.rawMaterial),
  team("onOrder", "Kits on order", "kits", (s) => onOrder(s.cheap) + onOrder(s.dear)),
  team("leadTimeCheap", "Cheap supplier's quoted lead time", "weeks", (s) =>
    quotedLeadTime(s.cheap, P.cheapProcessing),
  ),
  team("capacity", "Crew capacity", "units/week", (s) => s.capacity),
  team("yield", "First-pass yield", "share", (s) => s.flow.yield),
  team("engineeringBacklog", "Engineering backlog", "tasks", (s) => s.todo),
  team("hiddenRework", "Defects nobody has found yet", "tasks", (s) => s.hidden),
  team("knownDefects", "Defects reported, not yet fixed", "tasks", (s) => s.known),
  team("reportedProgress", "Design work reported done", "tasks", reportedProgress),
  team("trueProgress", "Design work truly done", "tasks", trueProgress),
  team("capability", "Engineering capability", "0–1", (s) => s.capability),
  team("fieldFailures", "Field failures", "units/week", (s) => s.flow.fieldFailures),
  team("weeklyProfit", "Profit this week", "$", (s) => s.flow.profit),
  team("profit", "Cumulative profit", "$", (s) => s.profit),
  {
    id: "localScore",
    label: "Each desk's own score",
    unit: "varies",
    perRole: true,
    value: (s, role) => (role === null ? 0 : (roleKpis(s, role)[0]?.value ?? 0)),
  },
];
