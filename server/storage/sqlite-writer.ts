// The writing half of the SQLite storage: one transaction per batch of appends. Used on a worker
// thread for database files (so inserts, commits and checkpoints stay out of the rooms' way) and in
// the calling thread for in-memory databases.

import type Database from "better-sqlite3";
import { LIVE_SQL } from "./owner.ts";
import { Journals } from "./sqlite-journal.ts";
import type { RoundPatch, RoundRow } from "./types.ts";

/** An append whose event data is already JSON. */
export interface WriteItem {
  roundId: string;
  events: { type: string; json: string }[];
  patch?: RoundPatch;
  /** The owner and epoch the appender holds the round at; absent: the round must have no owner. */
  fence?: { owner: string; epoch: number };
}

/** Ownership changes, run on the writer so they are ordered with the appends. */
export type OwnOp =
  | { op: "claim"; owner: string; leaseUntil: number; rounds: { id: string; epoch: number }[] }
  | { op: "renew"; owner: string; leaseUntil: number; rounds: { id: string; epoch: number }[] }
  | { op: "release"; owner: string; rounds: { id: string; epoch: number }[] };

export const FENCED = "is owned by another process";

export type NewRoundRow = Omit<RoundRow, "createdAt" | "endedAt">;
/** A new round with its first owner (epoch 1). */
export type OwnedRoundRow = NewRoundRow & { owner: string; leaseUntil: number };

export interface CohortItem {
  id: string;
  code: string;
  json: string;
}

export class SqliteWriter {
  private readonly db: Database.Database;
  private readonly insertRound: Database.Statement;
  private readonly ownerOf: Database.Statement;
  private readonly claimOne: Database.Statement;
  private readonly renewOne: Database.Statement;
  private readonly releaseOne: Database.Statement;
  private readonly upsertCohort: Database.Statement;
  private readonly statements = new Map<string, Database.Statement>();
  /**
   * Each round's last event number as committed by this writer: a batch of one append then costs its
   * insert, not also a max(seq) query. Forgotten when a commit fails, and for a round this writer
   * claims (another process may have appended while it owned the round).
   */
  private readonly lastSeq = new Map<string, number>();
  /**
   * Each round's owner and epoch as last read or written here, so a batch checks its fences without a
   * query per append. Valid while no other connection has written the file (`PRAGMA data_version`
   * unchanged, read inside the batch's immediate transaction); cleared otherwise, and when a commit fails.
   */
  private readonly owners = new Map<string, { owner: string | null; epoch: number }>();
  private readonly dataVersion: Database.Statement;
  private seenVersion = -1;
  private readonly batchTx: Database.Transaction<(items: WriteItem[]) => Map<string, number>>;
  private readonly createTx: (row: OwnedRoundRow, first: WriteItem) => Map<string, number>;
  /** Where appends land, and their move into events (folds, started by whoever runs this writer). */
  readonly journals: Journals;

  constructor(db: Database.Database) {
    this.db = db;
    this.journals = new Journals(db);
    this.insertRound = db.prepare(
      `INSERT INTO rounds (id, code, scenario, version, title, status, week, horizon, cohort, created_at, ended_at,
         owner, epoch, lease_until)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 1, ?)`,
    );
    this.ownerOf = db.prepare("SELECT owner, epoch FROM rounds WHERE id = ?");
    this.claimOne = db.prepare(
      `UPDATE rounds SET owner = ?, epoch = epoch + 1, lease_until = ?
       WHERE id = ? AND epoch = ? AND status IN ${LIVE_SQL}`,
    );
    this.renewOne = db.prepare("UPDATE rounds SET lease_until = ? WHERE id = ? AND owner = ? AND epoch = ?");
    this.releaseOne = db.prepare(
      "UPDATE rounds SET owner = NULL, lease_until = 0 WHERE id = ? AND owner = ? AND epoch = ?",
    );
    this.upsertCohort = db.prepare(
      `INSERT INTO cohorts (id, code, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET code = excluded.code, data = excluded.data, updated_at = excluded.updated_at`,
    );
    this.dataVersion = db.prepare("PRAGMA data_version").pluck();
    this.batchTx = db.transaction((items: WriteItem[]) => {
      const version = this.dataVersion.get() as number;
      if (version !== this.seenVersion) {
        this.owners.clear();
        this.journals.refresh();
        this.seenVersion = version;
      }
      const seqs = new Map<string, number>();
      const at = Date.now();
      for (const b of items) {
        this.checkFence(b);
        let seq = seqs.get(b.roundId) ?? this.lastSeq.get(b.roundId) ?? this.journals.lastSeq(b.roundId);
        for (const e of b.events) this.journals.append(b.roundId, ++seq, at, e.type, e.json);
        seqs.set(b.roundId, seq);
        if (b.patch) this.patch(b.roundId, b.patch);
      }
      return seqs;
    });
    this.createTx = db.transaction((row: OwnedRoundRow, first: WriteItem) => {
      this.insertRound.run(
        row.id,
        row.code,
        row.scenario,
        row.version,
        row.title,
        row.status,
        row.week,
        row.horizon,
        row.cohort,
        Date.now(),
        row.owner,
        row.leaseUntil,
      );
      // A new round has no events yet: no need to look for its last one.
      this.lastSeq.set(row.id, 0);
      return this.batchTx([first]);
    });
  }

