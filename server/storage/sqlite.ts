// SQLite storage (better-sqlite3, WAL). Appends made within a few milliseconds are committed
// together, before their promises resolve; with WAL and synchronous=NORMAL a committed
// transaction survives a killed process.

import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import type { NewEvent, RoundPatch, RoundRow, RoundStatus, Storage, StoredEvent } from "./types.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rounds (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL,
  scenario TEXT NOT NULL,
  version INTEGER NOT NULL,
  title TEXT NOT NULL,
  status TEXT NOT NULL,
  week INTEGER NOT NULL,
  horizon INTEGER NOT NULL,
  cohort TEXT,
  created_at INTEGER NOT NULL,
  ended_at INTEGER
);
CREATE INDEX IF NOT EXISTS rounds_status ON rounds (status, created_at);
CREATE TABLE IF NOT EXISTS events (
  round_id TEXT NOT NULL REFERENCES rounds (id),
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (round_id, seq)
) WITHOUT ROWID;
`;

interface RoundDbRow {
  id: string;
  code: string;
  scenario: string;
  version: number;
  title: string;
  status: string;
  week: number;
  horizon: number;
  cohort: string | null;
  created_at: number;
  ended_at: number | null;
}

function toRow(r: RoundDbRow): RoundRow {
  return {
    id: r.id,
    code: r.code,
    scenario: r.scenario,
    version: r.version,
    title: r.title,
    status: r.status as RoundStatus,
    week: r.week,
    horizon: r.horizon,
    cohort: r.cohort ?? null,
    createdAt: r.created_at,
    endedAt: r.ended_at,
  };
}

/**
 * How long an append may wait for others to share its transaction. A commit costs a WAL write
 * whatever its size; acknowledgements wait this long, state patches do not.
 */
const BATCH_MS = 4;

interface Pending {
  roundId: string;
  events: NewEvent[];
  patch: RoundPatch | undefined;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class SqliteStorage implements Storage {
  readonly kind = "sqlite" as const;
  private readonly db: Database.Database;
  private readonly insertEvent: Database.Statement;
  private readonly maxSeq: Database.Statement;
  private readonly statements = new Map<string, Database.Statement>();
  /** Appends waiting for the next batch commit. */
  private queue: Pending[] = [];
  private flushScheduled = false;
  private readonly batchTx: (batch: Pending[]) => void;
  private checkpointer: Worker | undefined;

  /** `file` ":memory:" keeps everything in memory (tests). */
  constructor(file: string) {
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("foreign_keys = ON");
    this.db.exec(SCHEMA);
    // Files written before rounds had cohorts gain the column.
    const columns = this.db.prepare("PRAGMA table_info(rounds)").all() as { name: string }[];
    if (!columns.some((c) => c.name === "cohort")) this.db.exec("ALTER TABLE rounds ADD COLUMN cohort TEXT");
    if (file !== ":memory:") {
      // Checkpoints (which sync the file to disk) run on a worker thread, never in a room's way.
      this.db.pragma("wal_autocheckpoint = 0");
      this.checkpointer = new Worker(new URL("./checkpoint-worker.ts", import.meta.url), {
        workerData: { file, intervalMs: 1000 },
      });
      this.checkpointer.unref();
    }
    this.insertEvent = this.db.prepare(
      "INSERT INTO events (round_id, seq, at, type, data) VALUES (?, ?, ?, ?, ?)",
    );
    this.maxSeq = this.db.prepare("SELECT coalesce(max(seq), 0) AS n FROM events WHERE round_id = ?");
    this.batchTx = this.db.transaction((batch: Pending[]) => {
      const seqs = new Map<string, number>();
      const at = Date.now();
      for (const b of batch) {
        let seq = seqs.get(b.roundId) ?? (this.maxSeq.get(b.roundId) as { n: number }).n;
        for (const e of b.events) {
          this.insertEvent.run(b.roundId, ++seq, at, e.type, JSON.stringify(e.data ?? null));
        }
        seqs.set(b.roundId, seq);
        if (b.patch) this.patch(b.roundId, b.patch);
      }
    });
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

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    try {
      this.batchTx(batch);
      for (const b of batch) b.resolve();
    } catch {
      // The whole batch rolled back: commit each on its own so one bad append fails alone.
      for (const b of batch) {
        try {
          this.batchTx([b]);
          b.resolve();
        } catch (e) {
          b.reject(e);
        }
      }
    }
  }

  async createRound(row: Omit<RoundRow, "createdAt" | "endedAt">, first: NewEvent[]): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO rounds (id, code, scenario, version, title, status, week, horizon, cohort, created_at, ended_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
        )
        .run(
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
      this.batchTx([
        { roundId: row.id, events: first, patch: undefined, resolve: () => {}, reject: () => {} },
      ]);
    })();
  }

  append(roundId: string, events: NewEvent[], patch?: RoundPatch): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ roundId, events, patch, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setTimeout(() => this.flush(), BATCH_MS);
      }
    });
  }

  async events(
    roundId: string,
    opts: { afterSeq?: number; typePrefix?: string } = {},
  ): Promise<StoredEvent[]> {
    const rows = this.db
      .prepare(
        `SELECT seq, at, type, data FROM events WHERE round_id = ? AND seq > ?
         AND (? IS NULL OR substr(type, 1, length(?)) = ?) ORDER BY seq`,
      )
      .all(
        roundId,
        opts.afterSeq ?? 0,
        opts.typePrefix ?? null,
        opts.typePrefix ?? null,
        opts.typePrefix ?? null,
      ) as {
      seq: number;
      at: number;
      type: string;
      data: string;
    }[];
    return rows.map((r) => ({ seq: r.seq, at: r.at, type: r.type, data: JSON.parse(r.data) }));
  }

  async getRound(id: string): Promise<RoundRow | undefined> {
    const r = this.db.prepare("SELECT * FROM rounds WHERE id = ?").get(id) as RoundDbRow | undefined;
    return r && toRow(r);
  }

  async listRounds(
    opts: { status?: RoundStatus[]; cohort?: string; limit?: number } = {},
  ): Promise<RoundRow[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (opts.status?.length) {
      where.push(`status IN (${opts.status.map(() => "?").join(", ")})`);
      args.push(...opts.status);
    }
    if (opts.cohort !== undefined) {
      where.push("cohort = ?");
      args.push(opts.cohort);
    }
    const rows = this.db
      .prepare(
        `SELECT * FROM rounds ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
         ORDER BY created_at DESC, id DESC LIMIT ?`,
      )
      .all(...args, opts.limit ?? 1000) as RoundDbRow[];
    return rows.map(toRow);
  }

  async close(): Promise<void> {
    this.flush();
    const w = this.checkpointer;
    this.checkpointer = undefined;
    if (w) {
      await new Promise<void>((resolve) => {
        w.once("message", () => resolve());
        w.once("exit", () => resolve());
        w.once("error", () => resolve());
        w.postMessage("stop");
      });
      await w.terminate();
    }
    if (this.db.open) {
      this.db.pragma("wal_checkpoint(TRUNCATE)");
      this.db.close();
    }
  }
}
