// The storage interface: one append-only event log per round, plus a small index of rounds.
// Every backend (SQLite, PostgreSQL, memory) passes the same test suite (tests/server/storage-suite.ts).

export type RoundStatus = "lobby" | "play" | "debrief" | "closed";

export interface RoundRow {
  id: string;
  code: string;
  scenario: string;
  version: number;
  title: string;
  status: RoundStatus;
  /** Last simulated week. */
  week: number;
  horizon: number;
  /** A label grouping rounds run together (a trainer's teams in one session); null if none. */
  cohort: string | null;
  /** ms since the Unix epoch. */
  createdAt: number;
  endedAt: number | null;
}

export interface NewEvent {
  type: string;
  data: unknown;
}

export interface StoredEvent extends NewEvent {
  /** Position in the round's log, from 1, without gaps. */
  seq: number;
  /** ms since the Unix epoch when it was appended. */
  at: number;
}

export interface RoundPatch {
  status?: RoundStatus;
  week?: number;
  endedAt?: number | null;
}

/** Where a listing stopped: its last row's creation time and id (rows are ordered by both). */
export interface RoundCursor {
  createdAt: number;
  id: string;
}

export interface ListRoundsOptions {
  status?: RoundStatus[];
  cohort?: string;
  /** Rows per page (default 1000). */
  limit?: number;
  after?: RoundCursor;
}

/** Whether a row comes after the cursor in the newest-first order. */
export function isAfter(row: { createdAt: number; id: string }, c: RoundCursor): boolean {
  return row.createdAt < c.createdAt || (row.createdAt === c.createdAt && row.id < c.id);
}

/** A trainer's cohort: its settings, teams and assignments, as one JSON document (server/cohort). */
export interface CohortRow {
  id: string;
  /** The participants' join code. */
  code: string;
  data: unknown;
  /** ms since the Unix epoch. */
  createdAt: number;
  updatedAt: number;
}

/** A live round this storage has taken charge of; its appends are fenced by `epoch`. */
export interface OwnedRound {
  id: string;
  code: string;
  /** Raised by one at every change of owner; an append carrying an older epoch is refused. */
  epoch: number;
}

/** Thrown by `append` when another process has adopted the round: this copy must stop. */
export class FencedError extends Error {
  readonly code = "fenced";
  constructor(roundId: string) {
    super(`round "${roundId}" is owned by another process`);
  }
}

/**
 * Thrown by `saveCohort` when a live process other than this one holds the cohort's lease: nothing was
 * written. The cohort runs there (or is being handed over): the request is answered "try again".
 */
/** Storage did not answer or could not write: nothing was wrong with the request itself (503). */
export class StorageUnavailableError extends Error {
  readonly status = 503;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StorageUnavailableError";
  }
}

export class CohortHeldError extends Error {
  readonly status = 503;
  readonly code = "cohort_held";
  constructor(cohortId: string) {
    super(`cohort "${cohortId}" is held by another process`);
    this.name = "CohortHeldError";
  }
}

/**
 * Round ownership: every live round (lobby, play, debrief) has one owner process holding a lease that
 * it renews; a process adopts rounds whose lease has run out (or that were released) and restores them.
 * The storage remembers the epoch of each round it owns and fences its appends with it, so two copies
 * of a round can never interleave in one log (and (round, seq) is unique besides).
 */
export interface Ownership {
  /** This storage's owner id (host/pid/random: one per process start). */
  readonly owner: string;
  /** Lease length in ms: an owner that does not renew for this long may be replaced. */
  readonly leaseMs: number;
  /**
   * Takes up to `limit` live rounds whose owner is gone (lease run out, released, never owned, or a
   * process of this machine that no longer runs) and returns them: restore them, then renew.
   */
  adoptRounds(limit: number): Promise<OwnedRound[]>;
  /** Extends the leases of every round owned here; returns the ids of those another process adopted. */
  renewLeases(): Promise<string[]>;
  /** Gives a round up after its last append: any process may adopt it at once. */
  releaseRound(roundId: string): Promise<void>;
  /** The rounds owned here. */
  ownedRounds(): string[];
}

