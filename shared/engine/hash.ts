// A cheap, stable 64-bit hash (two 32-bit FNV-1a-style lanes) of plain data, so a replay can
// prove it re-simulated the same round. Numbers are hashed by their float64 bits.

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

/** 16 hex digits. */
export function hashState(value: unknown): string {
  const h = new Hasher();
  h.value(value);
  return (h.h1 >>> 0).toString(16).padStart(8, "0") + (h.h2 >>> 0).toString(16).padStart(8, "0");
}
