import { describe, expect, it } from "vitest";
import {
  arrive,
  dropEmptyTeams,
  initialSeating,
  leave,
  move,
  type Seating,
  type SeatingResult,
  seatPlayer,
  start,
  swapToBot,
  unpin,
  withdraw,
} from "../../shared/cohort/assignment.ts";
import { getScenario } from "../../shared/scenarios/index.ts";

const launch = getScenario("product-launch").roles; // sales, engineering, manufacturing, purchasing
const beer = getScenario("beer-game").roles;

function ok(r: SeatingResult): Extract<SeatingResult, { ok: true }> {
  if (!r.ok) throw new Error(r.error);
  return r;
}

function arriveAll(s: Seating, n: number, prefix = "p", department?: string): Seating {
  for (let i = 0; i < n; i++) s = ok(arrive(s, { id: `${prefix}${i}`, name: `P${i}`, department })).state;
  return s;
}

const counts = (s: Seating) => s.seating.map((t) => t.seats.filter((x) => x.holder !== null).length);

describe("cohort seating: forming teams", () => {
  it("auto fills teams of the scenario's size one after another, opening a new one when all are full", () => {
    let s = initialSeating(beer, { teams: "auto", lateJoin: true, avoidOwnDepartment: true });
    s = arriveAll(s, 9);
    expect(counts(s)).toEqual([4, 4, 1]);
    expect(s.people["p0"]).toMatchObject({ team: 0, role: "retailer" });
    expect(s.people["p8"]).toMatchObject({ team: 2, role: "retailer" });
  });

  it("a fixed number of teams balances arrivals across them", () => {
    let s = initialSeating(beer, { teams: 3, lateJoin: true, avoidOwnDepartment: true });
    s = arriveAll(s, 7);
    expect(counts(s)).toEqual([3, 2, 2]);
    // After a leave, the next arrival goes to the team that lost someone.
    s = ok(leave(s, "p1")).state; // p1 was the first in team 2
    expect(counts(s)).toEqual([3, 1, 2]);
    s = ok(arrive(s, { id: "q", name: "Q" })).state;
    expect(s.people["q"]!.team).toBe(1);
  });

  it("gives a desk other than the person's own department, and says why", () => {
    let s = initialSeating(launch, { teams: "auto", lateJoin: true, avoidOwnDepartment: true });
    const r = ok(arrive(s, { id: "a", name: "Ann", department: "sales" }));
    expect(r.person!.role).toBe("engineering");
    s = r.state;
    const e = ok(arrive(s, { id: "b", name: "Ben", department: "Engineering" }));
    expect(e.person!.role).toBe("sales");
    expect(e.person!.reason).toBe(
      "You work in Engineering: here you run sales & marketing, to see the company from another desk.",
    );
    // A department that is no desk of this scenario changes nothing and needs no reason.
    const f = ok(arrive(e.state, { id: "c", name: "Cat", department: "finance" }));
    expect(f.person).toMatchObject({ role: "manufacturing", reason: null });
  });

  it("takes the own department only when no other free desk is left, and says so", () => {
    let s = initialSeating(launch, { teams: 1, lateJoin: true, avoidOwnDepartment: true });
    s = arriveAll(s, 3, "p", "purchasing");
    expect(s.seating[0]!.seats.map((x) => x.holder)).toEqual(["p0", "p1", "p2", null]);
    const r = ok(arrive(s, { id: "last", name: "Lu", department: "purchasing" }));
    expect(r.person!.role).toBe("purchasing");
    expect(r.person!.reason).toMatch(/only free desk was purchasing: this time you run your own department/);
  });

  it("keeps balance before department: the least-filled team is used even if its free desk is theirs", () => {
    let s = initialSeating(launch, { teams: 2, lateJoin: true, avoidOwnDepartment: true });
    for (const role of ["engineering", "manufacturing", "purchasing"]) s = ok(swapToBot(s, 0, role)).state;
    s = ok(move(ok(arrive(s, { id: "a", name: "A" })).state, "a", 1)).state;
    // Team 1 has nobody and only the sales desk free; team 2 has one person and three free desks.
    const r = ok(arrive(s, { id: "x", name: "X", department: "sales" }));
    expect(r.person).toMatchObject({ team: 0, role: "sales" });
  });

  it("ignores departments when avoidance is off", () => {
    const s = initialSeating(launch, { teams: "auto", lateJoin: true, avoidOwnDepartment: false });
    const r = ok(arrive(s, { id: "a", name: "Ann", department: "sales" }));
    expect(r.person).toMatchObject({ role: "sales", reason: null });
  });

  it("arriving again with the same id keeps the seat", () => {
    let s = initialSeating(beer, { teams: "auto", lateJoin: true, avoidOwnDepartment: true });
    s = arriveAll(s, 2);
    const again = ok(arrive(s, { id: "p1", name: "Other name" }));
    expect(again.state).toBe(s);
    expect(again.person).toMatchObject({ team: 0, role: "wholesaler", name: "P1" });
  });
});

