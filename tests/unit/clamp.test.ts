import { describe, expect, it } from "vitest";
import { clamp } from "../../shared/math/clamp.ts";

describe("clamp", () => {
  it("holds a value within its bounds", () => {
    expect(clamp(5, 0, 10)).toBe(5);
    expect(clamp(-1, 0, 10)).toBe(0);
    expect(clamp(11, 0, 10)).toBe(10);
    expect(clamp(Number.POSITIVE_INFINITY, 0, 1)).toBe(1);
  });
  it("passes NaN through rather than hiding it as a bound", () => {
    expect(clamp(Number.NaN, 0, 1)).toBeNaN();
  });
});
