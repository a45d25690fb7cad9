// The cohort as rows: one per team, role and simulated week, with who played, the decision and where
// it came from, what the desk saw after the week and its KPIs. Columns are the union over roles.

import { Simulation } from "../engine/simulation.ts";
import type { AnyScenario } from "../engine/types.ts";
import { toCsv } from "../format/csv.ts";
import { weekColumns } from "../protocol/week-columns.ts";
import type { CohortTeam } from "./debrief.ts";

export interface CohortRows {
  header: string[];
  rows: Record<string, number | string>[];
}

/** Rows of one or more teams; `team` is shown 1-based, as trainers and players see it. */
export function cohortRows(scenario: AnyScenario, teams: readonly CohortTeam[]): CohortRows {
  const cols = new Set<string>(["team", "code", "role", "week", "player", "source"]);
  const rows: Record<string, number | string>[] = [];
  for (const { team, record } of [...teams].sort((a, b) => a.team - b.team)) {
    const sim = Simulation.replay(scenario, record, record.hashes);
    for (const role of sim.roles) {
      const player = record.seats.find((s) => s.role === role)?.name ?? "";
      for (let t = 1; t <= sim.week; t++) {
        const row: Record<string, number | string> = {
          team: team + 1,
          code: record.code,
          role,
          week: t,
          player,
          source: record.sources[t - 1]?.[role] ?? "",
        };
        for (const [k, v] of weekColumns(sim, role, t)) {
          row[k] = v;
          cols.add(k);
        }
        rows.push(row);
      }
    }
  }
  return { header: [...cols], rows };
}

/** RFC 4180, with the one CSV writer the round export and the command line use. */
export function cohortCsv(scenario: AnyScenario, teams: readonly CohortTeam[]): string {
  const { header, rows } = cohortRows(scenario, teams);
  return toCsv([header, ...rows.map((r) => header.map((c) => r[c]))]);
}
