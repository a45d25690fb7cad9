// The SQLite checkpoint thread: copies the write-ahead log back into the database file on its own
// connection. A checkpoint syncs the file to disk (10–25 ms a second at 200 busy rooms here); run on
// the writer thread it held every commit — and so every decision waiting to be shown — for that long.
// SQLite lets a passive checkpoint run while the writer appends to the log.

import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import type { CheckpointerData, CheckpointerMessage, WalCheckpoint } from "./sqlite-checkpoints.ts";

// The lowest priority: a checkpoint can wait for idle time, the rooms and the writer cannot, and on a
// busy core it would otherwise take its turns from them. Linux names this thread in
// /proc/thread-self; elsewhere it keeps the process' priority.
try {
  setPriority(Number(readlinkSync("/proc/thread-self").split("/").pop()), 19);
} catch {
  // Not Linux, or not allowed: the default priority.
}

const { file, checkpointMs, restartFrames } = workerData as CheckpointerData;
const db = new Database(file);
db.pragma("busy_timeout = 5000");

// PASSIVE never waits for the writer or readers (busy is not an error); what it copies lets the log
// start over. A failed checkpoint (a full disk, say) is tried again next time, as on the writer: only a
// thread that cannot run at all hands them to the writer (sqlite-checkpoints.ts), for good.
const timer = setInterval(() => {
  try {
    const [r] = db.pragma("wal_checkpoint(PASSIVE)") as WalCheckpoint[];
    // Under steady writes this copy never catches up with the log, so the log never starts over
    // (RESTART_FRAMES in sqlite-checkpoints.ts): copy what came meanwhile, then ask the writer to copy
    // the last few frames.
    if (r && r.log >= restartFrames) {
      db.pragma("wal_checkpoint(PASSIVE)");
      parentPort!.postMessage("restart" satisfies CheckpointerMessage);
    }
  } catch {
    // The next one will try again.
  }
}, checkpointMs);

parentPort!.once("message", () => {
  clearInterval(timer);
  db.close();
  parentPort!.postMessage("stopped" satisfies CheckpointerMessage);
});
