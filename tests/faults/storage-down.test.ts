// Storage down and back: the round's PostgreSQL (a private cluster) is stopped while a team plays in
// continuous pace, then started again. The round must hold itself ("recording" on every desk, no
// week shown that is not recorded), keep every acknowledged decision, and resume by itself.

import { afterAll, expect, it } from "vitest";
import { startPostgres, startServerProcess, stopAll } from "../support/processes.ts";
import { playThroughOutage } from "./storage-outage.ts";

afterAll(stopAll);

it("PostgreSQL stopped mid-round: play holds, nothing acknowledged is lost, play resumes by itself", async () => {
  const db = await startPostgres();
  const server = await startServerProcess({ DATABASE_URL: db.url });
  const f = await playThroughOutage(server, {
    fail: () => db.stop("fast"),
    recover: () => db.start(),
    holdWithinMs: 10_000,
    whileHeld: () => expect(server.proc.exitCode).toBe(null),
  });
  console.log(
    `storage down and back: held ${f.heldMs} ms after the stop, resumed ` +
      `${f.resumedMs} ms after the start; ${f.weeks} weeks, ` +
      `${f.acked} decisions acknowledged, all in the log (${f.decisionEvents} decision events); ` +
      `refusals ${JSON.stringify(f.refusals)}`,
  );
});
