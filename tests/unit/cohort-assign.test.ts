import { expect, it } from "vitest";
import { type AssignRule, assignSeat, type TeamSeats } from "../../server/cohort/assign.ts";

const ROLES = ["retailer", "wholesaler", "distributor", "factory"];

function team(index: number, taken: string[], phase: TeamSeats["phase"] = "lobby"): TeamSeats {
  return {
    code: `T${index}`,
    index,
    phase,
    seats: ROLES.map((role) => ({ role, taken: taken.includes(role) })),
  };
}

const fixed: AssignRule = { teams: 2, lateJoin: false, avoidOwnDepartment: true };

it("a fixed team count spreads people: the emptiest team first, then team order", () => {
  expect(assignSeat([team(0, ["retailer"]), team(1, [])], fixed)).toEqual({ team: "T1", role: "retailer" });
  expect(assignSeat([team(0, []), team(1, [])], fixed)).toEqual({ team: "T0", role: "retailer" });
});

it('"auto" fills the fullest open team, and asks for a new team when none has room', () => {
  const auto: AssignRule = { ...fixed, teams: "auto" };
  expect(assignSeat([team(0, ["retailer"]), team(1, [])], auto)).toEqual({ team: "T0", role: "wholesaler" });
  expect(assignSeat([team(0, ROLES)], auto)).toEqual({ newTeam: true });
  expect(assignSeat([team(0, ROLES)], fixed)).toBeNull();
});

it("avoids the participant's own department when another seat is free, and only when asked", () => {
  expect(assignSeat([team(0, [])], fixed, "retailer")).toEqual({ team: "T0", role: "wholesaler" });
  expect(assignSeat([team(0, ROLES.slice(1))], fixed, "retailer")).toEqual({ team: "T0", role: "retailer" });
  expect(assignSeat([team(0, [])], { ...fixed, avoidOwnDepartment: false }, "retailer")).toEqual({
    team: "T0",
    role: "retailer",
  });
});

it("late arrivals take a bot-played seat of a running team only when allowed, after any lobby seat", () => {
  const running = [team(0, ["retailer"], "play"), team(1, ROLES, "lobby")];
  expect(assignSeat(running, fixed)).toBeNull();
  expect(assignSeat(running, { ...fixed, lateJoin: true })).toEqual({ team: "T0", role: "wholesaler" });
  const mixed = [team(0, [], "play"), team(1, ["retailer", "wholesaler", "distributor"], "lobby")];
  expect(assignSeat(mixed, { ...fixed, lateJoin: true })).toEqual({ team: "T1", role: "factory" });
  expect(assignSeat([team(0, [], "debrief")], { ...fixed, lateJoin: true })).toBeNull();
});
