import { sum } from "./stats.ts";
import type { SeriesData } from "./table.ts";

export interface RoleCost {
  role: string;
  /** Cost component id → the role's total of it over the run. */
  parts: Record<string, number>;
  total: number;
  /** This role's fraction of the team's cost, 0…1. */
  shareOfTeam: number;
}

export interface CostDecomposition {
  parts: { id: string; label: string; unit: string }[];
  roles: RoleCost[];
  /** Component id → team total. */
  teamParts: Record<string, number>;
  teamTotal: number;
}

/** Weekly amounts from a running total (the first week is its own amount). */
export function weekly(cumulative: readonly number[]): number[] {
  return cumulative.map((x, i) => (i === 0 ? x : x - cumulative[i - 1]!));
}

/** Splits the team's cost by role and by component, from the run's per-week cost series. */
export function decomposeCosts(
  series: readonly SeriesData[],
  partIds: readonly string[],
  roles: readonly string[],
  cumulative = false,
): CostDecomposition {
  const parts = partIds.flatMap((id) => {
    const s = series.find((x) => x.id === id);
    return s ? [s] : [];
  });
  const totals: Record<string, Record<string, number>> = {};
  for (const role of roles) {
    totals[role] = {};
    for (const p of parts) {
      const xs = p.values[role] ?? [];
      totals[role][p.id] = sum(cumulative ? weekly(xs) : xs);
    }
  }
  return decomposeTotals(
    parts.map((p) => ({ id: p.id, label: p.label, unit: p.unit })),
    totals,
    roles,
  );
}

/** The same split from totals a scenario's own analytics computed (role → component → total). */
export function decomposeTotals(
  parts: readonly { id: string; label: string; unit: string }[],
  totals: Readonly<Record<string, Readonly<Record<string, number>>>>,
  roles: readonly string[],
): CostDecomposition {
  const teamParts: Record<string, number> = {};
  for (const p of parts) teamParts[p.id] = 0;
  const rows = roles.map((role) => {
    const byPart: Record<string, number> = {};
    for (const p of parts) {
      const v = totals[role]?.[p.id] ?? 0;
      byPart[p.id] = v;
      teamParts[p.id] = teamParts[p.id]! + v;
    }
    return { role, parts: byPart, total: sum(Object.values(byPart)), shareOfTeam: 0 };
  });
  const teamTotal = sum(rows.map((r) => r.total));
  for (const r of rows) r.shareOfTeam = teamTotal > 0 ? r.total / teamTotal : 0;
  return { parts: parts.map((p) => ({ ...p })), roles: rows, teamParts, teamTotal };
}
