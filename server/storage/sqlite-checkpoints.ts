// Keeps a database file's write-ahead log copied back (checkpoints), for whichever thread writes it.
// The copying runs on a thread of its own (sqlite-checkpointer.ts), started with the first write: a
// process that writes nothing has nothing to copy back. Should that thread fail, the writer's own
// connection takes the checkpoints over (holding commits while each runs): never none, or the log
// would grow without end.

import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

// Beside this file, from the sources (.ts) or from the compiled build (.js).
const CHECKPOINTER = new URL(
  import.meta.url.endsWith(".ts") ? "./sqlite-checkpointer.ts" : "./sqlite-checkpointer.js",
  import.meta.url,
);

/** What `PRAGMA wal_checkpoint` returns: frames in the log, and how many of them are copied back. */
export interface WalCheckpoint {
  busy: number;
  log: number;
  checkpointed: number;
}

/** What the checkpoint thread is started with (its workerData). */
export interface CheckpointerData {
  file: string;
  checkpointMs: number;
  restartFrames: number;
}

/** From the checkpoint thread: the log is long and has not started over; or, asked to stop, it has. */
export type CheckpointerMessage = "restart" | "stopped";

/**
 * A log this long (in frames of a page each: 4 KB) is made to start over. SQLite writes the log from
 * its beginning again only when a write begins with every frame copied back. Under steady writes the
 * checkpoint thread never sees that moment: frames come in while it copies, and the log grew here by
 * 20 MB a second at 500 busy rooms, each write extending the file. So the writer, between two commits,
 * copies the last frames itself. It pays one sync of the log and the database for it, rarely.
 */
export const RESTART_FRAMES = 8192;

export class Checkpoints {
  private readonly file: string;
  private readonly everyMs: number;
  private readonly restartFrames: number;
  private readonly writer: Database.Database;
  private readonly warn: (message: string) => void;
  private thread: Worker | undefined;
  private here: NodeJS.Timeout | undefined;
  private stopping = false;

  /**
   * `writer`: the connection that copies the last frames back when the log is long, and takes the
   * checkpoints over if the thread fails. `restartFrames`: see RESTART_FRAMES (tests make it small).
   */
  constructor(
    file: string,
    everyMs: number,
    writer: Database.Database,
    warn: (message: string) => void,
    restartFrames = RESTART_FRAMES,
  ) {
    this.file = file;
    this.everyMs = everyMs;
    this.restartFrames = restartFrames;
    this.writer = writer;
    this.warn = warn;
  }

  /** Starts them, once (later calls do nothing). */
  start(): void {
    if (this.thread || this.here || this.stopping) return;
    let thread: Worker;
    try {
      thread = new Worker(CHECKPOINTER, {
        workerData: {
          file: this.file,
          checkpointMs: this.everyMs,
          restartFrames: this.restartFrames,
        } satisfies CheckpointerData,
      });
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
    thread.on("message", (m: CheckpointerMessage) => {
      if (m === "restart") this.checkpointOnWriter();
    });
    thread.on("exit", () => {
      this.thread = undefined;
      if (!this.stopping) this.checkpointHere();
    });
    this.thread = thread;
  }

  /**
   * A checkpoint on the writer's connection, between two of its commits: it copies back every frame
   * (no other writer can add one meanwhile), so the next commit starts the log over.
   */
  private checkpointOnWriter(): void {
    if (this.stopping) return;
    try {
      this.writer.pragma("wal_checkpoint(PASSIVE)");
    } catch {
      // The next one will try again.
    }
  }

  private checkpointHere(): void {
    this.here = setInterval(() => this.checkpointOnWriter(), this.everyMs);
    // Like the thread it replaces, it keeps no process alive on its own.
    this.here.unref();
  }

  /** Stops them; the caller then copies the rest back itself before closing. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.here);
    const thread = this.thread;
    if (!thread) return;
    const stopped = new Promise<void>((resolve) => {
      thread.on("message", (m: CheckpointerMessage) => m === "stopped" && resolve());
      thread.once("exit", () => resolve());
    });
    thread.postMessage("stop");
    await stopped;
  }
}
