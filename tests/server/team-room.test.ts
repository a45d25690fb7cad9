// The team room with real SDK clients over WebSocket: hidden information on the wire, seats, pacing,
// bots, reconnection, the debrief opening, and the HTTP endpoints.

import { Client } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { snapshot } from "../../client/net/snapshot.ts";
import { replayRecord } from "../../server/record.ts";
import { ClearWhenFilledMap, encodedViewsOf, ViewFrames } from "../../server/room/view-frames.ts";
import { services } from "../../server/services.ts";
import type { TeamRoom } from "../../server/team-room.ts";
import type { RoundRecord } from "../../shared/protocol/messages.ts";
import { unflattenObservation } from "../../shared/protocol/observation.ts";
import { roleEntries } from "../../shared/protocol/state.ts";
import { privateRolesIn, slotsDecoded, wireObservation } from "../support/wire.ts";
import { type Harness, Player, sleep, startHarness } from "./harness.ts";

const ROLES = ["retailer", "wholesaler", "distributor", "factory"];
const short = { weeks: 6, warmupWeeks: 0 };

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

/** Every Schema instance this client's decoder holds: whatever arrived on the wire, decoded. */
function decodedRefs(p: Player): unknown[] {
  // biome-ignore lint/suspicious/noExplicitAny: reaching into the SDK's decoder on purpose
  const refs = (p.room.serializer as any).decoder.root.refs as Map<number, unknown>;
  return [...refs.values()];
}

/** Roles whose private entry reached this client, by any path of the decoded state. */
function privateRolesSeen(p: Player): string[] {
  return privateRolesIn(decodedRefs(p));
}

async function fullTeam(extra: Record<string, unknown> = {}) {
  const host = await Player.create(h, {
    scenario: "beer-game",
    options: short,
    name: "Ann",
    role: "retailer",
    seed: 42,
    ...extra,
  });
  const code = host.state.code as string;
  const others = [];
  for (const [i, role] of ROLES.slice(1).entries()) {
    others.push(await Player.join(h, code, { name: `P${i + 2}`, role }));
  }
  return { host, others, all: [host, ...others], code };
}

/** Ends the wait for the sketches (as the host) and returns the record that the reveal sends. */
async function revealRound(p: Player): Promise<RoundRecord> {
  await p.until((s) => s.phase === "debrief");
  p.send("debrief:reveal", { hostToken: hostToken(p) });
  return p.next("round");
}

function hostToken(p: Player): string {
  if (p.w.hostToken) return p.w.hostToken;
  throw new Error("no host token seen");
}

