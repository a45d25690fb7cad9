// Prometheus metrics (GET /metrics): Node's default process metrics (CPU, memory, GC, event-loop
// lag) plus the game's own. Other modules record through the small functions below; the gauges of
// rooms and clients are read when scraped.

import client from "prom-client";
import type { Storage } from "../storage/types.ts";

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });

const rooms = new client.Gauge({
  name: "pf_rooms",
  help: "Live team rooms in this process, by phase",
  labelNames: ["phase"] as const,
  registers: [registry],
});
const clients = new client.Gauge({
  name: "pf_clients",
  help: "Connected clients in this process' team rooms",
  registers: [registry],
});
const decisions = new client.Counter({
  name: "pf_decisions_total",
  help: "Decisions taken from players (recorded)",
  registers: [registry],
});
const refusals = new client.Counter({
  name: "pf_refusals_total",
  help: "Requests refused, by error code (join_refused: a join the room turned down)",
  labelNames: ["code"] as const,
  registers: [registry],
});
const appendSeconds = new client.Histogram({
  name: "pf_append_seconds",
  help: "Time from asking storage to append a round's events until they are durable (or failed)",
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});
/** Appends asked for and not yet settled: counted here, read by the gauge when scraped. */
let appendsInFlight = 0;
new client.Gauge({
  name: "pf_append_queue_depth",
  help: "Appends asked for and not yet durable (or failed)",
  registers: [registry],
  collect() {
    this.set(appendsInFlight);
  },
});
const recordingFailures = new client.Counter({
  name: "pf_recording_failures_total",
  help: "Appends (round events, round creation) that storage refused or did not finish",
  registers: [registry],
});
const restores = new client.Counter({
  name: "pf_restores_total",
  help: "Rounds restored from the log into this process, by outcome (ok, failed)",
  labelNames: ["outcome"] as const,
  registers: [registry],
});
const lookupTimeouts = new client.Counter({
  name: "pf_lookup_timeouts_total",
  help: "HTTP lookups that gave up waiting for storage or Redis, by what they waited for",
  labelNames: ["service"] as const,
  registers: [registry],
});

/** What the scrape reads of the live rooms: phase and connected clients of each. */
export type RoomCensus = () => Iterable<{ phase: string; clients: number }>;

let census: RoomCensus = () => [];

/** The function the scrape uses to count rooms and clients (app.ts sets it). */
export function setRoomCensus(c: RoomCensus): void {
  census = c;
}

export const metrics = {
  decision(): void {
    decisions.inc();
  },
  refusal(code: string): void {
    refusals.inc({ code });
  },
  restore(outcome: "ok" | "failed"): void {
    restores.inc({ outcome });
  },
  lookupTimeout(service: "storage" | "redis" | "owner"): void {
    lookupTimeouts.inc({ service });
  },
};

/**
 * One append settled (`ok`: durable) that was asked for at `startedMs` (performance.now()). Plain
 * numbers on purpose: this runs for every append of every room, and prom-client's timer and gauge calls
 * allocated about 2.5 % of what a busy server allocates.
 */
function appendSettled(startedMs: number, ok: boolean): void {
  appendsInFlight--;
  appendSeconds.observe((performance.now() - startedMs) / 1000);
  if (!ok) recordingFailures.inc();
}

/**
 * The storage with its writes timed: append latency, appends in flight (the queue depth) and
 * failures. Every other property is the storage's own, so backends may add methods freely.
 */
export function instrumentStorage<S extends Storage>(storage: S): S {
  const timed =
    <A extends unknown[]>(fn: (...args: A) => Promise<void>) =>
    (...args: A): Promise<void> => {
      const started = performance.now();
      appendsInFlight++;
      const p = fn.apply(storage, args);
      p.then(
        () => appendSettled(started, true),
        () => appendSettled(started, false),
      );
      return p;
    };
  const append = timed(storage.append);
  const createRound = timed(storage.createRound);
  return new Proxy(storage, {
    get(target, key, receiver) {
      if (key === "append") return append;
      if (key === "createRound") return createRound;
      const v = Reflect.get(target, key, receiver);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

/** The metrics in Prometheus' text format, with the room gauges read now. */
export async function scrape(): Promise<{ contentType: string; body: string }> {
  rooms.reset();
  let connected = 0;
  for (const r of census()) {
    rooms.inc({ phase: r.phase });
    connected += r.clients;
  }
  clients.set(connected);
  return { contentType: registry.contentType, body: await registry.metrics() };
}
