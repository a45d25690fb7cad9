// Round ownership inside one server: a round whose ownership moves to another process (here, the
// database says so) is dropped by this one without another word to the log, and its players are told
// to join again (4011); a drain releases every round and closes its clients the same way.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, expect, it } from "vitest";
import { type GameServer, startGameServer } from "../../server/app.ts";
import { SqliteStorage } from "../../server/storage/sqlite.ts";
import { CLOSE_CODES } from "../../shared/protocol/errors.ts";
import { type Harness, Player, sleep } from "./harness.ts";

const dir = mkdtempSync(join(tmpdir(), "pf-owners-"));
const servers: GameServer[] = [];
/** One server at a time: the matchmaker and the services are the process's. */
async function closeAll(): Promise<void> {
  for (const s of servers.splice(0)) await s.close().catch(() => {});
}
afterAll(async () => {
  await closeAll();
  rmSync(dir, { recursive: true, force: true });
});

async function serve(file: string): Promise<{ game: GameServer; h: Harness; storage: SqliteStorage }> {
  const storage = new SqliteStorage(file, { leaseMs: 400 });
  const game = await startGameServer({ port: 0, host: "127.0.0.1", storage, staticDir: null, log: () => {} });
  servers.push(game);
  const h = {
    url: `ws://127.0.0.1:${game.port}`,
    http: `http://127.0.0.1:${game.port}`,
  } as unknown as Harness;
  return { game, h, storage };
}

it("a round adopted elsewhere is dropped here: players told to join again, nothing more written", async () => {
  const file = join(dir, "lost.db");
  const { h, storage } = await serve(file);
  const p = await Player.create(h, { scenario: "beer-game", name: "Ann", role: "retailer" });
  p.send("host", { hostToken: p.w.hostToken!, action: "start" });
  await p.until((s) => s.phase === "play");
  const [roundId] = storage.ownedRounds();
  expect(roundId).toBeDefined();
  // Several beats: the lease is renewed in the database (a 400 ms lease would have run out), the round stays.
  const db = new Database(file);
  const leaseUntil = () =>
    (db.prepare("SELECT lease_until FROM rounds WHERE id = ?").get(roundId) as { lease_until: number })
      .lease_until;
  const renewedFrom = leaseUntil();
  await sleep(500);
  expect(leaseUntil()).toBeGreaterThan(renewedFrom);
  expect(storage.ownedRounds()).toEqual([roundId]);

  // Another process takes it (its lease ran out while this one was frozen, say).
  db.prepare("UPDATE rounds SET owner = 'elsewhere/1/x', epoch = epoch + 1 WHERE id = ?").run(roundId);
  const seq = () =>
    (db.prepare("SELECT max(seq) AS n FROM event_log WHERE round_id = ?").get(roundId) as { n: number }).n;
  const before = seq();
  p.send("decide", { week: 1, decision: { order: 5 } });
  await p.until(() => p.closed !== null, 5000);
  expect(p.closed).toBe(CLOSE_CODES.moved);
  expect(storage.ownedRounds()).toEqual([]);
  expect(seq()).toBe(before);
  expect(db.prepare("SELECT status, owner FROM rounds WHERE id = ?").get(roundId) as object).toEqual({
    status: "play",
    owner: "elsewhere/1/x",
  });
  db.close();
  await closeAll();
});

it("a drain releases the rounds, closes their clients with 4011, and the next start resumes them", async () => {
  const file = join(dir, "drain.db");
  const first = await serve(file);
  const p = await Player.create(first.h, { scenario: "beer-game", name: "Ann", role: "retailer" });
  const token = p.w.seatToken!;
  const code = p.state.code as string;
  p.send("host", { hostToken: p.w.hostToken!, action: "start" });
  await p.until((s) => s.phase === "play");
  expect(await first.game.drain(5000)).toEqual({ finished: true, held: [] });
  expect(p.closed).toBe(CLOSE_CODES.moved);
  const db = new Database(file, { readonly: true });
  expect(db.prepare("SELECT status, owner FROM rounds").get()).toEqual({ status: "play", owner: null });
  db.close();

  await closeAll();
  const second = await serve(file);
  expect(second.game.restored).toMatchObject([{ code, ok: true }]);
  const back = await Player.join(second.h, code, { name: "Ann", seatToken: token });
  expect(back.w).toMatchObject({ role: "retailer", resumed: true });
  await back.leave();
});
