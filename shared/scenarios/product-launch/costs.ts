// Where the money went, desk by desk: the costs each department's decisions commit the company to,
// for a debrief panel beside the team's profit. Revenue is the market's; discounts are Sales'.

import { P } from "./params.ts";
import type { ProductLaunchRole, ProductLaunchState } from "./types.ts";

export const costParts = [
  { id: "discounts", label: "Revenue given away in promotions", unit: "$", desk: "sales" },
  { id: "engineering", label: "Engineering budget", unit: "$", desk: "engineering" },
  { id: "warranty", label: "Warranty on field failures", unit: "$", desk: "engineering" },
  { id: "labour", label: "Crew, overtime and capacity changes", unit: "$", desk: "manufacturing" },
  { id: "finishedHolding", label: "Holding finished goods", unit: "$", desk: "manufacturing" },
  { id: "materials", label: "Parts kits ordered", unit: "$", desk: "purchasing" },
  { id: "materialHolding", label: "Holding kits", unit: "$", desk: "purchasing" },
] as const satisfies readonly { id: string; label: string; unit: string; desk: ProductLaunchRole }[];

/** Totals over the run: desk → cost part → $. Warranty sits with Engineering, whose released defects cause it. */
export function costsByDesk(
  history: readonly ProductLaunchState[],
): Record<ProductLaunchRole, Record<string, number>> {
  const out: Record<ProductLaunchRole, Record<string, number>> = {
    sales: { discounts: 0 },
    engineering: { engineering: 0, warranty: 0 },
    manufacturing: { labour: 0, finishedHolding: 0 },
    purchasing: { materials: 0, materialHolding: 0 },
  };
  // After the round's real end the company is wound up and nothing more is spent.
  for (const s of history.slice(1).filter((x) => x.week <= x.endWeek)) {
    const f = s.flow;
    out.sales.discounts! += f.orders * (P.listPrice - f.price);
    out.engineering.engineering! += f.engineeringCost;
    out.engineering.warranty! += f.warrantyCost;
    out.manufacturing.labour! += f.labourCost + f.changeCost;
    out.manufacturing.finishedHolding! += s.finishedGoods * P.finishedHolding;
    out.purchasing.materials! += f.materialCost;
    out.purchasing.materialHolding! += s.rawMaterial * P.materialHolding;
  }
  return out;
}
