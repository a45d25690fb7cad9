// The department's own history, week by week, as the desk's small table and chart show it.
// Built only from the role's own weeks (the `history` message and each new observation). Pure.

import type { DecisionSource } from "../../shared/engine/types.ts";
import type { OwnWeek } from "../../shared/protocol/messages.ts";

/** One column of the history: a scalar observation field, a decision or a KPI. */
export interface HistoryColumn {
  id: string;
  label: string;
  unit: string;
  from: "observation" | "decision" | "kpi";
  /** Drawn in the small chart as well as the table. */
  chart: boolean;
}

/** Adds or replaces a week, keeping weeks ordered. Returns a new array. */
export function mergeWeek(weeks: readonly OwnWeek[], week: OwnWeek): OwnWeek[] {
  const out = weeks.filter((w) => w.week !== week.week);
  out.push(week);
  out.sort((a, b) => a.week - b.week);
  return out;
}

/** Merges a received history (after a reconnect it may overlap what we hold). */
export function mergeHistory(weeks: readonly OwnWeek[], received: readonly OwnWeek[]): OwnWeek[] {
  let out = [...weeks];
  for (const w of received) out = mergeWeek(out, w);
  return out;
}

/**
 * Records the week my desk now shows. Week t's entry pairs the board after week t with the decision
 * made in week t: the one the server recorded for it when a bot or the default made it
 * (`mine.recorded`), else the one it accepted from this player before the week closed (`accepted`),
 * or the one the entry already held.
 */
export function recordWeek(
  weeks: readonly OwnWeek[],
  mine: Pick<OwnWeek, "week" | "observation" | "kpis"> & {
    recorded?: { decision: Record<string, number>; source: DecisionSource } | null;
  },
  accepted: ReadonlyMap<number, { decision: Record<string, number>; source: DecisionSource }>,
): OwnWeek[] {
  const known = weeks.find((w) => w.week === mine.week);
  const recorded = mine.week >= 1 ? mine.recorded : null;
  const same = known && JSON.stringify(known.observation) === JSON.stringify(mine.observation);
  if (same && (!recorded || known.source === recorded.source)) return [...weeks];
  const decided =
    recorded ??
    (known?.decision ? { decision: known.decision, source: known.source } : accepted.get(mine.week));
  return mergeWeek(weeks, {
    week: mine.week,
    observation: mine.observation,
    kpis: mine.kpis,
    ...(decided?.decision ? { decision: decided.decision } : {}),
    ...(decided?.source ? { source: decided.source } : {}),
  });
}

function cell(w: OwnWeek, c: HistoryColumn): number | null {
  const v =
    c.from === "observation"
      ? w.observation[c.id]
      : c.from === "decision"
        ? w.decision?.[c.id]
        : w.kpis[c.id];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

export interface HistoryTable {
  columns: HistoryColumn[];
  /** Newest week first, so the latest is where the eye lands. */
  rows: { week: number; source: DecisionSource | null; cells: (number | null)[] }[];
}

export function historyTable(
  weeks: readonly OwnWeek[],
  columns: readonly HistoryColumn[],
  limit = 52,
): HistoryTable {
  const played = weeks.filter((w) => w.week >= 1);
  const rows = played
    .slice(-limit)
    .reverse()
    .map((w) => ({ week: w.week, source: w.source ?? null, cells: columns.map((c) => cell(w, c)) }));
  return { columns: [...columns], rows };
}

export interface HistorySeries {
  id: string;
  label: string;
  values: (number | null)[];
}

export interface HistoryChart {
  weeks: number[];
  series: HistorySeries[];
  /** Axis bounds covering every series (0 included so stocks read honestly). */
  min: number;
  max: number;
}

export function historyChart(weeks: readonly OwnWeek[], columns: readonly HistoryColumn[]): HistoryChart {
  const played = weeks.filter((w) => w.week >= 1);
  const charted = columns.filter((c) => c.chart);
  const series = charted.map((c) => ({ id: c.id, label: c.label, values: played.map((w) => cell(w, c)) }));
  let min = 0;
  let max = 1;
  for (const s of series) {
    for (const v of s.values) {
      if (v === null) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return { weeks: played.map((w) => w.week), series, min, max };
}
