import { describe, expect, it } from "vitest";
import { t } from "../../client/strings/index.ts";
import { errorField, formFields, parseForm } from "../../client/view/decision-form.ts";
import {
  historyChart,
  historyTable,
  mergeHistory,
  mergeWeek,
  recordWeek,
} from "../../client/view/history.ts";
import { paceView } from "../../client/view/pace.ts";
import { canStart, lobbyRows, teamRows } from "../../client/view/seats.ts";
import { caseUnit, gridCells, pile, pileOf, sharedUnit } from "../../client/view/stack.ts";
import type { DecisionSpec } from "../../shared/engine/types.ts";
import type { OwnWeek, SeatView } from "../../shared/protocol/messages.ts";

const seat = (over: Partial<SeatView>): SeatView => ({
  role: "r",
  label: "R",
  control: "human",
  name: "Ann",
  connected: true,
  ready: false,
  index: 0,
  decided: false,
  policy: "sterman",
  ...over,
});

describe("pace indicator", () => {
  it("counts down in timed pace, whole seconds rounded up, and flags the last seconds", () => {
    const v = paceView({ mode: "timed", week: 3, horizon: 20, paused: false, msLeft: 12_100 });
    expect(v.secondsLeft).toBe(13);
    expect(v.urgent).toBe(false);
    expect(v.weekVars).toEqual({ week: 3, horizon: 20 });
    expect(paceView({ mode: "timed", week: 3, horizon: 20, paused: false, msLeft: 4_000 }).urgent).toBe(true);
    expect(paceView({ mode: "timed", week: 3, horizon: 20, paused: false, msLeft: -50 }).secondsLeft).toBe(0);
  });
  it("shows no countdown in lockstep or while paused", () => {
    expect(
      paceView({ mode: "lockstep", week: 1, horizon: 20, paused: false, msLeft: 5000 }).secondsLeft,
    ).toBeNull();
    const paused = paceView({ mode: "timed", week: 2, horizon: 20, paused: true, msLeft: 5000 });
    expect(paused.secondsLeft).toBeNull();
    expect(paused.paused).toBe(true);
    expect(paused.urgent).toBe(false);
  });
  it("clamps the week into the round", () => {
    expect(
      paceView({ mode: "continuous", week: 30, horizon: 20, paused: false, msLeft: null }).weekVars.week,
    ).toBe(20);
  });
  it("a told, approximate horizon reads 'about' and does not hold the week to it", () => {
    const v = paceView({
      mode: "lockstep",
      week: 22,
      horizon: 20,
      approximate: true,
      paused: false,
      msLeft: null,
    });
    expect(v.weekKey).toBe("pace.weekAbout");
    expect(t(v.weekKey, v.weekVars)).toBe("Week 22 of about 20");
    expect(v.progress).toBe(1);
  });
});

describe("seats", () => {
  it("gives every teammate a status word and glyph, never numbers", () => {
    const rows = teamRows(
      [
        seat({ role: "a", decided: true }),
        seat({ role: "b" }),
        seat({ role: "c", control: "bot", name: "" }),
        seat({ role: "d", control: "bot", name: "Dee", connected: false }),
        seat({ role: "e", control: "human", name: "Eve", connected: false }),
      ],
      "b",
    );
    expect(rows.map((r) => r.status)).toEqual(["decided", "thinking", "bot", "covered", "offline"]);
    expect(rows.map((r) => r.statusKey)).toEqual([
      "seat.decided",
      "seat.thinking",
      "seat.botPlaying",
      "seat.covered",
      "seat.offline",
    ]);
    expect(rows.map((r) => r.me)).toEqual([false, true, false, false, false]);
    expect(new Set(rows.map((r) => r.glyph)).size).toBe(4);
    for (const r of rows)
      expect(Object.keys(r).sort()).toEqual([
        "glyph",
        "me",
        "name",
        "role",
        "roleLabel",
        "status",
        "statusKey",
      ]);
  });
  it("shows free seats in the lobby and who holds the others", () => {
    const rows = lobbyRows(
      [
        seat({ role: "a", ready: true }),
        seat({ role: "b", control: "empty", name: "", connected: false }),
        seat({ role: "c", control: "bot", name: "" }),
      ],
      "a",
    );
    expect(rows.map((r) => r.free)).toEqual([false, true, true]);
    expect(rows[0]?.readyKey).toBe("seat.ready");
    expect(rows[1]?.kindKey).toBe("seat.empty");
    expect(rows[2]?.kindKey).toBe("seat.bot");
    expect(rows[2]?.policy).toBe("sterman");
    expect(lobbyRows([seat({ policy: "sterman:theta=0.36,alpha=0.26" })], null)[0]?.policy).toBe("sterman");
  });
  it("is ready to start when every connected person is ready", () => {
    expect(canStart([seat({ ready: true }), seat({ control: "empty", name: "", connected: false })])).toBe(
      true,
    );
    expect(canStart([seat({ ready: true }), seat({ ready: false })])).toBe(false);
    expect(canStart([seat({ control: "bot", name: "" })])).toBe(false);
  });
});

const week = (w: number, inv: number, order?: number): OwnWeek => ({
  week: w,
  observation: { inventory: inv, pipeline: [1, 2] },
  kpis: { cost: inv * 0.5 },
  ...(order === undefined ? {} : { decision: { order }, source: "human" as const }),
});

