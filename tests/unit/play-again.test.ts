// Play again in the core: who may start the next round and when, what it takes over from the
// finished one (seats by the same token, bots, seed, the transparent round), the hypotheses' rules
// and visibility, and that both the link and the hypotheses come back from the log.

import { describe, expect, it } from "vitest";
import { besideRows, offersInfoSharing } from "../../client/view/play-again.ts";
import { buildDebriefModel } from "../../shared/debrief/model.ts";
import { MAX_HYPOTHESIS_CHARS } from "../../shared/protocol/again.ts";
import { checkPlayAgain, hypothesisProblem, planNextRound, previousRun } from "../../shared/round/again.ts";
import type { Actor } from "../../shared/round/check.ts";
import { LocalRound } from "../../shared/round/local.ts";
import { recordOf } from "../../shared/round/record.ts";
import { replayRound } from "../../shared/round/replay.ts";
import { Round } from "../../shared/round/round.ts";
import { viewFor } from "../../shared/round/view.ts";
import { getScenario } from "../../shared/scenarios/index.ts";
import { botRound, createdFor } from "./round-fixtures.ts";

const beer = getScenario("beer-game");
const WEEKS = 5;

const created = createdFor("beer-game", {
  code: "FIRST1",
  options: { weeks: WEEKS, warmupWeeks: 0 },
  seed: 11,
  pace: { mode: "lockstep", secondsPerWeek: 10 },
  bots: { factory: { policy: "pass-through" } },
});

/** Ann and Bo play a short round with two bots, to its debrief. */
function finishedRound(): { local: LocalRound; ann: Actor; bo: Actor } {
  const local = new LocalRound(beer, created, "first");
  const ann = local.join("Ann", "retailer");
  const bo = local.join("Bo", "wholesaler");
  local.send(local.host, { type: "start" });
  for (let w = 1; w <= WEEKS; w++)
    for (const p of [ann, bo]) local.send(p, { type: "decide", week: w, decision: { order: 4 + w } });
  return { local, ann, bo };
}

/** The next round as the server opens it: its creation and the seats held for the same people. */
function nextRound(
  first: LocalRound,
  choice = { sameSeed: true, infoSharing: false },
  seed = 99,
): LocalRound {
  const plan = planNextRound(first.round, choice, seed);
  const next = new LocalRound(
    beer,
    { ...plan.created, code: "NEXT22", hostTokenHash: "h2", createdAt: 2_000 },
    "next",
  );
  next.record(plan.claims);
  return next;
}

describe("starting the next round", () => {
  it("is for a finished round's players and host, not before the debrief or for spectators", () => {
    const local = new LocalRound(beer, created);
    const ann = local.join("Ann", "retailer");
    expect(checkPlayAgain(local.round, ann)).toMatchObject({ code: "wrong_phase" });
    const { local: done, bo } = finishedRound();
    expect(checkPlayAgain(done.round, bo)).toBeNull();
    expect(checkPlayAgain(done.round, done.host)).toBeNull();
    expect(checkPlayAgain(done.round, { role: null, name: "Eve", host: false })).toMatchObject({
      code: "no_seat",
    });
  });

  it("holds the same seats for the same people by their seat tokens, keeps the bots and carries the run", () => {
    const { local } = finishedRound();
    const next = nextRound(local);
    const r = next.round;
    expect(r.findByToken("token:Ann")?.role).toBe("retailer");
    expect(r.findByToken("token:Bo")?.role).toBe("wholesaler");
    expect(r.seat("distributor").human).toBeNull();
    expect(r.seat("factory").bot.name).toBe("pass-through");
    expect(r.phase).toBe("lobby");
    expect(r.sim.seed).toBe(11);
    expect((r.sim.options as { infoSharing: boolean }).infoSharing).toBe(false);
    const rec = next.recordOf();
    expect(rec.previous).toMatchObject({ id: "first", code: "FIRST1", seed: 11 });
    expect(previousRun(beer, rec)?.hashes).toEqual(local.round.sim.hashes);
  });

  it("takes a new seed and the transparent round when asked", () => {
    const { local } = finishedRound();
    const r = nextRound(local, { sameSeed: false, infoSharing: true }, 4242).round;
    expect(r.sim.seed).toBe(4242);
    expect((r.sim.options as { infoSharing: boolean }).infoSharing).toBe(true);
  });

  it("plays the product launch again too (it has no transparent round: the switch changes nothing)", () => {
    const launch = getScenario("product-launch");
    const done = botRound("product-launch", { id: "launch" });
    const plan = planNextRound(done.round, { sameSeed: true, infoSharing: true }, 5);
    const next = new Round("next", launch, { ...plan.created, code: "NEXT33", hostTokenHash: "h" });
    expect(next.sim.options).toEqual(done.round.sim.options);
    expect(previousRun(launch, recordOf(next))?.hashes).toEqual(done.round.sim.hashes);
  });

  it("the finished round remembers where the team went, also after a restart", () => {
    const { local } = finishedRound();
    local.record([{ type: "again", data: { id: "next", code: "NEXT22", by: "Ann" } }]);
    expect(local.recordOf().next).toEqual({ id: "next", code: "NEXT22", by: "Ann" });
    expect(replayRound("first", local.log).next).toEqual({ id: "next", code: "NEXT22", by: "Ann" });
  });
});

