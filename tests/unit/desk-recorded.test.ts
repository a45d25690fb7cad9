// The desk's history learns the decisions it did not make (a bot covering, the default when nothing
// came in time) from its own private state, week by week, without waiting for a reload.

import { describe, expect, it } from "vitest";
import { type DecodedState, snapshot } from "../../client/net/snapshot.ts";
import { historyTable, recordWeek } from "../../client/view/history.ts";
import type { DecisionSource } from "../../shared/engine/types.ts";
import { sourceCode } from "../../shared/protocol/state.ts";
import { roleOnSlots } from "../support/wire.ts";

const COLUMNS = [{ id: "order", label: "Order", unit: "cases", from: "decision" as const, chart: true }];

function decoded(
  week: number,
  recorded: Record<string, number>,
  recordedBy: DecisionSource | "",
): DecodedState {
  const role = {
    role: "wholesaler",
    ...roleOnSlots({ observation: [["inventory", 12]], recorded: Object.entries(recorded) }),
    kpisInObservation: "",
    observationWeek: 0,
    source: 0,
    recordedBy: sourceCode(recordedBy),
  };
  return {
    code: "ABCDEF",
    scenario: "beer-game",
    title: "",
    phase: "play",
    week,
    horizon: 10,
    horizonApproximate: false,
    pace: "timed",
    secondsPerWeek: 5,
    paused: false,
    hold: "",
    deadline: 0,
    decided: 0,
    next: "",
    nextBy: "",
    seats: new Map(),
    roles: new Map([["wholesaler", role]]),
  };
}

describe("recorded decisions on the desk", () => {
  it("the snapshot reads the recorded decision and its source, or none after the player's own week", () => {
    expect(snapshot(decoded(3, { order: 4 }, "default"), [], "wholesaler").mine?.recorded).toEqual({
      decision: { order: 4 },
      source: "default",
    });
    expect(snapshot(decoded(4, {}, ""), [], "wholesaler").mine?.recorded).toBeNull();
  });

  it("history rows show default and bot weeks with their value and source, and accepted weeks as the player's", () => {
    const accepted = new Map<number, { decision: Record<string, number>; source: DecisionSource }>([
      [3, { decision: { order: 9 }, source: "human" }],
    ]);
    let weeks = recordWeek(
      [],
      { ...snapshot(decoded(1, { order: 4 }, "default"), [], "wholesaler").mine! },
      accepted,
    );
    weeks = recordWeek(weeks, snapshot(decoded(2, { order: 7 }, "bot"), [], "wholesaler").mine!, accepted);
    weeks = recordWeek(weeks, snapshot(decoded(3, {}, ""), [], "wholesaler").mine!, accepted);
    const rows = historyTable(weeks, COLUMNS).rows.map((r) => [r.week, r.source, r.cells[0]]);
    expect(rows).toEqual([
      [3, "human", 9],
      [2, "bot", 7],
      [1, "default", 4],
    ]);
  });

  it("a week already held without its decision gains it when the recorded one arrives", () => {
    const obs = { observation: { inventory: 12 }, kpis: {} };
    const held = [{ week: 5, ...obs }];
    const out = recordWeek(
      held,
      { week: 5, ...obs, recorded: { decision: { order: 6 }, source: "default" } },
      new Map(),
    );
    expect(out).toEqual([{ week: 5, ...obs, decision: { order: 6 }, source: "default" }]);
    // Without anything recorded the entry stays as it was.
    expect(recordWeek(held, { week: 5, ...obs, recorded: null }, new Map())).toEqual(held);
  });
});
