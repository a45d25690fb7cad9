import { describe, expect, it } from "vitest";
import { withRoom } from "../../shared/engine/grow.ts";

describe("withRoom: a growing typed array", () => {
  it("keeps the array while it has room, else copies it into one at least twice as large", () => {
    const a = Float64Array.of(1.5, -0, 3);
    expect(withRoom(a, 3)).toBe(a);
    const b = withRoom(a, 4);
    expect(b).toBeInstanceOf(Float64Array);
    expect(b.length).toBe(6);
    expect([...b.subarray(0, 3)]).toEqual([1.5, -0, 3]);
    const c = withRoom(Uint8Array.of(7), 9);
    expect(c).toBeInstanceOf(Uint8Array);
    expect(c.length).toBe(16);
    expect(c[0]).toBe(7);
    expect(withRoom(new Uint8Array(0), 1).length).toBeGreaterThanOrEqual(1);
  });
});
