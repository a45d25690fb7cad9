// A full disk under SQLite: the round's database sits on a small tmpfs that is filled up while a team
// plays in continuous pace, then emptied again. The round must hold itself, keep every acknowledged
// decision, write no hole into its log, and resume by itself once there is room.

import { join } from "node:path";
import { afterAll, it } from "vitest";
import { smallDisk, startServerProcess, stopAll } from "../support/processes.ts";
import { playThroughOutage } from "./storage-outage.ts";

afterAll(stopAll);

const disk = smallDisk(32);
// Where this machine cannot mount the small disk the test is skipped, and says why: on stderr (every
// reporter shows it; a skipped test's own output is not) and as the skip's note (verbose reporter).
if ("unavailable" in disk) console.warn(`the disk-full test is skipped: ${disk.unavailable}`);

it("SQLite on a full disk: play holds, nothing acknowledged is lost, play resumes when there is room", async (ctx) => {
  if ("unavailable" in disk) return ctx.skip(disk.unavailable);
  const server = await startServerProcess({ PF_SQLITE_FILE: join(disk.dir, "rounds.db") });
  const f = await playThroughOutage(server, { fail: disk.fill, recover: disk.free, holdWithinMs: 30_000 });
  console.log(
    `disk full and freed: held ${f.heldMs} ms after the disk filled, resumed ` +
      `${f.resumedMs} ms after it was freed; ${f.weeks} weeks, ` +
      `${f.acked} decisions acknowledged, all in the log; refusals ${JSON.stringify(f.refusals)}`,
  );
});