describe("hidden information on the wire", () => {
  it("during play each client decodes only its own role; in the debrief every role reaches everyone", async () => {
    const host = await Player.create(h, {
      scenario: "beer-game",
      options: short,
      name: "Ann",
      role: "retailer",
    });
    const welcome = host.w;
    expect(welcome.role).toBe("retailer");
    const token = welcome.hostToken;
    expect(token).toBeTruthy();
    const code = host.state.code as string;
    // Every patch below goes out through the room's ViewFrames: each view's frame to its own client.
    const room = services().rooms.get(code) as TeamRoom;
    expect(encodedViewsOf(room)).toBeInstanceOf(ViewFrames);
    const others = [];
    for (const role of ROLES.slice(1))
      others.push(await Player.join(h, code, { name: `${role} player`, role }));
    const all = [host, ...others];
    for (const [i, p] of all.entries()) {
      const w = p.w;
      expect(w.role).toBe(ROLES[i]);
      if (i > 0) expect(w.hostToken).toBeNull();
    }

    host.send("host", { hostToken: token, action: "start" });
    await Promise.all(all.map((p) => p.until((s) => s.phase === "play")));
    // Each client's view clears its queue of changes only when something is in it (the debrief below
    // fills them, when every role is added to every view).
    expect(room.clients.length).toBe(4);
    for (const c of room.clients) expect(c.view?.changes).toBeInstanceOf(ClearWhenFilledMap);

    // Different orders per role, so their private numbers differ.
    for (let week = 1; week <= 6; week++) {
      for (const [i, p] of all.entries()) p.send("decide", { week, decision: { order: 3 + i * 2 + week } });
      await Promise.all(all.map((p) => p.until((s) => s.week >= week || s.phase === "debrief")));
      if (week < 6) {
        for (const [i, p] of all.entries()) {
          expect([...p.state.roles.keys()]).toEqual([ROLES[i]]);
          expect(privateRolesSeen(p)).toEqual([ROLES[i]]);
          // Its role entry's slots are the only ones it holds.
          expect(slotsDecoded(decodedRefs(p))).toBe(1);
          // The decoded observation is the server's observation of that role, and only that.
          const obs = unflattenObservation(wireObservation(p.state.roles.get(ROLES[i])));
          expect(obs.lastOrder).toBe(3 + i * 2 + week);
          // KPIs that repeat an observation entry travel by name only, and read back as that entry.
          expect(p.state.roles.get(ROLES[i]).kpisInObservation).toBe("totalCost,inventory,backlog");
          const mine = snapshot(p.state, ROLES, ROLES[i]!).mine!;
          expect(Object.keys(mine.kpis).sort()).toEqual(["backlog", "inventory", "totalCost"]);
          for (const id of ["totalCost", "inventory", "backlog"])
            expect(mine.kpis[id]).toBe(mine.observation[id]);
          // the desk observes the open week, told apart from the team's week
          expect(mine.observation.week).toBe(week + 1);
        }
      }
    }

    // Messages: each client only ever got its own role's history and acknowledgements.
    // (An acknowledgement follows the durable write, so the last may land after the week closed.)
    await Promise.all(all.map((p) => p.next("accepted", (a) => a.week === 6)));
    for (const [i, p] of all.entries()) {
      const acks = p.log
        .filter((m) => m.type === "accepted")
        .map((m) => m.payload as { week: number; decision: unknown });
      expect(acks.map((a) => a.decision)).toEqual(
        [1, 2, 3, 4, 5, 6].map((week) => ({ order: 3 + i * 2 + week })),
      );
      for (const m of p.log) {
        if (m.type === "history") expect((m.payload as { role: string }).role).toBe(ROLES[i]);
        // The debrief's brief and state name every seat: they are public (the seats are).
        if (!["round", "debrief:brief", "debrief:state"].includes(m.type)) {
          for (const other of ROLES.filter((r) => r !== ROLES[i])) {
            expect(JSON.stringify(m.payload)).not.toContain(`"role":"${other}"`);
          }
        }
      }
    }

    // The round is over: each keeps only its own role until the host reveals the truth; then the
    // debrief shows everyone every role and the full record (tests/server/debrief-reveal.test.ts).
    await Promise.all(all.map((p) => p.until((s) => s.phase === "debrief")));
    for (const [i, p] of all.entries()) expect(privateRolesSeen(p)).toEqual([ROLES[i]]);
    host.send("debrief:reveal", { hostToken: token });
    for (const p of all) {
      await p.until((s) => s.roles.size === 4);
      expect(privateRolesSeen(p)).toEqual([...ROLES].sort());
      const rec = await p.next("round");
      expect(rec.decisions).toHaveLength(6);
      expect(rec.sources.every((s) => ROLES.every((r) => s[r] === "human"))).toBe(true);
      const sim = replayRecord(rec);
      expect(sim.hashes).toEqual(rec.hashes);
      expect(rec.decisions[0]!.wholesaler).toEqual({ order: 3 + 2 + 1 });
    }
    await Promise.all(all.map((p) => p.leave()));
  });

  it("a spectator sees seats but no department's numbers during play", async () => {
    const { host, all, code } = await fullTeam();
    const spy = await Player.join(h, code, { name: "Watcher", spectate: true });
    const w = spy.w;
    expect(w.role).toBeNull();
    expect(w.seatToken).toBeNull();
    host.send("host", { hostToken: hostToken(host), action: "start" });
    for (const p of all) p.send("decide", { week: 1, decision: { order: 7 } });
    await spy.until((s) => s.week === 1);
    expect(spy.state.seats.size).toBe(4);
    expect(spy.state.roles?.size ?? 0).toBe(0);
    expect(privateRolesSeen(spy)).toEqual([]);
    spy.send("decide", { week: 2, decision: { order: 1 } });
    expect((await spy.next("error")).code).toBe("no_seat");
    await Promise.all([...all, spy].map((p) => p.leave()));
  });

  it("the decided marks say only who has decided; the decision and its source reach only its own desk", async () => {
    const { host, all, code } = await fullTeam();
    const spy = await Player.join(h, code, { name: "Watcher", spectate: true });
    host.send("host", { hostToken: hostToken(host), action: "start" });
    await Promise.all([...all, spy].map((p) => p.until((s) => s.phase === "play")));
    const orders = [11, 13, 17, 19];
    for (let week = 1; week <= 2; week++) {
      // One at a time: after each decision every client, the spectator too, sees exactly the seats
      // that have decided, and nothing of anyone else's decision.
      for (const [i, p] of all.entries()) {
        p.send("decide", { week, decision: { order: orders[i]! + week } });
        if (i === all.length - 1) break;
        const decided = ROLES.map((_, j) => j <= i);
        for (const q of [...all, spy]) {
          await q.until(() => ROLES.every((r, j) => q.seat(r).decided === decided[j]));
          // The mask holds one bit per seat that has decided, and no other.
          expect(q.state.decided).toBe(2 ** (i + 1) - 1);
        }
        for (const [j, q] of all.entries()) {
          const mine = q.desk().mine!;
          if (j <= i) expect(mine).toMatchObject({ decision: { order: orders[j]! + week }, source: "human" });
          else expect(mine).toMatchObject({ decision: {}, source: "" });
          expect(privateRolesSeen(q)).toEqual([ROLES[j]]);
        }
        expect(spy.desk().mine).toBeNull();
        expect(privateRolesSeen(spy)).toEqual([]);
      }
      // The week closes: no marks, no decision in force; the slots keep last week's values, which
      // the desk does not read as a decision.
      for (const [j, q] of all.entries()) {
        await q.until((s) => s.week === week);
        expect(ROLES.map((r) => q.seat(r).decided)).toEqual([false, false, false, false]);
        expect(q.state.decided).toBe(0);
        expect(q.desk().mine).toMatchObject({ week, decision: {}, source: "" });
        // (The last decision closed the week in the same patch: it never reached the slots.)
        if (j < all.length - 1)
          expect(roleEntries(q.state.roles.get(ROLES[j])).decision).toEqual([["order", orders[j]! + week]]);
      }
    }
    await Promise.all([...all, spy].map((p) => p.leave()));
  });
});

