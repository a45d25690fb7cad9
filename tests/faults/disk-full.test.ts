// A full disk under SQLite: the round's database sits on a small tmpfs that is filled up while a team
// plays in continuous pace, then emptied again. The round must hold itself, keep every acknowledged
// decision, write no hole into its log, and resume by itself once there is room.

import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { smallDisk, startServerProcess, stopAll } from "../support/processes.ts";
import { checkRoundLog, playTeam } from "../support/team-play.ts";

afterAll(stopAll);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const disk = smallDisk(32);
// Where this machine cannot mount the small disk the test is skipped, and says why: on stderr (every
// reporter shows it; a skipped test's own output is not) and as the skip's note (verbose reporter).
if ("unavailable" in disk) console.warn(`the disk-full test is skipped: ${disk.unavailable}`);

it("SQLite on a full disk: play holds, nothing acknowledged is lost, play resumes when there is room", async (ctx) => {
  if ("unavailable" in disk) return ctx.skip(disk.unavailable);
  const server = await startServerProcess({ PF_SQLITE_FILE: join(disk.dir, "rounds.db") });
  const team = await playTeam(server, { weeks: 400, secondsPerWeek: 0.1 });
  await team.until((s) => s.week >= 10, 20_000);

  disk.fill();
  const filledAt = Date.now();
  await team.until((s) => s.hold === "recording", 30_000);
  const heldAt = Date.now();
  const weekHeld = team.week();
  await sleep(1000);
  expect(team.hold()).toBe("recording");
  expect(team.week()).toBe(weekHeld);

  disk.free();
  const freedAt = Date.now();
  await team.until((s) => s.hold === "" && s.week >= weekHeld + 5, 30_000);
  const resumedAt = Date.now();

  const roundId = await team.end();
  const figures = await checkRoundLog(server.http, roundId, team.hostToken, team);
  expect(figures.acked).toBeGreaterThan(0);
  console.log(
    `disk full and freed: held ${heldAt - filledAt} ms after the disk filled, resumed ` +
      `${resumedAt - freedAt} ms after it was freed; ${figures.weeks} weeks, ` +
      `${figures.acked} decisions acknowledged, all in the log; refusals ${JSON.stringify(team.refusals())}`,
  );
  await team.leave();
});