describe("history", () => {
  const columns = [
    { id: "inventory", label: "Inventory", unit: "cases", from: "observation" as const, chart: true },
    { id: "order", label: "Order", unit: "cases", from: "decision" as const, chart: true },
    { id: "cost", label: "Cost", unit: "$", from: "kpi" as const, chart: false },
  ];
  it("merges weeks in order without duplicates, the newer copy winning", () => {
    let h = mergeWeek([], week(2, 10));
    h = mergeWeek(h, week(1, 12));
    h = mergeHistory(h, [week(2, 11), week(3, 9)]);
    expect(h.map((w) => [w.week, w.observation.inventory])).toEqual([
      [1, 12],
      [2, 11],
      [3, 9],
    ]);
  });
  it("pairs a week with the decision accepted before it closed", () => {
    const accepted = new Map([[2, { decision: { order: 9 }, source: "human" as const }]]);
    // The decision for week 2 was accepted while the desk still showed week 1.
    let h = recordWeek([], { week: 1, observation: { inventory: 12 }, kpis: {} }, accepted);
    expect(h[0]?.decision).toBeUndefined();
    h = recordWeek(h, { week: 2, observation: { inventory: 10 }, kpis: {} }, accepted);
    expect(h[1]).toMatchObject({ week: 2, decision: { order: 9 }, source: "human" });
    // A repeated patch of the same week changes nothing; a later copy keeps the decision it had.
    expect(recordWeek(h, { week: 2, observation: { inventory: 10 }, kpis: {} }, new Map())).toEqual(h);
    const again = recordWeek(h, { week: 2, observation: { inventory: 11 }, kpis: {} }, new Map());
    expect(again[1]).toMatchObject({ observation: { inventory: 11 }, decision: { order: 9 } });
  });
  it("lists played weeks newest first, leaving week 0 out", () => {
    const t = historyTable([week(0, 12), week(1, 12, 4), week(2, 8)], columns);
    expect(t.rows.map((r) => r.week)).toEqual([2, 1]);
    expect(t.rows[1]?.cells).toEqual([12, 4, 6]);
    expect(t.rows[0]?.cells).toEqual([8, null, 4]);
    expect(t.rows[1]?.source).toBe("human");
  });
  it("charts only chart columns, with bounds that include zero", () => {
    const c = historyChart([week(0, 12), week(1, -3, 4), week(2, 8, 20)], columns);
    expect(c.weeks).toEqual([1, 2]);
    expect(c.series.map((s) => s.id)).toEqual(["inventory", "order"]);
    expect(c.min).toBe(-3);
    expect(c.max).toBe(20);
  });
});

describe("decision form", () => {
  const specs: DecisionSpec[] = [
    { id: "order", label: "Order", unit: "cases", min: 0, max: 200, integer: true, default: 4 },
    { id: "price", label: "Price", unit: "$", min: 1, max: 9, integer: false, default: 5 },
  ];
  it("prefills the standing decision, then the last sent, then the default", () => {
    expect(formFields(specs, { order: 7 }, { price: 6 }).map((f) => f.value)).toEqual(["7", "6"]);
    expect(formFields(specs, {}).map((f) => [f.value, f.step])).toEqual([
      ["4", 1],
      ["5", "any"],
    ]);
  });
  it("parses what was typed and names the field that is not a number", () => {
    expect(parseForm(specs, { order: " 12 ", price: "4,5" })).toEqual({
      ok: true,
      decision: { order: 12, price: 4.5 },
    });
    expect(parseForm(specs, { order: "", price: "1" })).toEqual({
      ok: false,
      field: "order",
      problem: "required",
    });
    expect(parseForm(specs, { order: "3", price: "lots" })).toEqual({
      ok: false,
      field: "price",
      problem: "number",
    });
  });
  it("leaves range checks to the server and puts its reason by the right field", () => {
    expect(parseForm(specs, { order: "9999", price: "1" }).ok).toBe(true);
    expect(errorField(specs, { field: "price", request: "decide" })).toBe("price");
    expect(errorField(specs, { request: "decide" })).toBe("order");
    expect(errorField(specs, { request: "host" })).toBeNull();
  });
});

describe("crate piles", () => {
  it("draws one crate per case while they fit, then 2, 5, 10… cases per crate", () => {
    expect(caseUnit(40, 60)).toBe(1);
    expect(caseUnit(61, 60)).toBe(2);
    expect(caseUnit(250, 60)).toBe(5);
    expect(caseUnit(1000, 60)).toBe(20);
    expect(pile(61, 60)).toEqual({ unit: 2, icons: 31 });
    expect(pile(-5, 60)).toEqual({ unit: 1, icons: 0 });
  });
  it("uses one unit across a board's piles, the coarsest any of them needs", () => {
    const unit = sharedUnit([
      { count: 628, capacity: 63 },
      { count: 90, capacity: 15 },
    ]);
    expect(unit).toBe(10);
    expect(pileOf(90, unit)).toEqual({ unit: 10, icons: 9 });
    expect(pileOf(628, unit).icons).toBeLessThanOrEqual(63);
    expect(sharedUnit([{ count: 3, capacity: 15 }])).toBe(1);
  });
  it("fills rows from the bottom left", () => {
    expect(gridCells(5, 2)).toEqual([
      { col: 0, row: 0 },
      { col: 1, row: 0 },
      { col: 0, row: 1 },
      { col: 1, row: 1 },
      { col: 0, row: 2 },
    ]);
  });
});
