// The browser's session (client/net/session.ts) when its round moves to another server process: told
// to join again (4011), it keeps trying by code and seat token until the round answers, and is back
// in its seat.

import { afterAll, beforeAll, expect, it } from "vitest";
import { memoryStore, SeatStore } from "../../client/net/seat-store.ts";
import { Session } from "../../client/net/session.ts";
import { openHere } from "../../server/restore.ts";
import { services } from "../../server/services.ts";
import type { TeamRoom } from "../../server/team-room.ts";
import { CLOSE_CODES } from "../../shared/protocol/errors.ts";
import { type Harness, sleep, startHarness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function until(s: Session, pred: (s: Session) => boolean, what: string): Promise<void> {
  const end = Date.now() + 15_000;
  while (!pred(s)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

it("told that its round moved, the desk joins it again with its seat token once it runs again", async () => {
  const s = new Session(new SeatStore(memoryStore()), h.url);
  await s.create({
    scenario: "beer-game",
    options: { weeks: 5, warmupWeeks: 0 },
    name: "Ann",
    role: "retailer",
  });
  s.host({ action: "start" });
  await until(s, (x) => x.snap?.phase === "play", "play");
  const code = s.welcome!.code;
  const room = services().rooms.get(code) as TeamRoom;
  const id = room.round.id;
  const first = s.room;

  await room.handOver(CLOSE_CODES.moved, false);
  await until(s, (x) => x.connectivity === "reconnecting", "reconnecting");
  // For a while the round runs nowhere (another process is adopting it): the desk keeps trying.
  await sleep(2000);
  expect(s.connectivity).toBe("reconnecting");
  await openHere(id);
  await until(
    s,
    (x) => x.connectivity === "online" && x.room !== first && x.welcome?.resumed === true,
    "back",
  );
  expect(s.welcome).toMatchObject({ code, role: "retailer", resumed: true });
  s.decide(1, { order: 7 });
  await until(s, (x) => x.snap?.week === 1, "week 1 closes with the bots");
  await s.leave();
  expect(s.connectivity).toBe("closed");
});
