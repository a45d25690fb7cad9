// The debrief's rules on what it may cost: the byte budget of its state and who may write.

import { describe, expect, it } from "vitest";
import { initialDebriefState } from "../../shared/debrief/session.ts";
import { checkDebrief, type DebriefSubject } from "../../shared/round/check.ts";

const subject = (stateBytes: number): DebriefSubject => ({
  debrief: { ...initialDebriefState(), revealed: true },
  loops: [],
  reflection: ["what happened?"],
  limits: { ghostsPerSeat: 1, ghostsPerRound: 5, stateBytes },
});
const seat = { role: "retailer", name: "Ann", host: false };

describe("debrief limits", () => {
  it("a note that would take the state past its byte budget is refused; one within it is accepted", () => {
    const base = JSON.stringify(initialDebriefState()).length;
    const note = (text: string) => ({ type: "note" as const, question: 0, text });
    expect(checkDebrief(subject(base + 200), seat, note("x".repeat(100))).ok).toBe(true);
    expect(checkDebrief(subject(base + 200), seat, note("x".repeat(300)))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/debrief is full/),
    });
    // Bytes, not characters: a two-byte script fills it twice as fast.
    expect(checkDebrief(subject(base + 200), seat, note("é".repeat(100))).ok).toBe(false);
  });

  it("spectators cannot write; a host without a seat can", () => {
    const spectator = { role: null, name: "Outsider", host: false };
    const host = { role: null, name: "Trainer", host: true };
    const note = { type: "note" as const, question: 0, text: "hi" };
    expect(checkDebrief(subject(1e6), spectator, note)).toMatchObject({ ok: false, code: "no_seat" });
    expect(checkDebrief(subject(1e6), host, note).ok).toBe(true);
    const ghost = { type: "ghost" as const, request: { roles: [], policy: "sterman", params: {} } };
    expect(checkDebrief(subject(1e6), spectator, ghost)).toMatchObject({ ok: false, code: "no_seat" });
    expect(checkDebrief(subject(1e6), host, ghost).ok).toBe(true);
  });
});
