// The SQLite checkpoint thread: copies the write-ahead log back into the database file on its own
// connection. A checkpoint syncs the file to disk (10–25 ms a second at 200 busy rooms here); run on
// the writer thread it held every commit — and so every decision waiting to be shown — for that long.
// SQLite lets a passive checkpoint run while the writer appends to the log.

import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { file, checkpointMs } = workerData as { file: string; checkpointMs: number };
const db = new Database(file);
db.pragma("busy_timeout = 5000");

// PASSIVE never waits for the writer or readers (busy is not an error); what it copies lets the log
// start over. An error ends the thread, and the writer checkpoints instead (sqlite-worker.ts).
const timer = setInterval(() => db.pragma("wal_checkpoint(PASSIVE)"), checkpointMs);

parentPort!.once("message", () => {
  clearInterval(timer);
  db.close();
  parentPort!.postMessage("stopped");
});