describe("hypotheses", () => {
  it("are refused when empty, too long, from a spectator, in the debrief, or in a round that follows none", () => {
    const { local, ann } = finishedRound();
    expect(local.send(ann, { type: "hypothesis", text: "Steadier" })).toMatchObject({ code: "bad_request" });
    const next = nextRound(local);
    const ann2: Actor = { role: "retailer", name: "Ann", host: false };
    expect(next.send(ann2, { type: "hypothesis", text: " \n " })).toMatchObject({
      ok: false,
      code: "bad_request",
      reason: expect.stringContaining("empty"),
    });
    expect(next.send(ann2, { type: "hypothesis", text: "y".repeat(MAX_HYPOTHESIS_CHARS + 1) })).toMatchObject(
      {
        reason: expect.stringContaining(`at most ${MAX_HYPOTHESIS_CHARS} characters`),
      },
    );
    expect(
      next.send({ role: null, name: "Eve", host: false }, { type: "hypothesis", text: "Mine" }),
    ).toMatchObject({
      code: "no_seat",
    });
    expect(next.send(ann2, { type: "hypothesis", text: "y".repeat(MAX_HYPOTHESIS_CHARS) }).ok).toBe(true);
  });

  it("stay hidden from the other players until the reveal, and come back from the log", () => {
    const { local } = finishedRound();
    const next = nextRound(local);
    const ann2: Actor = { role: "retailer", name: "Ann", host: false };
    const bo2: Actor = { role: "wholesaler", name: "Bo", host: false };
    next.send(ann2, { type: "hypothesis", text: "  Order steadily.  " });
    next.send(bo2, { type: "hypothesis", text: "Watch the supply line." });
    next.send(next.host, { type: "start" });
    for (let w = 1; w <= WEEKS; w++)
      for (const p of [ann2, bo2]) next.send(p, { type: "decide", week: w, decision: { order: 4 } });
    expect(next.round.phase).toBe("debrief");
    // Too late now: the round has been played.
    expect(next.send(bo2, { type: "hypothesis", text: "Another" })).toMatchObject({ code: "wrong_phase" });
    const ann = { role: "retailer", name: "Ann", text: "Order steadily." };
    expect(next.viewFor({ kind: "seat", role: "retailer" }).debrief.hypotheses).toEqual({ retailer: ann });
    expect(next.viewFor({ kind: "seat", role: "wholesaler" }).debrief.hypotheses).not.toHaveProperty(
      "retailer",
    );
    expect(next.viewFor({ kind: "spectator" }).debrief.hypotheses).toEqual({});
    next.send(next.host, { type: "reveal" });
    expect(Object.keys(next.viewFor({ kind: "spectator" }).debrief.hypotheses).sort()).toEqual([
      "retailer",
      "wholesaler",
    ]);
    const restored = replayRound("next", next.log);
    expect(viewFor(restored, { kind: "spectator" }).debrief.hypotheses.retailer).toEqual(ann);
    expect(next.recordOf().hypotheses).toEqual([
      ann,
      { role: "wholesaler", name: "Bo", text: "Watch the supply line." },
    ]);
  });
});

describe("the next debrief beside the previous round", () => {
  it("sets each seat's players, hypothesis and cost in both rounds side by side", () => {
    const { local } = finishedRound();
    const next = nextRound(local, { sameSeed: true, infoSharing: true });
    const ann2: Actor = { role: "retailer", name: "Ann", host: false };
    const bo2: Actor = { role: "wholesaler", name: "Bo", host: false };
    next.send(ann2, { type: "hypothesis", text: "Order steadily." });
    next.send(next.host, { type: "start" });
    for (let w = 1; w <= WEEKS; w++)
      for (const p of [ann2, bo2]) next.send(p, { type: "decide", week: w, decision: { order: 4 } });
    next.send(next.host, { type: "reveal" });
    const rec = next.recordOf();
    const now = buildDebriefModel(beer, next.round.sim.history, next.round.sim.options, rec.decisions, rec);
    const prevSim = previousRun(beer, rec)!;
    const before = buildDebriefModel(beer, prevSim.history, prevSim.options, rec.previous!.decisions);
    const rows = besideRows(now, before, rec, next.round.debrief.hypotheses);
    expect(rows.map((r) => [r.role, r.before, r.now, r.hypothesis])).toEqual([
      ["retailer", "Ann", "Ann", "Order steadily."],
      ["wholesaler", "Bo", "Bo", null],
      ["distributor", "", "", null],
      ["factory", "", "", null],
    ]);
    for (const r of rows) {
      expect(r.costNow).toBe(now.costs.roles.find((x) => x.role === r.role)!.total);
      expect(r.costBefore).toBe(before.costs.roles.find((x) => x.role === r.role)!.total);
    }
    // The transparent round changed what the desks saw, so the orders (and costs) differ.
    expect(rows.some((r) => r.costNow !== r.costBefore)).toBe(true);
  });

  it("asks for a hypothesis of 1 to 500 characters, and offers the transparent round where there is one", () => {
    expect(hypothesisProblem("  ")).toBe("empty");
    expect(hypothesisProblem("x".repeat(MAX_HYPOTHESIS_CHARS + 1))).toBe("long");
    expect(hypothesisProblem(` ${"x".repeat(MAX_HYPOTHESIS_CHARS)} `)).toBeNull();
    expect(offersInfoSharing(beer)).toBe(true);
    expect(offersInfoSharing(getScenario("product-launch"))).toBe(false);
  });
});
