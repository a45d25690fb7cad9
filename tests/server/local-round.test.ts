// Whole rounds driven in-process through the core (command → check → events → reducer), with no
// server, no sockets and a clock that moves only when told.

import { describe, expect, it } from "vitest";
import type { Actor } from "../../shared/round/check.ts";
import { LocalRound } from "../../shared/round/local.ts";
import { recordOf } from "../../shared/round/record.ts";
import { replayRound } from "../../shared/round/replay.ts";
import type { CreatedData } from "../../shared/round/round.ts";
import { getScenario } from "../../shared/scenarios/index.ts";

const beer = getScenario("beer-game");

function created(over: Partial<CreatedData> = {}): CreatedData {
  return {
    code: "LOCAL2",
    scenario: "beer-game",
    version: beer.version,
    title: beer.title,
    options: { weeks: 6, warmupWeeks: 0 },
    seed: 11,
    pace: { mode: "lockstep", secondsPerWeek: 10 },
    bots: { factory: { policy: "sterman" } },
    graceSeconds: 20,
    hostTokenHash: "h",
    createdAt: 1_000,
    ...over,
  };
}

const decide = (local: LocalRound, who: Actor, order: number) =>
  local.send(who, { type: "decide", week: local.round.openWeek, decision: { order } });

describe("a round in-process", () => {
  it("lockstep: the week waits for every human, closes on the last decision, and ends at the horizon", () => {
    const local = new LocalRound(beer, created());
    const ann = local.join("Ann", "retailer");
    const bo = local.join("Bo", "wholesaler");
    expect(decide(local, ann, 4)).toMatchObject({ ok: false, code: "wrong_phase" });
    expect(local.send(ann, { type: "start" })).toMatchObject({ ok: false, code: "not_host" });
    expect(local.send(local.host, { type: "start" }).ok).toBe(true);
    for (let w = 1; w <= 6; w++) {
      expect(decide(local, ann, w)).toMatchObject({ ok: true });
      // One decision is not enough: the week waits for Bo.
      expect(local.round.sim.week).toBe(w - 1);
      expect(local.send(ann, { type: "decide", week: w + 1, decision: { order: 1 } })).toMatchObject({
        code: "week_not_open",
      });
      decide(local, bo, 2 * w);
      expect(local.round.sim.week).toBe(w);
    }
    expect(local.round.phase).toBe("debrief");
    expect(local.round.sources.map((s) => s.retailer)).toEqual(Array(6).fill("human"));
    expect(local.round.sources[0]).toMatchObject({ distributor: "bot", factory: "bot" });
    expect(local.round.sim.decisionLog.map((d) => d.wholesaler?.order)).toEqual([2, 4, 6, 8, 10, 12]);
  });

  it("a paused round takes decisions but its clock does not close weeks; the host refuses the wrong phase", () => {
    const local = new LocalRound(beer, created({ pace: { mode: "timed", secondsPerWeek: 10 } }));
    const ann = local.join("Ann");
    expect(local.send(local.host, { type: "pause" })).toMatchObject({ ok: false, code: "wrong_phase" });
    local.send(local.host, { type: "start" });
    local.advanceClock(10_000);
    expect(local.round.sim.week).toBe(1);
    expect(local.round.sources[0]!.retailer).toBe("default");
    local.send(local.host, { type: "pause" });
    // Pausing twice records nothing the second time.
    const logged = local.log.length;
    expect(local.send(local.host, { type: "pause" })).toEqual({ ok: true, events: [] });
    expect(local.log.length).toBe(logged);
    local.advanceClock(60_000, 5);
    expect(local.round.sim.week).toBe(1);
    // In timed pace the only human's decision closes the week early, but not while paused.
    expect(decide(local, ann, 7).ok).toBe(true);
    expect(local.round.sim.week).toBe(1);
    local.send(local.host, { type: "resume" });
    expect(local.round.sim.week).toBe(2);
    expect(local.round.sim.decisionLog[1]!.retailer).toEqual({ order: 7 });
  });

  it("continuous pace: the last decision stays in force week after week", () => {
    const local = new LocalRound(beer, created({ pace: { mode: "continuous", secondsPerWeek: 1 } }));
    const ann = local.join("Ann");
    local.send(local.host, { type: "start" });
    decide(local, ann, 9);
    local.advanceClock(3_000, 3);
    expect(local.round.sim.decisionLog.map((d) => d.retailer)).toEqual([
      { order: 9 },
      { order: 9 },
      { order: 9 },
    ]);
    expect(local.round.sources.map((s) => s.retailer)).toEqual(["human", "human", "human"]);
    expect(local.round.hasDecided(local.round.seat("retailer"))).toBe(true);
  });

  it("a bot covers a player who stayed away, refuses their decisions, and hands the seat back", () => {
    const local = new LocalRound(beer, created());
    const ann = local.join("Ann");
    const bo = local.join("Bo");
    local.send(local.host, { type: "start" });
    local.drop("wholesaler");
    local.graceOver("wholesaler");
    // Bo is covered: Ann alone closes the week.
    decide(local, ann, 3);
    expect(local.round.sim.week).toBe(1);
    expect(local.round.sources[0]!.wholesaler).toBe("bot");
    expect(decide(local, bo, 5)).toMatchObject({ ok: false, code: "not_your_role" });
    local.comeBack("wholesaler");
    decide(local, ann, 3);
    expect(local.round.sim.week).toBe(1);
    decide(local, bo, 5);
    expect(local.round.sim.week).toBe(2);
    expect(local.round.sources[1]!.wholesaler).toBe("human");
  });

  it("seats change only in the lobby, to a free seat", () => {
    const local = new LocalRound(beer, created());
    const ann = local.join("Ann", "retailer");
    local.join("Bo", "wholesaler");
    expect(local.send(ann, { type: "seat", role: "wholesaler" })).toMatchObject({ code: "seat_taken" });
    expect(local.send(ann, { type: "seat", role: "brewer" })).toMatchObject({ code: "unknown_role" });
    expect(local.send(ann, { type: "seat", role: "factory" }).ok).toBe(true);
    expect(ann.role).toBe("factory");
    expect(local.round.seat("retailer").human).toBeNull();
    local.send(local.host, { type: "start" });
    expect(local.send(ann, { type: "seat", role: "retailer" })).toMatchObject({ code: "wrong_phase" });
    const spectator: Actor = { role: null, name: "Eve", host: false };
    expect(local.send(spectator, { type: "decide", week: 1, decision: { order: 1 } })).toMatchObject({
      code: "no_seat",
    });
  });
});

