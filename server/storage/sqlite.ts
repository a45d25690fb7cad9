// SQLite storage (better-sqlite3, WAL). Appends made in the same turn of the event loop (its first
// millisecond, in a longer turn), or while the previous batch commits, are committed together (into a
// journal: sqlite-journal.ts, moved into each round's events every few seconds) before their promises
// resolve; with WAL and synchronous=NORMAL a committed transaction survives a killed process. Reads
// use this thread's own connection. Commits run on a writer thread when the process has more than one
// core to run on; with one core, handing each batch to a thread and back cost more than the commit
// itself (a third of the storage's CPU in bench/storage.ts), so this thread commits them. Checkpoints
// run on a thread of their own either way (sqlite-checkpoints.ts).

import { mkdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname } from "node:path";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { logger } from "../ops/log.ts";
import { type CohortDbRow, toCohortRow } from "./cohort-row.ts";
import { DEFAULT_LEASE_MS, LIVE_SQL, newOwnerId, ownerClosed, ownerIsGone } from "./owner.ts";
import { type RoundDbRow, toRoundRow } from "./round-row.ts";
import { Checkpoints, RESTART_FRAMES } from "./sqlite-checkpoints.ts";
import { FOLD_MS, JOURNAL_SCHEMA, Journals } from "./sqlite-journal.ts";
import type { WorkerNotice, WorkerReply, WorkerRequest, WriterData } from "./sqlite-worker.ts";
import {
  type CohortItem,
  FENCED,
  type NewRoundRow,
  type OwnedRoundRow,
  type OwnOp,
  SqliteWriter,
  type WriteItem,
} from "./sqlite-writer.ts";
import {
  type CohortRow,
  FencedError,
  type ListRoundsOptions,
  type NewEvent,
  type OwnedRound,
  type RoundPatch,
  type RoundRow,
  type Storage,
  StorageUnavailableError,
  type StoredEvent,
} from "./types.ts";

// Beside this file, from the sources (.ts) or from the compiled build `npm start` runs (.js).
const WORKER = new URL(
  import.meta.url.endsWith(".ts") ? "./sqlite-worker.ts" : "./sqlite-worker.js",
  import.meta.url,
);

