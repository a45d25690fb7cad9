// Deriving "decided for week N" from my role's state, as a client joined with `acks: false` sees it:
// the decision field for the open week, and the week's entry once it closes.

import { describe, expect, it } from "vitest";
import { type DecodedState, snapshot } from "../../client/net/snapshot.ts";
import { DecisionLedger, type OwnEntry } from "../../client/view/decided.ts";
import { historyTable, recordWeek } from "../../client/view/history.ts";
import type { OwnWeek } from "../../shared/protocol/messages.ts";
import { sourceCode } from "../../shared/protocol/state.ts";
import { roleOnSlots } from "../support/wire.ts";

/** My entry after simulated week `week`: the decision in for the open week, and what was recorded. */
const entry = (
  week: number,
  decision: Record<string, number> = {},
  recorded: { decision: Record<string, number>; source: "bot" | "default" } | null = null,
): OwnEntry => ({ week, decision, source: Object.keys(decision).length ? "human" : "", recorded });

describe("decisions read from the state", () => {
  it("confirms a decision when the state shows it for the open week, once per send", () => {
    const l = new DecisionLedger();
    expect(l.observe(entry(0))).toBeNull();
    expect(l.sent(1, { order: 7 })).toBeNull();
    expect(l.observe(entry(0, { order: 7 }))).toEqual({ week: 1, decision: { order: 7 }, source: "human" });
    // A later patch (a teammate's seat) showing the same decision announces nothing new.
    expect(l.observe(entry(0, { order: 7 }))).toBeNull();
    expect(l.known.get(1)).toEqual({ week: 1, decision: { order: 7 }, source: "human" });
  });

  it("knows the decision that closed its week, which the state never showed", () => {
    // Lockstep, the last player in: the week advances and the field clears in the same patch.
    const l = new DecisionLedger();
    l.observe(entry(2));
    l.sent(3, { order: 5 });
    expect(l.observe(entry(3))).toEqual({ week: 3, decision: { order: 5 }, source: "human" });
    let weeks: OwnWeek[] = [];
    weeks = recordWeek(weeks, { week: 3, observation: { inventory: 9 }, kpis: {}, recorded: null }, l.known);
    const row = historyTable(weeks, [
      { id: "order", label: "Order", unit: "cases", from: "decision", chart: true },
    ]).rows[0];
    expect(row).toEqual({ week: 3, source: "human", cells: [5] });
  });

  it("does not credit a refused decision, and credits the next one that closes the week", () => {
    const l = new DecisionLedger();
    l.observe(entry(0));
    l.sent(1, { order: -3 });
    l.refused("bad_decision");
    expect(l.observe(entry(0))).toBeNull();
    l.sent(1, { order: 6 });
    expect(l.observe(entry(1))).toEqual({ week: 1, decision: { order: 6 }, source: "human" });
  });

  it("after a refusal keeps the earlier decision that stands", () => {
    const l = new DecisionLedger();
    l.observe(entry(4));
    l.sent(5, { order: 8 });
    l.observe(entry(4, { order: 8 }));
    l.sent(5, { order: 1e9 });
    l.refused("bad_decision");
    // A teammate closes the week; my standing 8 counted.
    expect(l.observe(entry(5))).toBeNull();
    expect(l.known.get(5)?.decision).toEqual({ order: 8 });
  });

  it("credits no decision of mine when a bot or the default made the week's", () => {
    const l = new DecisionLedger();
    l.observe(entry(1));
    l.sent(2, { order: 4 });
    // The clock closed week 2 before my decision arrived: the default counted, mine is refused as late.
    expect(l.observe(entry(2, {}, { decision: { order: 4 }, source: "default" }))).toBeNull();
    l.refused("week_closed");
    expect(l.known.has(2)).toBe(false);
    // A decision for the new week is not mistaken for the late one.
    l.sent(3, { order: 9 });
    expect(l.observe(entry(3))).toEqual({ week: 3, decision: { order: 9 }, source: "human" });
  });

  it("matches a late refusal to the late send, not to the new week's", () => {
    const l = new DecisionLedger();
    l.observe(entry(0));
    l.sent(1, { order: 2 });
    l.observe(entry(0, { order: 2 }));
    l.sent(1, { order: 3 }); // crosses the close (a teammate decided first)
    l.observe(entry(1));
    l.sent(2, { order: 4 });
    l.refused("week_closed"); // the answer to order 3
    expect(l.known.get(1)?.decision).toEqual({ order: 2 });
    expect(l.observe(entry(2))).toEqual({ week: 2, decision: { order: 4 }, source: "human" });
  });

  it("keeps a standing decision in continuous pace without announcing it each week", () => {
    const l = new DecisionLedger();
    l.observe(entry(0));
    l.sent(1, { order: 6 });
    expect(l.observe(entry(0, { order: 6 }))).not.toBeNull();
    expect(l.observe(entry(1, { order: 6 }))).toBeNull();
    expect(l.observe(entry(2, { order: 6 }))).toBeNull();
    expect([...l.known.keys()]).toEqual([1, 2, 3]);
    // Sending the standing decision again changes nothing on the server: it counts at once.
    expect(l.sent(3, { order: 6 })).toEqual({ week: 3, decision: { order: 6 }, source: "human" });
    // A change is announced when the state shows it.
    expect(l.sent(3, { order: 10 })).toBeNull();
    expect(l.observe(entry(2, { order: 10 }))).toEqual({ week: 3, decision: { order: 10 }, source: "human" });
  });

  it("after a reload learns the decision in from the state, with nothing sent", () => {
    const l = new DecisionLedger();
    expect(l.observe(entry(7, { order: 3 }))).toBeNull();
    expect(l.known.get(8)?.decision).toEqual({ order: 3 });
    // Closing week 8 with my decision recorded as mine keeps that one.
    expect(l.observe(entry(8))).toBeNull();
    expect(l.known.get(8)?.decision).toEqual({ order: 3 });
  });

  it("reads the entries the SDK decodes (through the snapshot)", () => {
    const map = <V>(o: Record<string, V>) => new Map(Object.entries(o));
    const decoded = (week: number, decision: Record<string, number>): DecodedState => ({
      code: "ABCD",
      scenario: "beer-game",
      title: "Beer Game",
      phase: "play",
      week,
      horizon: 20,
      horizonApproximate: false,
      pace: "lockstep",
      secondsPerWeek: 60,
      paused: false,
      hold: "",
      deadline: 0,
      decided: 0,
      next: "",
      nextBy: "",
      seats: map({}),
      roles: map({
        retailer: {
          role: "retailer",
          ...roleOnSlots({ observation: [["inventory", 12]], decision: Object.entries(decision) }),
          kpisInObservation: "",
          observationWeek: 0,
          source: sourceCode(Object.keys(decision).length ? "human" : ""),
          recordedBy: 0,
        },
      }),
    });
    const l = new DecisionLedger();
    l.observe(snapshot(decoded(0, {}), [], "retailer").mine!);
    l.sent(1, { order: 4 });
    expect(l.observe(snapshot(decoded(0, { order: 4 }), [], "retailer").mine!)?.week).toBe(1);
    expect(l.observe(snapshot(decoded(1, {}), [], "retailer").mine!)).toBeNull();
    l.sent(2, { order: 5 });
    expect(l.observe(snapshot(decoded(2, {}), [], "retailer").mine!)?.decision).toEqual({ order: 5 });
  });
});