describe("seats and lobby", () => {
  it("assigns free seats, refuses taken ones, moves seats and marks ready", async () => {
    const host = await Player.create(h, { scenario: "beer-game", options: short, name: "Ann" });
    const code = host.state.code as string;
    expect(host.w.role).toBe("retailer");
    const b = await Player.join(h, code, { name: "Bo" });
    expect(b.w.role).toBe("wholesaler");
    await expect(Player.join(h, code, { name: "Cy", role: "retailer" })).rejects.toThrow(/taken by Ann/);
    await expect(Player.join(h, code, { name: "Cy", role: "cook" })).rejects.toThrow(/unknown role/);
    await expect(Player.join(h, code, { name: "" })).rejects.toThrow(/name/);

    b.send("seat", { role: "retailer" });
    expect((await b.next("error")).code).toBe("seat_taken");
    b.send("seat", { role: "factory" });
    const w2 = await b.next("welcome", (w) => w.role === "factory");
    expect(w2.seatToken).toBeTruthy();
    await b.until(
      (s) => s.seats.get("factory").name === "Bo" && s.seats.get("wholesaler").control === "empty",
    );
    await b.until((s) => [...s.roles.keys()].join() === "factory");

    b.send("ready", { ready: true });
    await host.until((s) => s.seats.get("factory").ready === true);
    b.send("decide", { week: 1, decision: { order: 4 } });
    expect((await b.next("error")).code).toBe("wrong_phase");

    host.send("host", { hostToken: "not-the-token", action: "start" });
    expect((await host.next("error")).code).toBe("not_host");
    host.send("host", { hostToken: hostToken(host), action: "start" });
    await host.until((s) => s.phase === "play");
    await expect(Player.join(h, code, { name: "Late" })).rejects.toThrow(/started/);
    // Empty seats are played by bots from the start.
    expect(host.state.seats.get("wholesaler").control).toBe("bot");
    expect(host.state.seats.get("distributor").control).toBe("bot");
    await Promise.all([host, b].map((p) => p.leave()));
  });

  it("refuses bad create options with the reason", async () => {
    await expect(Player.create(h, { scenario: "chess", name: "A" })).rejects.toThrow(/unknown scenario/);
    await expect(
      Player.create(h, { scenario: "beer-game", name: "A", options: { weeks: -1 } }),
    ).rejects.toThrow(/weeks/);
    await expect(
      Player.create(h, { scenario: "beer-game", name: "A", bots: { factory: { policy: "oracle" } } }),
    ).rejects.toThrow(/unknown policy/);
  });
});

