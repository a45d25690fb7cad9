// A supply chain laid out for the debrief: one row per echelon, from the customer's end to the
// source, with the delays on the links between them. A scenario with a chain brings it through its
// debrief hooks (the Beer Game); the debrief draws it with a week slider and follows one order up
// ("the retailer's order of 10 in week 5 → read by the wholesaler in week 7 → its largest order, 16
// in week 9 → … → the factory's peak of 29 in week 18").

export interface ChainRow {
  role: string;
  label: string;
  /** Weeks 1…N (index week − 1): orders placed, orders read, stocks, shipments. */
  orders: number[];
  incoming: number[];
  inventory: number[];
  backlog: number[];
  shipped: number[];
  /** Own order slips not yet read by the supplier, and cases on the way in, at the end of each week. */
  ordersInTransit: number[];
  casesInTransit: number[];
}

/** The link between an echelon and its supplier: weeks an order takes up, weeks cases take down. */
export interface ChainLink {
  /** The supplier's role (the echelon is the row before it). */
  upstream: string;
  orderWeeks: number;
  shipWeeks: number;
}

export interface ChainView {
  weeks: number;
  /** What the customers ordered from the first row, weeks 1…N. */
  customer: number[];
  /** From the customer's end (first) to the source's (last). */
  rows: ChainRow[];
  /** links[i] joins rows[i] and rows[i + 1]. */
  links: ChainLink[];
  /** Where the last row's orders go: its request delay and how long production takes. */
  source: { label: string; orderWeeks: number; shipWeeks: number };
}

/** One step of an order followed up the chain: placed by a row, or read by the next one. */
export interface TraceStep {
  role: string;
  week: number;
  kind: "order" | "read";
  /** The order placed, or the order read. */
  value: number;
  /** For a read: the reader's backlog that week. */
  backlog?: number;
}

/** Weeks an echelon is given to react to an order it has read: the trace looks for its largest order then. */
export const REACTION_WEEKS = 6;

/**
 * Follows the order `role` placed in `week` up the chain: the week the next echelon read it (with
 * its backlog then), the largest order that echelon placed in the REACTION_WEEKS after, and so on
 * up to the factory, whose largest order is what the brewery brewed. Ends early past the last week.
 */
export function traceOrder(view: ChainView, role: string, week: number): TraceStep[] {
  let r = view.rows.findIndex((x) => x.role === role);
  if (r < 0 || week < 1 || week > view.weeks) return [];
  const at = (xs: readonly number[], w: number) => xs[w - 1]!;
  const steps: TraceStep[] = [{ role, week, kind: "order", value: at(view.rows[r]!.orders, week) }];
  let w = week;
  while (r < view.rows.length - 1) {
    const read = w + view.links[r]!.orderWeeks;
    if (read > view.weeks) break;
    r += 1;
    const row = view.rows[r]!;
    steps.push({
      role: row.role,
      week: read,
      kind: "read",
      value: at(row.incoming, read),
      backlog: at(row.backlog, read),
    });
    let peak = read;
    for (let x = read; x <= Math.min(view.weeks, read + REACTION_WEEKS - 1); x++) {
      if (at(row.orders, x) > at(row.orders, peak)) peak = x;
    }
    steps.push({ role: row.role, week: peak, kind: "order", value: at(row.orders, peak) });
    w = peak;
  }
  return steps;
}
