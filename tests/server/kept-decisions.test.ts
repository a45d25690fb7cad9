// A decision accepted is a decision kept: when a player drops after deciding and a bot covers the
// seat, the week closes with the player's decision, in every pace mode. In-process (LocalRound) and
// through a live room, where the grace timer and the drop are real.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { services } from "../../server/services.ts";
import type { TeamRoom } from "../../server/team-room.ts";
import { PACES } from "../../shared/protocol/room.ts";
import { LocalRound } from "../../shared/round/local.ts";
import { replayRound } from "../../shared/round/replay.ts";
import { getScenario } from "../../shared/scenarios/index.ts";
import { type Harness, Player, startHarness } from "./harness.ts";

const beer = getScenario("beer-game");

describe("a bot covering a seat never replaces the accepted human decision", () => {
  for (const mode of PACES) {
    it(`${mode} pace`, () => {
      const local = new LocalRound(beer, {
        code: "KEPT22",
        scenario: "beer-game",
        version: beer.version,
        title: beer.title,
        options: { weeks: 4, warmupWeeks: 0 },
        seed: 3,
        pace: { mode, secondsPerWeek: 10 },
        bots: {},
        graceSeconds: 20,
        hostTokenHash: "h",
        createdAt: 1_000,
      });
      const ann = local.join("Ann", "retailer");
      const bo = local.join("Bo", "wholesaler");
      local.send(local.host, { type: "start" });
      expect(local.send(ann, { type: "decide", week: 1, decision: { order: 17 } }).ok).toBe(true);
      // Ann's connection drops and her grace runs out before the week closes.
      local.drop("retailer");
      local.graceOver("retailer");
      expect(local.round.seat("retailer").covered).toBe(true);
      if (mode === "lockstep") local.send(bo, { type: "decide", week: 1, decision: { order: 5 } });
      else local.advanceClock(10_000);
      expect(local.round.sim.week).toBe(1);
      expect(local.round.sim.decisionLog[0]!.retailer).toEqual({ order: 17 });
      expect(local.round.sources[0]!.retailer).toBe("human");
      // The bot plays the weeks after.
      if (mode === "lockstep") local.send(bo, { type: "decide", week: 2, decision: { order: 5 } });
      else local.advanceClock(10_000);
      expect(local.round.sources[1]!.retailer).toBe("bot");
      // And the log replays to the same round.
      const replayed = replayRound(
        "local",
        local.log.map((e, i) => ({ ...e, seq: i + 1 })),
      );
      expect(replayed.sim.decisionLog).toEqual(local.round.sim.decisionLog);
    });
  }
});

describe("through a live room", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it("a player who decided and dropped keeps the decision when the bot takes the seat over", async () => {
    const ann = await Player.create(h, {
      scenario: "beer-game",
      options: { weeks: 3, warmupWeeks: 0 },
      name: "Ann",
      role: "retailer",
      graceSeconds: 0,
    });
    const code = ann.state.code as string;
    const bo = await Player.join(h, code, { name: "Bo", role: "wholesaler" });
    ann.send("host", { hostToken: ann.w.hostToken, action: "start" });
    await bo.until((s) => s.phase === "play");
    ann.send("decide", { week: 1, decision: { order: 17 } });
    await ann.next("accepted");
    await ann.leave();
    const room = services().rooms.get(code) as TeamRoom;
    await bo.until(() => room.round.seat("retailer").covered);
    bo.send("decide", { week: 1, decision: { order: 5 } });
    await bo.until((s) => s.week >= 1);
    expect(room.round.sim.decisionLog[0]!.retailer).toEqual({ order: 17 });
    expect(room.round.sources[0]!.retailer).toBe("human");
    await bo.leave();
  });
});