/** A cohort this storage has taken charge of, with the team rounds it took with it. */
export interface AdoptedCohort {
  id: string;
  rounds: OwnedRound[];
}

/**
 * Cohort ownership, for storages several processes share (PostgreSQL). A cohort's console and its
 * team rounds run in one process (the console drives the team rooms in memory), so they change
 * owner together: a cohort has a lease of its own, renewed on the rounds' beat, and the process that
 * adopts a cohort whose lease ran out takes its team rounds with it. Team rounds of a cohort are
 * adopted only that way (or by the cohort's owner), never one by one by another process. A save of a
 * cohort takes its lease (a new one, a released one, or one whose lease ran out) and is refused with a
 * CohortHeldError while a live other process holds it. On one machine (SQLite, memory) there is one
 * process, and a start restores the cohorts after the rounds.
 */
export interface CohortOwnership {
  /**
   * Takes up to `limit` cohorts whose owner is gone (lease run out: with or without live team rounds,
   * so a cohort still gathering its participants moves too) or that were released with live team
   * rounds, and those rounds.
   */
  adoptCohorts(limit: number): Promise<AdoptedCohort[]>;
  /** Extends the leases of the cohorts owned here; returns the ids of those another process adopted. */
  renewCohortLeases(): Promise<string[]>;
  /** Gives the cohorts owned here up (all, or those listed): any process may take them at once. */
  releaseCohorts(ids?: readonly string[]): Promise<void>;
  /**
   * Takes the cohort's lease without writing its document, as a save would take it (new owner, one
   * released, or one whose owner's lease ran out), and returns the document as recorded at that moment
   * (undefined: no such cohort). Refused with a CohortHeldError, taking nothing, while a live other
   * process holds the lease or a live team round of the cohort is not this process' (the cohort and
   * its teams move together, by adoption): a takeover claims the cohort before it changes anything.
   */
  claimCohort(id: string): Promise<CohortRow | undefined>;
  ownedCohorts(): string[];
}

export function ownsCohorts(s: Storage): s is Storage & CohortOwnership {
  return typeof (s as Partial<CohortOwnership>).adoptCohorts === "function";
}

export interface Storage extends Ownership {
  readonly kind: "sqlite" | "postgres" | "memory";
  /**
   * Registers a round and appends its first event(s) in one transaction. The round is owned here
   * (epoch 1) until released or adopted elsewhere.
   */
  createRound(row: Omit<RoundRow, "createdAt" | "endedAt">, first: NewEvent[]): Promise<void>;
  /**
   * Appends events (and applies an index patch) in one transaction. Resolves once they are durable
   * against a process crash. Appends to one round are applied in call order. Refused with a
   * FencedError if the round is owned elsewhere (adopted by another process, or never released to
   * this one); a round with no owner (closed, released) takes appends from anyone.
   */
  append(roundId: string, events: NewEvent[], patch?: RoundPatch): Promise<void>;
  /** A round's events in order; optionally after a seq and/or with a type prefix. */
  events(roundId: string, opts?: { afterSeq?: number; typePrefix?: string }): Promise<StoredEvent[]>;
  getRound(id: string): Promise<RoundRow | undefined>;
  /** Newest first; `after` continues a listing after its last row (keyset paging). */
  listRounds(opts?: ListRoundsOptions): Promise<RoundRow[]>;
  /**
   * Creates or replaces a cohort's document. Saves of one cohort are applied in call order. With
   * cohort ownership, a saved cohort is owned here (a new one, a released one, or one whose owner's
   * lease ran out, which is taken over); a save of a cohort a live other process holds writes nothing
   * and is refused with a CohortHeldError, never reported as done (and the cohort is no longer among
   * those owned here).
   */
  saveCohort(cohort: { id: string; code: string; data: unknown }): Promise<void>;
  getCohort(id: string): Promise<CohortRow | undefined>;
  findCohortByCode(code: string): Promise<CohortRow | undefined>;
  /** Newest first. */
  listCohorts(opts?: { limit?: number }): Promise<CohortRow[]>;
  /** Finishes pending writes and releases the rounds owned here (the next owner need not wait). */
  close(): Promise<void>;
}
