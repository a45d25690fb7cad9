// Exports of a recorded round, read from its event log: the JSON export (the same record the live
// room sends, plus the index status and the public log) and the CSV. Both work for live, finished
// and restored rounds.

import { Simulation } from "../shared/engine/simulation.ts";
import { toCsv } from "../shared/format/csv.ts";
import type { RoundRecord } from "../shared/protocol/messages.ts";
import { weekColumns } from "../shared/protocol/week-columns.ts";
import { recordOf } from "../shared/round/record.ts";
import { type CreatedData, DEBRIEF_EVENT, type Round } from "../shared/round/round.ts";
import { publicEvent } from "../shared/round/view.ts";
import { getScenario } from "../shared/scenarios/index.ts";
import type { RoundRow, StoredEvent } from "./storage/types.ts";

export interface RoundExport extends RoundRecord {
  status: RoundRow["status"];
  cohort: string | null;
  /** The whole log (token hashes removed): joins, drops, pace and host actions, every accepted decision. */
  events: StoredEvent[];
}

/**
 * `round` is the log replayed (shared/round/replay.ts). `anonymous` puts each seat's department in
 * place of its player's name, in the seats and everywhere in the log (claims, sketches, notes).
 */
export function exportOf(
  row: RoundRow,
  round: Round,
  events: readonly StoredEvent[],
  { anonymous = false }: { anonymous?: boolean } = {},
): RoundExport {
  const rec = recordOf(round);
  const label = (role: string) =>
    round.scenario.roles.find((r: { id: string }) => r.id === role)?.label ?? role;
  // Every name a player went by, and the department it stands for in an anonymous export.
  const names = new Map<string, string>();
  for (const e of events)
    if (e.type === "claim") {
      const c = e.data as { role: string; name: string };
      names.set(c.name, label(c.role));
    }
  /**
   * A name (`name`, or a note's `by`) anywhere in an event's data, replaced by its department. A name
   * no claim gave (a trainer's, a previous round's) does not pass through: it becomes "—".
   */
  const unname = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(unname);
    if (typeof v !== "object" || v === null) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v))
      out[k] = (k === "name" || k === "by") && typeof x === "string" ? x && (names.get(x) ?? "—") : unname(x);
    return out;
  };
  // Only where people write: a policy's or a shock's name elsewhere is part of what re-simulates.
  const seatNames = <S extends { role: string; name: string }>(seats: S[]): S[] =>
    anonymous ? seats.map((s) => ({ ...s, name: s.name && label(s.role) })) : seats;
  const named = (e: StoredEvent): StoredEvent => {
    if (!anonymous) return e;
    if (e.type === "claim" || e.type === "hypothesis" || e.type === DEBRIEF_EVENT)
      return { ...e, data: unname(e.data) };
    // The previous round's players, in a play-again round's creation.
    const previous = e.type === "created" ? (e.data as CreatedData).previous : undefined;
    return previous
      ? {
          ...e,
          data: { ...(e.data as CreatedData), previous: { ...previous, seats: seatNames(previous.seats) } },
        }
      : e;
  };
  return {
    ...rec,
    seats: seatNames(rec.seats),
    ...(rec.previous ? { previous: { ...rec.previous, seats: seatNames(rec.previous.seats) } } : {}),
    ...(rec.hypotheses ? { hypotheses: seatNames(rec.hypotheses) } : {}),
    status: row.status,
    cohort: row.cohort,
    events: events.map((e) => publicEvent(named(e))),
  };
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
      for (const [k, v] of weekColumns(sim, role, t)) {
        row[k] = v;
        cols.add(k);
      }
      rows.push(row);
    }
  }
  const header = [...cols];
  return toCsv([header, ...rows.map((r) => header.map((c) => r[c]))]);
}
