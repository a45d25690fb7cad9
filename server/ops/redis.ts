// Redis for scale-out (REDIS_URL): presence and the matchmaker's room listings, made to survive a
// Redis that goes away and comes back empty.
//
// - Every connection has an error handler (a Redis outage is logged once, as a warning, and never
//   crashes the process) and retries its connection for as long as it takes.
// - Live rooms re-register: when the driver's connection is ready again, and every
//   PF_REDIS_RELIST_SECONDS, this process writes back the listings of its rooms that Redis lacks
//   (`matchMaker.restoreMissingRoomCaches`) and its process entry, so joins and seat-token rejoins
//   find them again from every process.
// - `@colyseus/redis-driver` 0.18.3 caches its in-flight HGETALL of the listings and clears the cache
//   only when the read succeeds: one read that fails while Redis restarts is handed to every later
//   query, and the process answers 500 to every lookup of a room it does not hold until it restarts.
//   `SafeRedisDriver` forgets a failed read, so the next query asks Redis again.

import { matchMaker, type Presence } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";
import { Redis, type RedisOptions } from "ioredis";
import { logger } from "./log.ts";

interface DriverInternals {
  _concurrentRoomCacheRequest?: Promise<unknown>;
  _roomCacheRequestByName: Record<string, Promise<unknown>>;
}

export class SafeRedisDriver extends RedisDriver {
  override async query(...args: Parameters<RedisDriver["query"]>): ReturnType<RedisDriver["query"]> {
    try {
      return await super.query(...args);
    } catch (e) {
      this.forgetFailedRead();
      throw e;
    }
  }

  override findOne(...args: Parameters<RedisDriver["findOne"]>): ReturnType<RedisDriver["findOne"]> {
    return Promise.resolve(super.findOne(...args)).catch((e: unknown) => {
      this.forgetFailedRead();
      throw e;
    });
  }

  private forgetFailedRead(): void {
    const self = this as unknown as DriverInternals;
    self._concurrentRoomCacheRequest = undefined;
    self._roomCacheRequestByName = {};
  }
}

/** Connection options for every Redis connection of this process. */
export function redisOptions(): RedisOptions {
  return {
    connectTimeout: 5000,
    // A command waits through a restart (about 5 s of reconnect attempts), then fails instead of
    // hanging; HTTP lookups give up sooner (PF_LOOKUP_TIMEOUT_MS).
    maxRetriesPerRequest: 10,
    retryStrategy: (times) => Math.min(100 * times, 2000),
  };
}

/** Logs a connection's outage once (warn) and its return (info); never throws. */
function watch(client: Redis, name: string): void {
  let down = false;
  client.on("error", (e: Error) => {
    if (down) return;
    down = true;
    logger.warn({ redis: name, reason: e.message }, `Redis (${name}) unavailable: ${e.message}`);
  });
  client.on("ready", () => {
    if (!down) return;
    down = false;
    logger.info({ redis: name }, `Redis (${name}) back`);
  });
}

export interface ScaleOut {
  presence: Presence;
  driver: SafeRedisDriver;
  /** PING with a deadline (readiness). */
  ping(timeoutMs: number): Promise<void>;
  /** Starts re-registering this process' rooms (after the server listens). */
  keepListed(everySeconds: number): void;
  close(): void;
}

export function connectRedis(url: string): ScaleOut {
  const opts = redisOptions();
  const driverClient = new Redis(url, opts);
  watch(driverClient, "matchmaking");
  const presenceClient = new Redis(url, opts);
  watch(presenceClient, "presence");
  const presence = new RedisPresence(presenceClient);
  // RedisPresence duplicates the client for its subscriptions: that one needs a handler too.
  const sub = (presence as unknown as { sub: Redis }).sub;
  watch(sub, "presence subscriber");
  const driver = new SafeRedisDriver(driverClient);

  let timer: NodeJS.Timeout | undefined;
  let relisting = false;
  const relist = async () => {
    if (relisting || driverClient.status !== "ready") return;
    relisting = true;
    try {
      await matchMaker.restoreMissingRoomCaches();
      await matchMaker.stats.persist(true);
    } catch (e) {
      logger.debug({ err: e }, "room listings not re-registered yet");
    } finally {
      relisting = false;
    }
  };

  return {
    presence,
    driver,
    async ping(timeoutMs) {
      let t: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          driverClient.ping(),
          new Promise((_, reject) => {
            t = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
      } finally {
        clearTimeout(t);
      }
    },
    keepListed(everySeconds) {
      driverClient.on("ready", () => void relist());
      timer = setInterval(() => void relist(), everySeconds * 1000);
      timer.unref();
    },
    close() {
      clearInterval(timer);
    },
  };
}
