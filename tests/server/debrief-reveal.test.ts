// The truth stays on the server until the debrief reveals it. Real SDK clients play a Beer Game round
// whose customer demand is unmistakable (primes above 900, far beyond any number the other desks
// can reach); everything each client decodes before the reveal (every state patch, every message)
// must be a number its own desk shows. After the reveal everyone, late joiners and reloads included,
// has every role and the full record.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replayRecord } from "../../server/record.ts";
import { services } from "../../server/services.ts";
import type { TeamRoom } from "../../server/team-room.ts";
import type { DebriefBrief } from "../../shared/protocol/debrief.ts";
import type { RoundRecord } from "../../shared/protocol/messages.ts";
import { flattenObservation } from "../../shared/protocol/observation.ts";
import { type Harness, Player, startHarness } from "./harness.ts";

const WEEKS = 8;
const DEMAND = [911, 919, 929, 937, 941, 947, 953, 967];
const HUMANS = ["retailer", "wholesaler", "distributor"] as const;
const options = { weeks: WEEKS, warmupWeeks: 0, demand: { kind: "list", values: DEMAND } };
const orderOf = (i: number, week: number) => 5 + i * 3 + week;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

/** Everything a client decoded: a snapshot of its state after every patch, and every message. */
function tap(p: Player): { states: unknown[] } {
  const seen = { states: [] as unknown[] };
  p.room.onStateChange((s) => {
    seen.states.push(JSON.parse(JSON.stringify((s as { toJSON(): unknown }).toJSON())));
  });
  return seen;
}

function numbersIn(x: unknown, out: Set<number> = new Set()): Set<number> {
  if (typeof x === "number") out.add(x);
  else if (Array.isArray(x)) for (const v of x) numbersIn(v, out);
  else if (x && typeof x === "object") for (const v of Object.values(x)) numbersIn(v, out);
  return out;
}

function keysIn(x: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(x)) for (const v of x) keysIn(v, out);
  else if (x && typeof x === "object")
    for (const [k, v] of Object.entries(x)) {
      out.add(k);
      keysIn(v, out);
    }
  return out;
}

/** The numbers a role's own desk shows over the round (from a replay of the full record). */
function ownDeskNumbers(rec: RoundRecord, role: string): Set<number> {
  const sim = replayRecord(rec);
  const out = new Set<number>();
  for (let t = 0; t <= sim.week; t++) {
    for (const [, v] of flattenObservation(sim.observe(role, t))) out.add(v);
    for (const k of sim.kpis(role, t)) out.add(k.value);
    if (t >= 1) for (const v of Object.values(rec.decisions[t - 1]![role]!)) out.add(v);
  }
  for (const [, v] of flattenObservation(sim.observe(role))) out.add(v);
  return out;
}

