// PostgreSQL storage (DATABASE_URL): the same log as SQLite, shared by every server process, which
// is what scale-out needs. Appends to one round are chained so they commit in call order.
//
// PostgreSQL may restart or stall under a running server. The pool then never takes the process
// down: an error on an idle or a busy connection is logged and that connection discarded, the next
// query opens a new one (reconnect), and no call waits forever: connecting and each query give up
// after `timeoutMs` (PF_PG_TIMEOUT_MS) with a StorageUnavailableError.

import pg from "pg";
import { logger } from "../ops/log.ts";
import { type CohortDbRow, toCohortRow } from "./cohort-row.ts";
import { DEFAULT_LEASE_MS, LIVE_SQL, newOwnerId, ownerClosed } from "./owner.ts";
import { type RoundDbRow, toRoundRow } from "./round-row.ts";
import {
  type AdoptedCohort,
  CohortHeldError,
  type CohortOwnership,
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

/** Leases run on the database's clock, so the machines' clocks need not agree. */
const NOW_MS = "(extract(epoch from clock_timestamp()) * 1000)";

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
ALTER TABLE rounds ADD COLUMN IF NOT EXISTS owner TEXT;
ALTER TABLE rounds ADD COLUMN IF NOT EXISTS epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rounds ADD COLUMN IF NOT EXISTS lease_until DOUBLE PRECISION NOT NULL DEFAULT 0;
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
ALTER TABLE cohorts ADD COLUMN IF NOT EXISTS owner TEXT;
ALTER TABLE cohorts ADD COLUMN IF NOT EXISTS lease_until DOUBLE PRECISION NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS rounds_cohort ON rounds (cohort);
`;

const LIVE = LIVE_SQL;

export interface PostgresOptions {
  connectionString: string;
  /** A PostgreSQL schema (namespace) to keep the tables in; created if missing. Default: public. */
  schema?: string;
  poolSize?: number;
  /** Connecting, and each query, give up after this many ms (default 5000). */
  timeoutMs?: number;
  /** Round lease length (ms); default 10 s. */
  leaseMs?: number;
}

/**
 * Errors that mean "PostgreSQL is not there right now": connection refused or reset, a connection
 * ended by a restart (57P01 admin_shutdown, 57P02, 57P03 cannot_connect_now, class 08), timeouts.
 */
function isUnavailable(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err?.code === "string" ? err.code : "";
  if (/^(08|57P0)/.test(code)) return true;
  if (["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTCONN"].includes(code))
    return true;
  const message = typeof err?.message === "string" ? err.message : "";
  return /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection ended|not queryable/i.test(
    message,
  );
}

function unavailable(e: unknown): unknown {
  if (!isUnavailable(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new StorageUnavailableError(`PostgreSQL unavailable: ${message}`, { cause: e });
}

export class PostgresStorage implements Storage, CohortOwnership {
  readonly kind = "postgres" as const;
  readonly owner = newOwnerId();
  readonly leaseMs: number;
  private readonly pool: pg.Pool;
  private readonly chains = new Map<string, Promise<unknown>>();
  /** Round id → the epoch this storage owns it at. */
  private readonly owned = new Map<string, number>();
  /** Cohorts owned here. */
  private readonly cohortsOwned = new Set<string>();

  private constructor(pool: pg.Pool, leaseMs: number) {
    this.pool = pool;
    this.leaseMs = leaseMs;
  }

  static async open(opts: PostgresOptions): Promise<PostgresStorage> {
    const schema = opts.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema))
      throw new Error(`bad schema name "${schema}"`);
    const timeoutMs = opts.timeoutMs ?? 5000;
    const pool = new pg.Pool({
      connectionString: opts.connectionString,
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      keepAlive: true,
      idleTimeoutMillis: 30_000,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // An idle connection that PostgreSQL closes (restart, admin shutdown) is dropped by the pool;
    // without this handler the 'error' event would end the process.
    let warned = 0;
    pool.on("error", (e) => {
      if (Date.now() - warned < 5000) return;
      warned = Date.now();
      logger.warn(
        { err: { message: e.message, code: (e as { code?: string }).code } },
        "PostgreSQL connection lost",
      );
    });
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
    return new PostgresStorage(pool, opts.leaseMs ?? DEFAULT_LEASE_MS);
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
    const c = await this.pool.connect().catch((e) => Promise.reject(unavailable(e)));
    // A checked-out connection has no pool listener: an error while we hold it must not crash.
    let broken: unknown;
    const onError = (e: unknown) => {
      broken = e;
    };
    c.on("error", onError);
    try {
      await c.query("BEGIN");
      const out = await work(c);
      await c.query("COMMIT");
      return out;
    } catch (e) {
      broken ??= isUnavailable(e) ? e : undefined;
      if (!broken) await c.query("ROLLBACK").catch(() => {});
      throw unavailable(e);
    } finally {
      c.removeListener("error", onError);
      // A broken connection is destroyed, not put back (the server rolls its transaction back).
      c.release(broken ? (broken instanceof Error ? broken : new Error(String(broken))) : undefined);
    }
  }

  /** A query on any pooled connection; PostgreSQL being away becomes a StorageUnavailableError. */
  private async query<R extends pg.QueryResultRow>(
    text: string,
    args?: unknown[],
  ): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(text, args);
    } catch (e) {
      throw unavailable(e);
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
    // A closed round has no owner.
    if (patch.status === "closed") sets.push("owner = NULL", "lease_until = 0");
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
          `INSERT INTO rounds (id, code, scenario, version, title, status, week, horizon, cohort, created_at, ended_at,
             owner, epoch, lease_until)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, $11, 1, ${NOW_MS} + $12)`,
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
            this.owner,
            this.leaseMs,
          ],
        );
        await this.insertEvents(c, row.id, first);
        this.owned.set(row.id, 1);
      }),
    );
  }

  append(roundId: string, events: NewEvent[], patch?: RoundPatch): Promise<void> {
    return this.chain(roundId, () =>
      this.tx(async (c) => {
        // The row lock orders this append with any adoption of the round by another process.
        const { rows } = await c.query<{ owner: string | null; epoch: number }>(
          "SELECT owner, epoch FROM rounds WHERE id = $1 FOR UPDATE",
          [roundId],
        );
        const r = rows[0];
        if (r) {
          const mine = this.owned.get(roundId);
          const ok = mine !== undefined ? r.owner === this.owner && r.epoch === mine : r.owner === null;
          // Another owner: the next renewal reports the round lost (and forgets it here).
          if (!ok) throw new FencedError(roundId);
        }
        await this.insertEvents(c, roundId, events);
        if (patch) await this.patch(c, roundId, patch);
        if (patch?.status === "closed") this.owned.delete(roundId);
      }),
    );
  }

  async adoptRounds(limit: number): Promise<OwnedRound[]> {
    // SKIP LOCKED: processes adopting at the same moment take different rounds.
    const { rows } = await this.query<OwnedRound>(
      `UPDATE rounds r SET owner = $1, epoch = r.epoch + 1, lease_until = ${NOW_MS} + $2
       FROM (SELECT id FROM rounds
             WHERE status IN ${LIVE} AND (owner IS NULL OR (owner <> $1 AND lease_until < ${NOW_MS}))
               -- A cohort's team rounds go with their cohort (adoptCohorts), or to its owner.
               AND (cohort IS NULL OR NOT EXISTS (
                 SELECT 1 FROM cohorts k WHERE k.id = rounds.cohort AND k.owner IS DISTINCT FROM $1))
             ORDER BY created_at LIMIT $3 FOR UPDATE SKIP LOCKED) c
       WHERE r.id = c.id RETURNING r.id, r.code, r.epoch`,
      [this.owner, this.leaseMs, limit],
    );
    for (const r of rows) this.owned.set(r.id, r.epoch);
    return rows.map((r) => ({ id: r.id, code: r.code, epoch: r.epoch }));
  }

  async renewLeases(): Promise<string[]> {
    if (this.owned.size === 0) return [];
    const before = new Map(this.owned);
    const { rows } = await this.query<{ id: string; epoch: number }>(
      `UPDATE rounds SET lease_until = ${NOW_MS} + $2 WHERE owner = $1 RETURNING id, epoch`,
      [this.owner, this.leaseMs],
    );
    const kept = new Set(rows.map((r) => r.id));
    const lost = [...before]
      .filter(([id, epoch]) => !kept.has(id) && this.owned.get(id) === epoch)
      .map(([id]) => id);
    for (const id of lost) this.owned.delete(id);
    return lost;
  }

  releaseRound(roundId: string): Promise<void> {
    // After the round's appends.
    return this.chain(roundId, async () => {
      const epoch = this.owned.get(roundId);
      if (epoch === undefined) return;
      this.owned.delete(roundId);
      await this.query(
        "UPDATE rounds SET owner = NULL, lease_until = 0 WHERE id = $1 AND owner = $2 AND epoch = $3",
        [roundId, this.owner, epoch],
      );
    });
  }

  ownedRounds(): string[] {
    return [...this.owned.keys()];
  }

  adoptCohorts(limit: number): Promise<AdoptedCohort[]> {
    return this.tx(async (c) => {
      // SKIP LOCKED: processes adopting at the same moment take different cohorts. A cohort whose
      // owner's lease ran out, whatever it runs (one still gathering its participants has no team
      // round playing, maybe none live at all); a released one only with a live team round (with
      // nothing live it waits for whoever saves it next). None whose team rounds a live process
      // other than the cohort's gone owner holds (a cohort never recorded its owner, from before
      // cohorts had one: it waits until those rounds are free, so it is never split).
      const { rows: cohorts } = await c.query<{ id: string; was: string | null }>(
        `WITH k AS (
           SELECT id, owner FROM cohorts
           WHERE ((owner <> $1 AND lease_until < ${NOW_MS})
               OR (owner IS NULL
                   AND EXISTS (SELECT 1 FROM rounds r WHERE r.cohort = cohorts.id AND r.status IN ${LIVE})))
             AND NOT EXISTS (SELECT 1 FROM rounds r WHERE r.cohort = cohorts.id AND r.status IN ${LIVE}
               AND r.owner IS DISTINCT FROM cohorts.owner AND r.owner <> $1 AND r.lease_until >= ${NOW_MS})
           ORDER BY created_at LIMIT $3 FOR UPDATE SKIP LOCKED)
         UPDATE cohorts SET owner = $1, lease_until = ${NOW_MS} + $2 FROM k
         WHERE cohorts.id = k.id RETURNING cohorts.id, k.owner AS was`,
        [this.owner, this.leaseMs, limit],
      );
      if (cohorts.length === 0) return [];
      // Their team rounds, with them: the ones the cohort's gone owner held (its lease on the cohort
      // ran out, so it is gone from them too), released ones, and any whose lease ran out.
      const { rows } = await c.query<OwnedRound & { cohort: string }>(
        `UPDATE rounds SET owner = $1, epoch = epoch + 1, lease_until = ${NOW_MS} + $2
         WHERE cohort = ANY($3) AND status IN ${LIVE} AND owner IS DISTINCT FROM $1
           AND (owner IS NULL OR owner = ANY($4) OR lease_until < ${NOW_MS})
         RETURNING id, code, epoch, cohort`,
        [this.owner, this.leaseMs, cohorts.map((k) => k.id), cohorts.flatMap((k) => (k.was ? [k.was] : []))],
      );
      for (const r of rows) this.owned.set(r.id, r.epoch);
      for (const k of cohorts) this.cohortsOwned.add(k.id);
      return cohorts.map((k) => ({
        id: k.id,
        rounds: rows
          .filter((r) => r.cohort === k.id)
          .map((r) => ({ id: r.id, code: r.code, epoch: r.epoch })),
      }));
    });
  }

  async renewCohortLeases(): Promise<string[]> {
    if (this.cohortsOwned.size === 0) return [];
    const before = [...this.cohortsOwned];
    const { rows } = await this.query<{ id: string }>(
      `UPDATE cohorts SET lease_until = ${NOW_MS} + $2 WHERE owner = $1 RETURNING id`,
      [this.owner, this.leaseMs],
    );
    const kept = new Set(rows.map((r) => r.id));
    const lost = before.filter((id) => !kept.has(id));
    for (const id of lost) this.cohortsOwned.delete(id);
    return lost;
  }

  async releaseCohorts(only?: readonly string[]): Promise<void> {
    const ids = [...this.cohortsOwned].filter((id) => !only || only.includes(id));
    if (ids.length === 0) return;
    // After their pending saves.
    await Promise.allSettled(ids.map((id) => this.chains.get(`cohort:${id}`)));
    for (const id of ids) this.cohortsOwned.delete(id);
    await this.query("UPDATE cohorts SET owner = NULL, lease_until = 0 WHERE owner = $1 AND id = ANY($2)", [
      this.owner,
      ids,
    ]);
  }

  claimCohort(id: string): Promise<CohortRow | undefined> {
    // Chained with the cohort's saves: a claim lands between them in call order.
    return this.chain(`cohort:${id}`, async () => {
      const { rows } = await this.query<CohortDbRow>(
        `UPDATE cohorts SET owner = $2, lease_until = ${NOW_MS} + $3
         WHERE id = $1 AND (owner IS NULL OR owner = $2 OR lease_until < ${NOW_MS})
           AND NOT EXISTS (SELECT 1 FROM rounds r WHERE r.cohort = cohorts.id AND r.status IN ${LIVE}
             AND r.owner IS DISTINCT FROM $2)
         RETURNING *`,
        [id, this.owner, this.leaseMs],
      );
      const row = rows[0];
      if (row) {
        this.cohortsOwned.add(id);
        return toCohortRow(row, row.data);
      }
      const { rows: known } = await this.query("SELECT 1 FROM cohorts WHERE id = $1", [id]);
      if (known.length === 0) return undefined;
      throw new CohortHeldError(id);
    });
  }

  ownedCohorts(): string[] {
    return [...this.cohortsOwned];
  }

  async events(
    roundId: string,
    opts: { afterSeq?: number; typePrefix?: string } = {},
  ): Promise<StoredEvent[]> {
    const { rows } = await this.query(
      `SELECT seq, at, type, data FROM events WHERE round_id = $1 AND seq > $2
       AND ($3::text IS NULL OR left(type, length($3::text)) = $3::text) ORDER BY seq`,
      [roundId, opts.afterSeq ?? 0, opts.typePrefix ?? null],
    );
    return rows.map((r) => ({ seq: r.seq, at: r.at, type: r.type, data: r.data }));
  }

  async getRound(id: string): Promise<RoundRow | undefined> {
    const { rows } = await this.query<RoundDbRow>("SELECT * FROM rounds WHERE id = $1", [id]);
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
    const { rows } = await this.query<RoundDbRow>(
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
      // The fencing rule of the rounds' leases: a save takes the cohort (new, released, or its
      // owner's lease ran out) and renews the lease; while a live other process holds it, nothing
      // is written and the save is refused.
      const { rows } = await this.query(
        `INSERT INTO cohorts (id, code, data, created_at, updated_at, owner, lease_until)
         VALUES ($1, $2, $3::jsonb, $4, $4, $5, ${NOW_MS} + $6)
         ON CONFLICT (id) DO UPDATE SET code = excluded.code, data = excluded.data,
           updated_at = excluded.updated_at, owner = excluded.owner, lease_until = excluded.lease_until
         WHERE cohorts.owner IS NULL OR cohorts.owner = $5 OR cohorts.lease_until < ${NOW_MS}
         RETURNING 1`,
        [c.id, c.code, JSON.stringify(c.data ?? null), now, this.owner, this.leaseMs],
      );
      if (rows.length === 0) {
        // Not this process' (any more, if it was: a peer took it while this one was cut off).
        this.cohortsOwned.delete(c.id);
        throw new CohortHeldError(c.id);
      }
      this.cohortsOwned.add(c.id);
    });
  }

  async getCohort(id: string): Promise<CohortRow | undefined> {
    const { rows } = await this.query<CohortDbRow>("SELECT * FROM cohorts WHERE id = $1", [id]);
    return rows[0] ? toCohortRow(rows[0], rows[0].data) : undefined;
  }

  async findCohortByCode(code: string): Promise<CohortRow | undefined> {
    const { rows } = await this.query<CohortDbRow>(
      "SELECT * FROM cohorts WHERE code = $1 ORDER BY created_at DESC LIMIT 1",
      [code],
    );
    return rows[0] ? toCohortRow(rows[0], rows[0].data) : undefined;
  }

  async listCohorts(opts: { limit?: number } = {}): Promise<CohortRow[]> {
    const { rows } = await this.query<CohortDbRow>(
      "SELECT * FROM cohorts ORDER BY created_at DESC, id DESC LIMIT $1",
      [opts.limit ?? 1000],
    );
    return rows.map((r) => toCohortRow(r, r.data));
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.chains.values()]);
    await Promise.allSettled(this.ownedRounds().map((id) => this.releaseRound(id)));
    await this.releaseCohorts().catch(() => {});
    ownerClosed(this.owner);
    await this.pool.end();
  }
}
