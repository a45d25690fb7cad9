// What the load generator (bench/load.ts) and its targets (bench/ours-load.ts, bench/peer) share.

/** The peers the bench measures beside our server (bench/peer), in the order it runs them. */
export const PEERS = ["sio", "colyseus", "bgio"] as const;
export type PeerName = (typeof PEERS)[number];

/** The systems the bench measures: this project's server and its peers. */
export type System = "ours" | PeerName;

export interface LoadConfig {
  target: System;
  url: string;
  rooms: number;
  seconds: number;
  warmup: number;
  pace: "continuous" | "lockstep";
  /** Ours only: "1"/"0" all rooms one way; otherwise half the rooms ask for `accepted` messages. */
  acks?: string;
}

export interface Bytes {
  bytes: number;
  /** Of which state patches. */
  patchBytes: number;
  frames: number;
  weeksSeen: number;
}

export interface LoadResult {
  latencies: number[];
  /** Decision → its `accepted` message (clients with acks): the durable-append path. */
  ackLatencies: number[];
  pings: number[];
  withAcks: Bytes;
  withoutAcks: Bytes;
  weeksSeen: number;
  errors: number;
  errorCodes: Record<string, number>;
  setupSeconds: number;
  elapsed: number;
  cpuSeconds: number;
  lagP99: number;
  lagMax: number;
}

export const ROLES = ["retailer", "wholesaler", "distributor", "factory"];

/** The order a player places for a week: the same on both systems. */
export const orderFor = (week: number, seat: number) => 1 + ((week * 7 + seat) % 30);

/** One seat as the generator sees it: whatever the system, it reports weeks and its own decision. */
export interface Seat {
  /** Sends the order for `week` (the week it closes into, as this project counts). */
  decide(week: number, order: number): void;
  close(): Promise<void>;
  /** A round trip through the transport alone, where the system has one. */
  ping?(done: (ms: number) => void): void;
}

export interface Sink {
  /** Called by a seat on every update it receives: the open week, and the order it shows as mine. */
  update(week: number, shownOrder: number | undefined): void;
  bytes(n: number, patch: boolean): void;
  error(code: string): void;
  /** An `accepted` message for the seat's latest decision. */
  accepted(): void;
}

export interface Target {
  /** Creates a room and seats four players; returns their seats and a start function. */
  room(index: number, sinks: Sink[], acks: boolean): Promise<{ seats: Seat[]; start(): void }>;
}

const noBytes = (): Bytes => ({ bytes: 0, patchBytes: 0, frames: 0, weeksSeen: 0 });

/** A generator's figures before it has seen anything. */
export function emptyLoadResult(): LoadResult {
  return {
    latencies: [],
    ackLatencies: [],
    pings: [],
    withAcks: noBytes(),
    withoutAcks: noBytes(),
    weeksSeen: 0,
    errors: 0,
    errorCodes: {},
    setupSeconds: 0,
    elapsed: 0,
    cpuSeconds: 0,
    lagP99: 0,
    lagMax: 0,
  };
}

/** Rooms per generator process: `rooms` in as few parts of at most `most` as it takes, as even as can be. */
export function splitRooms(rooms: number, most: number): number[] {
  const n = Math.max(1, Math.ceil(rooms / Math.max(1, most)));
  return Array.from({ length: n }, (_, i) => Math.floor(rooms / n) + (i < rooms % n ? 1 : 0));
}

/**
 * The figures of generators that measured the same seconds, as one: samples and counts added, CPU
 * added (they share a core), set-up and measured time the longest, event-loop delay the worst.
 */
export function mergeLoadResults(parts: LoadResult[]): LoadResult {
  const addBytes = (pick: (r: LoadResult) => Bytes): Bytes => ({
    bytes: sum(parts, (r) => pick(r).bytes),
    patchBytes: sum(parts, (r) => pick(r).patchBytes),
    frames: sum(parts, (r) => pick(r).frames),
    weeksSeen: sum(parts, (r) => pick(r).weeksSeen),
  });
  const errorCodes: Record<string, number> = {};
  for (const r of parts)
    for (const [code, n] of Object.entries(r.errorCodes)) errorCodes[code] = (errorCodes[code] ?? 0) + n;
  return {
    latencies: parts.flatMap((r) => r.latencies),
    ackLatencies: parts.flatMap((r) => r.ackLatencies),
    pings: parts.flatMap((r) => r.pings),
    withAcks: addBytes((r) => r.withAcks),
    withoutAcks: addBytes((r) => r.withoutAcks),
    weeksSeen: sum(parts, (r) => r.weeksSeen),
    errors: sum(parts, (r) => r.errors),
    errorCodes,
    setupSeconds: Math.max(...parts.map((r) => r.setupSeconds)),
    elapsed: Math.max(...parts.map((r) => r.elapsed)),
    cpuSeconds: sum(parts, (r) => r.cpuSeconds),
    lagP99: Math.max(...parts.map((r) => r.lagP99)),
    lagMax: Math.max(...parts.map((r) => r.lagMax)),
  };
}

const sum = (parts: LoadResult[], f: (r: LoadResult) => number) => parts.reduce((n, r) => n + f(r), 0);
