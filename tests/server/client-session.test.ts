// The browser's session code (client/net/session.ts) against a real server: it joins with acks off,
// so every "decided for week N" and the history's decisions come from the synchronised role state.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryStore, SeatStore } from "../../client/net/seat-store.ts";
import { Session } from "../../client/net/session.ts";
import type { AcceptedMessage, ErrorMessage } from "../../shared/protocol/messages.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

interface Seen {
  accepted: AcceptedMessage[];
  errors: ErrorMessage[];
  /** `accepted` messages that reached the wire (there should be none). */
  wireAcks: number;
}

function watch(s: Session): Seen {
  const seen: Seen = { accepted: [], errors: [], wireAcks: 0 };
  s.on("accepted", (a) => seen.accepted.push(a));
  s.on("error", (e) => seen.errors.push(e));
  s.room?.onMessage("accepted", () => {
    seen.wireAcks++;
  });
  return seen;
}

async function until(s: Session, pred: (s: Session) => boolean, what: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!pred(s)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const settle = () => new Promise((r) => setTimeout(r, 150));

describe("the browser session with acks off", () => {
  it("alone with three bots: each decision closes its week and is still confirmed and recorded", async () => {
    const s = new Session(new SeatStore(memoryStore()), h.url);
    await s.create({
      scenario: "beer-game",
      options: { weeks: 5, warmupWeeks: 0 },
      name: "Ann",
      role: "retailer",
      seed: 3,
    });
    const seen = watch(s);
    s.host({ action: "start" });
    await until(s, (x) => x.snap?.phase === "play", "play");
    const orders = [6, 0, 11];
    for (const [i, order] of orders.entries()) {
      const week = i + 1;
      if (week === 2) {
        // Refused by the server: shown as an error, never as decided.
        s.decide(week, { order: -4 });
        await until(s, () => seen.errors.length > 0, "the refusal");
        expect(seen.errors[0]).toMatchObject({ code: "bad_decision", request: "decide", field: "order" });
      }
      s.decide(week, { order });
      await until(s, (x) => x.snap?.week === week, `week ${week} to close`);
      expect(seen.accepted.at(-1)).toEqual({ week, decision: { order }, source: "human" });
    }
    expect(seen.accepted.map((a) => a.week)).toEqual([1, 2, 3]);
    const rows = s.weeks.filter((w) => w.week >= 1).map((w) => [w.week, w.decision, w.source]);
    expect(rows).toEqual(orders.map((order, i) => [i + 1, { order }, "human"]));
    expect(seen.wireAcks).toBe(0);
    await s.leave();
  });

  it("two players in lockstep: the first reads acceptance in the state, the last from the closed week", async () => {
    const a = new Session(new SeatStore(memoryStore()), h.url);
    await a.create({
      scenario: "beer-game",
      options: { weeks: 4, warmupWeeks: 0 },
      name: "Ann",
      role: "retailer",
      seed: 9,
    });
    const b = new Session(new SeatStore(memoryStore()), h.url);
    await b.join(a.welcome!.code, "Bo", "wholesaler");
    const seenA = watch(a);
    const seenB = watch(b);
    a.host({ action: "start" });
    await until(a, (x) => x.snap?.phase === "play", "play");
    await until(b, (x) => x.snap?.phase === "play", "play");

    a.decide(1, { order: 5 });
    await until(a, () => seenA.accepted.length === 1, "A's decision in the state");
    expect(a.snap?.week).toBe(0);
    // A changes their mind before the week closes: the newer decision is the one confirmed and kept.
    a.decide(1, { order: 7 });
    await until(a, () => seenA.accepted.length === 2, "A's new decision in the state");
    b.decide(1, { order: 3 });
    await until(a, (x) => x.snap?.week === 1, "week 1 to close");
    await until(b, (x) => x.snap?.week === 1, "week 1 to close");
    await settle();
    expect(seenA.accepted).toEqual([
      { week: 1, decision: { order: 5 }, source: "human" },
      { week: 1, decision: { order: 7 }, source: "human" },
    ]);
    expect(seenB.accepted).toEqual([{ week: 1, decision: { order: 3 }, source: "human" }]);
    expect(a.weeks.find((w) => w.week === 1)).toMatchObject({ decision: { order: 7 }, source: "human" });
    expect(b.weeks.find((w) => w.week === 1)).toMatchObject({ decision: { order: 3 }, source: "human" });

    // Sending the decision already in again changes no state; it is confirmed at once all the same.
    a.decide(2, { order: 4 });
    await until(a, () => seenA.accepted.length === 3, "A's week-2 decision in the state");
    a.decide(2, { order: 4 });
    expect(seenA.accepted.slice(2)).toEqual([
      { week: 2, decision: { order: 4 }, source: "human" },
      { week: 2, decision: { order: 4 }, source: "human" },
    ]);

    // A reload: a new session takes the seat back and still knows the closed week's decision.
    await b.leave();
    const store = new SeatStore(memoryStore());
    const b2 = new Session(store, h.url);
    // The seat token from the first session's store is what a reload finds in localStorage.
    store.save({ ...b.savedSeat(a.welcome!.code)!, code: a.welcome!.code });
    await b2.join(a.welcome!.code, "Bo");
    await until(b2, (x) => x.weeks.some((w) => w.week === 1), "history");
    expect(b2.weeks.find((w) => w.week === 1)).toMatchObject({ decision: { order: 3 }, source: "human" });
    expect(seenA.wireAcks + seenB.wireAcks).toBe(0);
    await a.leave();
    await b2.leave();
  });
});
