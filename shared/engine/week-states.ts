// Every week's state of a round. A round keeps them all for its debrief, and kept as objects they were
// what each young-generation collection of a busy server copied (about 2 KB a Beer Game week: arrays
// and objects). Packed in the state's layout they are one growing Float64Array per round; a week is
// built back as an object when someone reads it.
//
// The current week too: a busy server keeps hundreds of rounds, and each round holding its current
// state as an object (read many times a week, replaced every week) was half of what every
// young-generation collection copied at 200–500 rooms. Instead one current state is held for the whole
// process (`current`): the round read last, as the model returned it or as built back. Reads of one
// round in a row (a step and what reads the state around it) get the same object, which a model's cache
// may key on; a read after another round's builds it afresh. (A scenario with packed views observes
// from the numbers and does not build it at all: see Simulation.observe.) States are never changed in
// place: an object a caller holds stays the week it was.

import type { StateLayout } from "./layout.ts";

/** Weeks made room for at first. */
const FIRST_WEEKS = 16;

/**
 * The one current state held for the process: whose, which week (its index), and the object. It keeps
 * that one round's weeks reachable until another round is read: one round at most, even once it ended.
 */
const current: { owner: WeekStates<unknown> | null; t: number; state: unknown } = {
  owner: null,
  t: -1,
  state: undefined,
};

export class WeekStates<S> {
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
    this.packed = new Float64Array(Math.max(1, Math.min(capacity, FIRST_WEEKS)) * this.size);
    layout.pack(first, this.packed, 0);
    this.objects = layout.unpack ? null : [first];
    this.hold(0, first);
  }

  /** Makes `state` (week index t, this round's) the process' current state. */
  private hold(t: number, state: S): void {
    if (this.objects) return;
    current.owner = this as WeekStates<unknown>;
    current.t = t;
    current.state = state;
  }

  /** Weeks held: the last is week length − 1. */
  get length(): number {
    return this.count;
  }

  get last(): S {
    return this.at(this.count - 1)!;
  }

  push(state: S): void {
    this.objects?.push(state);
    this.layout.pack(state, this.roomForNext(), this.count * this.size);
    this.count++;
    this.hold(this.count - 1, state);
  }

  /**
   * Adds the next week by its numbers: `write(x, from, to)` reads the last week at x[from …] and writes
   * the new one at x[to …]. No object is made for either; a later read builds one. Only for a layout
   * that builds weeks back (`unpack`).
   */
  pushPacked(write: (x: Float64Array, from: number, to: number) => void): void {
    if (this.objects) throw new Error("this layout keeps its weeks as objects");
    write(this.roomForNext(), (this.count - 1) * this.size, this.count * this.size);
    this.count++;
  }

  /** The packed weeks, with room for one more. */
  private roomForNext(): Float64Array {
    let packed = this.packed;
    if ((this.count + 1) * this.size > packed.length) {
      // Up to the expected length, then (a round longer than expected) doubling on.
      const weeks = this.count < this.capacity ? Math.min(this.count * 2, this.capacity) : this.count * 2;
      const grown = new Float64Array(weeks * this.size);
      grown.set(packed);
      this.packed = packed = grown;
    }
    return packed;
  }

  /**
   * Week t's state, built afresh from its numbers; the current week's is the process' current state
   * when that is this round's (the model's own object just after a step), else built and held as it.
   */
  at(t: number): S | undefined {
    if (!Number.isInteger(t) || t < 0 || t >= this.count) return undefined;
    if (this.objects) return this.objects[t];
    const latest = t === this.count - 1;
    if (latest && current.owner === this && current.t === t) return current.state as S;
    const state = this.layout.unpack!(this.packed, t * this.size);
    if (latest) this.hold(t, state);
    return state;
  }

  /** Every week's state, in order (built afresh, but for the current one: see `at`). */
  all(): S[] {
    const out: S[] = [];
    for (let t = 0; t < this.count; t++) out.push(this.at(t)!);
    return out;
  }

  /**
   * Where week t's numbers start in `numbers` (t × layout size), or −1 when there is no week t. The
   * numbers are the round's own: read them, never change them.
   */
  offsetOf(t: number): number {
    return Number.isInteger(t) && t >= 0 && t < this.count ? t * this.size : -1;
  }

  /** Every week's numbers, in the layout (see offsetOf); a new array after it grows. */
  get numbers(): Float64Array {
    return this.packed;
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
