// The Beer Game board as one department sees it, and the movements that turn last week's board into
// this week's — what the board scene draws and animates. Built only from the role's observation. Pure.

/** One echelon's board at a decision point. */
export interface BeerBoard {
  week: number;
  inventory: number;
  backlog: number;
  /** Cases in the incoming boxes: near arrives next week, far the week after. */
  near: number;
  far: number;
  /** The order slip read this week (from the customer). */
  incomingOrder: number;
  /** Own order slips still on their way to the supplier, oldest first. */
  mail: number[];
  received: number;
  shipped: number;
  /** The order placed last week. */
  lastOrder: number;
}

export type Spot = "supplier" | "far" | "near" | "inventory" | "customer" | "desk" | "mail0" | "mail1";

export interface Movement {
  what: "cases" | "slip";
  from: Spot;
  to: Spot;
  amount: number;
  /** Movements of one stage run together; stages run in order (the board's steps). */
  stage: number;
}

/**
 * What moved between two consecutive decision points, in the board's order: cases arrive from the
 * near box; the far box moves up and the supplier fills it; the customer's slip arrives and cases go
 * out to the customer; my slips travel towards the supplier. Empty when the weeks are not consecutive
 * (after a reconnect the board is simply redrawn).
 */
export function beerMovements(prev: BeerBoard, next: BeerBoard): Movement[] {
  if (next.week !== prev.week + 1) return [];
  const m: Movement[] = [];
  if (next.received > 0)
    m.push({ what: "cases", from: "near", to: "inventory", amount: next.received, stage: 0 });
  if (prev.far > 0) m.push({ what: "cases", from: "far", to: "near", amount: prev.far, stage: 1 });
  if (next.far > 0) m.push({ what: "cases", from: "supplier", to: "far", amount: next.far, stage: 1 });
  m.push({ what: "slip", from: "customer", to: "desk", amount: next.incomingOrder, stage: 2 });
  if (next.shipped > 0)
    m.push({ what: "cases", from: "inventory", to: "customer", amount: next.shipped, stage: 2 });
  // My oldest slip reached the supplier; the others move one step along the mail.
  if (prev.mail.length > 0)
    m.push({ what: "slip", from: "mail0", to: "supplier", amount: prev.mail[0]!, stage: 3 });
  if (prev.mail.length > 1)
    m.push({ what: "slip", from: "mail1", to: "mail0", amount: prev.mail[1]!, stage: 3 });
  if (next.mail.length > 0) {
    const newest = next.mail[next.mail.length - 1]!;
    const to: Spot = next.mail.length > 1 ? "mail1" : "mail0";
    m.push({ what: "slip", from: "desk", to, amount: newest, stage: 3 });
  }
  return m;
}

type ObservationRecord = Readonly<Record<string, number | readonly number[]>>;

function num(o: ObservationRecord, k: string): number {
  const v = o[k];
  return typeof v === "number" ? v : 0;
}

/** The board from a Beer Game observation (see BeerGameObservation); the Factory has no mail. */
export function boardFromObservation(o: ObservationRecord, role: string): BeerBoard {
  const inMail = num(o, "orderInMail");
  return {
    week: num(o, "week"),
    inventory: num(o, "inventory"),
    backlog: num(o, "backlog"),
    near: num(o, "nearBox"),
    far: num(o, "farBox"),
    incomingOrder: num(o, "incomingOrder"),
    mail: role === "factory" ? [] : [inMail],
    received: num(o, "received"),
    shipped: num(o, "shipped"),
    lastOrder: num(o, "lastOrder"),
  };
}

/**
 * Who stands at each side of a seat's board: the next role downstream is the customer (the Retailer's
 * are the consumers), the next upstream the supplier (the Factory's is its own brewery).
 */
export function boardNeighbours(
  roles: readonly { id: string; label: string }[],
  role: string,
): { customer: string | null; supplier: string | null } {
  const i = roles.findIndex((r) => r.id === role);
  return { customer: roles[i - 1]?.label ?? null, supplier: roles[i + 1]?.label ?? null };
}
