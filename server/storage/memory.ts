// Storage that keeps everything in this process and loses it on exit: for tests that are not about
// durability, and for trying the server with nothing written to disk. Event data goes through JSON
// as it does in SQLite and PostgreSQL, so a room sees the same values back whichever backend it has.

import {
  type CohortRow,
  isAfter,
  type ListRoundsOptions,
  type NewEvent,
  type RoundPatch,
  type RoundRow,
  type Storage,
  type StoredEvent,
} from "./types.ts";

interface StoredRound {
  row: RoundRow;
  events: { seq: number; at: number; type: string; json: string }[];
}

export class MemoryStorage implements Storage {
  readonly kind = "memory" as const;
  private readonly rounds = new Map<string, StoredRound>();
  private readonly cohorts = new Map<string, { row: CohortRow; json: string }>();
  private closed = false;

  async createRound(row: Omit<RoundRow, "createdAt" | "endedAt">, first: NewEvent[]): Promise<void> {
    this.open();
    if (this.rounds.has(row.id)) throw new Error(`round "${row.id}" already exists`);
    const round: StoredRound = { row: { ...row, createdAt: Date.now(), endedAt: null }, events: [] };
    this.rounds.set(row.id, round);
    push(round, first);
  }

  /** Refuses an unknown round, as the SQL backends' foreign key and index update do. */
  async append(roundId: string, events: NewEvent[], patch?: RoundPatch): Promise<void> {
    this.open();
    const round = this.rounds.get(roundId);
    if (!round) throw new Error(`no round "${roundId}"`);
    push(round, events);
    if (patch?.status !== undefined) round.row.status = patch.status;
    if (patch?.week !== undefined) round.row.week = patch.week;
    if (patch?.endedAt !== undefined) round.row.endedAt = patch.endedAt;
  }

  async events(
    roundId: string,
    opts: { afterSeq?: number; typePrefix?: string } = {},
  ): Promise<StoredEvent[]> {
    this.open();
    const after = opts.afterSeq ?? 0;
    const prefix = opts.typePrefix ?? "";
    return (this.rounds.get(roundId)?.events ?? [])
      .filter((e) => e.seq > after && e.type.startsWith(prefix))
      .map((e) => ({ seq: e.seq, at: e.at, type: e.type, data: JSON.parse(e.json) }));
  }

  async getRound(id: string): Promise<RoundRow | undefined> {
    this.open();
    const round = this.rounds.get(id);
    return round && { ...round.row };
  }

  async listRounds(opts: ListRoundsOptions = {}): Promise<RoundRow[]> {
    this.open();
    const { status, cohort, after } = opts;
    return [...this.rounds.values()]
      .map((r) => r.row)
      .filter(
        (r) =>
          (!status?.length || status.includes(r.status)) &&
          (cohort === undefined || r.cohort === cohort) &&
          (!after || isAfter(r, after)),
      )
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, opts.limit ?? 1000)
      .map((r) => ({ ...r }));
  }

  async saveCohort(c: { id: string; code: string; data: unknown }): Promise<void> {
    this.open();
    const now = Date.now();
    const createdAt = this.cohorts.get(c.id)?.row.createdAt ?? now;
    const row: CohortRow = { id: c.id, code: c.code, data: null, createdAt, updatedAt: now };
    this.cohorts.set(c.id, { row, json: JSON.stringify(c.data ?? null) });
  }

  async getCohort(id: string): Promise<CohortRow | undefined> {
    this.open();
    const c = this.cohorts.get(id);
    return c && { ...c.row, data: JSON.parse(c.json) };
  }

  async findCohortByCode(code: string): Promise<CohortRow | undefined> {
    return (await this.listCohorts()).find((c) => c.code === code);
  }

  async listCohorts(opts: { limit?: number } = {}): Promise<CohortRow[]> {
    this.open();
    return [...this.cohorts.values()]
      .sort((a, b) => b.row.createdAt - a.row.createdAt || (a.row.id < b.row.id ? 1 : -1))
      .slice(0, opts.limit ?? 1000)
      .map((c) => ({ ...c.row, data: JSON.parse(c.json) }));
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** A closed store fails loudly, like a closed database connection. */
  private open(): void {
    if (this.closed) throw new Error("storage is closed");
  }
}

function push(round: StoredRound, events: NewEvent[]): void {
  const at = Date.now();
  for (const e of events) {
    round.events.push({
      seq: round.events.length + 1,
      at,
      type: e.type,
      json: JSON.stringify(e.data ?? null),
    });
  }
}
