import { describe, expect, it } from "vitest";
import {
  moveTargets,
  plainConsoleState,
  STUCK_SECONDS,
  summary,
  teamRows,
} from "../../client/cohort/console-model.ts";
import { type CohortFormValues, cohortRequest } from "../../client/cohort/create-model.ts";
import { CohortTokens, consoleLinkWithToken, consoleToken } from "../../client/cohort/tokens.ts";
import { memoryStore } from "../../client/net/seat-store.ts";
import type { ConsoleState } from "../../shared/protocol/cohort.ts";

const form = (over: Partial<CohortFormValues> = {}): CohortFormValues => ({
  title: " Ops workshop ",
  scenario: "beer-game",
  weeks: "36",
  paceMode: "timed",
  secondsPerWeek: "45",
  teamsMode: "auto",
  teamCount: "",
  bots: { retailer: "", factory: "pass-through" },
  seeds: "same",
  lateJoin: true,
  avoidOwnDepartment: false,
  ...over,
});

describe("cohort create form", () => {
  it("builds the POST body: trimmed title, whole weeks, only chosen bots, auto teams", () => {
    const r = cohortRequest(form());
    expect(r).toEqual({
      ok: true,
      request: {
        scenario: "beer-game",
        title: "Ops workshop",
        weeks: 36,
        pace: { mode: "timed", secondsPerWeek: 45 },
        teams: "auto",
        bots: { factory: { policy: "pass-through" } },
        seeds: "same",
        lateJoin: true,
        avoidOwnDepartment: false,
      },
    });
  });

  it("takes a fixed number of teams and names the first wrong field", () => {
    const fixed = cohortRequest(form({ teamsMode: "fixed", teamCount: "12" }));
    expect(fixed.ok && fixed.request.teams).toBe(12);
    expect(cohortRequest(form({ teamsMode: "fixed", teamCount: "0" }))).toEqual({
      ok: false,
      field: "teamCount",
      error: "range",
    });
    expect(cohortRequest(form({ teamsMode: "fixed", teamCount: "2.5" }))).toEqual({
      ok: false,
      field: "teamCount",
      error: "number",
    });
    // The scenario's own bounds, as the server checks them: the Beer Game 1–520, the launch 8–156.
    expect(cohortRequest(form({ weeks: "521" }))).toEqual({ ok: false, field: "weeks", error: "range" });
    expect(cohortRequest(form({ weeks: "3" })).ok).toBe(true);
    expect(cohortRequest(form({ scenario: "product-launch", weeks: "4" }))).toEqual({
      ok: false,
      field: "weeks",
      error: "range",
    });
    expect(cohortRequest(form({ weeks: "" }))).toEqual({ ok: false, field: "weeks", error: "number" });
    expect(cohortRequest(form({ secondsPerWeek: "abc" }))).toEqual({
      ok: false,
      field: "secondsPerWeek",
      error: "number",
    });
  });

  it("ignores the seconds field in lockstep, where no clock runs", () => {
    const r = cohortRequest(form({ paceMode: "lockstep", secondsPerWeek: "" }));
    expect(r.ok && r.request.pace).toEqual({ mode: "lockstep", secondsPerWeek: 60 });
  });
});

const NOW = 1_700_000_000_000;
const state = (): ConsoleState => ({
  id: "c1",
  code: "ABCDEF",
  title: "Class",
  scenario: "beer-game",
  phase: "play",
  lead: "",
  participants: 5,
  teams: [
    {
      code: "TEAMBB",
      index: 1,
      phase: "play",
      week: 4,
      horizon: 36,
      paused: false,
      openSince: NOW - (STUCK_SECONDS + 5) * 1000,
      kpiLabel: "Team cost",
      kpi: 120,
      replay: "r1-0123456789abcdef0123456789abcdef",
      seats: [
        {
          role: "retailer",
          label: "Retailer",
          control: "human",
          name: "Ann",
          connected: true,
          status: "thinking",
        },
        { role: "factory", label: "Factory", control: "bot", name: "", connected: false, status: "bot" },
      ],
    },
    {
      code: "TEAMAA",
      index: 0,
      phase: "play",
      week: 4,
      horizon: 36,
      paused: false,
      openSince: NOW - 10_000,
      kpiLabel: "Team cost",
      kpi: 80,
      replay: "",
      seats: [
        {
          role: "retailer",
          label: "Retailer",
          control: "human",
          name: "Bo",
          connected: true,
          status: "decided",
        },
        {
          role: "factory",
          label: "Factory",
          control: "human",
          name: "Cy",
          connected: false,
          status: "offline",
        },
      ],
    },
  ],
});