describe("pacing and bots", () => {
  it("lockstep with one human and three bots: the week waits for the human, decisions are marked", async () => {
    const p = await Player.create(h, {
      scenario: "beer-game",
      options: short,
      name: "Solo",
      role: "distributor",
      bots: { retailer: { policy: "constant" } },
    });
    p.send("host", { hostToken: hostToken(p), action: "start" });
    await p.until((s) => s.phase === "play" && p.seat("retailer").decided);
    // Nothing but the human's decision can close the week: lockstep arms no clock.
    expect((services().rooms.get(p.state.code) as TeamRoom).weekClock.armed).toBe(false);
    expect(p.state.week).toBe(0);
    expect(p.seat("distributor").decided).toBe(false);
    p.send("decide", { week: 1, decision: { order: 9 } });
    const acc = await p.next("accepted");
    expect(acc).toEqual({ week: 1, decision: { order: 9 }, source: "human" });
    await p.until((s) => s.week === 1);
    p.send("host", { hostToken: hostToken(p), action: "end" });
    const rec = await revealRound(p);
    expect(rec.sources[0]).toEqual({
      retailer: "bot",
      wholesaler: "bot",
      distributor: "human",
      factory: "bot",
    });
    expect(rec.decisions[0]!.distributor).toEqual({ order: 9 });
    expect(rec.seats.find((s) => s.role === "retailer")!.policy).toMatch(/^constant/);
    expect(rec.seats.find((s) => s.role === "factory")!.policy).toMatch(/^sterman/);
    await p.leave();
  });

  it("timed: a missed deadline is filled by the default policy, visibly", async () => {
    const p = await Player.create(h, {
      scenario: "beer-game",
      options: short,
      name: "Slow",
      role: "retailer",
      pace: { mode: "timed", secondsPerWeek: 0.3 },
    });
    p.send("host", { hostToken: hostToken(p), action: "start" });
    await p.until((s) => s.phase === "play" && s.deadline > 0);
    expect(p.state.deadline).toBeGreaterThan(Date.now() - 1000);
    await p.until((s) => s.week >= 1, 3000);
    const hist = await p.next("history").catch(() => null);
    void hist;
    p.send("host", { hostToken: hostToken(p), action: "end" });
    const rec = await revealRound(p);
    expect(rec.sources[0]!.retailer).toBe("default");
    await p.leave();
  });

  it("timed: the week closes early once every human has decided; the host can switch pace mid-round", async () => {
    const p = await Player.create(h, {
      scenario: "beer-game",
      options: short,
      name: "Quick",
      role: "wholesaler",
      pace: { mode: "timed", secondsPerWeek: 30 },
    });
    const token = hostToken(p);
    p.send("host", { hostToken: token, action: "start" });
    await p.until((s) => s.phase === "play" && s.deadline > Date.now() + 20_000);
    p.send("decide", { week: 1, decision: { order: 6 } });
    await p.until((s) => s.week === 1, 2000); // long before the 30 s deadline
    expect(p.state.deadline).toBeGreaterThan(Date.now() + 20_000); // a fresh deadline for week 2
    p.send("host", { hostToken: token, action: "pace", mode: "lockstep" });
    await p.until((s) => s.pace === "lockstep" && s.deadline === 0);
    p.send("decide", { week: 2, decision: { order: 7 } });
    await p.until((s) => s.week === 2);
    p.send("host", { hostToken: token, action: "pace", mode: "continuous", secondsPerWeek: 0.1 });
    await p.until((s) => s.week >= 5, 3000); // the clock runs without anyone deciding
    p.send("host", { hostToken: token, action: "end" });
    const rec = await revealRound(p);
    expect(rec.sources.slice(0, 2).map((s) => s.wholesaler)).toEqual(["human", "human"]);
    // In continuous pace the standing decision of week 2 keeps counting.
    expect(rec.decisions[2]!.wholesaler).toEqual({ order: 7 });
    expect(rec.sources[2]!.wholesaler).toBe("human");
    await p.leave();
  });

  it("continuous: weeks run on the clock, a decision stands until changed; pause, speed and resume", async () => {
    const p = await Player.create(h, {
      scenario: "beer-game",
      options: { weeks: 40, warmupWeeks: 0 },
      name: "Cont",
      role: "factory",
      pace: { mode: "continuous", secondsPerWeek: 0.15 },
    });
    const token = hostToken(p);
    p.send("host", { hostToken: token, action: "start" });
    p.send("decide", { week: 1, decision: { order: 11 } });
    await p.next("accepted");
    await p.until((s) => s.week >= 3, 3000);
    p.send("host", { hostToken: token, action: "pause" });
    await p.until((s) => s.paused === true && s.deadline === 0);
    const w = p.state.week as number;
    // Paused, no clock runs: the week cannot move on its own.
    expect((services().rooms.get(p.state.code) as TeamRoom).weekClock.armed).toBe(false);
    expect(p.state.week).toBe(w);
    p.send("host", { hostToken: token, action: "speed", secondsPerWeek: 0.05 });
    await p.until((s) => s.secondsPerWeek === 0.05);
    p.send("host", { hostToken: token, action: "resume" });
    await p.until((s) => s.week >= w + 4, 3000);
    p.send("host", { hostToken: token, action: "end" });
    const rec = await revealRound(p);
    expect(rec.decisions.slice(0, 3).map((d) => d.factory)).toEqual([
      { order: 11 },
      { order: 11 },
      { order: 11 },
    ]);
    expect(rec.sources.slice(0, 3).map((s) => s.factory)).toEqual(["human", "human", "human"]);
    expect(rec.sources[0]!.retailer).toBe("bot");
    await p.leave();
  });
});

