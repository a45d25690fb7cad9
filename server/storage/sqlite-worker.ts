// The SQLite writer thread: commits batches of appends in order and runs the WAL checkpoints, whose
// sync of the database file to disk takes long enough on a slow disk to stall every room.

import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import {
  type CohortItem,
  type OwnedRoundRow,
  type OwnOp,
  SqliteWriter,
  type WriteItem,
} from "./sqlite-writer.ts";

export type WorkerRequest =
  | { id: number; kind: "write"; items: WriteItem[] }
  | { id: number; kind: "create"; row: OwnedRoundRow; first: WriteItem }
  | { id: number; kind: "own"; own: OwnOp }
  | { id: number; kind: "cohort"; cohort: CohortItem }
  | { id: number; kind: "stop" };

export type WorkerReply = { id: number; errors: (string | null)[]; done?: string[] };

const { file, checkpointMs } = workerData as { file: string; checkpointMs: number };
const db = new Database(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("foreign_keys = ON");
db.pragma("busy_timeout = 5000");
db.pragma("wal_autocheckpoint = 0");
const writer = new SqliteWriter(db);

const checkpoint = setInterval(() => {
  try {
    // PASSIVE never waits for readers; what it copies lets the WAL start over.
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // Busy: the next round will do it.
  }
}, checkpointMs);

parentPort!.on("message", (m: WorkerRequest) => {
  const reply = (errors: (string | null)[]) =>
    parentPort!.postMessage({ id: m.id, errors } satisfies WorkerReply);
  switch (m.kind) {
    case "write":
      reply(writer.write(m.items));
      return;
    case "own":
      try {
        parentPort!.postMessage({ id: m.id, errors: [null], done: writer.own(m.own) } satisfies WorkerReply);
      } catch (e) {
        reply([e instanceof Error ? e.message : String(e)]);
      }
      return;
    case "create":
    case "cohort":
      try {
        if (m.kind === "create") writer.create(m.row, m.first);
        else writer.saveCohort(m.cohort);
        reply([null]);
      } catch (e) {
        reply([e instanceof Error ? e.message : String(e)]);
      }
      return;
    case "stop":
      clearInterval(checkpoint);
      try {
        db.pragma("wal_checkpoint(TRUNCATE)");
      } finally {
        db.close();
        reply([]);
      }
      return;
  }
});
