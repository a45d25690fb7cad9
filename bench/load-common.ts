// What the load generator (bench/load.ts) and its targets (bench/ours-load.ts, bench/peer) share.

export interface LoadConfig {
  target: "ours" | "bgio";
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