  saveCohort(c: CohortItem): void {
    const now = Date.now();
    this.upsertCohort.run(c.id, c.code, c.json, now, now);
  }

  /** Claims, renews or releases rounds; returns the ids it changed (claim, renew) or []. */
  own(m: OwnOp): string[] {
    const done: string[] = [];
    for (const r of m.rounds) {
      if (m.op === "claim") this.lastSeq.delete(r.id);
      const info =
        m.op === "claim"
          ? this.claimOne.run(m.owner, m.leaseUntil, r.id, r.epoch)
          : m.op === "renew"
            ? this.renewOne.run(m.leaseUntil, r.id, m.owner, r.epoch)
            : this.releaseOne.run(r.id, m.owner, r.epoch);
      if (info.changes > 0) done.push(r.id);
      // A renewal that went through leaves owner and epoch as they were, and so the remembered owner
      // (forgetting it made every round's next append read it again, a new row every few seconds).
      if (m.op !== "renew" || info.changes === 0) this.owners.delete(r.id);
    }
    return done;
  }

  private checkFence(b: WriteItem): void {
    let r = this.owners.get(b.roundId);
    if (!r) {
      r = this.ownerOf.get(b.roundId) as { owner: string | null; epoch: number } | undefined;
      if (!r) return; // the foreign key refuses it
      this.owners.set(b.roundId, r);
    }
    const ok = b.fence ? r.owner === b.fence.owner && r.epoch === b.fence.epoch : r.owner === null;
    if (!ok) throw new Error(`round "${b.roundId}" ${FENCED}`);
  }

  create(row: OwnedRoundRow, first: WriteItem): void {
    try {
      this.committed(this.createTx(row, first));
    } catch (e) {
      // The fence check inside may have remembered the owner of a round that was rolled back.
      this.owners.delete(row.id);
      this.lastSeq.delete(row.id);
      throw e;
    }
  }

  /** Remembers the last event numbers of a committed transaction. */
  private committed(seqs: Map<string, number>): void {
    for (const [id, seq] of seqs) this.lastSeq.set(id, seq);
  }

  /**
   * Commits the items together; returns one error (or null) per item. If the transaction fails, each
   * item is committed on its own so one bad append fails alone.
   */
  write(items: WriteItem[]): (string | null)[] {
    try {
      this.committed(this.batchTx.immediate(items));
      return items.map(() => null);
    } catch {
      this.lastSeq.clear();
      this.owners.clear();
      return items.map((b) => {
        try {
          this.committed(this.batchTx.immediate([b]));
          return null;
        } catch (e) {
          return e instanceof Error ? e.message : String(e);
        }
      });
    }
  }

  private statement(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  private patch(roundId: string, patch: RoundPatch): void {
    const sets: string[] = [];
    const args: (string | number | null)[] = [];
    if (patch.status !== undefined) {
      sets.push("status = ?");
      args.push(patch.status);
      // A closed round has no owner.
      if (patch.status === "closed") {
        sets.push("owner = NULL", "lease_until = 0");
        this.owners.delete(roundId);
      }
    }
    if (patch.week !== undefined) {
      sets.push("week = ?");
      args.push(patch.week);
    }
    if (patch.endedAt !== undefined) {
      sets.push("ended_at = ?");
      args.push(patch.endedAt);
    }
    if (sets.length === 0) return;
    const info = this.statement(`UPDATE rounds SET ${sets.join(", ")} WHERE id = ?`).run(...args, roundId);
    if (info.changes === 0) throw new Error(`no round "${roundId}"`);
  }
}
