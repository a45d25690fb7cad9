// Storage that keeps everything in this process and loses it on exit: for tests that are not about
// durability, and for trying the server with nothing written to disk. Event data goes through JSON
// as it does in SQLite and PostgreSQL, so a room sees the same values back whichever backend it has.

import { DEFAULT_LEASE_MS, LIVE_STATUSES, newOwnerId, ownerClosed, ownerIsGone } from "./owner.ts";
import {
  type CohortRow,
  FencedError,
  isAfter,
  type ListRoundsOptions,
  type NewEvent,
  type OwnedRound,
  type RoundPatch,
  type RoundRow,
  type Storage,
  type StoredEvent,
} from "./types.ts";

interface StoredRound {
  row: RoundRow;
  events: { seq: number; at: number; type: string; json: string }[];
  owner: string | null;
  epoch: number;
  leaseUntil: number;
}

export interface MemoryOptions {
  leaseMs?: number;
  /** Another storage whose data this one shares (a second "process" in tests). */
  peerOf?: MemoryStorage;
}

export class MemoryStorage implements Storage {
  readonly kind = "memory" as const;
  readonly owner = newOwnerId();
  readonly leaseMs: number;
  private readonly rounds: Map<string, StoredRound>;
  private readonly cohorts: Map<string, { row: CohortRow; json: string }>;
  /** Round id → the epoch this storage owns it at. */
  private readonly owned = new Map<string, number>();
  private closed = false;

  constructor(opts: MemoryOptions = {}) {
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
    this.rounds = opts.peerOf?.rounds ?? new Map();
    this.cohorts = opts.peerOf?.cohorts ?? new Map();
  }

  async createRound(row: Omit<RoundRow, "createdAt" | "endedAt">, first: NewEvent[]): Promise<void> {
    this.open();
    if (this.rounds.has(row.id)) throw new Error(`round "${row.id}" already exists`);
    const round: StoredRound = {
      row: { ...row, createdAt: Date.now(), endedAt: null },
      events: [],
      owner: this.owner,
      epoch: 1,
      leaseUntil: Date.now() + this.leaseMs,
    };
    this.rounds.set(row.id, round);
    this.owned.set(row.id, 1);
    push(round, first);
  }

  /** Refuses an unknown round, as the SQL backends' foreign key and index update do. */
  async append(roundId: string, events: NewEvent[], patch?: RoundPatch): Promise<void> {
    this.open();
    const round = this.rounds.get(roundId);
    if (!round) throw new Error(`no round "${roundId}"`);
    const mine = this.owned.get(roundId);
    if (mine !== undefined ? round.epoch !== mine || round.owner !== this.owner : round.owner !== null)
      throw new FencedError(roundId);
    push(round, events);
    if (patch?.status !== undefined) round.row.status = patch.status;
    if (patch?.status === "closed") {
      round.owner = null;
      this.owned.delete(roundId);
    }
    if (patch?.week !== undefined) round.row.week = patch.week;
    if (patch?.endedAt !== undefined) round.row.endedAt = patch.endedAt;
  }

  async adoptRounds(limit: number): Promise<OwnedRound[]> {
    this.open();
    const now = Date.now();
    const out: OwnedRound[] = [];
    for (const [id, r] of this.rounds) {
      if (out.length >= limit) break;
      if (!(LIVE_STATUSES as readonly string[]).includes(r.row.status) || r.owner === this.owner) continue;
      if (r.owner !== null && r.leaseUntil >= now && !ownerIsGone(r.owner)) continue;
      r.owner = this.owner;
      r.epoch++;
      r.leaseUntil = now + this.leaseMs;
      this.owned.set(id, r.epoch);
      out.push({ id, code: r.row.code, epoch: r.epoch });
    }
    return out;
  }

  async renewLeases(): Promise<string[]> {
    this.open();
    const lost: string[] = [];
    for (const [id, epoch] of this.owned) {
      const r = this.rounds.get(id);
      if (r && r.owner === this.owner && r.epoch === epoch) r.leaseUntil = Date.now() + this.leaseMs;
      else {
        this.owned.delete(id);
        lost.push(id);
      }
    }
    return lost;
  }

  async releaseRound(roundId: string): Promise<void> {
    this.open();
    const epoch = this.owned.get(roundId);
    this.owned.delete(roundId);
    const r = this.rounds.get(roundId);
    if (r && epoch !== undefined && r.owner === this.owner && r.epoch === epoch) {
      r.owner = null;
      r.leaseUntil = 0;
    }
  }

  ownedRounds(): string[] {
    return [...this.owned.keys()];
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
    if (this.closed) return;
    for (const id of this.ownedRounds()) await this.releaseRound(id);
    this.closed = true;
    ownerClosed(this.owner);
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
