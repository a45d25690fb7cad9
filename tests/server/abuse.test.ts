// What a stranger can do to a server, one test per door the adversarial review found open: each
// asserts the refusal, and that a healthy room in the same process kept its pace meanwhile.

import { Client } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { services } from "../../server/services.ts";
import type { TeamRoom } from "../../server/team-room.ts";
import { type Harness, Player, sleep, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  // Forwarded addresses stand for distinct strangers, so one test's budget is not another's.
  h = await startHarness({ limits: { trustProxy: true, ghostsPerSeat: 2, ghostsPerRound: 3 } });
});
afterAll(() => h.close());

const SECONDS_PER_WEEK = 0.1;

/** A room of bots in continuous pace: it should advance a week every SECONDS_PER_WEEK throughout. */
async function healthyRoom() {
  const watcher = await Player.create(h, {
    scenario: "beer-game",
    options: { weeks: 520 },
    name: "Pace",
    spectate: true,
    pace: { mode: "continuous", secondsPerWeek: SECONDS_PER_WEEK },
  });
  watcher.send("host", { hostToken: watcher.w.hostToken, action: "start" });
  await watcher.until((s) => s.week >= 1);
  const t0 = Date.now();
  const w0 = watcher.state.week as number;
  return {
    async keptPace() {
      await sleep(300);
      const expected = (Date.now() - t0) / 1000 / SECONDS_PER_WEEK;
      const weeks = (watcher.state.week as number) - w0;
      // A loaded machine loses some ticks; a server stalled by the abuse loses most of them.
      expect(weeks).toBeGreaterThanOrEqual(Math.floor(expected * 0.5));
      await watcher.leave();
    },
  };
}

