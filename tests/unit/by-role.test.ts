import { describe, expect, it } from "vitest";
import { ByRole } from "../../shared/round/by-role.ts";

describe("ByRole: values per role of a round", () => {
  it("keeps, replaces, deletes and clears values like a Map keyed by the round's roles", () => {
    const m = new ByRole<{ order: number }>(["retailer", "wholesaler", "factory"]);
    expect(m.size).toBe(0);
    expect(m.get("retailer")).toBeUndefined();
    m.set("wholesaler", { order: 4 });
    m.set("factory", { order: 8 });
    m.set("wholesaler", { order: 5 });
    expect(m.get("wholesaler")).toEqual({ order: 5 });
    expect(m.has("factory")).toBe(true);
    expect(m.has("retailer")).toBe(false);
    expect(m.size).toBe(2);
    expect([...m]).toEqual([
      ["wholesaler", { order: 5 }],
      ["factory", { order: 8 }],
    ]);
    m.delete("factory");
    m.delete("nobody");
    expect(m.has("factory")).toBe(false);
    expect(m.size).toBe(1);
    m.clear();
    expect(m.size).toBe(0);
    expect(m.get("wholesaler")).toBeUndefined();
    m.set("retailer", { order: 1 });
    expect(m.get("retailer")).toEqual({ order: 1 });
  });

  it("refuses a role the round does not have, and has nothing under it", () => {
    const m = new ByRole<number>(["retailer"]);
    expect(() => m.set("brewery", 1)).toThrow('unknown role "brewery"; roles: retailer');
    expect(m.get("brewery")).toBeUndefined();
    expect(m.has("brewery")).toBe(false);
  });
});