describe("console grid", () => {
  it("reads a decoded state with maps into teams in their order", () => {
    const s = state();
    const decoded = {
      ...s,
      teams: new Map(s.teams.map((t) => [t.code, { ...t, seats: new Map(t.seats.map((x) => [x.role, x])) }])),
    };
    const plain = plainConsoleState(decoded);
    expect(plain.teams.map((t) => t.code)).toEqual(["TEAMAA", "TEAMBB"]);
    expect(plain.teams[1]?.seats.map((x) => x.status)).toEqual(["thinking", "bot"]);
  });

  it("counts seconds since the week opened and flags a team stuck on someone still thinking", () => {
    const s = plainConsoleState(state());
    const rows = teamRows(s, NOW);
    expect(rows.map((r) => r.openSeconds)).toEqual([10, STUCK_SECONDS + 5]);
    expect(rows.map((r) => r.stuck)).toEqual([false, true]);
    expect(rows[1]?.waitingOn).toEqual(["Ann"]);
    // Each team's replay link, for the trainer; none once the room is gone.
    expect(rows.map((r) => r.replay)).toEqual([null, "/replay/r1-0123456789abcdef0123456789abcdef"]);
    const sum = summary(s, rows);
    expect(sum).toMatchObject({ teams: 2, participants: 5, playing: 2, stuck: 1 });
    expect(sum.byStatus).toEqual({ empty: 0, thinking: 1, decided: 1, offline: 1, bot: 1 });
  });

  it("does not flag a paused team, nor one whose week is not open", () => {
    const s = plainConsoleState(state());
    s.teams[1]!.paused = true;
    expect(teamRows(s, NOW)[1]?.stuck).toBe(false);
    s.teams[1]!.paused = false;
    s.teams[1]!.phase = "lobby";
    expect(teamRows(s, NOW)[1]).toMatchObject({ stuck: false, openSeconds: null });
  });

  it("offers only seats no person holds as places to move someone", () => {
    const targets = moveTargets(plainConsoleState(state()), { team: "TEAMAA", role: "retailer" });
    expect(targets).toEqual([{ team: "TEAMBB", index: 1, role: "factory", label: "Factory" }]);
  });
});

describe("cohort tokens", () => {
  it("keeps the trainer token per cohort and takes one from the link's fragment", () => {
    const tokens = new CohortTokens(memoryStore());
    expect(consoleToken(tokens, "c1", "")).toBeNull();
    expect(consoleToken(tokens, "c1", "#token=s3cret")).toBe("s3cret");
    expect(tokens.trainer("c1")).toBe("s3cret");
    expect(consoleToken(tokens, "c1", "")).toBe("s3cret");
    expect(tokens.trainer("c2")).toBeNull();
    tokens.saveTrainer("c3", "other");
    tokens.saveParticipant("ABCDEF", { participantToken: "p", name: "Ann", department: null });
    expect(tokens.trainers()).toEqual([
      { id: "c1", trainerToken: "s3cret" },
      { id: "c3", trainerToken: "other" },
    ]);
  });

  it("puts the token only in the fragment of the private console link", () => {
    const link = consoleLinkWithToken("http://x.test", "/?console=c1", "a b");
    const u = new URL(link);
    expect(u.search).toBe("?console=c1");
    expect(u.hash).toBe("#token=a%20b");
  });

  it("keeps the participant token per cohort code, case-blind, and ignores junk", () => {
    const store = memoryStore();
    const tokens = new CohortTokens(store);
    tokens.saveParticipant("abcdef", { participantToken: "p1", name: "Ann", department: null });
    expect(tokens.participant("ABCDEF")?.participantToken).toBe("p1");
    store.setItem("pf.cohort.ZZZZZZ", "{not json");
    expect(tokens.participant("ZZZZZZ")).toBeNull();
  });
});
