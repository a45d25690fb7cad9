// The launch reveal's waterfall: the round's customer orders against the orders of an untouched
// market, split into the multiplicative effects of the demand equation, each priced in dollars at
// the week's price and assigned to the desk whose decisions drive it.

import type { DeskReveal } from "../../debrief/hooks.ts";
import { exp, ln } from "../../math/deterministic.ts";
import { roleKpis } from "./observe.ts";
import type { ProductLaunchRole, ProductLaunchState, WeekFlows } from "./types.ts";

export type WaterfallOwner = ProductLaunchRole | "market" | "chance";

export interface WaterfallBar {
  id: string;
  label: string;
  owner: WaterfallOwner;
  /** Orders this effect added (> 0) or cost (< 0) over the round, against the reference demand. */
  units: number;
  /** The same orders at the week's selling price. */
  dollars: number;
}

export interface Waterfall {
  /** Orders an untouched market would have placed over the round (reference demand every week). */
  baseUnits: number;
  baseDollars: number;
  bars: WaterfallBar[];
  /** The orders the round really saw: baseUnits plus every bar. */
  units: number;
  dollars: number;
}

type Effect = { id: string; label: string; owner: WaterfallOwner; of: (s: ProductLaunchState) => number };

const flow = (k: keyof WeekFlows) => (s: ProductLaunchState) => s.flow[k] as number;

/** The demand equation's factors in the order the reveal reads them: market × promises × delivery × quality. */
const EFFECTS: readonly Effect[] = [
  { id: "market", label: "Market (shocks)", owner: "market", of: (s) => s.market },
  { id: "promotion", label: "Promotion discount", owner: "sales", of: flow("demandPromoEffect") },
  { id: "promises", label: "Feature promises", owner: "sales", of: flow("demandFeatureEffect") },
  {
    id: "reputation",
    label: "Reputation (broken promises)",
    owner: "sales",
    of: flow("demandReputationEffect"),
  },
  {
    id: "features",
    label: "Working features delivered",
    owner: "engineering",
    of: flow("demandValueEffect"),
  },
  { id: "delivery", label: "Delivery delay", owner: "manufacturing", of: flow("demandDelayEffect") },
  { id: "quality", label: "Quality (field failures)", owner: "engineering", of: flow("demandQualityEffect") },
];

/**
 * Splits each week's gap between orders and reference demand over the factors by their share of
 * the log of the total multiplier (the log-mean split), so the bars add up to the gap exactly
 * whatever order they are read in. What the factors do not explain is demand noise ("chance").
 * `history[0]` is the state before week 1; weeks after the company's real end are left out.
 */
export function ordersWaterfall(history: readonly ProductLaunchState[]): Waterfall {
  const units = new Map<string, number>();
  const dollars = new Map<string, number>();
  const add = (id: string, u: number, price: number) => {
    units.set(id, (units.get(id) ?? 0) + u);
    dollars.set(id, (dollars.get(id) ?? 0) + u * price);
  };
  let baseUnits = 0;
  let baseDollars = 0;
  for (const s of history.slice(1).filter((x) => x.week <= x.endWeek)) {
    const ref = s.ref.demand;
    const price = s.flow.price;
    baseUnits += ref;
    baseDollars += ref * price;
    const logs = EFFECTS.map((e) => ln(Math.max(1e-9, e.of(s))));
    const explained = ref * exp(logs.reduce((a, b) => a + b, 0));
    const noise = s.flow.orders > 0 ? ln(s.flow.orders / explained) : 0;
    const all = [...logs, noise];
    const total = all.reduce((a, b) => a + b, 0);
    const gap = s.flow.orders - ref;
    all.forEach((l, i) => {
      // Where the multipliers cancel (total ≈ 0) the gap is ≈ 0 too: split by the logs themselves.
      const share = Math.abs(total) > 1e-9 ? (gap * l) / total : ref * l;
      add(i < EFFECTS.length ? EFFECTS[i]!.id : "chance", share, price);
    });
  }
  const bars: WaterfallBar[] = [
    ...EFFECTS.map((e) => ({ id: e.id, label: e.label, owner: e.owner })),
    { id: "chance", label: "Demand noise", owner: "chance" as const },
  ].map((b) => ({ ...b, units: units.get(b.id) ?? 0, dollars: dollars.get(b.id) ?? 0 }));
  return {
    baseUnits,
    baseDollars,
    bars,
    units: baseUnits + bars.reduce((a, b) => a + b.units, 0),
    dollars: baseDollars + bars.reduce((a, b) => a + b.dollars, 0),
  };
}

export interface LocalScoreRow {
  role: ProductLaunchRole;
  label: string;
  unit: string;
  better: "higher" | "lower";
  /** The desk's own score at the end of the round, the team's and the comparison run's. */
  team: number;
  other: number;
  /** Whether the team's score is the better one by the desk's own measure. */
  improved: boolean;
}

/**
 * Each desk's own first score against the company's profit, the team's round set against another
 * run on the same board (the benchmark bots): the desks can all look better while the company earns less.
 */
export function localScoresAgainstProfit(team: ProductLaunchState, other: ProductLaunchState) {
  const roles: ProductLaunchRole[] = ["sales", "engineering", "manufacturing", "purchasing"];
  const rows: LocalScoreRow[] = roles.flatMap((role) => {
    const a = roleKpis(team, role)[0];
    const b = roleKpis(other, role)[0];
    if (!a || !b) return [];
    const better = a.better;
    const improved = better === "higher" ? a.value > b.value : a.value < b.value;
    return [{ role, label: a.label, unit: a.unit, better, team: a.value, other: b.value, improved }];
  });
  return { rows, profit: { team: team.profit, other: other.profit } };
}

/** The launch's reveal for the debrief: the waterfall in dollars and, given the benchmark's run, the desks' own scores. */
export function deskReveal(
  history: readonly ProductLaunchState[],
  benchmark: readonly ProductLaunchState[] | null,
): DeskReveal {
  const w = ordersWaterfall(history);
  const last = (h: readonly ProductLaunchState[]) => h[h.length - 1]!;
  return {
    base: { label: "Orders of an untouched market", dollars: w.baseDollars },
    bars: w.bars,
    total: { label: "Orders booked", dollars: w.dollars },
    local:
      benchmark && benchmark.length > 1 ? localScoresAgainstProfit(last(history), last(benchmark)) : null,
  };
}
