// Refusals reach people as sentences: one mapping from every protocol error code, whatever carried it.

import { describe, expect, it } from "vitest";
import { refusalOf, refusalSentence } from "../../client/strings/refusals.ts";
import { ERROR_CODES, parseRefusal, refusal } from "../../shared/protocol/errors.ts";

describe("refusals as sentences", () => {
  it("has a sentence for every code the server can send, never the code or raw JSON", () => {
    for (const code of ERROR_CODES) {
      const text = refusalSentence({ code, reason: "the server's detail" });
      expect(text, code).toMatch(/^[A-Z].*\.$/);
      expect(text).not.toContain(code);
      expect(text).not.toContain("{");
    }
  });

  it("reads the code and field back from a refused join or create", () => {
    const message = refusal(
      "bad_options",
      "bad create options: pace.secondsPerWeek: Too small",
      "pace.secondsPerWeek",
    );
    expect(parseRefusal(message)).toEqual({
      code: "bad_options",
      field: "pace.secondsPerWeek",
      reason: "bad create options: pace.secondsPerWeek: Too small",
    });
    expect(refusalOf(new Error(refusal("round_started", "this round has started")))).toEqual({
      code: "round_started",
      reason: "this round has started",
    });
    // Anything else is left as it was, without a code.
    expect(parseRefusal("socket closed")).toEqual({ code: null, reason: "socket closed" });
  });

  it("turns an HTTP lookup's JSON answer into words by its status", () => {
    const bad = Object.assign(new Error('{"error":"a join code is 6 letters and digits"}'), { status: 400 });
    const text = refusalSentence(refusalOf(bad));
    expect(text).toMatch(/6 letters and digits/);
    expect(text).not.toContain("{");
    const missing = Object.assign(new Error('{"error":"no open round has the code ABCDEF"}'), {
      status: 404,
    });
    expect(refusalSentence(refusalOf(missing))).toMatch(/^No round with that code/);
  });

  it("says a decision's range with the field's own label and bounds", () => {
    const r = refusalOf({
      code: "bad_decision",
      reason: "order must be between 0 and 999",
      field: "order",
      request: "decide",
    });
    expect(refusalSentence(r, { field: "Order", min: 0, max: 999 })).toBe(
      "Order must be a whole number between 0 and 999.",
    );
  });
});
