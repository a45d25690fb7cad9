// A week the player did not decide still reaches their desk: the role's private state carries the
// decision recorded for the week just closed when the default (or a covering bot) made it, and
// nothing after a week of the player's own. Checked against the round's record.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, Player, startHarness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

interface Seen {
  week: number;
  recordedBy: string;
  recorded: Record<string, number>;
}

describe("the decision recorded for a week the player did not decide", () => {
  it("reaches the player's own desk with its source, and clears after a week of their own", async () => {
    const p = await Player.create(h, {
      scenario: "beer-game",
      options: { weeks: 12, warmupWeeks: 0 },
      name: "Gus",
      role: "wholesaler",
      pace: { mode: "timed", secondsPerWeek: 0.15 },
    });
    const token = p.w.hostToken!;
    // What the desk decodes at each week it is shown.
    const seen = new Map<number, Seen>();
    p.room.onStateChange(() => {
      const own = p.desk().mine;
      if (own) {
        seen.set(own.week, {
          week: own.week,
          recordedBy: own.recorded?.source ?? "",
          recorded: own.recorded?.decision ?? {},
        });
      }
    });
    p.send("host", { hostToken: token, action: "start" });
    // Nobody decides for two weeks: the default stands in.
    await p.until((s) => s.week >= 2, 5000);
    // Then the player decides every week in lockstep.
    p.send("host", { hostToken: token, action: "pace", mode: "lockstep" });
    await p.until((s) => s.pace === "lockstep");
    const from = (p.state.week as number) + 1;
    for (let week = from; week < from + 3; week++) {
      p.send("decide", { week, decision: { order: 20 + week } });
      await p.until((s) => s.week >= week);
    }
    p.send("host", { hostToken: token, action: "end" });
    await p.until((s) => s.phase === "debrief");
    p.send("debrief:reveal", { hostToken: token });
    const rec = await p.next("round");

    const weeks = rec.decisions.length;
    expect(weeks).toBe(from + 2);
    for (let t = 1; t <= weeks; t++) {
      const source = rec.sources[t - 1]!["wholesaler"]!;
      const s = seen.get(t);
      expect(s, `week ${t} was shown`).toBeDefined();
      if (source === "human") {
        expect(s).toEqual({ week: t, recordedBy: "", recorded: {} });
      } else {
        expect(s).toEqual({ week: t, recordedBy: source, recorded: rec.decisions[t - 1]!["wholesaler"] });
      }
    }
    // Both kinds of week happened.
    expect(rec.sources.slice(0, 2).map((x) => x["wholesaler"])).toEqual(["default", "default"]);
    expect(rec.sources[weeks - 1]!["wholesaler"]).toBe("human");
    await p.leave();
  });
});
