// Colyseus objects of one patch that long-lived objects kept alive, and what holds them instead.
//
// Colyseus encodes a patch once per client view and keeps those frames, for the length of one patch,
// in a Map on the room's serializer that it clears after sending them. Map.prototype.clear() swaps
// in a new table at once, and that table then lives until the next patch: long enough to be moved to
// the old generation, where, once replaced, it still points at the frames of its patch. A collection
// of the young generation takes every pointer from an old object as alive without looking whether
// that object is itself garbage, so every frame sent survived it and was promoted, and the pause grew
// by that much (docs/performance.md). These slots hold the frames instead and let them go on clear.

import type { Room } from "@colyseus/core";
import { StateView } from "@colyseus/schema";

/** The part of a Map the serializer uses, kept in two arrays that are emptied in place. */
export class ViewFrames<K, V> {
  private readonly keys: (K | undefined)[] = [];
  private readonly values: (V | undefined)[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  // Slots past `count` hold undefined, which is never a key: indexOf finds only this patch's views.
  get(key: K): V | undefined {
    const i = this.keys.indexOf(key);
    return i < 0 ? undefined : this.values[i];
  }

  set(key: K, value: V): this {
    let i = this.keys.indexOf(key);
    if (i < 0) i = this.count++;
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

/** Where Colyseus keeps a room's encoded views (a private field: the team room test checks it is there). */
export function encodedViewsOf(room: Room): unknown {
  return (room as unknown as { _serializer?: { encodedViews?: unknown } })._serializer?.encodedViews;
}

/**
 * Puts ViewFrames in place of the serializer's Map of encoded views. A Colyseus that keeps them
 * otherwise is left as it is (the frames are only retained longer), and the team room test fails.
 */
export function holdViewFramesBriefly(room: Room): void {
  if (!(encodedViewsOf(room) instanceof Map)) return;
  (room as unknown as { _serializer: { encodedViews: unknown } })._serializer.encodedViews = new ViewFrames();
}

/** A Map whose clear() leaves an empty map as it is: V8 swaps in a new table on every clear. */
export class ClearWhenFilledMap<K, V> extends Map<K, V> {
  override clear(): void {
    if (this.size > 0) super.clear();
  }
}

/**
 * A client's StateView. After encoding each patch for a view Colyseus clears the view's own queue of
 * changes, which is empty in steady play (it holds only what `add` and `remove` queue): each of those
 * clears put a new table into a long-lived view, where it outlived the next scavenge as the frames did
 * above. The queue clears only when something is in it.
 */
export function clientView(): StateView {
  const view = new StateView();
  view.changes = new ClearWhenFilledMap();
  return view;
}
