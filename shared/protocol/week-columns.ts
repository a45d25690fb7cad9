// The columns an export gives one role's week of a replayed round. The round CSV, the cohort CSV and
// the cohort workbook all read them from here, so their columns cannot drift apart.

import type { Simulation } from "../engine/simulation.ts";
import type { RoleId } from "../engine/types.ts";
import { flattenObservation } from "./observation.ts";

/** The decision (decision.*), what the desk showed after the week (obs.*) and the KPIs (kpi.*). */
export function weekColumns(sim: Simulation, role: RoleId, week: number): [string, number][] {
  const out: [string, number][] = [];
  for (const [k, v] of Object.entries(sim.decisionsOf(week)![role] ?? {})) out.push([`decision.${k}`, v]);
  for (const [k, v] of flattenObservation(sim.observe(role, week))) out.push([`obs.${k}`, v]);
  for (const k of sim.kpis(role, week)) out.push([`kpi.${k.id}`, k.value]);
  return out;
}
