import { afterEach, describe, expect, it } from "vitest";
import { en } from "../../client/strings/en.ts";
import { fill, type StringTable, t, tAny, tData, useStrings } from "../../client/strings/index.ts";

afterEach(() => useStrings(en));

describe("strings table", () => {
  it("fills placeholders and leaves unknown ones visible", () => {
    expect(t("pace.week", { week: 3, horizon: 36 })).toBe("Week 3 of 36");
    expect(fill("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });
  it("swaps in a translation as one table, with scenario data translated by key or left in English", () => {
    const de = Object.fromEntries(Object.keys(en).map((k) => [k, `de:${k}`])) as unknown as StringTable;
    useStrings(
      { ...de, "pace.week": "Woche {week} von {horizon}" },
      { "role.beer-game.retailer": "Einzelhandel" },
    );
    expect(t("pace.week", { week: 2, horizon: 10 })).toBe("Woche 2 von 10");
    expect(tData("role.beer-game.retailer", "Retailer")).toBe("Einzelhandel");
    expect(tData("role.beer-game.factory", "Factory")).toBe("Factory");
    expect(tAny("desk.submit")).toBe("de:desk.submit");
    expect(tAny("no.such.key")).toBe("no.such.key");
  });
  it("keeps every English text non-empty", () => {
    for (const [k, v] of Object.entries(en)) expect(v.trim(), k).not.toBe("");
  });
});
