// Crash recovery with a real process kill: the server is SIGKILLed mid-round, started again on the
// same database, and the team carries on with their code and seat tokens. Nothing accepted is lost.
// Each start of a process on a loaded machine can take tens of seconds: the tests allow minutes.

import { join } from "node:path";
import { Client } from "@colyseus/sdk";
import { afterAll, expect, it } from "vitest";
import { replayRecord } from "../../server/record.ts";
import type { RoundRecord } from "../../shared/protocol/messages.ts";
import { startServerProcess, stopAll, tempDir } from "../support/processes.ts";
import { wireObservation } from "../support/wire.ts";
import { type Harness, Player } from "./harness.ts";

const ROLES = ["retailer", "wholesaler", "distributor", "factory"];

afterAll(stopAll);

function tempDb(): string {
  return join(tempDir("pf-recovery-"), "rounds.db");
}

async function startServer(dbFile: string) {
  const p = await startServerProcess({ PF_SQLITE_FILE: dbFile });
  const h = { url: p.url, http: p.http, dbFile, close: async () => {} } as unknown as Harness;
  return { proc: p.proc, h, output: p.output };
}

it("restores an unfinished round after SIGKILL: same weeks, same hashes, pending decisions kept", async () => {
  const dbFile = tempDb();
  const first = await startServer(dbFile);

  const host = await Player.create(first.h, {
    scenario: "beer-game",
    options: { weeks: 8, warmupWeeks: 0 },
    name: "Ann",
    role: "retailer",
    seed: 7,
    graceSeconds: 30,
  });
  const code = host.state.code as string;
  const players = [host];
  for (const role of ROLES.slice(1))
    players.push(await Player.join(first.h, code, { name: `${role}-p`, role }));
  const tokens = players.map((p) => p.w.seatToken!);
  const hostToken = host.w.hostToken!;
  host.send("host", { hostToken, action: "start" });
  await host.until((s) => s.phase === "play");
  const order = (i: number, week: number) => 2 + i + week * 3;
  for (let week = 1; week <= 3; week++) {
    for (const [i, p] of players.entries()) p.send("decide", { week, decision: { order: order(i, week) } });
    await Promise.all(players.map((p) => p.until((s) => s.week === week)));
  }
  // Week 4 is half decided when the server dies: two decisions accepted, two not yet sent.
  players[0]!.send("decide", { week: 4, decision: { order: order(0, 4) } });
  players[2]!.send("decide", { week: 4, decision: { order: order(2, 4) } });
  await players[0]!.next("accepted", (a) => a.week === 4);
  await players[2]!.next("accepted", (a) => a.week === 4);
  const obsBefore = players.map((p, i) => Object.fromEntries(wireObservation(p.state.roles.get(ROLES[i]))));

  first.proc.kill("SIGKILL");
  await new Promise((r) => first.proc.once("exit", r));
  await Promise.all(
    players.map((p) => p.until(() => p.closed !== null || !p.room.connection.isOpen, 5000).catch(() => {})),
  );

  const second = await startServer(dbFile);
  expect(second.output()).toMatch(/1 round\(s\) restored/);
  const look = await (await fetch(`${second.h.http}/api/rooms/${code}`)).json();
  expect(look).toMatchObject({ code, phase: "play", week: 3 });

  // Everyone comes back with the code and their seat token.
  const back: Player[] = [];
  for (const [i, t] of tokens.entries()) {
    const p = await Player.join(second.h, code, { name: "again", seatToken: t });
    expect(p.w).toMatchObject({ role: ROLES[i], resumed: true, code });
    const hist = await p.next("history");
    expect(hist.weeks.map((w) => w.week)).toEqual([0, 1, 2, 3]);
    expect(hist.weeks.slice(1).map((w) => w.decision)).toEqual(
      [1, 2, 3].map((wk) => ({ order: order(i, wk) })),
    );
    back.push(p);
  }
  await Promise.all(back.map((p, i) => p.until((s) => s.week === 3 && s.roles.get(ROLES[i]) !== undefined)));
  for (const [i, p] of back.entries()) {
    expect(Object.fromEntries(wireObservation(p.state.roles.get(ROLES[i])))).toEqual(obsBefore[i]);
  }
  // The accepted week-4 decisions survived the crash.
  expect(back[0]!.seat("retailer").decided).toBe(true);
  expect(back[0]!.seat("distributor").decided).toBe(true);
  expect(back[0]!.seat("wholesaler").decided).toBe(false);
  expect(back[2]!.desk().mine).toMatchObject({ decision: { order: order(2, 4) }, source: "human" });
  expect(back[1]!.desk().mine).toMatchObject({ decision: {}, source: "" });

  // The host token still works, and play goes on to the end.
  back[0]!.send("host", { hostToken, action: "pause" });
  await back[0]!.until((s) => s.paused === true);
  back[0]!.send("host", { hostToken, action: "resume" });
  await back[0]!.until((s) => s.paused === false);
  back[1]!.send("decide", { week: 4, decision: { order: order(1, 4) } });
  back[3]!.send("decide", { week: 4, decision: { order: order(3, 4) } });
  await Promise.all(back.map((p) => p.until((s) => s.week === 4)));
  for (let week = 5; week <= 8; week++) {
    for (const [i, p] of back.entries()) p.send("decide", { week, decision: { order: order(i, week) } });
    await Promise.all(back.map((p) => p.until((s) => s.week === week || s.phase === "debrief")));
  }
  // The host reveals the truth without waiting for sketches; a restart must keep it revealed.
  await back[0]!.until((s) => s.phase === "debrief");
  back[0]!.send("debrief:reveal", { hostToken });
  const rec = (await back[0]!.next("round")) as RoundRecord;
  expect(rec.decisions).toHaveLength(8);
  for (let week = 1; week <= 8; week++) {
    for (const [i, role] of ROLES.entries()) {
      expect(rec.decisions[week - 1]![role]).toEqual({ order: order(i, week) });
      expect(rec.sources[week - 1]![role]).toBe("human");
    }
  }
  expect(replayRecord(rec).hashes).toEqual(rec.hashes);

  const {
    status: _s,
    cohort: _c,
    events: _e,
    ...exp
  } = await (
    await fetch(`${second.h.http}/api/rounds/${rec.id}/export.json`, {
      headers: { authorization: `Bearer ${hostToken}` },
    })
  ).json();
  // A restored round's live record is still the one its log gives.
  expect(exp).toEqual(rec);

  // A crash during the debrief: the debrief comes back with the round and the team's notes.
  back[1]!.send("debrief:note", { question: 0, text: "we never saw the supply line" });
  await back[1]!.next("debrief:noted" as "round", (x) => JSON.stringify(x).includes("supply line"));
  second.proc.kill("SIGKILL");
  await new Promise((r) => second.proc.once("exit", r));
  const third = await startServer(dbFile);
  const again = await Player.join(third.h, code, { name: "again", seatToken: tokens[1]! });
  expect(again.w).toMatchObject({ role: "wholesaler", resumed: true });
  const rec2 = (await again.next("round")) as RoundRecord;
  expect(rec2.hashes).toEqual(rec.hashes);
  await again.next("debrief:state" as "round", (x) => JSON.stringify(x).includes("supply line"));
  await again.until((s) => s.phase === "debrief" && s.roles.size === 4);
  await again.leave();
  third.proc.kill("SIGTERM");
  await new Promise((r) => third.proc.once("exit", r));
}, 180_000);

