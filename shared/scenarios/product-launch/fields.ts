// Labels and units for every number a desk observes, so a desk can be drawn from data.

import type { ProductLaunchRole } from "./types.ts";

export interface ObservationField {
  id: string;
  label: string;
  unit: string;
  /** Whether the desk sees it late, and by how many weeks. */
  lateWeeks?: number;
}

export const observationFields: Readonly<Record<ProductLaunchRole, readonly ObservationField[]>> = {
  sales: [
    { id: "week", label: "Week", unit: "" },
    { id: "orders", label: "Customer orders", unit: "units" },
    { id: "bookings", label: "Orders booked", unit: "$" },
    { id: "backlog", label: "Order backlog", unit: "units" },
    { id: "shipments", label: "Shipped", unit: "units" },
    { id: "deliveryDelay", label: "Delivery delay", unit: "weeks" },
    { id: "complaints", label: "Customer complaints (field failures)", unit: "units", lateWeeks: 2 },
    { id: "price", label: "Price", unit: "$" },
    { id: "promotion", label: "Promotion", unit: "%" },
    { id: "features", label: "Features promised", unit: "features" },
    { id: "forecast", label: "Forecast given", unit: "units/week" },
  ],
  engineering: [
    { id: "week", label: "Week", unit: "" },
    { id: "engineers", label: "Engineers", unit: "people" },
    { id: "backlog", label: "Work to do", unit: "tasks" },
    { id: "newScope", label: "New scope", unit: "tasks" },
    { id: "completed", label: "Completed", unit: "tasks" },
    { id: "released", label: "Released to manufacturing", unit: "tasks" },
    { id: "caughtInTest", label: "Caught in test", unit: "tasks" },
    { id: "defectReports", label: "Defects reported", unit: "defects", lateWeeks: 1 },
    { id: "knownDefects", label: "Defects awaiting a fix", unit: "defects" },
    { id: "fixed", label: "Defects fixed", unit: "defects" },
    { id: "backlogWeeks", label: "Backlog", unit: "weeks" },
    { id: "fixShare", label: "Fixing", unit: "%" },
    { id: "upfrontShare", label: "Up-front work", unit: "%" },
    { id: "qualityGate", label: "Quality gate", unit: "%" },
  ],
  manufacturing: [
    { id: "week", label: "Week", unit: "" },
    { id: "forecast", label: "Sales forecast", unit: "units/week", lateWeeks: 1 },
    { id: "orderBacklog", label: "Order backlog", unit: "units", lateWeeks: 1 },
    { id: "finishedGoods", label: "Finished goods", unit: "units" },
    { id: "wip", label: "In the line", unit: "units" },
    { id: "rawMaterial", label: "Kits on hand", unit: "kits" },
    { id: "capacity", label: "Crew capacity", unit: "units/week" },
    { id: "starts", label: "Started", unit: "units" },
    { id: "goodOutput", label: "Good output", unit: "units" },
    { id: "scrap", label: "Scrap", unit: "units" },
    { id: "yield", label: "First-pass yield", unit: "share" },
    { id: "shortage", label: "Starts lost to shortage", unit: "units" },
    { id: "shipments", label: "Shipped", unit: "units" },
    { id: "production", label: "Planned starts", unit: "units/week" },
    { id: "overtime", label: "Overtime", unit: "%" },
    { id: "capacityTarget", label: "Capacity target", unit: "units/week" },
  ],
  purchasing: [
    { id: "week", label: "Week", unit: "" },
    { id: "rawMaterial", label: "Kits on hand", unit: "kits" },
    { id: "usage", label: "Kits used", unit: "kits" },
    { id: "productionPlan", label: "Production plan", unit: "units/week", lateWeeks: 1 },
    { id: "onOrderCheap", label: "On order, cheap supplier", unit: "kits" },
    { id: "onOrderDear", label: "On order, fast supplier", unit: "kits" },
    { id: "deliveredCheap", label: "Delivered, cheap supplier", unit: "kits" },
    { id: "deliveredDear", label: "Delivered, fast supplier", unit: "kits" },
    { id: "leadTimeCheap", label: "Cheap supplier's quoted lead time", unit: "weeks" },
    { id: "leadTimeDear", label: "Fast supplier's quoted lead time", unit: "weeks" },
    { id: "kitCost", label: "Price per kit ordered", unit: "$" },
    { id: "order", label: "Kits ordered", unit: "kits/week" },
    { id: "dearShare", label: "Share to the fast supplier", unit: "%" },
  ],
};
