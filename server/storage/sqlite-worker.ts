// The SQLite writer thread: commits batches of appends in order, off the rooms' thread. Checkpoints
// run on a thread of their own (sqlite-checkpointer) so that they never hold a commit.

import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { type CheckpointerData, Checkpoints } from "./sqlite-checkpoints.ts";
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
/** Something the operator should know that answers no request (id 0). */
export type WorkerNotice = { id: 0; warning: string };

/** What the writer thread is started with: the checkpoint thread's settings, and how often it folds. */
export type WriterData = CheckpointerData & { foldMs: number };

// The writer thread takes the checkpoint thread's settings, and starts that thread itself.
const { file, checkpointMs, restartFrames, foldMs } = workerData as WriterData;
const db = new Database(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("foreign_keys = ON");
db.pragma("busy_timeout = 5000");
db.pragma("wal_autocheckpoint = 0");
const writer = new SqliteWriter(db);

const warn = (warning: string) => parentPort!.postMessage({ id: 0, warning } satisfies WorkerNotice);

const checkpoints = new Checkpoints(file, checkpointMs, db, warn, restartFrames);
writer.journals.startFolding(foldMs, warn);

parentPort!.on("message", async (m: WorkerRequest) => {
  const reply = (errors: (string | null)[]) =>
    parentPort!.postMessage({ id: m.id, errors } satisfies WorkerReply);
  if (m.kind !== "stop") checkpoints.start();
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
      writer.journals.empty(warn);
      await checkpoints.stop();
      try {
        db.pragma("wal_checkpoint(TRUNCATE)");
      } finally {
        db.close();
        reply([]);
      }
      return;
  }
});