it("a round whose log does not re-simulate to its hashes is refused, not silently changed", async () => {
  const { default: Database } = await import("better-sqlite3");
  const dbFile = tempDb();
  const first = await startServer(dbFile);
  const p = await Player.create(first.h, {
    scenario: "beer-game",
    options: { weeks: 8, warmupWeeks: 0 },
    name: "Ann",
    role: "retailer",
  });
  p.send("host", { hostToken: p.w.hostToken!, action: "start" });
  p.send("decide", { week: 1, decision: { order: 9 } });
  await p.until((s) => s.week === 1);
  // The week's record is written just after it closes; wait until the log holds it.
  // The only round of this fresh store (listings carry no join codes).
  const [only] = (await (await fetch(`${first.h.http}/api/rounds`)).json()) as { id: string }[];
  const roundId = only!.id;
  for (;;) {
    const exp = await fetch(`${first.h.http}/api/rounds/${roundId}/export.json`, {
      headers: { authorization: `Bearer ${p.w.hostToken}` },
    });
    if ((await exp.json()).decisions.length === 1) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  first.proc.kill("SIGKILL");
  await new Promise((r) => first.proc.once("exit", r));

  // Tamper with the recorded week: its hash no longer matches. Killed, the server may have left it
  // in the journal or already moved it into events.
  const db = new Database(dbFile);
  const row = db.prepare("SELECT round_id, seq, data FROM event_log WHERE type = 'week'").get() as {
    round_id: string;
    seq: number;
    data: string;
  };
  const data = JSON.parse(row.data);
  data.decisions.retailer.order = 10;
  for (const table of ["events", "journal_a", "journal_b"])
    db.prepare(`UPDATE ${table} SET data = ? WHERE round_id = ? AND seq = ?`).run(
      JSON.stringify(data),
      row.round_id,
      row.seq,
    );
  db.close();

  const second = await startServer(dbFile);
  expect(second.output()).toMatch(/could not restore round/);
  expect(second.output()).toMatch(/diverged at week 1/);
  await expect(new Client(second.h.url).joinById(p.state.code, { name: "x" })).rejects.toThrow();
  second.proc.kill("SIGKILL");
}, 180_000);
