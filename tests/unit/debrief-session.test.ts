import { describe, expect, it } from "vitest";
import { applyDebriefEvent, initialDebriefState, replayDebriefEvents } from "../../shared/debrief/session.ts";
import type { DebriefEvent } from "../../shared/protocol/debrief.ts";
import {
  ghostRequestSchema,
  leadMessageSchema,
  noteMessageSchema,
  sketchMessageSchema,
} from "../../shared/protocol/debrief.ts";
import { viewerOf, viewFor } from "../../shared/round/view.ts";

const sketch = (role: string, v: number): DebriefEvent => ({
  kind: "sketch",
  role,
  name: role.toUpperCase(),
  points: [{ week: 1, value: v }],
  cause: "",
});

describe("debrief state from recorded events", () => {
  it("reveals by itself when every awaited sketch is in", () => {
    const roles = ["retailer", "factory"];
    let s = applyDebriefEvent(initialDebriefState(), sketch("retailer", 4), roles);
    expect(s.revealed).toBe(false);
    expect(s.sketched).toEqual(["retailer"]);
    s = applyDebriefEvent(s, sketch("factory", 9), roles);
    expect(s.revealed).toBe(true);
  });

  it("lets the host reveal early and ignores sketches drawn after the reveal", () => {
    const s = replayDebriefEvents(
      [sketch("retailer", 4), { kind: "reveal" }, sketch("factory", 8)],
      ["retailer", "factory"],
    );
    expect(s.revealed).toBe(true);
    expect(Object.keys(s.sketches)).toEqual(["retailer"]);
  });

  it("keeps the latest lead, the latest note per question, and every ghost run", () => {
    const events: DebriefEvent[] = [
      { kind: "lead", follow: true, panel: "system", loop: null },
      { kind: "note", question: 0, text: "first", by: "Ann" },
      { kind: "lead", follow: true, panel: "loops", loop: "supply-line" },
      { kind: "note", question: 0, text: "second", by: "Bo" },
      { kind: "note", question: 2, text: "other", by: "Ann" },
    ];
    const s = replayDebriefEvents(events, []);
    expect(s.lead).toEqual({ follow: true, panel: "loops", loop: "supply-line" });
    expect(s.notes).toEqual({ "0": { text: "second", by: "Bo" }, "2": { text: "other", by: "Ann" } });
    expect(s.revealed).toBe(false);
  });

  it("hides other players' sketches until the reveal", () => {
    const s = replayDebriefEvents(
      [sketch("retailer", 4), sketch("factory", 9)],
      ["retailer", "factory", "wholesaler"],
    );
    const roles = ["retailer", "wholesaler", "distributor", "factory"];
    const seen = (state: typeof s, role: string | null) =>
      viewFor({ roles, phase: "debrief", debrief: state }, viewerOf(role)).debrief;
    expect(Object.keys(seen(s, "factory").sketches)).toEqual(["factory"]);
    expect(seen(s, "factory").sketched.sort()).toEqual(["factory", "retailer"]);
    expect(seen(s, null).sketches).toEqual({});
    const after = applyDebriefEvent(s, { kind: "reveal" }, []);
    expect(Object.keys(seen(after, null).sketches).sort()).toEqual(["factory", "retailer"]);
  });
});

describe("debrief message validation", () => {
  it("accepts well-formed messages and fills defaults", () => {
    expect(sketchMessageSchema.parse({ points: [{ week: 3, value: 8 }] }).cause).toBe("");
    expect(leadMessageSchema.parse({ hostToken: "12345678", follow: true, panel: "loops" }).loop).toBeNull();
    expect(ghostRequestSchema.parse({ policy: "sterman" })).toEqual({
      roles: [],
      policy: "sterman",
      params: {},
      others: "recorded",
    });
    expect(ghostRequestSchema.safeParse({ policy: "sterman", others: "react" }).success).toBe(true);
    expect(ghostRequestSchema.safeParse({ policy: "sterman", others: "frozen" }).success).toBe(false);
  });
  it("refuses bad shapes, unknown panels, oversized payloads and non-finite numbers", () => {
    expect(sketchMessageSchema.safeParse({ points: [] }).success).toBe(false);
    expect(sketchMessageSchema.safeParse({ points: [{ week: 1, value: Number.NaN }] }).success).toBe(false);
    expect(
      sketchMessageSchema.safeParse({
        points: Array.from({ length: 201 }, (_, i) => ({ week: i, value: 1 })),
      }).success,
    ).toBe(false);
    expect(
      leadMessageSchema.safeParse({ hostToken: "12345678", follow: true, panel: "nowhere" }).success,
    ).toBe(false);
    expect(noteMessageSchema.safeParse({ question: 0, text: "x".repeat(4001) }).success).toBe(false);
    expect(noteMessageSchema.safeParse({ question: -1, text: "" }).success).toBe(false);
  });
});