describe("who sees what", () => {
  it("a seat sees its own role until the reveal; the host may export; everyone after the reveal", () => {
    const local = new LocalRound(beer, created({ options: { weeks: 2, warmupWeeks: 0 } }));
    const ann = local.join("Ann", "retailer");
    const bo = local.join("Bo", "factory");
    local.send(local.host, { type: "start" });
    for (let w = 0; w < 2; w++) for (const p of [ann, bo]) decide(local, p, 4);
    expect(local.round.phase).toBe("debrief");
    expect(local.viewFor({ kind: "seat", role: "retailer" })).toMatchObject({
      roles: ["retailer"],
      record: false,
    });
    expect(local.viewFor({ kind: "spectator" })).toMatchObject({ roles: [], record: false });
    expect(local.viewFor({ kind: "host" }).record).toBe(true);

    const sketch = { type: "sketch" as const, points: [{ week: 1, value: 3 }], cause: "" };
    expect(local.send(local.host, sketch)).toMatchObject({ code: "no_seat" });
    expect(
      local.send(ann, { type: "ghost", request: { roles: [], policy: "sterman", params: {} } }),
    ).toMatchObject({
      code: "wrong_phase",
    });
    expect(local.send(ann, sketch).ok).toBe(true);
    // Bo sees that Ann's sketch is in, not what it says.
    const bos = local.viewFor({ kind: "seat", role: "factory" }).debrief;
    expect(bos.sketched).toEqual(["retailer"]);
    expect(bos.sketches).toEqual({});
    expect(local.send(ann, { type: "reveal" })).toMatchObject({ code: "not_host" });
    // The last human sketch reveals the truth to everyone.
    local.send(bo, sketch);
    const after = local.viewFor({ kind: "spectator" });
    expect(after.record).toBe(true);
    expect(after.roles).toEqual(["retailer", "wholesaler", "distributor", "factory"]);
    expect(Object.keys(after.debrief.sketches).sort()).toEqual(["factory", "retailer"]);
  });
});

describe("one record", () => {
  it("the record read back from the log equals the live round's, canonical policy text included", () => {
    const local = new LocalRound(beer, created({ pace: { mode: "timed", secondsPerWeek: 5 } }));
    const ann = local.join("Ann");
    local.send(local.host, { type: "start" });
    decide(local, ann, 6);
    local.advanceClock(5_000, 2);
    local.send(local.host, { type: "end" });
    const live = local.recordOf();
    expect(recordOf(replayRound("local", local.log))).toEqual(live);
    expect(live.seats.find((s) => s.role === "factory")!.policy).toMatch(/^sterman:\w+=/);
    expect(live.createdAt).toBe(new Date(1_000).toISOString());
    expect(live.endedAt).toBe(new Date(local.now).toISOString());
  });

  it("live-injected shocks are part of both", () => {
    const launch = getScenario("product-launch");
    const local = new LocalRound(
      launch,
      created({
        scenario: launch.id,
        version: launch.version,
        title: launch.title,
        options: launch.parseOptions({ weeks: 8, endWeeks: [8, 8] }),
        bots: {},
        pace: { mode: "continuous", secondsPerWeek: 1 },
      }),
    );
    local.send(local.host, { type: "start" });
    local.advanceClock(1_000);
    expect(local.send(local.host, { type: "shock", shock: { name: "market-boom", week: 1 } })).toMatchObject({
      code: "bad_request",
    });
    expect(local.send(local.host, { type: "shock", shock: { name: "market-boom", week: 4 } }).ok).toBe(true);
    local.advanceClock(7_000, 7);
    expect(local.round.phase).toBe("debrief");
    const live = local.recordOf();
    expect(live.shocks).toEqual([{ name: "market-boom", week: 4 }]);
    expect(recordOf(replayRound("local", local.log))).toEqual(live);
  });
});