describe("drops, bots covering, and coming back", () => {
  it("a dropped player's seat is covered by its bot after the grace period and handed back on rejoin", async () => {
    const { host, others, all, code } = await fullTeam({ graceSeconds: 0.3 });
    const token = hostToken(host);
    host.send("host", { hostToken: token, action: "start" });
    await host.until((s) => s.phase === "play");
    for (const p of all) p.send("decide", { week: 1, decision: { order: 5 } });
    await host.until((s) => s.week === 1);

    const leaver = others[1]!; // distributor
    const seatToken = leaver.w.seatToken;
    await leaver.room.leave(false); // not consented: a dropped connection
    await host.until((s) => s.seats.get("distributor").connected === false);
    expect(host.state.seats.get("distributor").control).toBe("human"); // still waiting for them
    await host.until((s) => s.seats.get("distributor").control === "bot", 3000);
    expect(host.state.seats.get("distributor").name).toBe("P3");

    // Lockstep goes on without them: the bot decides.
    for (const p of [host, others[0]!, others[2]!]) p.send("decide", { week: 2, decision: { order: 6 } });
    await host.until((s) => s.week === 2);

    const back = await Player.join(h, code, { name: "whatever", seatToken: seatToken! });
    const w = back.w;
    expect(w).toMatchObject({ role: "distributor", resumed: true });
    const hist = await back.next("history");
    expect(hist.weeks.map((x) => x.week)).toEqual([0, 1, 2]);
    expect(hist.weeks[1]!.source).toBe("human");
    expect(hist.weeks[2]!.source).toBe("bot");
    await host.until(
      (s) => s.seats.get("distributor").control === "human" && s.seats.get("distributor").connected,
    );
    await back.until((s) => s.roles.has("distributor") && s.roles.size === 1);

    await expect(Player.join(h, code, { name: "x", seatToken: "not-a-real-token" })).rejects.toThrow(
      /not recognised/,
    );

    // Colyseus' own reconnection (within the grace period) also brings the seat back.
    const wholesaler = others[0]!;
    const reconnectionToken = wholesaler.room.reconnectionToken;
    await wholesaler.room.leave(false);
    await host.until((s) => s.seats.get("wholesaler").connected === false);
    const again = new Player(await new Client(h.url).reconnect(reconnectionToken));
    await host.until(
      (s) => s.seats.get("wholesaler").connected === true && s.seats.get("wholesaler").control === "human",
    );
    expect((await again.next("history")).role).toBe("wholesaler");
    for (const p of [host, again, others[2]!, back]) p.send("decide", { week: 3, decision: { order: 7 } });
    await host.until((s) => s.week === 3);
    await again.leave();
    await Promise.all([host, others[0]!, others[2]!, back].map((p) => p.leave()));
  });

  it("in the lobby a stale seat token is no obstacle: the player takes a seat again", async () => {
    const p = await Player.create(h, {
      scenario: "beer-game",
      options: short,
      name: "Old",
      role: "retailer",
    });
    const token = p.w.seatToken!;
    const code = p.state.code as string;
    const keep = await Player.join(h, code, { name: "Keeps the room open" });
    await p.leave(); // consented: the seat is given up
    await keep.until((s) => s.seats.get("retailer").control === "empty");
    const q = await Player.join(h, code, { name: "Old", seatToken: token, role: "retailer" });
    expect(q.w).toMatchObject({ role: "retailer", resumed: false });
    expect(q.w.seatToken).not.toBe(token);
    await Promise.all([q.leave(), keep.leave()]);
  });

  it("a reload takes the seat over from the stale connection", async () => {
    const p = await Player.create(h, {
      scenario: "beer-game",
      options: short,
      name: "Tab",
      role: "retailer",
    });
    const w = p.w;
    const second = await Player.join(h, p.state.code, { name: "Tab", seatToken: w.seatToken! });
    await waitFor(() => p.closed !== null);
    expect(p.closed).toBe(4409);
    await second.until((s) => s.seats.get("retailer").connected === true);
    await second.leave();
  });
});