function toItem(roundId: string, events: NewEvent[], patch?: RoundPatch): WriteItem {
  const item: WriteItem = {
    roundId,
    events: events.map((e) => ({ type: e.type, json: JSON.stringify(e.data ?? null) })),
  };
  if (patch) item.patch = patch;
  return item;
}

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
  ended_at INTEGER,
  owner TEXT,
  epoch INTEGER NOT NULL DEFAULT 0,
  lease_until INTEGER NOT NULL DEFAULT 0
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
CREATE TABLE IF NOT EXISTS cohorts (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL,
  data TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS cohorts_code ON cohorts (code);
${JOURNAL_SCHEMA}`;

interface Pending {
  item: WriteItem;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * The longest an append waits for the turn of the event loop it came in to end before its batch commits
 * (ms). Most turns are shorter, and their appends commit together at its end.
 */
const BATCH_WAIT_MS = 1;

/** Where commits run: on a writer thread of their own, or on the thread that appends. */
export type WriterPlacement = "thread" | "main";

export class SqliteStorage implements Storage {
  readonly kind = "sqlite" as const;
  readonly owner = newOwnerId();
  readonly leaseMs: number;
  /** Round id → the epoch this storage owns it at. */
  private readonly owned = new Map<string, number>();
  /** Reads happen here; writes on the writer thread, or here (in memory, or with one core). */
  private readonly db: Database.Database;
  private readonly local: SqliteWriter | undefined;
  /** Where commits run (`thread`: the writer thread; `main`: this thread). */
  readonly writerPlacement: WriterPlacement;
  /** A file written on this thread: its checkpoints (the writer thread keeps its own). */
  private readonly checkpoints: Checkpoints | undefined;
  /** How often the log is copied back, and how long it may grow before it starts over (Checkpoints). */
  private readonly checkpointMs: number;
  private readonly restartFrames: number;
  /** How often the writer freezes a journal and moves its rows into events (sqlite-journal.ts). */
  private readonly foldMs: number;
  /** The database file the writer thread opens (absent in memory). */
  private readonly file: string | undefined;
  private worker: Worker | undefined;
  private readonly replies = new Map<number, (errors: (string | null)[], done?: string[]) => void>();
  private nextId = 1;
  private failed: string | null = null;
  private stopping = false;
  private closing: Promise<void> | undefined;
  /**
   * Appends waiting for the next batch commit (group commit): the appends of one turn of the event
   * loop go together (of its first BATCH_WAIT_MS, in a longer turn), and while a batch is being
   * committed the next one gathers. No timer: an append waits for at most one commit before its own,
   * never for a fixed interval.
   */
  private queue: Pending[] = [];
  /** When the first append of the queue came (performance.now()). */
  private queuedAt = 0;
  private flushScheduled = false;
  private earlyScheduled = false;
  private committing = 0;

  /**
   * `file` ":memory:" keeps everything in memory (tests). `writer`: where commits run; by default on a
   * thread when the process may use more than one core (`availableParallelism`), else here.
   */
  constructor(
    file: string,
    opts: {
      leaseMs?: number;
      writer?: WriterPlacement;
      checkpointMs?: number;
      restartFrames?: number;
      foldMs?: number;
    } = {},
  ) {
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
    this.checkpointMs = opts.checkpointMs ?? 1000;
    this.foldMs = opts.foldMs ?? FOLD_MS;
    this.restartFrames = opts.restartFrames ?? RESTART_FRAMES;
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("foreign_keys = ON");
    this.db.exec(SCHEMA);
    // Files written before rounds had cohorts gain the column.
    const columns = this.db.prepare("PRAGMA table_info(rounds)").all() as { name: string }[];
    if (!columns.some((c) => c.name === "cohort")) this.db.exec("ALTER TABLE rounds ADD COLUMN cohort TEXT");
    // …and files from before round ownership gain its columns (their rounds have no owner: adoptable).
    if (!columns.some((c) => c.name === "owner")) {
      this.db.exec(`ALTER TABLE rounds ADD COLUMN owner TEXT;
        ALTER TABLE rounds ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE rounds ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;`);
    }
    this.moveLeftJournals();
    this.writerPlacement =
      file === ":memory:" ? "main" : (opts.writer ?? (availableParallelism() > 1 ? "thread" : "main"));
    if (file !== ":memory:") {
      this.file = file;
      this.db.pragma("wal_autocheckpoint = 0");
    }
    if (this.writerPlacement === "main") {
      this.local = new SqliteWriter(this.db);
      if (this.file) {
        const warn = (m: string) => logger.warn(m);
        this.checkpoints = new Checkpoints(this.file, this.checkpointMs, this.db, warn, this.restartFrames);
      }
    }
  }

  /**
   * A killed process leaves up to two folds' worth of events in the journals: moved before anything
   * reads the rounds one by one (a restore does), since a journal has no index by round.
   */
  private moveLeftJournals(): void {
    const journals = new Journals(this.db);
    if (journals.holdsAny()) journals.empty((m) => logger.warn(m));
  }

  /** Whether the writer thread is running (or ran): it starts with the first write. */
  get writerStarted(): boolean {
    return this.worker !== undefined;
  }

  /**
   * The writer thread, started with the first write: its own V8 instance costs an idle server about
   * 15 MB, and a process that only reads (or waits for its first round) never needs it. Messages
   * posted while it starts are queued in order. Null when it could not be started (`failed` says why).
   */
  private writer(): Worker | null {
    if (this.failed) return null;
    if (this.worker) return this.worker;
    let worker: Worker;
    try {
      worker = new Worker(WORKER, {
        workerData: {
          file: this.file!,
          checkpointMs: this.checkpointMs,
          restartFrames: this.restartFrames,
          foldMs: this.foldMs,
        } satisfies WriterData,
      });
    } catch (e) {
      this.failed = `storage writer failed: ${e instanceof Error ? e.message : String(e)}`;
      logger.error(this.failed);
      return null;
    }
    worker.on("message", (r: WorkerReply | WorkerNotice) => {
      if ("warning" in r) {
        logger.warn(r.warning);
        return;
      }
      const done = this.replies.get(r.id);
      this.replies.delete(r.id);
      done?.(r.errors, r.done);
    });
    const fail = (why: string) => {
      // The writer is gone: fail everything waiting for it and everything after, loudly.
      this.failed = `storage writer failed: ${why}`;
      for (const done of this.replies.values()) done([this.failed]);
      this.replies.clear();
    };
    worker.on("error", (e: Error) => fail(e.message));
    worker.on("exit", (code) => {
      if (!this.stopping) fail(`exited with code ${code}`);
    });
    this.worker = worker;
    return worker;
  }

  /** What the writer thread starts with, when this thread writes: checkpoints and folds. */
  private startLocal(): void {
    this.checkpoints?.start();
    this.local?.journals.startFolding(this.foldMs, (m) => logger.warn(m));
  }

  /** Runs a request on the writer thread (or here, in memory); one error or null per item. */
  private request(
    m:
      | { kind: "write"; items: WriteItem[] }
      | { kind: "create"; row: OwnedRoundRow; first: WriteItem }
      | { kind: "cohort"; cohort: CohortItem }
      | { kind: "stop" },
  ): Promise<(string | null)[]> {
    if (this.local) {
      if (m.kind !== "stop") this.startLocal();
      if (m.kind === "write") return Promise.resolve(this.local.write(m.items));
      if (m.kind === "create" || m.kind === "cohort") {
        try {
          if (m.kind === "create") this.local.create(m.row, m.first);
          else this.local.saveCohort(m.cohort);
          return Promise.resolve([null]);
        } catch (e) {
          return Promise.resolve([e instanceof Error ? e.message : String(e)]);
        }
      }
      return Promise.resolve([]);
    }
    const worker = this.writer();
    if (!worker) return Promise.resolve(m.kind === "write" ? m.items.map(() => this.failed) : [this.failed]);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.replies.set(id, resolve);
      worker.postMessage({ id, ...m } satisfies WorkerRequest);
    });
  }

  /** Runs an ownership change on the writer, after every append already asked for. */
  private async own(op: OwnOp): Promise<string[]> {
    await this.flush();
    if (this.local) {
      this.startLocal();
      return this.local.own(op);
    }
    const worker = this.writer();
    if (!worker) throw new Error(this.failed ?? "storage writer failed");
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.replies.set(id, (errors, done) => {
        if (errors[0]) reject(new Error(errors[0]));
        else resolve(done ?? []);
      });
      worker.postMessage({ id, kind: "own", own: op } satisfies WorkerRequest);
    });
  }

  private fenced(roundId: string): WriteItem["fence"] {
    const epoch = this.owned.get(roundId);
    return epoch === undefined ? undefined : { owner: this.owner, epoch };
  }

  private flush(): Promise<void> {
    this.flushScheduled = false;
    return this.commitQueued();
  }

  private commitQueued(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return Promise.resolve();
    this.committing++;
    return this.request({ kind: "write", items: batch.map((b) => b.item) }).then((errors) => {
      this.committing--;
      batch.forEach((b, i) => {
        const err = errors[i];
        if (err?.includes(FENCED)) {
          // Someone else has it now; the next renewal reports it lost (and forgets it here).
          b.reject(new FencedError(b.item.roundId));
        } else if (err) b.reject(new Error(err));
        else {
          if (b.item.patch?.status === "closed") this.owned.delete(b.item.roundId);
          b.resolve();
        }
      });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.committing > 0 || this.queue.length === 0) return;
    // A long turn of the event loop (the backlog after a collection's pause, say) commits part way
    // rather than keep its first appends waiting for the turn's end.
    if (!this.earlyScheduled && performance.now() - this.queuedAt >= BATCH_WAIT_MS) {
      this.earlyScheduled = true;
      queueMicrotask(() => {
        this.earlyScheduled = false;
        // One batch at a time: a commit started meanwhile takes this one up when it ends.
        if (this.committing === 0) void this.commitQueued();
      });
      return;
    }
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => void this.flush());
  }

  async createRound(row: NewRoundRow, first: NewEvent[]): Promise<void> {
    // Appends already waiting go first, so the writer sees everything in call order.
    await this.flush();
    const item = toItem(row.id, first);
    item.fence = { owner: this.owner, epoch: 1 };
    const owned = { ...row, owner: this.owner, leaseUntil: Date.now() + this.leaseMs };
    const [err] = await this.request({ kind: "create", row: owned, first: item });
    if (err) throw new Error(err);
    this.owned.set(row.id, 1);
  }

  append(roundId: string, events: NewEvent[], patch?: RoundPatch): Promise<void> {
    return new Promise((resolve, reject) => {
      const item = toItem(roundId, events, patch);
      const fence = this.fenced(roundId);
      if (fence) item.fence = fence;
      if (this.queue.length === 0) this.queuedAt = performance.now();
      this.queue.push({ item, resolve, reject });
      this.scheduleFlush();
    });
  }

  async adoptRounds(limit: number): Promise<OwnedRound[]> {
    const now = Date.now();
    const rows = this.db
      .prepare(
        `SELECT id, code, owner, epoch, lease_until FROM rounds
         WHERE status IN ${LIVE_SQL} AND (owner IS NULL OR owner != ?)
         ORDER BY created_at`,
      )
      .all(this.owner) as {
      id: string;
      code: string;
      owner: string | null;
      epoch: number;
      lease_until: number;
    }[];
    const gone = rows
      .filter((r) => r.owner === null || r.lease_until < now || ownerIsGone(r.owner))
      .slice(0, limit);
    if (gone.length === 0) return [];
    const claimed = new Set(
      await this.own({
        op: "claim",
        owner: this.owner,
        leaseUntil: Date.now() + this.leaseMs,
        rounds: gone.map((r) => ({ id: r.id, epoch: r.epoch })),
      }),
    );
    const out = gone
      .filter((r) => claimed.has(r.id))
      .map((r) => ({ id: r.id, code: r.code, epoch: r.epoch + 1 }));
    for (const r of out) this.owned.set(r.id, r.epoch);
    return out;
  }

  async renewLeases(): Promise<string[]> {
    const rounds = [...this.owned].map(([id, epoch]) => ({ id, epoch }));
    if (rounds.length === 0) return [];
    const kept = new Set(
      await this.own({ op: "renew", owner: this.owner, leaseUntil: Date.now() + this.leaseMs, rounds }),
    );
    const lost = rounds.filter((r) => !kept.has(r.id) && this.owned.get(r.id) === r.epoch).map((r) => r.id);
    for (const id of lost) this.owned.delete(id);
    return lost;
  }

  async releaseRound(roundId: string): Promise<void> {
    const epoch = this.owned.get(roundId);
    if (epoch === undefined) return;
    this.owned.delete(roundId);
    await this.own({ op: "release", owner: this.owner, rounds: [{ id: roundId, epoch }] });
  }

  ownedRounds(): string[] {
    return [...this.owned.keys()];
  }

  async events(
    roundId: string,
    opts: { afterSeq?: number; typePrefix?: string } = {},
  ): Promise<StoredEvent[]> {
    const rows = this.db
      .prepare(
        `SELECT seq, at, type, data FROM event_log WHERE round_id = @round AND seq > @after
         AND (@prefix IS NULL OR substr(type, 1, length(@prefix)) = @prefix) ORDER BY seq`,
      )
      .all({ round: roundId, after: opts.afterSeq ?? 0, prefix: opts.typePrefix ?? null }) as {
      seq: number;
      at: number;
      type: string;
      data: string;
    }[];
    return rows.map((r) => ({ seq: r.seq, at: r.at, type: r.type, data: JSON.parse(r.data) }));
  }

  async getRound(id: string): Promise<RoundRow | undefined> {
    const r = this.db.prepare("SELECT * FROM rounds WHERE id = ?").get(id) as RoundDbRow | undefined;
    return r && toRoundRow(r);
  }

  async listRounds(opts: ListRoundsOptions = {}): Promise<RoundRow[]> {
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
    if (opts.after) {
      where.push("(created_at < ? OR (created_at = ? AND id < ?))");
      args.push(opts.after.createdAt, opts.after.createdAt, opts.after.id);
    }
    const rows = this.db
      .prepare(
        `SELECT * FROM rounds ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
         ORDER BY created_at DESC, id DESC LIMIT ?`,
      )
      .all(...args, opts.limit ?? 1000) as RoundDbRow[];
    return rows.map(toRoundRow);
  }

  async saveCohort(c: { id: string; code: string; data: unknown }): Promise<void> {
    const cohort: CohortItem = { id: c.id, code: c.code, json: JSON.stringify(c.data ?? null) };
    const [err] = await this.request({ kind: "cohort", cohort });
    // A full disk or a failed writer: the caller answers "try again", as with PostgreSQL away.
    if (err) throw new StorageUnavailableError(`SQLite could not record the cohort: ${err}`);
  }

  async getCohort(id: string): Promise<CohortRow | undefined> {
    const r = this.db.prepare("SELECT * FROM cohorts WHERE id = ?").get(id) as CohortDbRow | undefined;
    return r && toCohortRow(r, JSON.parse(r.data as string));
  }

  async findCohortByCode(code: string): Promise<CohortRow | undefined> {
    const r = this.db
      .prepare("SELECT * FROM cohorts WHERE code = ? ORDER BY created_at DESC LIMIT 1")
      .get(code) as CohortDbRow | undefined;
    return r && toCohortRow(r, JSON.parse(r.data as string));
  }

  async listCohorts(opts: { limit?: number } = {}): Promise<CohortRow[]> {
    const rows = this.db
      .prepare("SELECT * FROM cohorts ORDER BY created_at DESC, id DESC LIMIT ?")
      .all(opts.limit ?? 1000) as CohortDbRow[];
    return rows.map((r) => toCohortRow(r, JSON.parse(r.data as string)));
  }

  async close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closing = this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    await this.flush();
    const rounds = [...this.owned].map(([id, epoch]) => ({ id, epoch }));
    this.owned.clear();
    if (rounds.length && !this.failed && this.db.open)
      await this.own({ op: "release", owner: this.owner, rounds }).catch(() => {});
    ownerClosed(this.owner);
    if (this.worker) {
      await this.request({ kind: "stop" });
      this.stopping = true;
      await this.worker.terminate();
    }
    if (this.local && this.db.open) this.local.journals.empty((m) => logger.warn(m));
    if (this.checkpoints) {
      await this.checkpoints.stop();
      // What the writer thread does when it stops: the log copied back and emptied. Should that fail
      // (a full disk), the log stays and is read on the next start: nothing is lost.
      try {
        if (this.db.open) this.db.pragma("wal_checkpoint(TRUNCATE)");
      } catch (e) {
        logger.warn(
          `SQLite: the log could not be copied back at close (${e instanceof Error ? e.message : e})`,
        );
      }
    }
    if (this.db.open) this.db.close();
  }
}
