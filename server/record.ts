// Read models built from a round's event log: the complete round record (JSON export, debrief) and
// the CSV export. Both come from the log alone, so they work for live, finished and restored rounds.

import { Simulation } from "../shared/engine/simulation.ts";
import type { DecisionSource, Decisions, RoleId, ShockEvent } from "../shared/engine/types.ts";
import { toCsv } from "../shared/format/csv.ts";
import type { RoundRecord } from "../shared/protocol/messages.ts";
import { flattenObservation } from "../shared/protocol/observation.ts";
import { getScenario } from "../shared/scenarios/index.ts";
import type { CreatedData } from "./round.ts";
import type { RoundRow, StoredEvent } from "./storage/types.ts";

export interface RoundExport extends RoundRecord {
  status: RoundRow["status"];
  cohort: string | null;
  /** The whole log (token hashes removed): joins, drops, pace and host actions, every accepted decision. */
  events: StoredEvent[];
}

export function recordFromEvents(row: RoundRow, events: readonly StoredEvent[]): RoundExport {
  const first = events[0];
  if (first?.type !== "created") throw new Error(`round ${row.id} has no creation record`);
  const created = first.data as CreatedData;
  const scenario = getScenario(created.scenario);
  const decisions: Decisions[] = [];
  const sources: Record<RoleId, DecisionSource>[] = [];
  const hashes: string[] = [];
  const shocks: ShockEvent[] = [];
  const names: Record<RoleId, string> = {};
  for (const e of events) {
    const d = e.data as Record<string, unknown>;
    if (e.type === "week") {
      decisions.push(d.decisions as Decisions);
      sources.push(d.sources as Record<RoleId, DecisionSource>);
      hashes[d.week as number] = d.hash as string;
    } else if (e.type === "shock") {
      shocks.push(d as unknown as ShockEvent);
    } else if (e.type === "claim") {
      names[d.role as string] = d.name as string;
    }
  }
  // The initial state's hash is not recorded: it follows from the options and seed alone.
  hashes[0] = new Simulation(scenario, created.options, created.seed).hashes[0]!;
  return {
    id: row.id,
    code: created.code,
    scenario: created.scenario,
    version: created.version,
    title: created.title,
    options: created.options,
    seed: created.seed,
    horizon: row.horizon,
    createdAt: new Date(row.createdAt).toISOString(),
    endedAt: row.endedAt === null ? null : new Date(row.endedAt).toISOString(),
    status: row.status,
    cohort: row.cohort,
    decisions,
    sources,
    shocks,
    hashes,
    seats: scenario.roles.map((r) => ({
      role: r.id,
      name: names[r.id] ?? "",
      policy: created.bots[r.id]?.policy ?? "default",
    })),
    events: events.map((e) => ({ ...e, data: stripSecrets(e.data) })),
  };
}

function stripSecrets(data: unknown): unknown {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return data;
  const { tokenHash: _t, hostTokenHash: _h, ...rest } = data as Record<string, unknown>;
  return rest;
}

/** Re-simulates a record, checking every recorded hash. */
export function replayRecord(rec: RoundRecord): Simulation {
  return Simulation.replay(
    getScenario(rec.scenario),
    {
      scenario: rec.scenario,
      version: rec.version,
      options: rec.options,
      seed: rec.seed,
      decisions: rec.decisions,
      shocks: rec.shocks,
    },
    rec.hashes,
  );
}

/**
 * One row per role and simulated week: who played, the decision and its source, the role's
 * observation after the week, and its KPIs. Columns are the union over roles (blank where absent).
 */
export function recordToCsv(rec: RoundRecord): string {
  const sim = replayRecord(rec);
  const rows: Record<string, number | string>[] = [];
  const cols = new Set<string>(["round", "code", "scenario", "week", "role", "player", "source"]);
  for (let t = 1; t <= sim.week; t++) {
    for (const role of sim.roles) {
      const row: Record<string, number | string> = {
        round: rec.id,
        code: rec.code,
        scenario: rec.scenario,
        week: t,
        role,
        player: rec.seats.find((s) => s.role === role)?.name ?? "",
        source: rec.sources[t - 1]?.[role] ?? "",
      };
      for (const [k, v] of Object.entries(sim.decisionLog[t - 1]![role] ?? {})) {
        row[`decision.${k}`] = v;
        cols.add(`decision.${k}`);
      }
      for (const [k, v] of flattenObservation(sim.observe(role, t))) {
        row[`obs.${k}`] = v;
        cols.add(`obs.${k}`);
      }
      for (const k of sim.kpis(role, t)) {
        row[`kpi.${k.id}`] = k.value;
        cols.add(`kpi.${k.id}`);
      }
      rows.push(row);
    }
  }
  const header = [...cols];
  return toCsv([header, ...rows.map((r) => header.map((c) => r[c]))]);
}
