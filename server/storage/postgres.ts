// PostgreSQL storage (DATABASE_URL): the same log as SQLite, shared by every server process, which
// is what scale-out needs. Appends to one round are chained so they commit in call order.

import pg from "pg";
import { type CohortDbRow, toCohortRow } from "./cohort-row.ts";
import { type RoundDbRow, toRoundRow } from "./round-row.ts";
import type {
  CohortRow,
  ListRoundsOptions,
  NewEvent,
  RoundPatch,
  RoundRow,
  Storage,
  StoredEvent,
} from "./types.ts";

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
  created_at DOUBLE PRECISION NOT NULL,
  ended_at DOUBLE PRECISION
);
ALTER TABLE rounds ADD COLUMN IF NOT EXISTS cohort TEXT;
CREATE INDEX IF NOT EXISTS rounds_status ON rounds (status, created_at);
CREATE TABLE IF NOT EXISTS events (
  round_id TEXT NOT NULL REFERENCES rounds (id),
  seq INTEGER NOT NULL,
  at DOUBLE PRECISION NOT NULL,
  type TEXT NOT NULL,
  data JSONB NOT NULL,
  PRIMARY KEY (round_id, seq)
);
CREATE TABLE IF NOT EXISTS cohorts (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL,
  data JSONB NOT NULL,
  created_at DOUBLE PRECISION NOT NULL,
  updated_at DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS cohorts_code ON cohorts (code);
`;

export interface PostgresOptions {
  connectionString: string;
  /** A PostgreSQL schema (namespace) to keep the tables in; created if missing. Default: public. */
  schema?: string;
  poolSize?: number;
}

export class PostgresStorage implements Storage {
  readonly kind = "postgres" as const;
  private readonly pool: pg.Pool;
  private readonly chains = new Map<string, Promise<unknown>>();

  private constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  static async open(opts: PostgresOptions): Promise<PostgresStorage> {
    const schema = opts.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema))
      throw new Error(`bad schema name "${schema}"`);
    const pool = new pg.Pool({
      connectionString: opts.connectionString,
      max: opts.poolSize ?? 10,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // An idle connection that breaks (the database restarted) must not end the process: the pool
    // drops it, and the next query opens a fresh one (an append that fails meanwhile is retried).
    pool.on("error", (e) => console.error(`[practice-field] PostgreSQL connection lost: ${e.message}`));
    // Fail now, loudly, if the database is unreachable.
    const c = await pool.connect();
    try {
      await c.query("SELECT pg_advisory_lock(727274)");
      try {
        if (schema) await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        await c.query(SCHEMA);
      } finally {
        await c.query("SELECT pg_advisory_unlock(727274)");
      }
    } finally {
      c.release();
    }
    return new PostgresStorage(pool);
  }

  private chain<T>(roundId: string, work: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(roundId) ?? Promise.resolve();
    const next = prev.then(work, work);
    const tail = next.catch(() => {});
    this.chains.set(roundId, tail);
    void tail.then(() => {
      if (this.chains.get(roundId) === tail) this.chains.delete(roundId);
    });
    return next;
  }

  private async tx<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    // A connection that breaks mid-transaction fails the query in flight; its 'error' event must
    // not end the process (the pool's own listener is off while a client is checked out).
    let broken: Error | undefined;
    const onError = (e: Error) => {
      broken = e;
    };
    c.on("error", onError);
    try {
      await c.query("BEGIN");
      const out = await work(c);
      await c.query("COMMIT");
      return out;
    } catch (e) {
      await c.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      c.off("error", onError);
      // A broken connection is discarded, not handed to the next transaction.
      c.release(broken);
    }
  }

  private async insertEvents(c: pg.PoolClient, roundId: string, events: NewEvent[]): Promise<void> {
    if (events.length === 0) return;
    const { rows } = await c.query("SELECT coalesce(max(seq), 0)::int AS n FROM events WHERE round_id = $1", [
      roundId,
    ]);
    let seq = rows[0].n as number;
    const at = Date.now();
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (const e of events) {
      const i = values.length;
      tuples.push(`($${i + 1}, $${i + 2}, $${i + 3}, $${i + 4}, $${i + 5}::jsonb)`);
      values.push(roundId, ++seq, at, e.type, JSON.stringify(e.data ?? null));
    }
    await c.query(`INSERT INTO events (round_id, seq, at, type, data) VALUES ${tuples.join(", ")}`, values);
  }

  private async patch(c: pg.PoolClient, roundId: string, patch: RoundPatch): Promise<void> {
    const sets: string[] = [];
    const args: unknown[] = [];
    if (patch.status !== undefined) args.push(patch.status) && sets.push(`status = $${args.length}`);
    if (patch.week !== undefined) args.push(patch.week) && sets.push(`week = $${args.length}`);
    if (patch.endedAt !== undefined) args.push(patch.endedAt) && sets.push(`ended_at = $${args.length}`);
    if (sets.length === 0) return;
    args.push(roundId);
    const r = await c.query(`UPDATE rounds SET ${sets.join(", ")} WHERE id = $${args.length}`, args);
    if (r.rowCount === 0) throw new Error(`no round "${roundId}"`);
  }

  createRound(row: Omit<RoundRow, "createdAt" | "endedAt">, first: NewEvent[]): Promise<void> {
    return this.chain(row.id, () =>
      this.tx(async (c) => {
        await c.query(
          `INSERT INTO rounds (id, code, scenario, version, title, status, week, horizon, cohort, created_at, ended_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL)`,
          [
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
          ],
        );
        await this.insertEvents(c, row.id, first);
      }),
    );
  }

  append(roundId: string, events: NewEvent[], patch?: RoundPatch): Promise<void> {
    return this.chain(roundId, () =>
      this.tx(async (c) => {
        await this.insertEvents(c, roundId, events);
        if (patch) await this.patch(c, roundId, patch);
      }),
    );
  }

  async events(
    roundId: string,
    opts: { afterSeq?: number; typePrefix?: string } = {},
  ): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query(
      `SELECT seq, at, type, data FROM events WHERE round_id = $1 AND seq > $2
       AND ($3::text IS NULL OR left(type, length($3::text)) = $3::text) ORDER BY seq`,
      [roundId, opts.afterSeq ?? 0, opts.typePrefix ?? null],
    );
    return rows.map((r) => ({ seq: r.seq, at: r.at, type: r.type, data: r.data }));
  }

  async getRound(id: string): Promise<RoundRow | undefined> {
    const { rows } = await this.pool.query<RoundDbRow>("SELECT * FROM rounds WHERE id = $1", [id]);
    return rows[0] ? toRoundRow(rows[0]) : undefined;
  }

  async listRounds(opts: ListRoundsOptions = {}): Promise<RoundRow[]> {
    const args: unknown[] = [];
    const where: string[] = [];
    if (opts.status?.length) {
      args.push(opts.status);
      where.push(`status = ANY($${args.length})`);
    }
    if (opts.cohort !== undefined) {
      args.push(opts.cohort);
      where.push(`cohort = $${args.length}`);
    }
    if (opts.after) {
      args.push(opts.after.createdAt, opts.after.id);
      const [at, id] = [args.length - 1, args.length];
      where.push(`(created_at < $${at} OR (created_at = $${at} AND id < $${id}))`);
    }
    args.push(opts.limit ?? 1000);
    const { rows } = await this.pool.query<RoundDbRow>(
      `SELECT * FROM rounds ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY created_at DESC, id DESC LIMIT $${args.length}`,
      args,
    );
    return rows.map(toRoundRow);
  }

  saveCohort(c: { id: string; code: string; data: unknown }): Promise<void> {
    // Chained under the cohort id, so saves of one cohort land in call order.
    return this.chain(`cohort:${c.id}`, async () => {
      const now = Date.now();
      await this.pool.query(
        `INSERT INTO cohorts (id, code, data, created_at, updated_at) VALUES ($1, $2, $3::jsonb, $4, $4)
         ON CONFLICT (id) DO UPDATE SET code = excluded.code, data = excluded.data, updated_at = excluded.updated_at`,
        [c.id, c.code, JSON.stringify(c.data ?? null), now],
      );
    });
  }

  async getCohort(id: string): Promise<CohortRow | undefined> {
    const { rows } = await this.pool.query<CohortDbRow>("SELECT * FROM cohorts WHERE id = $1", [id]);
    return rows[0] ? toCohortRow(rows[0], rows[0].data) : undefined;
  }

  async findCohortByCode(code: string): Promise<CohortRow | undefined> {
    const { rows } = await this.pool.query<CohortDbRow>(
      "SELECT * FROM cohorts WHERE code = $1 ORDER BY created_at DESC LIMIT 1",
      [code],
    );
    return rows[0] ? toCohortRow(rows[0], rows[0].data) : undefined;
  }

  async listCohorts(opts: { limit?: number } = {}): Promise<CohortRow[]> {
    const { rows } = await this.pool.query<CohortDbRow>(
      "SELECT * FROM cohorts ORDER BY created_at DESC, id DESC LIMIT $1",
      [opts.limit ?? 1000],
    );
    return rows.map((r) => toCohortRow(r, r.data));
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.chains.values()]);
    await this.pool.end();
  }
}
