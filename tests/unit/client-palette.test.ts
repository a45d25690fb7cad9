// One palette: the style sheets use only custom properties the palette sets, and no client file but
// the palette writes a colour out.

import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { BOARD, colourNumber, cssVariables, DESK_SERIES, UI } from "../../client/palette.ts";
import { COLORS } from "../../client/scenes/style.ts";

const client = resolve(import.meta.dirname, "../../client");
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
const sources = files(client).filter((f) => /\.(ts|css|html)$/.test(f));
const HEX = /#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|\b0x[0-9a-fA-F]{6}\b/g;

describe("the client's palette", () => {
  it("is the only client file that writes a colour out", () => {
    const found = sources
      .filter((f) => !f.endsWith("palette.ts"))
      .flatMap((f) => (readFileSync(f, "utf8").match(HEX) ?? []).map((c) => `${relative(client, f)}: ${c}`));
    expect(found).toEqual([]);
  });

  it("defines every custom property the style sheets read", () => {
    const defined = new Set(Object.keys(cssVariables()));
    const css = sources.filter((f) => f.endsWith(".css"));
    expect(css.length).toBeGreaterThanOrEqual(2);
    const used = css.flatMap((f) =>
      [...readFileSync(f, "utf8").matchAll(/var\((--[\w-]+)/g)].map((m) => m[1]!),
    );
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter((v) => !defined.has(v))).toEqual([]);
  });

  it("names the overlay's colours as the style sheet knew them", () => {
    const vars = cssVariables();
    expect(vars["--accent"]).toBe(UI.accent);
    expect(vars["--accent-ink"]).toBe(UI.accentInk);
    expect(vars["--debrief-primary-hover"]).toBe("#093f72");
    expect(vars["--grey-20"]).toBe("#333333");
    for (const v of Object.values(vars)) expect(v).toMatch(/^#[0-9a-f]{6}$/);
  });

  it("gives the board and the desk's chart the overlay's tones, not copies", () => {
    expect(COLORS.accent).toBe(0x1f5fa8);
    expect(COLORS.backlog).toBe(colourNumber(UI.bad));
    expect(COLORS.line).toBe(colourNumber(BOARD.running));
    expect(DESK_SERIES.slice(0, 2)).toEqual([UI.accent, UI.bad]);
  });
});
