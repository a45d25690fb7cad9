// Scale-out: two server processes sharing Redis (presence, matchmaking) and PostgreSQL (the log).
// A player who reaches process B joins a room that lives on process A. Fails loudly without the
// services.

import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { Client } from "@colyseus/sdk";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { type Harness, Player } from "../server/harness.ts";

const databaseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const schema = `pf_scale_${process.pid}_${Date.now().toString(36)}`;
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await c.end();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

async function startProcess(port: number, restore: boolean): Promise<Harness> {
  const proc = spawn(process.execPath, [join(import.meta.dirname, "../../server/main.ts")], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      PF_PG_SCHEMA: schema,
      REDIS_URL: redisUrl,
      PF_PUBLIC_ADDRESS: `127.0.0.1:${port}`,
      PF_RESTORE: restore ? "1" : "0",
      PF_STATIC_DIR: "/nonexistent",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(proc);
  let out = "";
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000);
    const onData = (d: Buffer) => {
      out += d;
      if (out.includes("listening on")) {
        clearTimeout(t);
        resolve();
      }
    };
    proc.stdout!.on("data", onData);
    proc.stderr!.on("data", onData);
    proc.on("exit", (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
  expect(out).toMatch(/storage: postgres/);
  return { url: `ws://127.0.0.1:${port}`, http: `http://127.0.0.1:${port}` } as unknown as Harness;
}

it("a join that reaches process B lands in the room on process A; the log is shared", async () => {
  const [pa, pb] = [await freePort(), await freePort()];
  const a = await startProcess(pa, true);
  const b = await startProcess(pb, false);

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
  for (let week = 1; week <= 4; week++) {
    host.send("decide", { week, decision: { order: 5 } });
    guest.send("decide", { week, decision: { order: 6 } });
    await guest.until((s) => s.week === week || s.phase === "debrief");
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
});
