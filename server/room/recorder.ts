// A round's way into its log: appends in order, one at a time, each retried until it is durable.
// Events that arrive while an append is out wait and go together in the next one. When an append
// fails the recorder holds (the room pauses itself), retries with back-off, and releases the hold
// once an append succeeds: nothing is dropped and nothing is written out of order, so the log never
// has a hole. The queue is bounded: past `maxQueued` waiting events the room refuses new requests.

import { backoffMs } from "../backoff.ts";
import { FencedError, type NewEvent, type RoundPatch } from "../storage/types.ts";

export interface RecorderOptions {
  /** One append (storage.append for this round): resolves once durable, rejects if nothing was written. */
  write(events: NewEvent[], patch: RoundPatch): Promise<void>;
  /** Recording started failing (true) or works again (false). */
  hold(held: boolean): void;
  /** Everything queued so far is durable: what the room applied may now be shown. */
  drained(): void;
  log(message: string, error?: unknown): void;
  /** Events that may wait (queued or being written) before `full`. */
  maxQueued?: number;
  /** First retry delay and its ceiling (doubling in between). */
  retryMs?: { first: number; max: number };
}

interface Batch {
  events: NewEvent[];
  patch: RoundPatch;
  waiters: (() => void)[];
}

const empty = (): Batch => ({ events: [], patch: {}, waiters: [] });

export class Recorder {
  private readonly o: Required<RecorderOptions>;
  /**
   * The batch that gathers the next append, made by the append that starts it: one made ready when the
   * previous write started would wait for the room's next append (a decision, a week: most of a
   * second), long enough to outlive a young-generation collection or two at a busy server's rate.
   */
  private next: Batch | null = null;
  private writing: Batch | null = null;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private stopped = false;
  /** Recording is failing: the room is paused until an append succeeds. */
  held = false;
  /**
   * Another process owns the round now (an append was fenced): nothing more is written or retried;
   * the round keeper's next renewal reports it lost and hands the room over.
   */
  fenced = false;

  constructor(opts: RecorderOptions) {
    this.o = { maxQueued: 500, retryMs: { first: 200, max: 5000 }, ...opts };
  }

  /** Nothing waits to be written: every event appended so far is durable. */
  get idle(): boolean {
    return this.writing === null && !this.next?.waiters.length;
  }

  /** Events waiting or being written. */
  get queued(): number {
    return (this.next?.events.length ?? 0) + (this.writing?.events.length ?? 0);
  }

  /** The queue is at its bound: refuse new requests until it drains. */
  get full(): boolean {
    return this.queued >= this.o.maxQueued;
  }

  /** Queues events (and an index patch: later values win); resolves once they are durable. */
  append(events: NewEvent[], patch?: RoundPatch): Promise<void> {
    this.next ??= empty();
    const b = this.next;
    for (const e of events) b.events.push(e);
    if (patch) Object.assign(b.patch, patch);
    const durable = new Promise<void>((resolve) => b.waiters.push(resolve));
    this.pump();
    return durable;
  }

  /** Resolves once everything queued until now is durable. */
  settled(): Promise<void> {
    return this.idle || this.stopped ? Promise.resolve() : this.append([]);
  }

  /** No more writes or retries (the room is gone); what waits stays unresolved. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
  }

  private pump(): void {
    const b = this.next;
    if (this.writing || this.stopped || this.retryTimer || !b?.waiters.length) return;
    this.next = null;
    this.writing = b;
    // An empty batch (settled) has nothing to write but still waits its turn.
    const write =
      b.events.length === 0 && Object.keys(b.patch).length === 0
        ? Promise.resolve()
        : this.o.write(b.events, b.patch);
    write.then(
      () => {
        this.writing = null;
        this.failures = 0;
        for (const w of b.waiters) w();
        if (this.held) {
          this.held = false;
          this.o.log("recording works again: play resumes");
          this.o.hold(false);
        }
        if (this.idle) this.o.drained();
        else this.pump();
      },
      (e: unknown) => {
        if (e instanceof FencedError) {
          // Retrying cannot help: the adopter writes this round's log now.
          this.writing = null;
          this.fenced = true;
          this.stop();
          return;
        }
        // Nothing of this batch was written: it goes first again, with whatever arrived since.
        this.writing = null;
        const later = this.next ?? empty();
        this.next = {
          events: [...b.events, ...later.events],
          patch: { ...b.patch, ...later.patch },
          waiters: [...b.waiters, ...later.waiters],
        };
        this.failures++;
        const { first, max } = this.o.retryMs;
        const delay = backoffMs(this.failures, first, max);
        if (!this.held) {
          this.held = true;
          this.o.log(`recording failed: play pauses; retrying every ${max / 1000} s at most`, e);
          this.o.hold(true);
        }
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.pump();
        }, delay);
        this.retryTimer.unref?.();
      },
    );
  }
}
