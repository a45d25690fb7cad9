// The writing half of the SQLite storage: one transaction per batch of appends. Used on a worker
// thread for database files (so inserts, commits and checkpoints stay out of the rooms' way) and in
// the calling thread for in-memory databases.

import type Database from "better-sqlite3";
import type { RoundPatch, RoundRow } from "./types.ts";

/** An append whose event data is already JSON. */
export interface WriteItem {
  roundId: string;
  events: { type: string; json: string }[];
  patch?: RoundPatch;
}

export type NewRoundRow = Omit<RoundRow, "createdAt" | "endedAt">;

export interface CohortItem {
  id: string;
  code: string;
  json: string;
}

export class SqliteWriter {
  private readonly db: Database.Database;
  private readonly insertEvent: Database.Statement;
  private readonly insertRound: Database.Statement;
  private readonly maxSeq: Database.Statement;
  private readonly upsertCohort: Database.Statement;
  private readonly statements = new Map<string, Database.Statement>();
  /**
   * Each round's last event number as committed by this writer (the only one): a batch of one append
   * then costs its insert, not also a max(seq) query. Forgotten when a commit fails.
   */
  private readonly lastSeq = new Map<string, number>();
  private readonly batchTx: (items: WriteItem[]) => Map<string, number>;
  private readonly createTx: (row: NewRoundRow, first: WriteItem) => Map<string, number>;

  constructor(db: Database.Database) {
    this.db = db;
    this.insertEvent = db.prepare(
      "INSERT INTO events (round_id, seq, at, type, data) VALUES (?, ?, ?, ?, ?)",
    );
    this.insertRound = db.prepare(
      `INSERT INTO rounds (id, code, scenario, version, title, status, week, horizon, cohort, created_at, ended_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
    );
    this.upsertCohort = db.prepare(
      `INSERT INTO cohorts (id, code, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET code = excluded.code, data = excluded.data, updated_at = excluded.updated_at`,
    );
    this.maxSeq = db.prepare("SELECT coalesce(max(seq), 0) AS n FROM events WHERE round_id = ?");
    this.batchTx = db.transaction((items: WriteItem[]) => {
      const seqs = new Map<string, number>();
      const at = Date.now();
      for (const b of items) {
        let seq =
          seqs.get(b.roundId) ??
          this.lastSeq.get(b.roundId) ??
          (this.maxSeq.get(b.roundId) as { n: number }).n;
        for (const e of b.events) this.insertEvent.run(b.roundId, ++seq, at, e.type, e.json);
        seqs.set(b.roundId, seq);
        if (b.patch) this.patch(b.roundId, b.patch);
      }
      return seqs;
    });
    this.createTx = db.transaction((row: NewRoundRow, first: WriteItem) => {
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
      );
      return this.batchTx([first]);
    });
  }

  saveCohort(c: CohortItem): void {
    const now = Date.now();
    this.upsertCohort.run(c.id, c.code, c.json, now, now);
  }

  create(row: NewRoundRow, first: WriteItem): void {
    this.committed(this.createTx(row, first));
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
      this.committed(this.batchTx(items));
      return items.map(() => null);
    } catch {
      this.lastSeq.clear();
      return items.map((b) => {
        try {
          this.committed(this.batchTx([b]));
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
