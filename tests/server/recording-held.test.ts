// While nothing can be recorded the room takes no more than its bounded queue: a player's next
// requests and a newcomer's claim of a seat are refused with recording_unavailable (and its
// sentence), and everything acknowledged before is kept.

import { afterAll, expect, it } from "vitest";
import { startGameServer } from "../../server/app.ts";
import { MemoryStorage } from "../../server/storage/memory.ts";
import type { NewEvent, RoundPatch } from "../../server/storage/types.ts";
import { type Harness, Player } from "./harness.ts";

/** Memory storage whose appends fail while `down`, as a database that went away. */
class FailingStorage extends MemoryStorage {
  down = false;
  override append(roundId: string, events: NewEvent[], patch?: RoundPatch): Promise<void> {
    return this.down ? Promise.reject(new Error("storage is down")) : super.append(roundId, events, patch);
  }
}

const storage = new FailingStorage();
const game = await startGameServer({
  port: 0,
  host: "127.0.0.1",
  storage,
  staticDir: null,
  log: () => {},
  limits: { createsPerMinutePerIp: 10_000, maxQueuedEvents: 10 },
});
const h = { url: `ws://127.0.0.1:${game.port}`, http: `http://127.0.0.1:${game.port}` } as Harness;
afterAll(() => game.close());

it("refuses requests and claims while recording is held, and keeps what it acknowledged", async () => {
  const host = await Player.create(h, {
    scenario: "beer-game",
    options: { weeks: 30, warmupWeeks: 0 },
    pace: { mode: "lockstep" },
    name: "Ann",
    role: "retailer",
    acks: true,
  });
  host.send("host", { hostToken: host.w.hostToken!, action: "start" });
  await host.until((s) => s.phase === "play");
  host.send("decide", { week: 1, decision: { order: 5 } });
  expect((await host.next("accepted")).week).toBe(1);

  storage.down = true;
  // Deciding week after week (each closes its week: a solo player) fills the bounded queue of
  // unrecorded events; then the room refuses.
  for (let week = 2; week < 20; week++) host.send("decide", { week, decision: { order: 6 } });
  const refused = await host.next("error", (e) => e.code === "recording_unavailable");
  expect(refused.reason).toMatch(/recording is unavailable, nothing is lost/);
  await host.until((s) => s.hold === "recording");
  await expect(Player.join(h, host.w.code, { name: "Bo", role: "wholesaler" })).rejects.toThrow(
    /recording_unavailable/,
  );

  storage.down = false;
  await host.until((s) => s.hold === "" && s.week >= 2, 15_000);
  // Week 1's acknowledged order is in the log.
  const [round] = await storage.listRounds();
  expect(JSON.stringify(await storage.events(round!.id))).toMatch(/"order":5[,}]/);
  await host.leave();
});