describe("bad input", () => {
  it("recoverable mistakes get a reason and keep the seat", async () => {
    const { host, all } = await fullTeam();
    const token = hostToken(host);
    const [a, b] = all as [Player, Player];
    a.send("decide", { week: 1, decision: { order: 1 } });
    expect((await a.next("error")).code).toBe("wrong_phase");
    host.send("host", { hostToken: token, action: "start" });
    await a.until((s) => s.phase === "play");

    a.send("decide", { week: 1, decision: { order: -3 } });
    const e1 = await a.next("error");
    expect(e1).toMatchObject({ code: "bad_decision", field: "order", request: "decide" });
    expect(e1.reason).toMatch(/between 0 and 999/);
    a.send("decide", { week: 1, decision: { order: 2.5 } });
    expect((await a.next("error")).reason).toMatch(/whole/);
    a.send("decide", { week: 1, decision: { ordr: 2 } });
    expect((await a.next("error")).field).toBe("ordr");
    a.send("decide", { week: 3, decision: { order: 2 } });
    expect((await a.next("error")).code).toBe("week_not_open");
    a.send("decide", { week: 1, role: "factory", decision: { order: 2 } });
    expect((await a.next("error")).code).toBe("not_your_role");
    a.send("decide", { week: "one", decision: { order: 2 } });
    expect((await a.next("error")).code).toBe("invalid_message");
    a.send("teleport", { to: "factory" });
    expect((await a.next("error")).reason).toMatch(/unknown message type/);
    host.send("host", { hostToken: token, action: "shock", name: "meteor", week: 3 });
    expect((await host.next("error")).code).toBe("bad_request");
    host.send("host", { hostToken: token, action: "speed", secondsPerWeek: 0 });
    expect((await host.next("error")).code).toBe("invalid_message");

    // The seat is kept: a valid decision still counts.
    for (const p of all) p.send("decide", { week: 1, decision: { order: 4 } });
    await a.until((s) => s.week === 1);
    a.send("decide", { week: 1, decision: { order: 4 } });
    expect((await a.next("error")).code).toBe("week_closed");
    expect(a.closed).toBeNull();
    expect(b.closed).toBeNull();
    await Promise.all(all.map((p) => p.leave()));
  });

  it("garbage, oversized and flooding clients are cut off; the room keeps running", async () => {
    const { host, others, all, code } = await fullTeam();
    const token = hostToken(host);
    host.send("host", { hostToken: token, action: "start" });
    await host.until((s) => s.phase === "play");

    // Garbage: a stream of malformed messages.
    const [g, o, f] = others as [Player, Player, Player];
    for (let i = 0; i < 25; i++) g.send("decide", { nonsense: i });
    await g.until(() => g.closed !== null, 3000).catch(() => {});
    await waitFor(() => g.closed !== null);
    expect(g.closed).toBe(4400);

    // Oversized: one frame over the limit.
    o.send("decide", { week: 1, decision: { order: 1 }, pad: "x".repeat(20_000) });
    await waitFor(() => o.closed !== null);
    expect(o.closed).toBe(1009);

    // Flooding: far more than the allowed messages per second.
    for (let i = 0; i < 200; i++) f.send("ready", { ready: true });
    await waitFor(() => f.closed !== null);
    expect(f.closed).toBe(4002);

    // Raw bytes that are not a Colyseus frame at all, on a fresh spectator connection.
    const raw = await Player.join(h, code, { name: "Raw", spectate: true });
    // biome-ignore lint/suspicious/noExplicitAny: writing raw bytes below the SDK
    (raw.room.connection as any).send(new Uint8Array([13, 0xc1, 0xff, 0x00, 0x13]));
    await waitFor(() => raw.closed !== null);

    // The room goes on for the host: the cut-off seats are bots now (after grace) or still theirs.
    host.send("decide", { week: 1, decision: { order: 4 } });
    await host.next("accepted");
    expect(host.closed).toBeNull();
    const res = await fetch(`${h.http}/api/health`);
    expect(res.status).toBe(200);
    await Promise.all(all.map((p) => p.leave()));
  });
});

