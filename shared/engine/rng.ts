import { cosTurns, ln } from "../math/deterministic.ts";
import type { Rng } from "./types.ts";

/** sfc32 state: four uint32 words. Plain data so it can live inside a simulation state. */
export type RngState = [number, number, number, number];

/** Seeds sfc32 from one integer (splitmix32 spreads the bits, then 12 warm-up draws). */
export function seedRng(seed: number): RngState {
  const state: RngState = [0, 0, 0, 0];
  reseedRng(state, seed);
  return state;
}

/** seedRng into an existing state, in place (a generator made with createRng(state) follows it). */
export function reseedRng(state: RngState, seed: number): void {
  let s = seed >>> 0;
  // splitmix32 for each word, written out (no closure per call: the bare path reseeds a million times).
  for (let i = 0; i < 4; i++) {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    state[i] = (z ^ (z >>> 16)) >>> 0;
  }
  for (let i = 0; i < 12; i++) step(state);
}

/** Advances sfc32 one draw; returns the 32-bit output. */
function step(state: RngState): number {
  let a = state[0];
  let b = state[1];
  let c = state[2];
  let d = state[3];
  const t = (((a + b) | 0) + d) | 0;
  d = (d + 1) | 0;
  a = b ^ (b >>> 9);
  b = (c + (c << 3)) | 0;
  c = (c << 21) | (c >>> 11);
  c = (c + t) | 0;
  state[0] = a;
  state[1] = b;
  state[2] = c;
  state[3] = d;
  return t >>> 0;
}

/** A uniform draw in [0, 1) from `state`, advanced in place: createRng(state).next() without the closure. */
export function uniformDraw(state: RngState): number {
  return step(state) / 4294967296;
}

/**
 * A standard normal draw from `state`, advanced in place: createRng(state).normal() without the
 * closure. Box–Muller without a cached spare (engine-independent ln and cos: the same draw in every
 * browser), so the stream position depends only on the draw count.
 */
export function normalDraw(state: RngState): number {
  const u = 1 - uniformDraw(state);
  const v = uniformDraw(state);
  return Math.sqrt(-2 * ln(u)) * cosTurns(v);
}

/** A generator that advances `state` in place. */
export function createRng(state: RngState): Rng {
  const next = (): number => uniformDraw(state);
  return {
    next,
    normal: () => normalDraw(state),
    int(lo, hi) {
      return lo + Math.floor(next() * (hi - lo + 1));
    },
  };
}
