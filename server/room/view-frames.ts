// Colyseus encodes a patch once per client view and keeps those frames, for the length of one patch,
// in a Map on the room's serializer that it clears after sending them. Map.prototype.clear() swaps
// in a new table at once, and that table then lives until the next patch: long enough to be moved to
// the old generation, where, once replaced, it still points at the frames of its patch. A collection
// of the young generation takes every pointer from an old object as alive without looking whether
// that object is itself garbage, so every frame sent survived it and was promoted, and the pause grew
// by that much (docs/performance.md). These slots hold the frames instead and let them go on clear.

import type { Room } from "@colyseus/core";

/** The part of a Map the serializer uses, kept in two arrays that are emptied in place. */
export class ViewFrames<K, V> {
  private readonly keys: (K | undefined)[] = [];
  private readonly values: (V | undefined)[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(key: K): V | undefined {
    const i = this.keys.indexOf(key);
    return i < 0 || i >= this.count ? undefined : this.values[i];
  }

  set(key: K, value: V): this {
    let i = this.keys.indexOf(key);
    if (i < 0 || i >= this.count) i = this.count++;
    this.keys[i] = key;
    this.values[i] = value;
    return this;
  }

  /** Forgets every frame, keeping the arrays: nothing is left pointing at them. */
  clear(): void {
    for (let i = 0; i < this.count; i++) {
      this.keys[i] = undefined;
      this.values[i] = undefined;
    }
    this.count = 0;
  }
}

/**
 * Puts ViewFrames in place of the serializer's Map of encoded views. Returns false (and changes
 * nothing) if this version of Colyseus keeps them otherwise: the frames are then only retained longer.
 */
export function holdViewFramesBriefly(room: Room): boolean {
  const serializer = (room as unknown as { _serializer?: { encodedViews?: unknown } })._serializer;
  if (!serializer || !(serializer.encodedViews instanceof Map)) return false;
  serializer.encodedViews = new ViewFrames();
  return true;
}
