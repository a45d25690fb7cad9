// The fault harness itself: private PostgreSQL and Redis that can be stopped, frozen and restarted
// without touching the machine's shared services.

import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { startPostgres, startRedis, stopAll, waitFor } from "../support/processes.ts";

afterAll(stopAll);

async function pgAnswers(url: string, timeoutMs: number): Promise<boolean> {
  const c = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  try {
    await c.connect();
    await c.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    c.end().catch(() => {});
  }
}

it("a private PostgreSQL stops, starts, freezes and thaws", async () => {
  const db = await startPostgres();
  expect(db.url).not.toContain(":5432/");
  expect(await pgAnswers(db.url, 2000)).toBe(true);
  db.stop();
  expect(await pgAnswers(db.url, 1000)).toBe(false);
  db.start();
  expect(await pgAnswers(db.url, 2000)).toBe(true);
  db.freeze();
  expect(await pgAnswers(db.url, 500)).toBe(false);
  db.thaw();
  expect(await pgAnswers(db.url, 2000)).toBe(true);
});

it("a private Redis restarts empty", async () => {
  const r = await startRedis();
  const c = new Redis(r.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await c.connect();
  await c.set("k", "v");
  expect(await c.get("k")).toBe("v");
  await r.restart();
  // Once the client is back (it reconnects by itself), the key is gone.
  expect(await waitFor(async () => (await c.ping()) === "PONG", "the client reconnects")).toBe(true);
  expect(await c.get("k")).toBe(null);
  c.disconnect();
});
