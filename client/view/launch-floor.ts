// The product launch's department floors: each desk drawn as stocks (bins with a level), flows between
// them (arrows with this week's amount), and gauges — from the role's own observation only. Pure.

import type { ObservationField } from "../../shared/scenarios/module.ts";
import type { StringKey } from "../strings/index.ts";

interface NodeSpec {
  id: string;
  x: number;
  y: number;
  kind: "stock" | "place";
  /** Stocks show an observed number; places (outside the desk) are named only. */
  field?: string;
  labelKey?: StringKey;
}

interface LinkSpec {
  from: string;
  to: string;
  field: string;
}

interface FloorSpec {
  titleKey: StringKey;
  nodes: NodeSpec[];
  links: LinkSpec[];
  gauges: string[];
}

export const FLOORS: Readonly<Record<string, FloorSpec>> = {
  sales: {
    titleKey: "launch.floor.sales",
    nodes: [
      { id: "market", x: 120, y: 190, kind: "place", labelKey: "launch.market" },
      { id: "backlog", x: 480, y: 190, kind: "stock", field: "backlog" },
      { id: "customers", x: 840, y: 190, kind: "place", labelKey: "launch.customers" },
      { id: "complaints", x: 840, y: 380, kind: "place", labelKey: "launch.complaintsDesk" },
    ],
    links: [
      { from: "market", to: "backlog", field: "orders" },
      { from: "backlog", to: "customers", field: "shipments" },
      { from: "customers", to: "complaints", field: "complaints" },
    ],
    gauges: ["price", "promotion", "features", "forecast", "deliveryDelay", "bookings"],
  },
  engineering: {
    titleKey: "launch.floor.engineering",
    nodes: [
      { id: "sales", x: 110, y: 160, kind: "place", labelKey: "launch.salesPromises" },
      { id: "backlog", x: 380, y: 160, kind: "stock", field: "backlog" },
      { id: "gate", x: 620, y: 160, kind: "place", labelKey: "launch.qualityGate" },
      { id: "line", x: 860, y: 160, kind: "place", labelKey: "launch.toManufacturing" },
      { id: "field", x: 110, y: 370, kind: "place", labelKey: "launch.fieldReports" },
      { id: "defects", x: 380, y: 370, kind: "stock", field: "knownDefects" },
      { id: "changes", x: 860, y: 370, kind: "place", labelKey: "launch.changesMade" },
    ],
    links: [
      { from: "sales", to: "backlog", field: "newScope" },
      { from: "backlog", to: "gate", field: "completed" },
      { from: "gate", to: "line", field: "released" },
      { from: "gate", to: "backlog", field: "caughtInTest" },
      { from: "field", to: "defects", field: "defectReports" },
      { from: "defects", to: "changes", field: "fixed" },
    ],
    gauges: ["engineers", "backlogWeeks", "fixShare", "upfrontShare", "qualityGate"],
  },
  manufacturing: {
    titleKey: "launch.floor.manufacturing",
    nodes: [
      { id: "raw", x: 110, y: 190, kind: "stock", field: "rawMaterial" },
      { id: "wip", x: 360, y: 190, kind: "stock", field: "wip" },
      { id: "fg", x: 610, y: 190, kind: "stock", field: "finishedGoods" },
      { id: "customers", x: 860, y: 190, kind: "place", labelKey: "launch.customers" },
      { id: "scrap", x: 360, y: 380, kind: "place", labelKey: "launch.scrapBin" },
    ],
    links: [
      { from: "raw", to: "wip", field: "starts" },
      { from: "wip", to: "fg", field: "goodOutput" },
      { from: "wip", to: "scrap", field: "scrap" },
      { from: "fg", to: "customers", field: "shipments" },
    ],
    gauges: [
      "forecast",
      "orderBacklog",
      "capacity",
      "yield",
      "shortage",
      "production",
      "overtime",
      "capacityTarget",
    ],
  },
  purchasing: {
    titleKey: "launch.floor.purchasing",
    nodes: [
      { id: "cheap", x: 150, y: 150, kind: "stock", field: "onOrderCheap" },
      { id: "dear", x: 150, y: 370, kind: "stock", field: "onOrderDear" },
      { id: "raw", x: 520, y: 260, kind: "stock", field: "rawMaterial" },
      { id: "line", x: 850, y: 260, kind: "place", labelKey: "launch.productionLine" },
    ],
    links: [
      { from: "cheap", to: "raw", field: "deliveredCheap" },
      { from: "dear", to: "raw", field: "deliveredDear" },
      { from: "raw", to: "line", field: "usage" },
    ],
    gauges: ["productionPlan", "leadTimeCheap", "leadTimeDear", "kitCost", "order", "dearShare"],
  },
};

export interface FloorNode {
  id: string;
  x: number;
  y: number;
  kind: "stock" | "place";
  label: string;
  value: number | null;
  unit: string;
}

export interface FloorLink {
  from: string;
  to: string;
  label: string;
  value: number;
  unit: string;
}

export interface FloorGauge {
  id: string;
  label: string;
  value: number;
  unit: string;
  lateWeeks: number;
}

export interface Floor {
  week: number;
  titleKey: StringKey;
  nodes: FloorNode[];
  links: FloorLink[];
  gauges: FloorGauge[];
}

type ObservationRecord = Readonly<Record<string, number | readonly number[]>>;

/**
 * The floor for `role` from its observation. `fields` are the scenario's labels and units for what the
 * role observes; `placeLabel` names places outside the desk (strings table).
 */
export function floorFromObservation(
  role: string,
  obs: ObservationRecord,
  fields: readonly ObservationField[],
  placeLabel: (key: StringKey) => string,
): Floor | null {
  const spec = FLOORS[role];
  if (!spec) return null;
  const info = (id: string) => fields.find((f) => f.id === id) ?? { id, label: id, unit: "" };
  const num = (id: string) => {
    const v = obs[id];
    return typeof v === "number" ? v : 0;
  };
  return {
    week: num("week"),
    titleKey: spec.titleKey,
    nodes: spec.nodes.map((n) => ({
      id: n.id,
      x: n.x,
      y: n.y,
      kind: n.kind,
      label: n.field ? info(n.field).label : placeLabel(n.labelKey!),
      value: n.field ? num(n.field) : null,
      unit: n.field ? info(n.field).unit : "",
    })),
    links: spec.links.map((l) => ({
      from: l.from,
      to: l.to,
      label: info(l.field).label,
      value: num(l.field),
      unit: info(l.field).unit,
    })),
    gauges: spec.gauges.map((g) => {
      const f = info(g);
      return { id: g, label: f.label, value: num(g), unit: f.unit, lateWeeks: f.lateWeeks ?? 0 };
    }),
  };
}

/** What travels when the week advances: every flow of the new week that carried something. */
export function floorMovements(prev: Floor, next: Floor): FloorLink[] {
  if (next.week !== prev.week + 1) return [];
  return next.links.filter((l) => l.value > 0);
}

/** A stock's fill, 0…1, against the largest level this desk has seen of it (so bars compare over time). */
export function fillLevel(value: number, largestSeen: number): number {
  if (!(largestSeen > 0) || value <= 0) return 0;
  return Math.min(1, value / largestSeen);
}
