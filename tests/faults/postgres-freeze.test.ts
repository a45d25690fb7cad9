// PostgreSQL frozen (SIGSTOP of the postmaster and its backends: connections open, nothing
// answers): /api/ready says 503 within its timeout, lookups give up cleanly instead of hanging, and
// after SIGCONT play resumes with nothing lost.

import { afterAll, expect, it } from "vitest";
import { getJson, startPostgres, startServerProcess, stopAll, waitFor } from "../support/processes.ts";
import { expectNothingLost, playWeek, startRound } from "./rounds.ts";

afterAll(stopAll);

const READY_MS = 1000;
const LOOKUP_MS = 1500;

it("a frozen PostgreSQL makes the process unready and its lookups time out; play resumes after", async () => {
  const db = await startPostgres();
  const a = await startServerProcess({
    DATABASE_URL: db.url,
    PF_PG_TIMEOUT_MS: "3000",
    PF_READY_TIMEOUT_MS: String(READY_MS),
    PF_LOOKUP_TIMEOUT_MS: String(LOOKUP_MS),
  });
  const r = await startRound(a, a);
  for (let week = 1; week <= 2; week++) await playWeek(r, week);

  db.freeze();
  try {
    const ready = await getJson(`${a.http}/api/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body.checks.storage).toMatch(/did not answer within/);
    expect(ready.ms).toBeLessThan(READY_MS + 1500);
    const rounds = await getJson(`${a.http}/api/rounds`);
    expect(rounds.status).toBe(503);
    expect(rounds.ms).toBeLessThan(LOOKUP_MS + 1500);
    console.log(
      `[faults] PostgreSQL frozen: /api/ready 503 in ${ready.ms} ms, /api/rounds 503 in ${rounds.ms} ms`,
    );
    const metrics = await getJson(`${a.http}/metrics`);
    expect(metrics.body).toMatch(/pf_lookup_timeouts_total\{service="storage"\} [1-9]/);
    // The live room's own lookup needs no storage.
    const room = await getJson(`${a.http}/api/rooms/${r.code}`);
    expect(room.body).toMatchObject({ code: r.code, phase: "play", week: 2 });
    expect(a.proc.exitCode).toBe(null);
  } finally {
    db.thaw();
  }

  await waitFor(async () => (await getJson(`${a.http}/api/ready`)).status === 200, "ready after thaw");
  for (let week = 3; week <= 5; week++) await playWeek(r, week);
  expect(r.host.closed).toBe(null);
  expect(r.guest.closed).toBe(null);
  await expectNothingLost(db.url, a.http, r);
});