describe("the debrief's reveal", () => {
  it("before the reveal each client decodes only its own desk; after it everyone has the full record", async () => {
    const host = await Player.create(h, { scenario: "beer-game", options, name: "Ann", role: "retailer" });
    const code = host.state.code as string;
    const players = [host];
    for (const role of HUMANS.slice(1)) players.push(await Player.join(h, code, { name: role, role }));
    const taps = players.map(tap);
    const token = host.w.hostToken!;
    host.send("host", { hostToken: token, action: "start" });
    await Promise.all(players.map((p) => p.until((s) => s.phase === "play")));
    for (let week = 1; week <= WEEKS; week++) {
      for (const [i, p] of players.entries())
        p.send("decide", { week, decision: { order: orderOf(i, week) } });
      await Promise.all(players.map((p) => p.until((s) => s.week >= week || s.phase === "debrief")));
    }
    await Promise.all(players.map((p) => p.until((s) => s.phase === "debrief")));
    // Each gets the brief (what the belief panel needs) and the debrief state, never the record.
    for (const p of players) await p.next("debrief:brief" as "round");
    const spy = await Player.join(h, code, { name: "Early", spectate: true });
    const spyTap = tap(spy);
    await spy.next("debrief:brief" as "round");
    // Two of the three sketch; the truth is still hidden.
    for (const p of players.slice(0, 2)) p.send("debrief:sketch", { points: [{ week: 1, value: 4 }] });
    await Promise.all(
      players.map((p) =>
        p.next(
          "debrief:state" as "round",
          (s) => (s as unknown as { sketched: string[] }).sketched.length === 2,
        ),
      ),
    );

    // What arrived so far, per client, against what its own desk shows.
    const before = [...players, spy].map((p, i) => ({
      p,
      role: i < players.length ? HUMANS[i]! : null,
      states: [...(i < players.length ? taps[i]! : spyTap).states],
      messages: [...p.log],
    }));
    for (const b of before) {
      expect(b.messages.map((m) => m.type)).not.toContain("round");
      // (The welcome's `decisions` is the form of one's own decisions, not the record's.)
      const received = [...b.messages.filter((m) => m.type !== "welcome").map((m) => m.payload), ...b.states];
      const keys = keysIn(received);
      for (const k of ["decisions", "hashes", "sources", "seed", "options", "truth", "demand"])
        expect(keys.has(k), `"${k}" reached the ${b.role ?? "spectator"}`).toBe(false);
      const roles = new Set(b.states.flatMap((s) => Object.keys((s as { roles?: object }).roles ?? {})));
      expect([...roles]).toEqual(b.role ? [b.role] : []);
      for (const m of b.messages) {
        if (m.type === "history") expect((m.payload as { role: string }).role).toBe(b.role);
      }
      b.p.messages.length = 0;
    }

    // The last sketch reveals the truth: every view gains every role, the record goes to everyone.
    players[2]!.send("debrief:sketch", { points: [{ week: 2, value: 9 }], cause: "the factory" });
    const records: RoundRecord[] = [];
    for (const p of [...players, spy]) {
      records.push(await p.next("round"));
      await p.until((s) => s.roles.size === 4);
    }
    const rec = records[0]!;
    for (const r of records) expect(r).toEqual(rec);
    expect(rec.decisions).toHaveLength(WEEKS);
    expect(replayRecord(rec).hashes).toEqual(rec.hashes);
    expect(rec.decisions.map((d) => d["wholesaler"])).toEqual(
      DEMAND.map((_, w) => ({ order: orderOf(1, w + 1) })),
    );

    // Now check the numbers that arrived before the reveal: each is one its own desk shows, or public.
    const publicNumbers = new Set<number>([...Array(WEEKS + 1).keys(), 60, 4, 9, 1, 2]);
    for (const b of before) {
      const own = b.role ? ownDeskNumbers(rec, b.role) : new Set<number>();
      const allowed = new Set([...own, ...publicNumbers]);
      // The welcome's decision limits are the form's, not anyone's numbers.
      for (const m of b.messages.filter((x) => x.type === "welcome"))
        for (const n of numbersIn(m.payload)) allowed.add(n);
      // So are the sketch charts' fixed scales in the brief (set by the scenario, not by the round).
      for (const m of b.messages.filter((x) => x.type === "debrief:brief"))
        for (const t of Object.values((m.payload as DebriefBrief).beliefs))
          if (t.sketchMax !== undefined) allowed.add(t.sketchMax);
      const received = numbersIn([...b.messages.map((m) => m.payload), ...b.states]);
      const stray = [...received].filter((n) => !allowed.has(n));
      expect(stray, `${b.role ?? "spectator"} received numbers its desk does not show`).toEqual([]);
      // The hidden series: only the retailer's desk shows customer demand.
      const demandSeen = DEMAND.filter((d) => received.has(d));
      if (b.role === "retailer") expect(demandSeen.length).toBeGreaterThan(0);
      else expect(demandSeen).toEqual([]);
    }

    // A late joiner and a reload after the reveal get it too.
    const late = await Player.join(h, code, { name: "Late", spectate: true });
    expect(await late.next("round")).toEqual(rec);
    await late.until((s) => s.roles.size === 4);
    const wholesalerToken = players[1]!.w.seatToken!;
    await players[1]!.leave();
    const back = await Player.join(h, code, { name: "again", seatToken: wholesalerToken });
    expect(back.w.role).toBe("wholesaler");
    expect(await back.next("round")).toEqual(rec);
    await back.until((s) => s.roles.size === 4);
    await Promise.all([...players, spy, late, back].map((p) => p.leave()));
  });

  it("a round ended by the host keeps the truth hidden from a reload until the host reveals it", async () => {
    const host = await Player.create(h, { scenario: "beer-game", options, name: "Ann", role: "retailer" });
    const code = host.state.code as string;
    const ben = await Player.join(h, code, { name: "Ben", role: "factory" });
    const token = host.w.hostToken!;
    host.send("host", { hostToken: token, action: "start" });
    await ben.until((s) => s.phase === "play");
    host.send("decide", { week: 1, decision: { order: 7 } });
    ben.send("decide", { week: 1, decision: { order: 8 } });
    await ben.until((s) => s.week === 1);
    host.send("host", { hostToken: token, action: "end" });
    await ben.until((s) => s.phase === "debrief");
    await ben.next("debrief:brief" as "round");
    // Reloading before the reveal gives the brief again, and only the own role.
    const seat = ben.w.seatToken!;
    await ben.leave();
    const again = await Player.join(h, code, { name: "Ben", seatToken: seat });
    const brief = (await again.next("debrief:brief" as "round")) as unknown as { weeks: number };
    expect(brief.weeks).toBe(1);
    expect([...again.state.roles.keys()]).toEqual(["factory"]);
    // A ghost run would tell the others' decisions: refused until the reveal.
    again.send("debrief:ghost", { policy: "sterman" });
    expect((await again.next("error")).code).toBe("wrong_phase");
    // So would the export: only the host may fetch it before the reveal.
    const id = (services().rooms.get(code) as TeamRoom).round.id;
    const exportJson = (auth?: string) =>
      fetch(`${h.http}/api/rounds/${id}/export.json`, auth ? { headers: { authorization: auth } } : {});
    expect((await exportJson()).status).toBe(403);
    expect((await fetch(`${h.http}/api/rounds/${id}/export.csv`)).status).toBe(403);
    expect((await exportJson(`Bearer ${token}`)).status).toBe(200);
    host.send("debrief:reveal", { hostToken: token });
    const rec = await again.next("round");
    // The live record and the export are one record (the export adds the index status and the log),
    // for a player, who may replay the round; anyone else gets the seats named by department.
    const { status, cohort, events, ...exported } = await (await exportJson(`Bearer ${seat}`)).json();
    expect((await (await exportJson()).json()).seats[0].name).toBe("Retailer");
    expect(exported).toEqual(rec);
    expect([status, cohort, events.length > 0]).toEqual(["debrief", null, true]);
    // Seats name their bot policy in its canonical text, parameters included.
    for (const seat of rec.seats) expect(seat.policy).toMatch(/^[a-z-]+:[a-z]\w*=[\d.]+/i);
    expect(rec.decisions[0]).toMatchObject({ retailer: { order: 7 }, factory: { order: 8 } });
    await again.until((s) => s.roles.size === 4);
    expect(again.log.filter((m) => m.type === "round")).toHaveLength(1);
    await Promise.all([host, again].map((p) => p.leave()));
  });
});
