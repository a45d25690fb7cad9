// The command line for a scenario without its own adapter: its KPIs and debrief series, read
// through the Scenario contract alone, so every registered scenario can be run from the start.

import type { Simulation } from "../engine/simulation.ts";
import type { AnyScenario, Kpi } from "../engine/types.ts";
import type { ScenarioCli } from "./adapter.ts";
import type { Table } from "./format.ts";

const byId = (kpis: readonly Kpi[]) => Object.fromEntries(kpis.map((k) => [k.id, k.value]));

export function genericCli(scenario: AnyScenario): ScenarioCli {
  return {
    flags: [],
    options: (common) => (common.weeks === undefined ? {} : { weeks: common.weeks }),
    report(sim: Simulation) {
      const final = sim.state;
      const weeks = sim.history.slice(1);
      const roles = sim.roles;
      const teamKpis = scenario.teamKpis(final);
      const teamSeries = scenario.series.filter((s) => !s.perRole);
      const roleSeries = scenario.series.filter((s) => s.perRole);
      const rolesJson: Record<string, unknown> = {};
      for (const role of roles) {
        rolesJson[role] = {
          kpis: byId(sim.kpis(role)),
          series: Object.fromEntries(roleSeries.map((s) => [s.id, weeks.map((st) => s.value(st, role))])),
        };
      }
      const columns = [
        ...teamSeries.map((s) => ({ name: s.id, at: (st: unknown) => s.value(st, null) })),
        ...roles.flatMap((role) =>
          roleSeries.map((s) => ({ name: `${role}_${s.id}`, at: (st: unknown) => s.value(st, role) })),
        ),
      ];
      const csv: Table = {
        headers: ["week", ...columns.map((c) => c.name)],
        rows: weeks.map((st, t) => [t + 1, ...columns.map((c) => c.at(st))]),
      };
      const tables: Table[] = [
        {
          title: "Team",
          headers: ["figure", "value", "unit"],
          rows: teamKpis.map((k) => [k.label, k.value, k.unit]),
        },
        {
          title: "Departments at the end of the round",
          headers: ["role", "figure", "value", "unit"],
          rows: roles.flatMap((role) => sim.kpis(role).map((k) => [role, k.label, k.value, k.unit])),
        },
      ];
      return {
        json: {
          team: {
            kpis: byId(teamKpis),
            series: Object.fromEntries(teamSeries.map((s) => [s.id, weeks.map((st) => s.value(st, null))])),
          },
          roles: rolesJson,
        },
        metrics: {
          team: byId(teamKpis),
          roles: Object.fromEntries(roles.map((role) => [role, byId(sim.kpis(role))])),
        },
        tables,
        csv,
      };
    },
  };
}
