// Scale-out: two server processes sharing Redis (presence, matchmaking) and PostgreSQL (the log).
// A player who reaches process B joins a room that lives on process A. Fails loudly without the
// services.

import { Client } from "@colyseus/sdk";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { type Harness, Player } from "../server/harness.ts";
import { freePort, startServerProcess, stopAll } from "../support/processes.ts";

const databaseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const schema = `pf_scale_${process.pid}_${Date.now().toString(36)}`;

afterAll(async () => {
  await stopAll();
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await c.end();
});

async function startProcess(port: number): Promise<Harness> {
  const p = await startServerProcess({
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    PF_PG_SCHEMA: schema,
    REDIS_URL: redisUrl,
    PF_PUBLIC_ADDRESS: `127.0.0.1:${port}`,
  });
  expect(p.output()).toMatch(/storage: postgres/);
  return { url: p.url, http: p.http } as unknown as Harness;
}

it("a join that reaches process B lands in the room on process A; the log is shared", async () => {
  const [pa, pb] = [await freePort(), await freePort()];
  const a = await startProcess(pa);
  const b = await startProcess(pb);

  const host = await Player.create(a, {
    scenario: "beer-game",
    options: { weeks: 4, warmupWeeks: 0 },
    name: "OnA",
    role: "retailer",
  });
  const code = host.state.code as string;

  // B does not hold the room, but its matchmaker finds it through Redis.
  const look = await (await fetch(`${b.http}/api/rooms/${code}`)).json();
  expect(look).toMatchObject({ code, roomId: code, scenario: "beer-game" });

  const guest = await Player.join(b, code, { name: "ViaB", role: "factory" });
  expect(guest.w.role).toBe("factory");
  await host.until((s) => s.seats.get("factory").name === "ViaB" && s.seats.get("factory").connected);

  host.send("host", { hostToken: host.w.hostToken!, action: "start" });
  // Each player decides once its own desk shows the round in play, as a browser does. The two
  // sockets are not ordered with each other: a decision sent on the guest's right after the host's
  // start may reach the room first and be refused (wrong_phase, "not in the lobby").
  await Promise.all([host, guest].map((p) => p.until((s) => s.phase === "play", 15_000)));
  for (let week = 1; week <= 4; week++) {
    const acks = [host, guest].map((p) => p.next("accepted", (a) => a.week === week, 15_000));
    host.send("decide", { week, decision: { order: 5 } });
    guest.send("decide", { week, decision: { order: 6 } });
    await Promise.all(acks);
    await guest.until((s) => s.week === week || s.phase === "debrief", 15_000);
  }
  await host.until((s) => s.phase === "debrief");
  host.send("debrief:reveal", { hostToken: host.w.hostToken! });
  const rec = await guest.next("round");
  expect(rec.decisions.map((d) => d.factory)).toEqual([
    { order: 6 },
    { order: 6 },
    { order: 6 },
    { order: 6 },
  ]);

  // Either process exports the round from the shared PostgreSQL log.
  const exp = await (await fetch(`${b.http}/api/rounds/${rec.id}/export.json`)).json();
  expect(exp.hashes).toEqual(rec.hashes);
  await Promise.all([host.leave(), guest.leave()]);
  await expect(new Client(b.url).joinById("ZZZZZZ", { name: "x" })).rejects.toThrow();
}, 180_000);
