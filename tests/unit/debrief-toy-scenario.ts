// A two-role toy supply chain for the debrief's unit tests: small enough to compute by hand, shaped
// like a real scenario (series, loops, a belief series, a policy-friendly observation).
import { z } from "zod";
import { boundedNumber, parseOptionsWith } from "../../shared/engine/options.ts";
import type { LoopSpec, Policy, Scenario } from "../../shared/engine/types.ts";

export interface ToyOptions {
  weeks: number;
  demand: number[];
}
export interface ToyState {
  demand: number;
  stock: Record<string, number>;
  order: Record<string, number>;
  incoming: Record<string, number>;
}

const roles = ["shop", "plant"] as const;

const optionsSchema = z.strictObject({
  weeks: boundedNumber(1, 52, { integer: true }).default(6),
  demand: z.array(boundedNumber(0, 100)).default([4, 4, 8, 8, 8, 8]),
});

const loops: LoopSpec<ToyState>[] = [
  {
    id: "stock-control",
    name: "Stock control",
    polarity: "balancing",
    nodes: [
      { id: "stock", label: "Stock" },
      { id: "orders", label: "Orders" },
    ],
    edges: [
      { from: "stock", to: "orders", sign: "-" },
      { from: "orders", to: "stock", sign: "+", delay: "1 week" },
    ],
    teaching: "Low stock raises orders, which refill stock a week later.",
    // Activity: how far the shop's orders moved from the previous week.
    activity: (h) => h.slice(1).map((s, i) => Math.abs(s.order["shop"]! - h[i]!.order["shop"]!)),
  },
  {
    id: "echo",
    name: "Echo",
    polarity: "reinforcing",
    nodes: [
      { id: "a", label: "A" },
      { id: "b", label: "B" },
    ],
    edges: [
      { from: "a", to: "b", sign: "+" },
      { from: "b", to: "a", sign: "+" },
    ],
    teaching: "The plant echoes the shop.",
    activity: (h) => h.slice(1).map((s, i) => Math.abs(s.order["plant"]! - h[i]!.order["plant"]!)),
  },
];

export const toy: Scenario<ToyOptions, ToyState, { demand: number; stock: number; incoming: number }> = {
  id: "toy",
  version: 1,
  title: "Toy chain",
  summary: "Two roles.",
  roles: roles.map((id) => ({ id, label: id === "shop" ? "Shop" : "Plant", summary: id })),
  defaultOptions: { weeks: 6, demand: [4, 4, 8, 8, 8, 8] },
  parseOptions: (input) => parseOptionsWith(optionsSchema, input),
  horizon: (o) => o.weeks,
  decisions: () => [
    { id: "order", label: "Order", unit: "cases", min: 0, max: 100, integer: true, default: 4 },
  ],
  init: () => ({
    demand: 4,
    stock: { shop: 10, plant: 10 },
    order: { shop: 4, plant: 4 },
    incoming: { shop: 4, plant: 4 },
  }),
  step(s, d, ctx) {
    const demand = ctx.options.demand[ctx.week - 1] ?? 4;
    const shopOrder = d["shop"]!["order"]!;
    const plantOrder = d["plant"]!["order"]!;
    return {
      demand,
      stock: {
        shop: s.stock["shop"]! + s.order["plant"]! - demand,
        plant: s.stock["plant"]! + plantOrder - s.order["shop"]!,
      },
      order: { shop: shopOrder, plant: plantOrder },
      incoming: { shop: demand, plant: shopOrder },
    };
  },
  observe: (s, role) => ({ demand: s.demand, stock: s.stock[role]!, incoming: s.incoming[role]! }),
  roleKpis: () => [],
  teamKpis: () => [],
  series: [
    { id: "demand", label: "Customer demand", unit: "cases/week", perRole: false, value: (s) => s.demand },
    {
      id: "orders",
      label: "Orders placed",
      unit: "cases/week",
      perRole: true,
      value: (s, r) => s.order[r!]!,
    },
    { id: "stock", label: "Stock", unit: "cases", perRole: true, value: (s, r) => s.stock[r!]! },
    {
      id: "holdingCost",
      label: "Holding cost",
      unit: "$",
      perRole: true,
      value: (s, r) => Math.max(0, s.stock[r!]!) * 0.5,
    },
    {
      id: "backlogCost",
      label: "Backlog cost",
      unit: "$",
      perRole: true,
      value: (s, r) => Math.max(0, -s.stock[r!]!),
    },
  ],
  shocks: [],
  shockRanges: {},
  scheduledShocks: () => [],
  loops,
  reflection: ["What happened?"],
  beliefSeries: { id: "demand", label: "Customer demand", unit: "cases/week" },
};

/** Orders what came in: the pass-through rule. */
export const passThrough = (): Policy<{ demand: number; stock: number; incoming: number }> => ({
  decide: (o) => ({ order: o.incoming }),
});
