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

// Commits run on a writer thread (several cores) or on the rooms' thread (one core): both must hold.
it.for(["thread", "main"])(
  "SQLite on a full disk, commits on %s: play holds, nothing acknowledged is lost, play resumes when there is room",
  async (writer, ctx) => {
    if ("unavailable" in disk) return ctx.skip(disk.unavailable);
    const server = await startServerProcess({
      PF_SQLITE_FILE: join(disk.dir, `rounds-${writer}.db`),
      PF_SQLITE_WRITER: writer,
    });
    const f = await playThroughOutage(server, { fail: disk.fill, recover: disk.free, holdWithinMs: 30_000 });
    console.log(
      `disk full and freed (commits on ${writer}): held ${f.heldMs} ms after the disk filled, resumed ` +
        `${f.resumedMs} ms after it was freed; ${f.weeks} weeks, ` +
        `${f.acked} decisions acknowledged, all in the log; refusals ${JSON.stringify(f.refusals)}`,
    );
  },
);
