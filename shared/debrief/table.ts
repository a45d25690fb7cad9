import type { AnyScenario, RoleId } from "../engine/types.ts";

/** One chartable series of a run, read from every week's state: weeks 1…N. */
export interface SeriesData {
  id: string;
  label: string;
  unit: string;
  perRole: boolean;
  /** Role id → values for weeks 1…N; team-wide series use the key "team". */
  values: Record<string, number[]>;
}

export const TEAM = "team";

/**
 * Reads every series a scenario declares from a run's history (history[0] = the state before week 1),
 * so the debrief charts exactly what the engine computed and holds no rule code of its own.
 */
export function readSeries(scenario: AnyScenario, history: readonly unknown[]): SeriesData[] {
  const weeks = history.slice(1);
  const roles: RoleId[] = scenario.roles.map((r) => r.id);
  return scenario.series.map((spec) => {
    const values: Record<string, number[]> = {};
    if (spec.perRole) {
      for (const role of roles) values[role] = weeks.map((s) => spec.value(s, role));
    } else {
      values[TEAM] = weeks.map((s) => spec.value(s, null));
    }
    return { id: spec.id, label: spec.label, unit: spec.unit, perRole: spec.perRole, values };
  });
}

export interface HoverRow {
  series: string;
  label: string;
  unit: string;
  /** Key (role id or "team") → the value that week. */
  values: Record<string, number>;
}

/** What hovering week `week` (1-based) shows: every series, every role's number for that week. */
export function weekTable(series: readonly SeriesData[], week: number): HoverRow[] {
  const rows: HoverRow[] = [];
  for (const s of series) {
    const values: Record<string, number> = {};
    for (const [key, xs] of Object.entries(s.values)) {
      const v = xs[week - 1];
      if (v !== undefined) values[key] = v;
    }
    rows.push({ series: s.id, label: s.label, unit: s.unit, values });
  }
  return rows;
}