const post = (path: string, body: unknown, from = "198.51.100.1") =>
  fetch(`${h.http}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": from },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

/** A short round played to its debrief by one player; the truth revealed. */
async function revealedDebrief() {
  const host = await Player.create(h, { scenario: "beer-game", options: { weeks: 2 }, name: "Ann" });
  const token = host.w.hostToken!;
  host.send("host", { hostToken: token, action: "start" });
  await host.until((s) => s.phase === "play");
  for (const week of [1, 2]) {
    host.send("decide", { week, decision: { order: 4 } });
    await host.until((s) => s.week >= week || s.phase === "debrief");
  }
  await host.until((s) => s.phase === "debrief");
  host.send("debrief:reveal", { hostToken: token });
  await host.next("round");
  return { host, token, code: host.state.code as string };
}

describe("closed doors", () => {
  it("joining needs the code: join, joinOrCreate and the raw matchmake routes refuse and return no code", async () => {
    const pace = await healthyRoom();
    const lobby = await Player.create(h, { scenario: "beer-game", name: "Owner" });
    const code = lobby.state.code as string;
    const client = new Client(h.url);
    await expect(client.join("team", { name: "Stranger" })).rejects.toThrow(/code/);
    await expect(client.joinOrCreate("team", { name: "Stranger" })).rejects.toThrow(/code/);
    for (const method of ["join", "joinOrCreate"]) {
      const res = await post(`/matchmake/${method}/team`, { name: "Stranger" });
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain(code);
    }
    // The owner's lobby still has only its owner; with the code a player gets in.
    expect((services().rooms.get(code) as TeamRoom).round.seat("wholesaler").human).toBeNull();
    const invited = await Player.join(h, code, { name: "Invited" });
    expect(invited.w.role).toBe("wholesaler");
    await Promise.all([lobby.leave(), invited.leave()]);
    await pace.keptPace();
  });

  it("listings carry no join codes", async () => {
    const pace = await healthyRoom();
    const { host, code } = await revealedDebrief();
    const res = await fetch(`${h.http}/api/rounds?status=debrief,lobby,play`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain(code);
    const rows = JSON.parse(text) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => !("code" in r))).toBe(true);
    await host.leave();
    await pace.keptPace();
  });

  it("spectators watch: no notes or ghost runs; ghost runs limited and cached; a note costs its own bytes", async () => {
    const pace = await healthyRoom();
    const { host, code } = await revealedDebrief();
    const outsider = await Player.join(h, code, { name: "Outsider", spectate: true });
    await outsider.next("round");
    host.send("debrief:note", { question: 0, text: "the team's note" });
    await host.next("debrief:noted" as "round");
    for (let i = 0; i < 5; i++) outsider.send("debrief:ghost", { policy: "sterman" });
    for (let i = 0; i < 5; i++) outsider.send("debrief:note", { question: 0, text: `Outsider ${i}` });
    for (let i = 0; i < 10; i++) expect((await outsider.next("error")).code).toBe("no_seat");
    const room = services().rooms.get(code) as TeamRoom;
    expect(room.round.debrief.notes["0"]).toEqual({ text: "the team's note", by: "Ann" });
    expect(room.round.debrief.ghosts).toHaveLength(0);

    // The seat's own ghost runs: the same request twice is one run; a third distinct one is refused.
    host.send("debrief:ghost", { policy: "sterman" });
    await host.until(() => room.round.debrief.ghosts.length === 1);
    host.send("debrief:ghost", { policy: "sterman", roles: [] });
    host.send("debrief:ghost", { policy: "pass-through" });
    await host.until(() => room.round.debrief.ghosts.length === 2);
    host.send("debrief:ghost", { policy: "constant" });
    expect((await host.next("error")).reason).toMatch(/at most 2 ghost runs a seat/);
    expect(room.round.debrief.ghosts.map((g) => g.by)).toEqual(["retailer", "retailer"]);

    // A note goes to everyone alone: its message is about its own size, and no whole state carries it.
    // (A state broadcast for the ghost runs above may still be on its way: it does not hold the note.)
    const noted: number[] = [];
    const states: string[] = [];
    outsider.room.onMessage("debrief:noted", (p) => noted.push(JSON.stringify(p).length));
    outsider.room.onMessage("debrief:state", (p) => states.push(JSON.stringify(p)));
    host.send("debrief:note", { question: 1, text: "x".repeat(100) });
    await outsider.until(() => noted.length > 0);
    await sleep(100);
    expect(noted).toHaveLength(1);
    expect(noted[0]).toBeLessThan(300);
    expect(states.filter((s) => s.includes("x".repeat(100)))).toEqual([]);

    await Promise.all([host.leave(), outsider.leave()]);
    await pace.keptPace();
  });

  it("room creation has a budget per address and per process, refused with Retry-After", async () => {
    const pace = await healthyRoom();
    const limits = services().limits;
    const saved = { ...limits };
    try {
      limits.createsPerMinutePerIp = 3;
      const create = (from: string) =>
        post("/matchmake/create/team", { scenario: "beer-game", name: "F" }, from);
      for (let i = 0; i < 3; i++) expect((await create("203.0.113.7")).status).toBe(200);
      const refused = await create("203.0.113.7");
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(((await refused.json()) as { error: string }).error).toMatch(/too many rooms/);
      // Another address still may.
      expect((await create("203.0.113.8")).status).toBe(200);

      limits.createsPerMinutePerIp = 1000;
      const lobbies = [...services().rooms.values()].filter((r) => (r as TeamRoom).round.phase === "lobby");
      limits.maxLobbies = lobbies.length;
      const full = await create("203.0.113.9");
      expect(full.status).toBe(503);
      expect(full.headers.get("retry-after")).toBe("60");
      await expect(new Client(h.url).create("team", { scenario: "beer-game", name: "SDK" })).rejects.toThrow(
        /as many open lobbies/,
      );
    } finally {
      Object.assign(limits, saved);
    }
    await pace.keptPace();
  });

  it("a cohort, a branch and an import draw on the same per-address budget as room creation", async () => {
    const limits = services().limits;
    const saved = { ...limits };
    try {
      limits.createsPerMinutePerIp = 3;
      const from = "203.0.113.20";
      const cohort = { scenario: "beer-game", weeks: 6, teams: 1 };
      expect((await post("/api/cohorts", cohort, from)).status).toBe(201);
      // A bad body still spends a create: the budget is counted before the body is read.
      expect((await post("/api/rounds/import", { not: "an export" }, from)).status).toBe(422);
      expect((await post("/api/rounds/no-such-round/branch", { week: 1 }, from)).status).toBe(404);
      for (const [path, body] of [
        ["/api/cohorts", cohort],
        ["/api/rounds/import", {}],
        ["/api/rounds/no-such-round/branch", { week: 1 }],
        ["/matchmake/create/team", { scenario: "beer-game", name: "F" }],
      ] as const) {
        const refused = await post(path, body, from);
        expect(refused.status, path).toBe(429);
        expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      }
      // Another address still may.
      expect((await post("/api/cohorts", cohort, "203.0.113.21")).status).toBe(201);
    } finally {
      Object.assign(limits, saved);
    }
  });

  it("a stopping process refuses every create, the SDK's and the HTTP routes', with 503 restarting and Retry-After", async () => {
    const rooms = services().rooms.size;
    const recorded = (await (await fetch(`${h.http}/api/rounds?limit=100`)).json()).length;
    // What SIGTERM's drain sets first (server/app.ts): the process takes no new rounds from then on.
    services().shuttingDown = true;
    try {
      for (const [path, body] of [
        ["/matchmake/create/team", { scenario: "beer-game", name: "F" }],
        ["/api/cohorts", { scenario: "beer-game", weeks: 6, teams: 1 }],
        ["/api/rounds/import", {}],
        ["/api/rounds/no-such-round/branch", { week: 1 }],
      ] as const) {
        const refused = await post(path, body, "203.0.113.30");
        expect(refused.status, path).toBe(503);
        expect(refused.headers.get("retry-after"), path).toBe("2");
        expect(await refused.json(), path).toEqual({
          error: "this server is restarting: try again in a moment",
        });
      }
      await expect(new Client(h.url).create("team", { scenario: "beer-game", name: "SDK" })).rejects.toThrow(
        /this server is restarting/,
      );
    } finally {
      services().shuttingDown = false;
    }
    // Nothing was opened or recorded meanwhile; once running again, the same address creates.
    expect(services().rooms.size).toBe(rooms);
    expect((await (await fetch(`${h.http}/api/rounds?limit=100`)).json()).length).toBe(recorded);
    expect(
      (await post("/matchmake/create/team", { scenario: "beer-game", name: "F" }, "203.0.113.30")).status,
    ).toBe(200);
  });

  it("create bodies are capped in bytes and list lengths", async () => {
    // Built before the clock starts: the test's own work is not the server's.
    const huge = JSON.stringify({
      scenario: "beer-game",
      name: "Big",
      options: { demand: { kind: "list", values: new Array(4_000_000).fill(4) } },
    });
    const pace = await healthyRoom();
    const rss0 = process.memoryUsage().rss;
    const res = await post("/matchmake/create/team", huge, "198.51.100.20");
    expect(res.status).toBe(413);
    expect(process.memoryUsage().rss - rss0).toBeLessThan(64 * 1024 * 1024);
    // Within the byte cap, a demand list longer than the longest round is refused by the options.
    const long = new Client(h.url).create("team", {
      scenario: "beer-game",
      name: "Long",
      options: { demand: { kind: "list", values: new Array(521).fill(4) } },
    });
    await expect(long).rejects.toThrow(/demand\.values: at most 520 values/);
    await pace.keptPace();
  });

  it("shock parameters out of the scenario's range are refused at create and live", async () => {
    const pace = await healthyRoom();
    const huge = new Client(h.url).create("team", {
      scenario: "product-launch",
      name: "Shock",
      options: { shocks: [{ name: "market-boom", week: 6, params: { size: 1e308 } }] },
    });
    await expect(huge).rejects.toThrow(/shocks\.0\.params\.size: must be between/);
    const host = await Player.create(h, { scenario: "product-launch", name: "Host" });
    const token = host.w.hostToken!;
    host.send("host", { hostToken: token, action: "start" });
    await host.until((s) => s.phase === "play");
    for (const params of [{ count: -50 }, { capabilityLoss: 7 }, { count: 2.5 }]) {
      host.send("host", { hostToken: token, action: "shock", name: "engineer-leaves", week: 5, params });
      const e = await host.next("error");
      expect(e.code).toBe("bad_request");
      expect(e.reason).toMatch(/count|capabilityLoss/);
    }
    const room = services().rooms.get(host.state.code) as TeamRoom;
    expect(room.round.sim.injectedShocks).toHaveLength(0);
    host.send("host", {
      hostToken: token,
      action: "shock",
      name: "engineer-leaves",
      week: 5,
      params: { count: 2 },
    });
    await host.until(() => room.round.sim.injectedShocks.length === 1);
    await host.leave();
    await pace.keptPace();
  });

  it("HTTP errors are sentences: bad queries get 400, nothing of the server's insides leaks", async () => {
    const pace = await healthyRoom();
    for (const q of ["limit=1.5", "limit=100000", "limit=abc", "status=bogus", "cursor=%%%", "cursor=abc"]) {
      const res = await fetch(`${h.http}/api/rounds?${q}`);
      expect(res.status, q).toBe(400);
      const body = (await res.json()) as { error: string };
      expect(body.error).toMatch(/^[a-z]+ /);
      expect(JSON.stringify(body)).not.toMatch(/\/work|\/home|node_modules|at .*\(|SQL/i);
    }
    const bad = await fetch(`${h.http}/api/rounds/..%2F..%2Fetc/export.json`);
    expect(bad.status).toBe(400);
    await pace.keptPace();
  });

  it("message types named like prototype members get an error reply like any unknown type", async () => {
    const pace = await healthyRoom();
    const p = await Player.create(h, { scenario: "beer-game", name: "Proto" });
    for (const type of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      p.send(type, {});
      const e = await p.next("error");
      expect(e.code).toBe("invalid_message");
      expect(e.request).toBe(type);
    }
    await p.leave();
    await pace.keptPace();
  });

  it("names and notes lose control and bidi-override characters at the server", async () => {
    const pace = await healthyRoom();
    const host = await Player.create(h, {
      scenario: "beer-game",
      name: "Ann\u202e\u0007 Admin",
      cohort: "Morning\u2066 group\u0000",
    });
    const room = services().rooms.get(host.state.code) as TeamRoom;
    expect(room.round.seat("retailer").human!.name).toBe("Ann Admin");
    expect(room.round.created.cohort).toBe("Morning group");
    await expect(new Client(h.url).joinById(host.state.code, { name: "\u202e\u200f" })).rejects.toThrow(
      /name is needed/,
    );
    await host.leave();
    await pace.keptPace();
  });
});