describe("cohort seating: late arrivals", () => {
  function startedWithGaps(lateJoin: boolean, teams: "auto" | number): Seating {
    let s = initialSeating(beer, { teams, lateJoin, avoidOwnDepartment: true });
    s = arriveAll(s, 6); // auto: 4 + 2; fixed 2: 3 + 3
    return ok(start(s)).state;
  }

  it("empty seats of a started team are played by bots", () => {
    const s = startedWithGaps(true, "auto");
    const t = s.seating[1]!;
    expect(t.seats.map((x) => seatPlayer(t, x))).toEqual(["human", "human", "bot", "bot"]);
  });

  it("with lateJoin, a late arrival takes a bot-played seat of the least-filled running team", () => {
    const s = startedWithGaps(true, "auto");
    const r = ok(arrive(s, { id: "late", name: "Late" }));
    expect(r.person).toMatchObject({ team: 1, role: "distributor" });
    expect(r.state.seating).toHaveLength(2);
  });

  it("without lateJoin, a fixed cohort refuses late arrivals and auto opens a new team for them", () => {
    const fixed = arrive(startedWithGaps(false, 2), { id: "late", name: "Late" });
    expect(fixed).toMatchObject({ ok: false, code: "late" });
    const auto = ok(arrive(startedWithGaps(false, "auto"), { id: "late", name: "Late" }));
    expect(auto.person).toMatchObject({ team: 2, role: "retailer" });
    expect(auto.state.seating[2]!.started).toBe(false);
  });

  it("lobby teams are filled before a late arrival is put into a running team", () => {
    let s = initialSeating(beer, { teams: 2, lateJoin: true, avoidOwnDepartment: true });
    s = arriveAll(s, 2);
    s = ok(start(s, 0)).state;
    const r = ok(arrive(s, { id: "x", name: "X" }));
    expect(r.person!.team).toBe(1);
  });
});

