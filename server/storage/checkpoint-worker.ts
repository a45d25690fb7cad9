// Runs SQLite WAL checkpoints on its own thread: a checkpoint syncs the database file to disk, which
// on a slow disk takes long enough to stall every room if done on the main thread.

import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const db = new Database(file);
db.pragma("busy_timeout = 1000");
const timer = setInterval(() => {
  try {
    // PASSIVE never blocks the writer; it copies what it can and lets the WAL be reused.
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // Busy: the next round will do it.
  }
}, intervalMs);

parentPort!.on("message", (m) => {
  if (m === "stop") {
    clearInterval(timer);
    db.close();
    parentPort!.postMessage("stopped");
  }
});
