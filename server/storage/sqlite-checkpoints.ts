// Keeps a database file's write-ahead log copied back (checkpoints), for whichever thread writes it.
// The copying runs on a thread of its own (sqlite-checkpointer.ts), started with the first write: a
// process that writes nothing has nothing to copy back. Should that thread fail, the writer's own
// connection takes the checkpoints over (holding commits while each runs): never none, or the log
// would grow without end.

import { once } from "node:events";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

// Beside this file, from the sources (.ts) or from the compiled build (.js).
const CHECKPOINTER = new URL(
  import.meta.url.endsWith(".ts") ? "./sqlite-checkpointer.ts" : "./sqlite-checkpointer.js",
  import.meta.url,
);

export class Checkpoints {
  private readonly file: string;
  private readonly everyMs: number;
  private readonly writer: Database.Database;
  private readonly warn: (message: string) => void;
  private thread: Worker | undefined;
  private here: NodeJS.Timeout | undefined;
  private stopping = false;

  /** `writer`: the connection that takes the checkpoints over if the thread fails. */
  constructor(file: string, everyMs: number, writer: Database.Database, warn: (message: string) => void) {
    this.file = file;
    this.everyMs = everyMs;
    this.writer = writer;
    this.warn = warn;
  }

  /** Starts them, once (later calls do nothing). */
  start(): void {
    if (this.thread || this.here || this.stopping) return;
    let thread: Worker;
    try {
      thread = new Worker(CHECKPOINTER, { workerData: { file: this.file, checkpointMs: this.everyMs } });
    } catch (e) {
      // Not even started (no threads left, say): the write that asked must not fail for it.
      this.warn(
        `SQLite checkpoint thread failed (${e instanceof Error ? e.message : e}): the writer checkpoints instead`,
      );
      this.checkpointHere();
      return;
    }
    thread.on("error", (e: Error) =>
      this.warn(`SQLite checkpoint thread failed (${e.message}): the writer checkpoints instead`),
    );
    thread.on("exit", () => {
      this.thread = undefined;
      if (!this.stopping) this.checkpointHere();
    });
    this.thread = thread;
  }

  private checkpointHere(): void {
    this.here = setInterval(() => {
      try {
        this.writer.pragma("wal_checkpoint(PASSIVE)");
      } catch {
        // The next one will try again.
      }
    }, this.everyMs);
    // Like the thread it replaces, it keeps no process alive on its own.
    this.here.unref();
  }

  /** Stops them; the caller then copies the rest back itself before closing. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.here);
    const thread = this.thread;
    if (!thread) return;
    thread.postMessage("stop");
    await Promise.race([once(thread, "message"), once(thread, "exit")]).catch(() => {});
  }
}
