// Storage down and back: the round's PostgreSQL (a private cluster) is stopped while a team plays in
// continuous pace, then started again. The round must hold itself ("recording" on every desk, no
// week shown that is not recorded), keep every acknowledged decision, and resume by itself.

import { afterAll, expect, it } from "vitest";
import { startPostgres, startServerProcess, stopAll } from "../support/processes.ts";
import { checkRoundLog, playTeam } from "../support/team-play.ts";

afterAll(stopAll);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it("PostgreSQL stopped mid-round: play holds, nothing acknowledged is lost, play resumes by itself", async () => {
  const db = await startPostgres();
  const server = await startServerProcess({ DATABASE_URL: db.url });
  const team = await playTeam(server, { weeks: 400, secondsPerWeek: 0.1 });
  await team.until((s) => s.week >= 10, 20_000);

  db.stop("fast");
  const stoppedAt = Date.now();
  await team
    .until((s) => s.hold === "recording", 10_000)
    .catch((e) => {
      throw new Error(`${e.message}; server:\n${server.output().slice(-3000)}`);
    });
  const heldAt = Date.now();
  const weekHeld = team.week();
  // Ten weeks' time at 0.1 s a week: the week shown does not move while nothing can be recorded.
  await sleep(1000);
  expect(team.hold()).toBe("recording");
  expect(team.week()).toBe(weekHeld);
  expect(server.proc.exitCode).toBe(null);

  db.start();
  const startedAt = Date.now();
  await team.until((s) => s.hold === "" && s.week >= weekHeld + 5, 30_000);
  const resumedAt = Date.now();

  const roundId = await team.end();
  const figures = await checkRoundLog(server.http, roundId, team.hostToken, team);
  expect(figures.acked).toBeGreaterThan(0);
  console.log(
    `storage down and back: held ${heldAt - stoppedAt} ms after the stop, resumed ` +
      `${resumedAt - startedAt} ms after the start; ${figures.weeks} weeks, ` +
      `${figures.acked} decisions acknowledged, all in the log (${figures.decisionEvents} decision events); ` +
      `refusals ${JSON.stringify(team.refusals())}`,
  );
  await team.leave();
});