describe("scenario-agnostic", () => {
  it("runs the product launch with its own roles, decisions, shocks and bots", async () => {
    const p = await Player.create(h, {
      scenario: "product-launch",
      options: { weeks: 8 },
      name: "Eng",
      role: "engineering",
    });
    expect(p.w.roles.map((r) => r.id)).toEqual(["sales", "engineering", "manufacturing", "purchasing"]);
    expect(p.w.decisions.length).toBeGreaterThan(0);
    const token = hostToken(p);
    p.send("host", { hostToken: token, action: "start" });
    await p.until((s) => s.phase === "play" && s.roles.get("engineering")?.observationKeys !== "");
    const decision = Object.fromEntries(p.w.decisions.map((d) => [d.id, d.default]));
    const hist = await p.next("history");
    expect(p.desk().mine!.observation).toMatchObject(
      Object.fromEntries(
        Object.entries(hist.weeks[0]!.observation).map(([k, v]) => [
          k,
          Array.isArray(v) ? v.map((x) => expect.closeTo(x, 3)) : expect.closeTo(v, 3),
        ]),
      ),
    );
    p.send("host", {
      hostToken: token,
      action: "shock",
      name: "supplier-outage",
      week: 2,
      params: { weeks: 2 },
    });
    p.send("host", {
      hostToken: token,
      action: "shock",
      name: "supplier-outage",
      week: 3,
      params: { nonsense: 1 },
    });
    expect((await p.next("error")).reason).toMatch(/nonsense: shock "supplier-outage" takes severity, weeks/);
    for (let week = 1; week <= 3; week++) {
      p.send("decide", { week, decision });
      await p.until((s) => s.week === week);
    }
    p.send("host", { hostToken: token, action: "end" });
    const rec = await revealRound(p);
    expect(rec.scenario).toBe("product-launch");
    expect(rec.shocks).toEqual([{ name: "supplier-outage", week: 2, params: { weeks: 2 } }]);
    expect(rec.sources[0]).toMatchObject({ engineering: "human", sales: "bot" });
    expect(replayRecord(rec).hashes).toEqual(rec.hashes);
    await p.leave();
  });
});

describe("debrief hand-off", () => {
  it("routes debrief:* messages to the debrief only once play has ended, and records them", async () => {
    const p = await Player.create(h, { scenario: "beer-game", options: short, name: "Deb", role: "factory" });
    const token = hostToken(p);
    p.send("debrief:note", { question: 0, text: "too early" });
    expect((await p.next("error")).code).toBe("wrong_phase");
    p.send("host", { hostToken: token, action: "start" });
    await p.until((s) => s.phase === "play");
    p.send("host", { hostToken: token, action: "end" });
    const rec = await revealRound(p);
    p.send("debrief:note", { question: 0, text: "the supply line was invisible" });
    // A note goes out alone, not inside the whole debrief state.
    const noted = (await p.next("debrief:noted" as "round")) as unknown as {
      question: number;
      note: { text: string; by: string };
    };
    expect(noted).toEqual({ question: 0, note: { text: "the supply line was invisible", by: "Deb" } });
    // The longest note the debrief allows fits in one frame, even in a two-byte script.
    const long = "é".repeat(4000);
    p.send("debrief:note", { question: 0, text: long });
    await p.next("debrief:noted" as "round", (x) => JSON.stringify(x).includes(long));
    expect(p.closed).toBeNull();
    const exp = await (await fetch(`${h.http}/api/rounds/${rec.id}/export.json`)).json();
    expect(exp.events.some((e: { type: string }) => e.type.startsWith("debrief:"))).toBe(true);
    await p.leave();
  });
});

describe("containment", () => {
  it("a failure inside one room is logged and leaves the other rooms running", async () => {
    const a = await Player.create(h, { scenario: "beer-game", options: short, name: "A", role: "retailer" });
    const b = await Player.create(h, { scenario: "beer-game", options: short, name: "B", role: "retailer" });
    for (const p of [a, b]) p.send("host", { hostToken: hostToken(p), action: "start" });
    await Promise.all([a, b].map((p) => p.until((s) => s.phase === "play")));
    const room = services().rooms.get(a.state.code) as TeamRoom;
    room.round.closeWeek = () => {
      throw new Error("a broken scenario step");
    };
    a.send("decide", { week: 1, decision: { order: 3 } });
    await a.next("accepted");
    b.send("decide", { week: 1, decision: { order: 3 } });
    await b.until((s) => s.week === 1);
    expect(a.state.week).toBe(0);
    expect(a.closed).toBeNull();
    expect((await fetch(`${h.http}/api/health`)).status).toBe(200);
    await Promise.all([a.leave(), b.leave()]);
  });
});

