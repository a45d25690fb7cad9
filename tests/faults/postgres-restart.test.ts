// PostgreSQL restarts (`pg_ctl stop -m fast`, then start) under a process hosting rounds in play:
// the process stays up, says it is not ready while PostgreSQL is away, answers lookups with 503
// instead of hanging, and once PostgreSQL is back the same players play on in the same rounds with
// every acknowledged decision in the log.

import { afterAll, expect, it } from "vitest";
import { getJson, startPostgres, startServerProcess, stopAll, waitFor } from "../support/processes.ts";
import { expectNothingLost, playWeek, startRound } from "./rounds.ts";

afterAll(stopAll);

it("a PostgreSQL restart loses no process, no player and no acknowledged decision", async () => {
  const db = await startPostgres();
  const a = await startServerProcess({
    DATABASE_URL: db.url,
    PF_PG_TIMEOUT_MS: "2000",
    PF_READY_TIMEOUT_MS: "1000",
  });
  const rounds = [await startRound(a, a), await startRound(a, a)];
  for (let week = 1; week <= 3; week++) await Promise.all(rounds.map((r) => playWeek(r, week)));
  expect((await getJson(`${a.http}/api/ready`)).status).toBe(200);

  db.stop("fast");
  // Long enough for the pool to see its connections end (that used to end the process).
  await new Promise((r) => setTimeout(r, 1000));
  expect(a.proc.exitCode).toBe(null);
  const ready = await getJson(`${a.http}/api/ready`);
  expect(ready.status).toBe(503);
  expect(ready.body.checks.storage).not.toBe("ok");
  const listing = await getJson(`${a.http}/api/rounds`);
  expect(listing.status).toBe(503);
  expect(listing.body.error).toMatch(/storage/);
  const health = await getJson(`${a.http}/api/health`);
  expect(health.status).toBe(200);

  db.start();
  const back = Date.now();
  await waitFor(
    async () => (await getJson(`${a.http}/api/ready`)).status === 200,
    "ready after the restart",
    20_000,
    50,
  );
  console.log(
    `[faults] PostgreSQL restarted: process ready again ${Date.now() - back} ms after it accepted connections`,
  );
  for (let week = 4; week <= 6; week++) await Promise.all(rounds.map((r) => playWeek(r, week)));

  expect(a.proc.exitCode).toBe(null);
  for (const r of rounds) {
    expect(r.host.closed).toBe(null);
    expect(r.guest.closed).toBe(null);
    await expectNothingLost(db.url, a.http, r);
  }
  expect(a.output()).toMatch(/"msg":"PostgreSQL connection lost"/);
});
