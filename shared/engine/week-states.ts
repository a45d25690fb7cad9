// Every week's state of a round. A round keeps them all for its debrief, and kept as objects they were
// what each young-generation collection of a busy server copied (about 2 KB a Beer Game week: arrays
// and objects). Packed in the state's layout they are one growing Float64Array per round; a past week
// is built back as an object when someone reads it.

import type { StateLayout } from "./layout.ts";

/** Weeks made room for at first. */
const FIRST_WEEKS = 16;

export class WeekStates<S> {
  /** The latest state, as the model returned it (read many times a week; caches key on its identity). */
  private latest: S;
  private count = 1;
  /** Weeks 0 … count − 1 packed, `size` numbers each (what the weekly hash reads). */
  private packed: Float64Array;
  /** The states themselves, when the layout cannot build one back from its numbers; else null. */
  private readonly objects: S[] | null;
  private readonly size: number;
  private readonly layout: StateLayout<S>;
  private readonly capacity: number;
  private wordsView: Uint32Array | null = null;

  /**
   * `capacity`: the most weeks the round is expected to hold. Room is made for a few weeks at first and
   * doubles as the round goes on (a round set to hundreds of weeks does not carry them all from the start).
   */
  constructor(layout: StateLayout<S>, first: S, capacity: number) {
    this.layout = layout;
    this.capacity = capacity;
    this.size = layout.keys.length;
    this.latest = first;
    this.packed = new Float64Array(Math.max(1, Math.min(capacity, FIRST_WEEKS)) * this.size);
    layout.pack(first, this.packed, 0);
    this.objects = layout.unpack ? null : [first];
  }

  /** Weeks held: the last is week length − 1. */
  get length(): number {
    return this.count;
  }

  get last(): S {
    return this.latest;
  }

  push(state: S): void {
    this.latest = state;
    this.objects?.push(state);
    let packed = this.packed;
    if ((this.count + 1) * this.size > packed.length) {
      // Up to the expected length, then (a round longer than expected) doubling on.
      const weeks = this.count < this.capacity ? Math.min(this.count * 2, this.capacity) : this.count * 2;
      const grown = new Float64Array(weeks * this.size);
      grown.set(packed);
      this.packed = packed = grown;
    }
    this.layout.pack(state, packed, this.count * this.size);
    this.count++;
  }

  /** Week t's state: the latest as it is, an earlier one built afresh from its numbers. */
  at(t: number): S | undefined {
    if (!Number.isInteger(t) || t < 0 || t >= this.count) return undefined;
    if (t === this.count - 1) return this.latest;
    return this.objects ? this.objects[t] : this.layout.unpack!(this.packed, t * this.size);
  }

  /** Every week's state, in order (built afresh, but for the latest). */
  all(): S[] {
    const out: S[] = [];
    for (let t = 0; t < this.count; t++) out.push(this.at(t)!);
    return out;
  }

  /**
   * The packed weeks as 32-bit words (what the weekly hash reads; week t's numbers start at number
   * t × layout size). A new array after the buffer grows.
   */
  get words(): Uint32Array {
    if (this.wordsView?.buffer !== this.packed.buffer) this.wordsView = new Uint32Array(this.packed.buffer);
    return this.wordsView!;
  }
}
