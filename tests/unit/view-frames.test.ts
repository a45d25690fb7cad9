import { PerformanceObserver } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { ClearWhenFilledMap, clientView, ViewFrames } from "../../server/room/view-frames.ts";

describe("ViewFrames: the serializer's frames of one patch", () => {
  it("finds each view's frame, replaces one set twice, and forgets them all on clear", () => {
    const frames = new ViewFrames<object, Uint8Array>();
    const a = {};
    const b = {};
    expect(frames.get(a)).toBeUndefined();
    frames.set(a, Uint8Array.of(1)).set(b, Uint8Array.of(2));
    expect(frames.get(a)).toEqual(Uint8Array.of(1));
    expect(frames.get(b)).toEqual(Uint8Array.of(2));
    frames.set(a, Uint8Array.of(3));
    expect(frames.size).toBe(2);
    expect(frames.get(a)).toEqual(Uint8Array.of(3));
    frames.clear();
    expect(frames.size).toBe(0);
    expect(frames.get(a)).toBeUndefined();
    expect(frames.get(b)).toBeUndefined();
    // The next patch's frames.
    frames.set(b, Uint8Array.of(4));
    expect(frames.get(b)).toEqual(Uint8Array.of(4));
    expect(frames.get(a)).toBeUndefined();
  });

  it("keeps no pointer to a frame once cleared, so an old copy of it cannot keep a frame alive", () => {
    const frames = new ViewFrames<object, Uint8Array>();
    for (let i = 0; i < 4; i++) frames.set({}, new Uint8Array(40));
    frames.clear();
    // What the instance holds, whatever its fields are called.
    const held = Object.values(frames).flatMap((v) => (Array.isArray(v) ? v : [v]));
    expect(held.some((v) => v instanceof Uint8Array)).toBe(false);
    expect(held.some((v) => typeof v === "object" && v !== null && !Array.isArray(v))).toBe(false);
  });
});

describe("ClearWhenFilledMap: a client view's queue of changes", () => {
  it("clears what it holds, like a Map", () => {
    const m = new ClearWhenFilledMap<number, string>([[1, "a"]]);
    m.set(2, "b");
    m.clear();
    expect(m.size).toBe(0);
    expect([...m]).toEqual([]);
    m.set(3, "c");
    expect([...m]).toEqual([[3, "c"]]);
    expect(clientView().changes).toBeInstanceOf(ClearWhenFilledMap);
  });

  it("allocates nothing when cleared empty, where a Map allocates a new table every time", async () => {
    // Counted in collections of the young generation while clearing an empty map many times over.
    const collections = async (m: Map<number, number>) => {
      let n = 0;
      const seen = new PerformanceObserver((list) => {
        n += list.getEntries().length;
      });
      seen.observe({ entryTypes: ["gc"] });
      for (let i = 0; i < 2_000_000; i++) m.clear();
      await new Promise((r) => setTimeout(r, 20));
      seen.disconnect();
      return n;
    };
    const plain = await collections(new Map());
    const quiet = await collections(new ClearWhenFilledMap());
    expect(plain).toBeGreaterThan(20);
    expect(quiet).toBeLessThan(plain / 10);
  });
});
