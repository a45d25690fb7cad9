// Stable 64-bit hashes of simulation states, so a replay can prove it re-simulated the same round.
// Numbers are hashed by their float64 bits.
//
// Version 2 (`v2:` + 16 hex digits, the weekly hash since record format 2) reads the state's numbers in
// its scenario's fixed layout (see layout.ts): the key names enter once, as the layout's seed, and a
// week costs four multiply-rotate lanes over the numbers' 32-bit halves. Version 1 (16 hex digits, no
// prefix) walked the plain data and hashed every key string every week; rounds recorded with it still
// replay: `hashState` below is that hash, kept for them (see Simulation.hashMatches).

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

class Hasher {
  h1 = 0x811c9dc5;
  h2 = 0x01000193 ^ 0x5bd1e995;
  word(w: number): void {
    this.h1 = Math.imul(this.h1 ^ w, 0x01000193);
    this.h2 = Math.imul(this.h2 ^ ((w << 7) | (w >>> 25)), 0x5bd1e995);
    this.h2 ^= this.h2 >>> 15;
  }
  value(v: unknown): void {
    switch (typeof v) {
      case "number":
        f64[0] = v;
        this.word(1);
        this.word(u32[0]!);
        this.word(u32[1]!);
        return;
      case "string":
        this.word(2);
        this.word(v.length);
        for (let i = 0; i < v.length; i++) this.word(v.charCodeAt(i));
        return;
      case "boolean":
        this.word(v ? 3 : 4);
        return;
      case "undefined":
        this.word(5);
        return;
      case "object":
        if (v === null) {
          this.word(6);
        } else if (Array.isArray(v)) {
          this.word(7);
          this.word(v.length);
          for (const x of v) this.value(x);
        } else {
          this.word(8);
          // Key order is part of the hash: states are built by the same code in the same order,
          // and JSON round-trips keep it.
          for (const k in v as Record<string, unknown>) {
            this.value(k);
            this.value((v as Record<string, unknown>)[k]);
          }
        }
        return;
      default:
        throw new Error(`cannot hash a ${typeof v}`);
    }
  }
}

/** Version 1: 16 hex digits of plain data, keys included. Kept for rounds recorded before version 2. */
export function hashState(value: unknown): string {
  const h = new Hasher();
  h.value(value);
  return (h.h1 >>> 0).toString(16).padStart(8, "0") + (h.h2 >>> 0).toString(16).padStart(8, "0");
}

/** The weekly hash's version 2 (record format 2) prefixes its hashes. */
export const HASH_PREFIX = "v2:";

/** Whether a recorded hash is of version 1 (16 hex digits, no prefix). */
export function isVersion1Hash(hash: string): boolean {
  return !hash.startsWith(HASH_PREFIX);
}

const hex8 = (x: number): string => (x >>> 0).toString(16).padStart(8, "0");

/**
 * The version-2 hash of one layout (a scenario's state numbers in a fixed order). The layout's key
 * names are hashed once, here, into the lanes' seeds. `hash` reads the week, the random stream's four
 * words and `count` numbers of a Float64Array (through a Uint32Array over the same memory), and leaves
 * the two 32-bit lanes in `h1`, `h2`: no allocation, no strings.
 */
export class LayoutHasher {
  readonly size: number;
  private readonly seed1: number;
  private readonly seed2: number;
  h1 = 0;
  h2 = 0;

  constructor(keys: readonly string[]) {
    this.size = keys.length;
    const k = new Hasher();
    k.value(keys as string[]);
    this.seed1 = k.h1 | 0;
    this.seed2 = k.h2 | 0;
  }

  /**
   * Hashes (week, rng, numbers[from … from + size − 1]) given `words`, a Uint32Array over the numbers'
   * buffer. Four independent lanes (MurmurHash3 x86-128's structure) take the 32-bit words in turn.
   */
  hash(week: number, rng: ArrayLike<number>, words: Uint32Array, from: number): void {
    let a = lane(this.seed1, week | 0);
    let b = lane(this.seed2, rng[0]! | 0);
    let c = lane(this.seed1 ^ 0x9e3779b9, rng[1]! | 0);
    let d = lane(this.seed2 ^ 0x7f4a7c15, rng[2]! | 0);
    a = lane(a, rng[3]! | 0);
    const end = (from + this.size) * 2;
    let i = from * 2;
    for (; i + 3 < end; i += 4) {
      a = lane(a, words[i]!);
      b = lane(b, words[i + 1]!);
      c = lane(c, words[i + 2]!);
      d = lane(d, words[i + 3]!);
    }
    if (i < end) {
      a = lane(a, words[i]!);
      b = lane(b, words[i + 1]!);
    }
    a ^= this.size;
    a = (a + b + c + d) | 0;
    b = (b + a) | 0;
    c = (c + a) | 0;
    d = (d + a) | 0;
    a = fmix(a);
    b = fmix(b);
    c = fmix(c);
    d = fmix(d);
    a = (a + b + c + d) | 0;
    this.h1 = a;
    this.h2 = (b + a) | 0;
  }

  /** The last hash as text: `v2:` and 16 hex digits. */
  text(): string {
    return HASH_PREFIX + hex8(this.h1) + hex8(this.h2);
  }
}

// MurmurHash3's block and finalisation steps (public domain, Austin Appleby).
function lane(h: number, w: number): number {
  let k = Math.imul(w, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
