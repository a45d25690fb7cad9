// Redis restarts empty under two processes sharing it (and PostgreSQL): the live room re-registers
// (its listing and its process come back within PF_REDIS_RELIST_SECONDS), so afterwards joins and
// seat-token rejoins work through both processes, and the lookup answers in full from the process
// that does not hold the room. A lookup while Redis is away answers at once (no hang, and no
// lasting 500 from the redis-driver's cached failed read).

import { Client } from "@colyseus/sdk";
import { afterAll, expect, it } from "vitest";
import { Player } from "../server/harness.ts";
import { getJson, startPeer, startPostgres, startRedis, stopAll, waitFor } from "../support/processes.ts";
import { asHarness, expectNothingLost, playWeek, startRound } from "./rounds.ts";

afterAll(stopAll);

it("after Redis restarts empty, joins and seat-token rejoins work on both processes", async () => {
  const [db, redis] = await Promise.all([startPostgres(), startRedis()]);
  const start = () =>
    startPeer(db, redis, {
      PF_REDIS_RELIST_SECONDS: "1",
      PF_READY_TIMEOUT_MS: "1000",
      PF_LOOKUP_TIMEOUT_MS: "1500",
    });
  const a = await start();
  const b = await start();
  // The host creates through A, the guest joins through B; the matchmaker places the room on one.
  const r = await startRound(a, b);
  await playWeek(r, 1);
  const onA = (await getJson(`${a.http}/api/health`)).body.rooms === 1;
  const other = onA ? b : a;
  const full = await getJson(`${other.http}/api/rooms/${r.code}`);
  expect(full.body).toMatchObject({ code: r.code, phase: "play", week: 1 });
  expect(full.body.seats).toHaveLength(4);

  await redis.stop();
  const away = await getJson(`${other.http}/api/rooms/${r.code}`);
  expect(away.ms).toBeLessThan(6000);
  // Neither the listing nor the room's channel can be read: "try again", not a guessed "no such round".
  expect(away.status).toBe(503);
  expect(away.body.error).toMatch(/matchmaking/);
  await waitFor(async () => (await getJson(`${b.http}/api/ready`)).status === 503, "B unready without Redis");
  await redis.start();
  const back = Date.now();

  // Back, and empty: the room is listed again and the other process finds it, in full.
  await waitFor(async () => {
    const look = await getJson(`${other.http}/api/rooms/${r.code}`);
    return look.status === 200 && look.body.phase === "play" && look.body.seats?.length === 4;
  }, "the room's lookup through the process that does not hold it");
  console.log(
    `[faults] Redis restarted empty: room listed and found in full again after ${Date.now() - back} ms`,
  );
  await waitFor(async () => (await getJson(`${a.http}/api/ready`)).status === 200, "A ready");
  await waitFor(async () => (await getJson(`${b.http}/api/ready`)).status === 200, "B ready");

  // Seat-token rejoins through either process: the host through B, the guest through A.
  const host = await Player.join(asHarness(b), r.code, { name: "Host", seatToken: r.host.w.seatToken! });
  expect(host.w).toMatchObject({ role: "retailer", resumed: true });
  const guest = await Player.join(asHarness(a), r.code, { name: "Guest", seatToken: r.guest.w.seatToken! });
  expect(guest.w).toMatchObject({ role: "factory", resumed: true });
  // Newcomers join as spectators through both processes.
  for (const p of [a, b]) {
    const watcher = await Player.join(asHarness(p), r.code, { name: "Watcher", spectate: true });
    expect(watcher.w.role).toBe(null);
    await watcher.leave();
  }
  // A new round can be created and joined through either process too.
  const second = await Player.create(asHarness(b), {
    scenario: "beer-game",
    options: { weeks: 4, warmupWeeks: 0 },
    name: "Other",
    role: "retailer",
  });
  const joiner = await Player.join(asHarness(a), second.state.code, { name: "Joiner", role: "factory" });
  expect(joiner.w.role).toBe("factory");

  const again = { ...r, host, guest };
  await playWeek(again, 2);
  await playWeek(again, 3);
  expect(a.proc.exitCode).toBe(null);
  expect(b.proc.exitCode).toBe(null);
  await expectNothingLost(db.url, a.http, again);
  await expect(new Client(b.url).joinById("ZZZZZZ", { name: "x" })).rejects.toThrow();
  await Promise.all([host.leave(), guest.leave(), second.leave(), joiner.leave()]);
});
