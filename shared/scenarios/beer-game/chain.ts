// The Beer Game's board laid out for the debrief's chain view (shared/debrief/chain.ts): one row per
// echelon, the mail and shipping delays on the links between them.

import type { ChainView } from "../../debrief/chain.ts";
import { type BeerGameState, FACTORY, MAIL_WEEKS, REQUEST_WEEKS, ROLE_IDS, SHIPPING_WEEKS } from "./model.ts";

const LABELS: Record<(typeof ROLE_IDS)[number], string> = {
  retailer: "Retailer",
  wholesaler: "Wholesaler",
  distributor: "Distributor",
  factory: "Factory",
};

/** `history[0]` is the board before week 1; every row holds weeks 1…N (index week − 1). */
export function beerGameChain(history: readonly BeerGameState[]): ChainView {
  const weeks = history.length - 1;
  const played = history.slice(1);
  const pick = (f: (s: BeerGameState) => readonly number[], r: number) => played.map((s) => f(s)[r]!);
  const rows = ROLE_IDS.map((role, r) => ({
    role,
    label: LABELS[role],
    orders: pick((s) => s.order, r),
    incoming: pick((s) => s.incoming, r),
    inventory: pick((s) => s.inventory, r),
    backlog: pick((s) => s.backlog, r),
    shipped: pick((s) => s.shipped, r),
    // Slips this echelon has posted and its supplier has not read; cases on the road to it.
    ordersInTransit: pick((s) => s.mailNext.map((x, i) => x + s.mailLater[i]!), r),
    casesInTransit: pick((s) => s.near.map((x, i) => x + s.far[i]!), r),
  }));
  const links = ROLE_IDS.slice(0, FACTORY).map((_, r) => ({
    upstream: ROLE_IDS[r + 1]!,
    orderWeeks: MAIL_WEEKS,
    shipWeeks: SHIPPING_WEEKS,
  }));
  return {
    weeks,
    customer: played.map((s) => s.demand),
    rows,
    links,
    source: { label: "Brewery", orderWeeks: REQUEST_WEEKS, shipWeeks: SHIPPING_WEEKS },
  };
}
