// The department's KPIs as the desk shows them: value, unit, and the change since last week with
// whether that change is good — in words and an arrow, not colour alone. Pure.

import type { Kpi } from "../../shared/engine/types.ts";
import type { StringKey } from "../strings/index.ts";

export type KpiSpec = Omit<Kpi, "value">;

export interface KpiRow {
  id: string;
  label: string;
  unit: string;
  value: number | null;
  change: number | null;
  arrow: "▲" | "▼" | "=" | "";
  trendKey: StringKey | null;
  /** Whether the change went the right way; null when unchanged or unknown. */
  good: boolean | null;
  betterKey: StringKey;
}

export function kpiRows(
  specs: readonly KpiSpec[],
  now: Readonly<Record<string, number>>,
  before: Readonly<Record<string, number>> | null,
): KpiRow[] {
  return specs.map((s) => {
    const value = now[s.id] ?? null;
    const prev = before?.[s.id] ?? null;
    const change = value !== null && prev !== null ? value - prev : null;
    const dir = change === null ? null : change > 1e-9 ? "up" : change < -1e-9 ? "down" : "flat";
    return {
      id: s.id,
      label: s.label,
      unit: s.unit,
      value,
      change,
      arrow: dir === "up" ? "▲" : dir === "down" ? "▼" : dir === "flat" ? "=" : "",
      trendKey:
        dir === null
          ? null
          : dir === "up"
            ? "desk.trend.up"
            : dir === "down"
              ? "desk.trend.down"
              : "desk.trend.flat",
      good: dir === null || dir === "flat" || s.balance ? null : (dir === "up") === (s.better === "higher"),
      betterKey: s.balance
        ? "desk.better.balance"
        : s.better === "higher"
          ? "desk.better.higher"
          : "desk.better.lower",
    };
  });
}
