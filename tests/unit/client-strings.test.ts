import { afterEach, describe, expect, it } from "vitest";
import { en } from "../../client/strings/en.ts";
import { fill, paramText, type StringTable, t, tAny, tData, useStrings } from "../../client/strings/index.ts";
import { policies } from "../../shared/policies/index.ts";

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

describe("policy parameters", () => {
  it("gives every tunable parameter of every policy a label and a one-line help of its own", () => {
    for (const [scenario, table] of Object.entries(policies)) {
      for (const [name, spec] of Object.entries(table)) {
        // A fixed policy's parameters are the scenario's decisions, labelled by their specs.
        if (name === "fixed") continue;
        for (const [id, p] of Object.entries(spec.params)) {
          const text = paramText(id, p);
          expect(text.label, `${scenario}/${name}/${id}`).not.toBe(p.help);
          expect(text.label).not.toBe(id);
          expect(text.help).toMatch(/\.$/);
          expect(text.help.split("\n")).toHaveLength(1);
        }
      }
    }
  });
});