describe("HTTP", () => {
  it("looks up a join code, lists rounds, exports JSON that re-simulates and CSV per role and week", async () => {
    const { host, all, code } = await fullTeam();
    const token = hostToken(host);
    const look = await (await fetch(`${h.http}/api/rooms/${code.toLowerCase()}`)).json();
    expect(look).toMatchObject({ code, roomId: code, scenario: "beer-game", phase: "lobby", horizon: 6 });
    expect(look.seats.map((s: { name: string }) => s.name)).toEqual(["Ann", "P2", "P3", "P4"]);
    expect((await fetch(`${h.http}/api/rooms/ZZZZZZ`)).status).toBe(404);
    expect((await fetch(`${h.http}/api/rooms/bad!`)).status).toBe(400);

    host.send("host", { hostToken: token, action: "start" });
    await host.until((s) => s.phase === "play");
    // During play the numbers stay hidden from everyone but the host, over HTTP too.
    // Listings carry no join codes: the room knows its round's id.
    const liveId = (services().rooms.get(code) as TeamRoom).round.id;
    const live = (await (await fetch(`${h.http}/api/rounds?status=play`)).json()) as { id: string }[];
    expect(live.map((r) => r.id)).toContain(liveId);
    expect((await fetch(`${h.http}/api/rounds/${liveId}/export.json`)).status).toBe(403);
    expect((await fetch(`${h.http}/api/rounds/${liveId}/export.csv?hostToken=wrong-token`)).status).toBe(403);
    const asHost = await fetch(`${h.http}/api/rounds/${liveId}/export.json`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(asHost.status).toBe(200);
    for (let week = 1; week <= 6; week++) {
      for (const [i, p] of all.entries()) p.send("decide", { week, decision: { order: i + week } });
      await host.until((s) => s.week >= week);
    }
    const rec = await revealRound(host);

    const list = await (await fetch(`${h.http}/api/rounds?status=debrief`)).json();
    expect(list.some((r: { id: string }) => r.id === rec.id)).toBe(true);

    // Rounds of one cohort (a trainer's teams) are listed together.
    const cohort = `session-${Date.now()}`;
    const t1 = await Player.create(h, { scenario: "beer-game", name: "T1", cohort });
    const t2 = await Player.create(h, { scenario: "product-launch", name: "T2", cohort });
    const inCohort = (await (await fetch(`${h.http}/api/rounds?cohort=${cohort}`)).json()) as {
      id: string;
    }[];
    const idOf = (p: Player) => (services().rooms.get(p.state.code) as TeamRoom).round.id;
    expect(inCohort.map((r) => r.id).sort()).toEqual([idOf(t1), idOf(t2)].sort());
    expect((await (await fetch(`${h.http}/api/rooms/${t1.state.code}`)).json()).cohort).toBe(cohort);
    await Promise.all([t1.leave(), t2.leave()]);

    const exp = await (await fetch(`${h.http}/api/rounds/${rec.id}/export.json`)).json();
    expect(exp.hashes).toEqual(rec.hashes);
    expect(exp.decisions).toEqual(rec.decisions);
    expect(replayRecord(exp).hashes).toEqual(rec.hashes);
    const types = exp.events.map((e: { type: string }) => e.type);
    expect(types[0]).toBe("created");
    expect(types.filter((t: string) => t === "decision")).toHaveLength(24);
    expect(types.filter((t: string) => t === "week")).toHaveLength(6);
    expect(JSON.stringify(exp)).not.toMatch(/tokenHash/i);

    // With the host's token (it may replay the round) the CSV names the players.
    const csvRes = await fetch(`${h.http}/api/rounds/${rec.id}/export.csv`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(csvRes.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = (await csvRes.text()).trim().split("\r\n");
    expect(lines).toHaveLength(1 + 6 * 4);
    const header = lines[0]!.split(",");
    expect(header.slice(0, 7)).toEqual(["round", "code", "scenario", "week", "role", "player", "source"]);
    const row = lines[1 + 4 * 2 + 2]!.split(","); // week 3, distributor
    expect(row[3]).toBe("3");
    expect(row[4]).toBe("distributor");
    expect(row[5]).toBe("P3");
    expect(row[6]).toBe("human");
    expect(Number(row[header.indexOf("decision.order")])).toBe(2 + 3);
    expect((await fetch(`${h.http}/api/rounds/nope/export.csv`)).status).toBe(404);
    await Promise.all(all.map((p) => p.leave()));
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 4000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error("condition not met in time");
    await sleep(10);
  }
}
