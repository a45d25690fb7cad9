// The accounting identity of every material, work and money stock from one week to the next:
// each stock equals last week's plus recorded inflows minus recorded outflows, and none is negative.

import { total } from "../../engine/pipeline.ts";
import type { ProductLaunchState } from "./types.ts";

export interface ConservationIssue {
  stock: string;
  expected: number;
  actual: number;
}

const TOLERANCE = 1e-6;

/** Checks `next` against `prev` and the flows recorded in `next`; returns every imbalance (empty = sound). */
export function checkConservation(prev: ProductLaunchState, next: ProductLaunchState): ConservationIssue[] {
  const f = next.flow;
  const issues: ConservationIssue[] = [];
  const balance = (stock: string, expected: number, actual: number) => {
    if (Math.abs(expected - actual) > TOLERANCE * Math.max(1, Math.abs(expected))) {
      issues.push({ stock, expected, actual });
    }
  };
  const nonNegative = (stock: string, actual: number) => {
    if (!(actual >= -TOLERANCE)) issues.push({ stock: `${stock} ≥ 0`, expected: 0, actual });
  };

  // Material: kits and units.
  balance("cheap.backlog", prev.cheap.backlog + f.orderCheap - f.shippedCheap, next.cheap.backlog);
  balance("dear.backlog", prev.dear.backlog + f.orderDear - f.shippedDear, next.dear.backlog);
  balance(
    "cheap.transit",
    total(prev.cheap.transit) + f.shippedCheap - f.deliveredCheap,
    total(next.cheap.transit),
  );
  balance(
    "dear.transit",
    total(prev.dear.transit) + f.shippedDear - f.deliveredDear,
    total(next.dear.transit),
  );
  balance("rawMaterial", prev.rawMaterial + f.deliveredCheap + f.deliveredDear - f.starts, next.rawMaterial);
  balance("wip", total(prev.wip) + f.starts - f.completions, total(next.wip));
  balance("completions", f.completions, f.good + f.scrap);
  balance("finishedGoods", prev.finishedGoods + f.good - f.shipments, next.finishedGoods);
  balance("backlog", prev.backlog + f.orders - f.shipments, next.backlog);

  // Work: design tasks.
  balance("todo", prev.todo + f.scopeIn + f.scopeShock + f.caught - f.accomplished, next.todo);
  balance("accomplished", f.accomplished, f.correct + f.caught + f.concealed + f.escaped);
  balance("hidden", prev.hidden + f.escaped + f.concealed - f.discovered, next.hidden);
  balance("known", prev.known + f.discovered - f.fixed, next.known);
  balance("done", prev.done + f.correct + f.fixed, next.done);
  balance(
    "all tasks",
    prev.todo + prev.hidden + prev.known + prev.done + f.scopeIn + f.scopeShock,
    next.todo + next.hidden + next.known + next.done,
  );
  balance("engineers", prev.engineers - f.departures, next.engineers);

  // The market: working features and the promises not yet kept.
  balance("features", prev.features + f.featuresDelivered - f.featuresAged, next.features);
  balance("outstanding", prev.outstanding + f.promised - f.promisesKept, next.outstanding);

  // Money.
  balance(
    "profit",
    prev.profit +
      f.revenue -
      f.materialCost -
      f.labourCost -
      f.changeCost -
      f.engineeringCost -
      f.holdingCost -
      f.warrantyCost +
      f.endValuation,
    next.profit,
  );
  balance("endValue", prev.endValue + f.endValuation, next.endValue);

  for (const [name, v] of Object.entries({
    "cheap.backlog": next.cheap.backlog,
    "dear.backlog": next.dear.backlog,
    rawMaterial: next.rawMaterial,
    finishedGoods: next.finishedGoods,
    backlog: next.backlog,
    backlogValue: next.backlogValue,
    todo: next.todo,
    hidden: next.hidden,
    known: next.known,
    engineers: next.engineers,
    capacity: next.capacity,
    features: next.features,
    outstanding: next.outstanding,
    reputation: next.reputation,
  })) {
    nonNegative(name, v);
  }
  for (const [name, line] of Object.entries({
    wip: next.wip,
    "cheap.transit": next.cheap.transit,
    "dear.transit": next.dear.transit,
  })) {
    line.forEach((v, i) => {
      nonNegative(`${name}[${i}]`, v);
    });
  }
  return issues;
}