describe("cohort seating: the trainer's moves", () => {
  it("moves a person to a named seat in another team; the old seat is freed", () => {
    let s = initialSeating(beer, { teams: 2, lateJoin: true, avoidOwnDepartment: true });
    s = arriveAll(s, 4); // team 0: p0 retailer, p2 wholesaler; team 1: p1 retailer, p3 wholesaler
    const r = ok(move(s, "p0", 1, "factory"));
    expect(r.person).toMatchObject({ team: 1, role: "factory" });
    expect(r.state.seating[0]!.seats[0]!.holder).toBeNull();
    expect(r.state.seating[1]!.seats[3]!.holder).toBe("p0");
  });

  it("without a seat, moves to the team's first free seat; refuses a held seat and a full team", () => {
    let s = initialSeating(beer, { teams: 2, lateJoin: true, avoidOwnDepartment: true });
    s = arriveAll(s, 7);
    expect(ok(move(s, "p0", 1)).person).toMatchObject({ team: 1, role: "factory" });
    expect(move(s, "p0", 1, "retailer")).toMatchObject({ ok: false, code: "seat_taken" });
    const full = ok(arrive(s, { id: "z", name: "Z" })).state;
    expect(move(full, "p0", 1)).toMatchObject({ ok: false, code: "team_full" });
  });

  it("swaps a seat to a bot: its holder loses the seat, arrivals skip it, the trainer can reopen it", () => {
    let s = initialSeating(beer, { teams: 1, lateJoin: true, avoidOwnDepartment: true });
    s = arriveAll(s, 1);
    const r = ok(swapToBot(s, 0, "retailer"));
    expect(r.unseated).toBe("p0");
    expect(r.state.people["p0"]).toMatchObject({ team: null, role: null });
    const t = r.state.seating[0]!;
    expect(seatPlayer(t, t.seats[0]!)).toBe("bot");
    const next = ok(arrive(r.state, { id: "n", name: "N" }));
    expect(next.person!.role).toBe("wholesaler");
    // The trainer may still put someone into the pinned seat, or open it to arrivals again.
    expect(ok(move(next.state, "p0", 0, "retailer")).person!.role).toBe("retailer");
    const reopened = ok(unpin(next.state, 0, "retailer")).state;
    expect(ok(arrive(reopened, { id: "m", name: "M" })).person!.role).toBe("retailer");
  });

  it("refuses unknown people, teams and seats, and a full cohort, with clear errors", () => {
    let s = initialSeating(beer, { teams: 1, lateJoin: true, avoidOwnDepartment: true });
    expect(move(s, "ghost", 0)).toEqual({
      ok: false,
      code: "unknown_participant",
      error: 'no participant "ghost" in this cohort',
    });
    expect(leave(s, "ghost")).toMatchObject({ ok: false, code: "unknown_participant" });
    s = arriveAll(s, 4);
    expect(move(s, "p0", 5)).toEqual({
      ok: false,
      code: "unknown_team",
      error: "no team 6; the cohort has 1",
    });
    expect(swapToBot(s, 0, "brewer")).toMatchObject({ ok: false, code: "unknown_role" });
    expect(arrive(s, { id: "e", name: "E" })).toEqual({
      ok: false,
      code: "cohort_full",
      error: "every seat is taken: 1 team of 4",
    });
    const capped = arriveAll(
      initialSeating(beer, { teams: "auto", lateJoin: true, avoidOwnDepartment: true, maxTeams: 2 }),
      8,
    );
    expect(arrive(capped, { id: "e", name: "E" })).toMatchObject({ ok: false, code: "cohort_full" });
  });
});

describe("cohort seating: taking an arrival back", () => {
  it("withdraw frees the seat the arrival holds now and restores their entry, keeping every other change", () => {
    let s = arriveAll(initialSeating(beer, { teams: 2, lateJoin: true, avoidOwnDepartment: true }), 2);
    // p0 was unseated by the trainer and comes back; meanwhile the trainer moves p1 and pins a seat.
    s = ok(swapToBot(s, 0, "retailer")).state;
    const was = s.people["p0"];
    s = ok(arrive(ok(leave(s, "p0")).state, { id: "p0", name: "P0" })).state;
    expect(s.people["p0"]).toMatchObject({ team: 0, role: "wholesaler" });
    s = ok(move(s, "p1", 0, "distributor")).state;
    s = ok(move(s, "p0", 1, "factory")).state;
    s = ok(swapToBot(s, 1, "wholesaler")).state;

    const back = withdraw(s, "p0", was);
    expect(back.people["p0"]).toEqual(was);
    expect(back.people["p1"]).toMatchObject({ team: 0, role: "distributor" });
    expect(
      back.seating.flatMap((t) => t.seats.filter((x) => x.holder).map((x) => [t.index, x.role])),
    ).toEqual([[0, "distributor"]]);
    expect(back.seating[1]!.seats.find((x) => x.role === "wholesaler")!.pinnedBot).toBe(true);
    expect(withdraw(s, "p0", undefined).people["p0"]).toBeUndefined();
  });

  it("dropEmptyTeams drops the trailing teams from an index on that nobody sits in", () => {
    const s = arriveAll(initialSeating(beer, { teams: "auto", lateJoin: true, avoidOwnDepartment: true }), 5);
    expect(s.seating).toHaveLength(2);
    const alone = withdraw(s, "p4", undefined);
    expect(dropEmptyTeams(alone, 1).seating).toHaveLength(1);
    // Not before `from`, and not a team someone else sits in.
    expect(dropEmptyTeams(alone, 2)).toBe(alone);
    const moved = ok(move(s, "p0", 1)).state;
    expect(dropEmptyTeams(withdraw(moved, "p4", undefined), 1).seating).toHaveLength(2);
  });
});
