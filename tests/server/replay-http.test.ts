// Replays over HTTP: who may replay and branch a round before and after its reveal (players by seat
// token, the host, the cohort's trainer, holders of the replay link), branching a played round and
// playing the branch, and importing an export (tampered, truncated, oversized, not an export).

import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { services } from "../../server/services.ts";
import type { TeamRoom } from "../../server/team-room.ts";
import type { RoundRecord } from "../../shared/protocol/messages.ts";
import { type Harness, Player, startHarness } from "./harness.ts";

const WEEKS = 8;
const options = { weeks: WEEKS, warmupWeeks: 0 };

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  services().isTrainer = (cohort, token) => cohort === "tuesday" && token === "trainer-of-tuesday";
});
afterAll(async () => {
  await h.close();
});

async function get(path: string, token?: string) {
  const res = await fetch(h.http + path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: res.status, body: await res.json() };
}

async function post(path: string, body: unknown, token?: string) {
  const res = await fetch(h.http + path, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** Listings carry no join codes: the live room knows its round's id. */
async function roundIdOf(code: string): Promise<string> {
  return (services().rooms.get(code) as TeamRoom).round.id;
}

/** Two players and two bots; played `weeks` weeks. */
async function playedRound(weeks: number) {
  const ann = await Player.create(h, {
    scenario: "beer-game",
    options,
    name: "Ann",
    role: "retailer",
    cohort: "tuesday",
  });
  const code = ann.state.code as string;
  const bo = await Player.join(h, code, { name: "Bo", role: "wholesaler" });
  const hostToken = ann.w.hostToken!;
  ann.send("host", { hostToken, action: "start" });
  await Promise.all([ann, bo].map((p) => p.until((s) => s.phase === "play")));
  for (let week = 1; week <= weeks; week++) {
    for (const p of [ann, bo]) p.send("decide", { week, decision: { order: 4 + week } });
    await Promise.all([ann, bo].map((p) => p.until((s) => s.week >= week || s.phase === "debrief")));
  }
  return { ann, bo, code, hostToken, id: await roundIdOf(code) };
}

describe("who may replay a round", () => {
  let r: Awaited<ReturnType<typeof playedRound>>;
  let replayId: string;
  beforeAll(async () => {
    r = await playedRound(4);
    replayId = (await get(`/api/rounds/${r.id}/replay`, r.hostToken)).body.replayId;
  });
  afterAll(async () => {
    await Promise.all([r.ann.leave(), r.bo.leave()]);
  });

  it("names an unknown round", async () => {
    expect(await get("/api/rounds/nope-123/replay")).toEqual({
      status: 404,
      body: { error: "There is no recorded round with the id nope-123." },
    });
  });

  it("gives a replay link of at least 96 random bits, unlike the join code", () => {
    expect(replayId.startsWith(`${r.id}-`)).toBe(true);
    const secret = replayId.slice(r.id.length + 1);
    expect(secret).toMatch(/^[0-9a-f]{32}$/);
    expect(secret).not.toContain(r.code);
  });

  it("during play: the host and the cohort's trainer may; the players, the link and strangers may not", async () => {
    const host = await get(`/api/rounds/${r.id}/replay`, r.hostToken);
    expect(host.status).toBe(200);
    expect(host.body.record.decisions).toHaveLength(4);
    expect(host.body.access).toBe("host");
    expect((await get(`/api/rounds/${r.id}/replay`, "trainer-of-tuesday")).body.access).toBe("trainer");
    for (const [path, token] of [
      [`/api/rounds/${r.id}/replay`, r.bo.w.seatToken!],
      [`/api/rounds/${replayId}/replay`, undefined],
    ] as const) {
      const res = await get(path, token);
      expect(res.status).toBe(403);
      expect(res.body.error).toMatch(
        /still being played: until its debrief reveals the truth only its host and trainer/,
      );
    }
    expect((await get(`/api/rounds/${r.id}/replay`)).status).toBe(403);
    expect((await get(`/api/rounds/${r.id}/replay`, "trainer-of-monday")).status).toBe(403);
    // The link holder is told the cohort, so a trainer's browser can ask again with its key; a
    // holder of nothing is told nothing.
    expect((await get(`/api/rounds/${replayId}/replay`)).body.cohort).toBe("tuesday");
    expect((await get(`/api/rounds/${r.id}/replay`)).body.cohort).toBeUndefined();
  });

  it("during play: a player may not branch, the host may", async () => {
    expect((await post(`/api/rounds/${r.id}/branch`, { week: 2 }, r.bo.w.seatToken!)).status).toBe(403);
    const b = await post(`/api/rounds/${r.id}/branch`, { week: 2 }, r.hostToken);
    expect(b.status).toBe(201);
    expect(b.body.code).toMatch(/^[A-Z2-9]{6}$/);
  });

  it("after the reveal: players by seat token and anyone with the link; not the bare round id", async () => {
    for (let week = 5; week <= WEEKS; week++) {
      for (const p of [r.ann, r.bo]) p.send("decide", { week, decision: { order: 4 } });
      await r.ann.until((s) => s.week >= week || s.phase === "debrief");
    }
    await r.ann.until((s) => s.phase === "debrief");
    expect((await get(`/api/rounds/${replayId}/replay`)).status).toBe(403);
    r.ann.send("debrief:reveal", { hostToken: r.hostToken });
    await r.ann.next("round");
    const bo = await get(`/api/rounds/${r.id}/replay`, r.bo.w.seatToken!);
    expect(bo.status).toBe(200);
    expect(bo.body.access).toBe("player");
    const link = await get(`/api/rounds/${replayId}/replay`);
    expect(link.body.access).toBe("link");
    expect(link.body.record).toEqual(bo.body.record);
    expect((await get(`/api/rounds/${r.id}/replay`)).status).toBe(403);
    const forged = `${r.id}-${"0".repeat(32)}`;
    expect((await get(`/api/rounds/${forged}/replay`)).status).toBe(403);
  });

  it("lists a browser's rounds from the tokens it keeps, with its role", async () => {
    const mine = await post("/api/rounds/mine", { seats: [{ code: r.code, seatToken: r.bo.w.seatToken }] });
    expect(mine.body).toHaveLength(1);
    expect(mine.body[0]).toMatchObject({ id: r.id, role: "wholesaler", host: false, replayId, week: WEEKS });
    expect(mine.body[0].team.value).toBeGreaterThan(0);
    const stranger = await post("/api/rounds/mine", { seats: [{ code: r.code, seatToken: "guess" }] });
    expect(stranger.body).toEqual([]);
  });

  it("lists every round of a cohort to its trainer, and none to a wrong key", async () => {
    const mine = await post("/api/rounds/mine", {
      seats: [],
      cohorts: [{ id: "tuesday", trainerToken: "trainer-of-tuesday" }],
    });
    expect(mine.body.map((x: { id: string }) => x.id)).toContain(r.id);
    expect(mine.body.find((x: { id: string }) => x.id === r.id)).toMatchObject({
      trainer: true,
      host: false,
      role: null,
      replayId,
    });
    const wrong = await post("/api/rounds/mine", {
      seats: [],
      cohorts: [{ id: "tuesday", trainerToken: "trainer-of-monday" }],
    });
    expect(wrong.body).toEqual([]);
  });
});

describe("branching over HTTP", () => {
  it("opens a round whose weeks 1…5 are the parent's; the one who branched plays on from week 6", async () => {
    const r = await playedRound(WEEKS);
    r.ann.send("debrief:reveal", { hostToken: r.hostToken });
    await r.ann.next("round");
    const { replayId } = (await get(`/api/rounds/${r.id}/replay`, r.hostToken)).body;
    expect((await post(`/api/rounds/${replayId}/branch`, { week: 9 })).body).toEqual({
      error: "week must be a whole number from 0 to 7, not 9",
    });
    // Branch creation's 200 ms budget is measured by bench/replay.ts.
    const b = await post(`/api/rounds/${replayId}/branch`, {
      week: 5,
      seats: { wholesaler: "me", factory: "pass-through" },
    });
    expect(b.status).toBe(201);
    expect(b.body.humans).toEqual(["wholesaler"]);
    const me = await Player.join(h, b.body.code, { name: "Bo", role: "wholesaler" });
    expect(me.state.week).toBe(5);
    me.send("host", { hostToken: b.body.hostToken, action: "start" });
    await me.until((s) => s.phase === "play");
    me.send("decide", { week: 6, decision: { order: 30 } });
    await me.until((s) => s.week === 6);
    const parent = (await get(`/api/rounds/${r.id}/export.json`)).body as RoundRecord;
    const branch = (await get(`/api/rounds/${b.body.id}/export.json`, b.body.hostToken)).body as RoundRecord;
    expect(branch.parent).toMatchObject({
      id: r.id,
      week: 5,
      decisions: parent.decisions,
      shocks: parent.shocks,
    });
    expect(branch.hashes.slice(0, 6)).toEqual(parent.hashes.slice(0, 6));
    expect(branch.decisions[5]!.retailer).toEqual(parent.decisions[5]!.retailer);
    expect(branch.decisions[5]!.wholesaler).toEqual({ order: 30 });
    await Promise.all([r.ann.leave(), r.bo.leave(), me.leave()]);
  });
});

describe("importing an export", () => {
  let exported: RoundRecord & { events: unknown[] };
  beforeAll(async () => {
    const r = await playedRound(WEEKS);
    r.ann.send("debrief:reveal", { hostToken: r.hostToken });
    await r.ann.next("round");
    // The host may replay the round: the export keeps the players' names.
    exported = (await get(`/api/rounds/${r.id}/export.json`, r.hostToken)).body;
    await Promise.all([r.ann.leave(), r.bo.leave()]);
  });

  it("re-simulates it and opens it to whoever holds the new replay link, names kept", async () => {
    const res = await post("/api/rounds/import", exported);
    expect(res.status).toBe(201);
    const replay = await get(`/api/rounds/${res.body.replayId}/replay`);
    expect(replay.body.record.hashes).toEqual(exported.hashes);
    expect(replay.body.record.seats.find((s: { role: string }) => s.role === "retailer").name).toBe("Ann");
  });

  it("an anonymous export carries departments, not names", async () => {
    const anon = (await get(`/api/rounds/${exported.id}/export.json?anonymous=1`)).body as RoundRecord;
    expect(anon.seats.find((s) => s.role === "retailer")!.name).toBe("Retailer");
    const res = await post("/api/rounds/import", anon);
    const replay = await get(`/api/rounds/${res.body.replayId}/replay`);
    expect(replay.body.record.seats.map((s: { name: string }) => s.name)).not.toContain("Ann");
  });

  it("refuses a tampered or truncated file naming the first bad week", async () => {
    const tampered = structuredClone(exported) as { decisions: Record<string, unknown>[] };
    tampered.decisions[3]!.wholesaler = { order: 99 };
    expect(await post("/api/rounds/import", tampered)).toEqual({
      status: 422,
      body: { error: "week 4 does not re-simulate to its recorded hash", week: 4 },
    });
    const cut = { ...exported, hashes: exported.hashes.slice(0, 7) };
    expect((await post("/api/rounds/import", cut)).body.week).toBe(7);
  });

  it("refuses what is not an export, naming what is wrong", async () => {
    expect(await post("/api/rounds/import", "{ not json")).toMatchObject({
      status: 422,
      body: { error: expect.stringMatching(/not JSON/), week: null },
    });
    expect((await post("/api/rounds/import", { scenario: "beer-game" })).body.error).toMatch(
      /^not a round export: /,
    );
  });

  it("refuses more than 5 MB on its declared length, before reading it", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${h.http}/api/rounds/import`, {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(6 * 1024 * 1024) },
      });
      req.on("response", (res) => resolve(res.statusCode ?? 0));
      req.on("error", reject);
      // Only the first bytes are sent: the answer must come without the rest.
      req.write("{");
    });
    expect(status).toBe(413);
  });
});
