import { describe, expect, it } from "vitest";
import { ViewFrames } from "../../server/room/view-frames.ts";

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
