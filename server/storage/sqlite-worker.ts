// The SQLite writer thread: commits batches of appends in order, off the rooms' thread. Checkpoints
// run on a thread of their own (sqlite-checkpointer) so that they never hold a commit.

import { once } from "node:events";
import { parentPort, Worker, workerData } from "node:worker_threads";
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
/** Something the operator should know that answers no request (id 0). */
export type WorkerNotice = { id: 0; warning: string };

const { file, checkpointMs } = workerData as { file: string; checkpointMs: number };
const db = new Database(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("foreign_keys = ON");
db.pragma("busy_timeout = 5000");
db.pragma("wal_autocheckpoint = 0");
const writer = new SqliteWriter(db);

const warn = (warning: string) => parentPort!.postMessage({ id: 0, warning } satisfies WorkerNotice);

// Started with the first write: a process that writes nothing has nothing to copy back, and an
// idle server does not carry the thread (about 12 MB). Should the thread fail, this thread takes the
// checkpoints over (holding commits while each runs, as before): never none, or the log would grow
// without end.
let checkpointer: Worker | undefined;
let checkpointsHere: NodeJS.Timeout | undefined;
let stopping = false;
function startCheckpoints(): void {
  if (checkpointer || checkpointsHere || stopping) return;
  // Beside this file, from the sources (.ts) or from the compiled build (.js).
  const thread = new Worker(
    new URL(
      import.meta.url.endsWith(".ts") ? "./sqlite-checkpointer.ts" : "./sqlite-checkpointer.js",
      import.meta.url,
    ),
    { workerData: { file, checkpointMs } },
  );
  thread.on("error", (e: Error) =>
    warn(`SQLite checkpoint thread failed (${e.message}): the writer checkpoints instead`),
  );
  thread.on("exit", () => {
    checkpointer = undefined;
    if (stopping) return;
    checkpointsHere = setInterval(() => {
      try {
        db.pragma("wal_checkpoint(PASSIVE)");
      } catch {
        // The next one will try again.
      }
    }, checkpointMs);
  });
  checkpointer = thread;
}

async function stopCheckpoints(): Promise<void> {
  stopping = true;
  clearInterval(checkpointsHere);
  if (!checkpointer) return;
  checkpointer.postMessage("stop");
  await Promise.race([once(checkpointer, "message"), once(checkpointer, "exit")]).catch(() => {});
}

parentPort!.on("message", async (m: WorkerRequest) => {
  const reply = (errors: (string | null)[]) =>
    parentPort!.postMessage({ id: m.id, errors } satisfies WorkerReply);
  if (m.kind !== "stop") startCheckpoints();
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
      await stopCheckpoints();
      try {
        db.pragma("wal_checkpoint(TRUNCATE)");
      } finally {
        db.close();
        reply([]);
      }
      return;
  }
});
