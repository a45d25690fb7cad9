// Cohorts with real SDK clients: the trainer's token rules, participants seated across teams, late
// arrivals, broadcast, reflection, shocks, moves, hidden information on the wire, and a restart.

import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { Client } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CohortCreated, ParticipantAssigned } from "../../shared/protocol/cohort.ts";
import { createCohort, joinCohort, seatInCohort } from "../support/cohorts.ts";
import { privateRolesIn } from "../support/wire.ts";
import { type Harness, Player, sleep, startHarness } from "./harness.ts";

const ROLES = ["retailer", "wholesaler", "distributor", "factory"];

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function post<T>(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(h.http + path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function get<T>(path: string, token?: string) {
  const res = await fetch(h.http + path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const text = await res.text();
  return {
    status: res.status,
    body: (text.startsWith("{") || text.startsWith("[") ? JSON.parse(text) : text) as T,
  };
}

async function seat(a: ParticipantAssigned, name: string): Promise<Player> {
  return Player.join(h, a.team, { name, role: a.role, cohortTicket: a.participantToken });
}

async function trainer(c: CohortCreated): Promise<Player> {
  return new Player(await new Client(h.url).joinById(c.id, { trainerToken: c.trainerToken }));
}

describe("creating a cohort and the trainer token", () => {
  it("validates the body and names the field", async () => {
    expect((await post("/api/cohorts", { scenario: "nope" })).body).toMatchObject({ field: "scenario" });
    expect((await post("/api/cohorts", { scenario: "beer-game", teams: 0 })).body).toMatchObject({
      field: "teams",
    });
    const weeks = await post("/api/cohorts", { scenario: "beer-game", weeks: 100000 });
    expect(weeks.status).toBe(400);
    const bots = await post("/api/cohorts", { scenario: "beer-game", bots: { nobody: { policy: "x" } } });
    expect(bots.body).toMatchObject({ field: "bots.nobody" });
    expect((await post("/api/cohorts", "{not json")).status).toBe(400);
    const big = await post("/api/cohorts", { scenario: "beer-game", title: "x".repeat(40_000) });
    expect(big.status).toBe(413);
  });

  it("only the trainer token opens the snapshot, the exports and the console room", async () => {
    const c = await createCohort(h.http);
    expect(c.joinLink).toBe(`/?cohort=${c.code}`);
    expect(c.consoleLink).toBe(`/?console=${c.id}`);
    expect((await get(`/api/cohorts/${c.id}`)).status).toBe(401);
    expect((await get(`/api/cohorts/${c.id}`, "wrong-token-123")).status).toBe(401);
    expect((await get(`/api/cohorts/${c.id}/export.json`)).status).toBe(401);
    const ok = await get<{ teams: { code: string; seats: unknown[] }[] }>(
      `/api/cohorts/${c.id}`,
      c.trainerToken,
    );
    expect(ok.status).toBe(200);
    expect(ok.body.teams).toHaveLength(2);
    expect(ok.body.teams[0]!.seats).toHaveLength(4);
    const csv = await fetch(`${h.http}/api/cohorts/${c.id}/export.csv`, {
      headers: { authorization: `Bearer ${c.trainerToken}` },
    });
    expect(csv.status).toBe(200);

    await expect(new Client(h.url).joinById(c.id, {})).rejects.toThrow();
    await expect(new Client(h.url).joinById(c.id, { trainerToken: "wrong-token-123" })).rejects.toThrow();
    const t = await trainer(c);
    await t.until((s) => s.teams?.size === 2);
    await t.leave();
  });
});

/** Every Schema instance this client's decoder holds: whatever arrived on the wire, decoded. */
function privateRolesSeen(p: Player): string[] {
  // biome-ignore lint/suspicious/noExplicitAny: reaching into the SDK's decoder on purpose
  return privateRolesIn(((p.room.serializer as any).decoder.root.refs as Map<number, unknown>).values());
}

describe("participants and the console", () => {
  it("seats participants across teams away from their department, then runs both teams from the console", async () => {
    const c = await createCohort(h.http, { teams: 2, avoidOwnDepartment: true });
    const info = await get<{ departments: { id: string }[]; accepting: boolean }>(
      `/api/cohorts/code/${c.code}`,
    );
    expect(info.body.departments.map((d) => d.id)).toEqual(ROLES);
    expect(info.body.accepting).toBe(true);

    const assigned = [];
    for (let i = 0; i < 6; i++)
      assigned.push(await seatInCohort(h.http, c, { name: `P${i}`, department: "retailer" }));
    // Balanced: three per team; nobody from retail sits at the retailer's desk.
    const teams = [...new Set(assigned.map((a) => a.team))];
    expect(teams).toHaveLength(2);
    for (const t of teams) expect(assigned.filter((a) => a.team === t)).toHaveLength(3);
    expect(assigned.every((a) => a.role !== "retailer")).toBe(true);
    expect(assigned[0]!.note).toMatch(/You work in Retailer: here you run/);
    // The same token gives the same seat back (a reload).
    const again = await joinCohort(h.http, c, {
      name: "P0",
      participantToken: assigned[0]!.participantToken,
    });
    expect(again.body).toMatchObject({ team: assigned[0]!.team, role: assigned[0]!.role });

    const desks = await Promise.all(assigned.map((a, i) => seat(a, `P${i}`)));
    for (const [i, d] of desks.entries()) expect(d.w.role).toBe(assigned[i]!.role);
    const t = await trainer(c);
    await t.until(
      (s) =>
        s.teams?.size === 2 &&
        [...s.teams.values()].every((team: { seats: Map<string, { status: string }> }) => {
          const statuses = [...team.seats.values()].map((x) => x.status).sort();
          return statuses.join() === "empty,thinking,thinking,thinking";
        }),
    );
    // The trainer token never reaches a participant.
    for (const d of desks) expect(JSON.stringify(d.log)).not.toContain(c.trainerToken);

    t.send("start", {});
    await Promise.all(desks.map((d) => d.until((s) => s.phase === "play")));
    await t.until(
      (s) =>
        s.teams?.size === 2 &&
        [...s.teams.values()].every(
          (team: { phase: string; openSince: number }) => team.phase === "play" && team.openSince > 0,
        ),
    );
    const bots = [...t.state.teams.values()].flatMap((team: { seats: Map<string, { status: string }> }) =>
      [...team.seats.values()].filter((x) => x.status === "bot"),
    );
    expect(bots).toHaveLength(2);

    // Broadcast and reflection reach every desk.
    t.send("broadcast", { text: "Five minutes left" });
    await Promise.all(
      desks.map((d) => d.next("notice" as never, (n: { text: string }) => n.text === "Five minutes left")),
    );
    t.send("reflect", {});
    const prompts = await Promise.all(desks.map((d) => d.next("reflect" as never)));
    await Promise.all(desks.map((d) => d.until((s) => s.paused === true)));
    const prompt = prompts[0] as unknown as { id: string; prompts: { id: string }[] };
    expect(prompt.prompts.map((p) => p.id)).toEqual(["expect", "unsaid"]);
    desks[0]!.send("reflect:answer", {
      id: prompt.id,
      answers: { expect: "orders will climb", unsaid: "the factory is slow" },
    });
    t.send("resume", {});
    await Promise.all(desks.map((d) => d.until((s) => s.paused === false)));

    // A shock to one team is refused by nobody; a bad shock name is refused per team.
    t.send("shock", { team: teams[0], name: "nope" });
    const err = (await t.next("error")) as { code: string; reason: string };
    expect(err.reason).toMatch(new RegExp(`team ${teams[0]}`));

    // Play every week: each desk decides; only its own role ever reaches it.
    for (let week = 1; week <= 6; week++) {
      for (const [i, d] of desks.entries()) d.send("decide", { week, decision: { order: 4 + i } });
      await Promise.all(desks.map((d) => d.until((s) => s.week >= week)));
    }
    await Promise.all(desks.map((d) => d.until((s) => s.phase === "debrief")));
    for (const [i, d] of desks.entries()) {
      expect(privateRolesSeen(d)).toEqual([assigned[i]!.role]);
    }

    // Participants may read the cohort debrief only once the trainer leads it.
    expect((await get(`/api/cohorts/${c.id}/debrief.json`)).status).toBe(403);
    t.send("lead", { panel: "same-pattern" });
    await Promise.all(desks.map((d) => d.next("cohort:lead" as never)));
    const debrief = await get<{
      teams: { reflections: { role: string; expect: string; unsaid: string }[] }[];
    }>(`/api/cohorts/${c.id}/debrief.json`);
    expect(debrief.status).toBe(200);
    const reflections = debrief.body.teams.flatMap((r) => r.reflections);
    expect(reflections).toEqual([
      expect.objectContaining({
        role: assigned[0]!.role,
        expect: "orders will climb",
        unsaid: "the factory is slow",
      }),
    ]);
    const csv = await fetch(`${h.http}/api/cohorts/${c.id}/export.csv`, {
      headers: { authorization: `Bearer ${c.trainerToken}` },
    });
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]!.startsWith("team,code,role,week,player,source")).toBe(true);
    expect(lines).toHaveLength(1 + 2 * 6 * 4);
    const xlsx = await fetch(`${h.http}/api/cohorts/${c.id}/export.xlsx`, {
      headers: { authorization: `Bearer ${c.trainerToken}` },
    });
    expect(xlsx.status).toBe(200);
    const book = new Uint8Array(await xlsx.arrayBuffer());
    // An .xlsx is a zip: it starts with "PK".
    expect(String.fromCharCode(book[0]!, book[1]!)).toBe("PK");
    expect((await fetch(`${h.http}/api/cohorts/${c.id}/export.xlsx`)).status).toBe(401);
    await Promise.all([...desks, t].map((d) => d.leave()));
  });
});

describe("forming teams", () => {
  it('"auto" fills a team before opening the next; seeds are the same for every team unless asked', async () => {
    const c = await createCohort(h.http, { teams: "auto", avoidOwnDepartment: false });
    const assigned = [];
    for (let i = 0; i < 5; i++) assigned.push(await seatInCohort(h.http, c, { name: `A${i}` }));
    const teams = [...new Set(assigned.map((a) => a.team))];
    expect(teams).toHaveLength(2);
    expect(assigned.slice(0, 4).map((a) => a.role)).toEqual(ROLES);
    expect(assigned.slice(0, 4).every((a) => a.team === teams[0])).toBe(true);
    expect(assigned[4]).toMatchObject({ team: teams[1], role: "retailer" });

    const seeds = async (id: string, token: string) => {
      const r = await get<{ rounds: { record: { seed: number } }[] }>(
        `/api/cohorts/${id}/export.json`,
        token,
      );
      return r.body.rounds.map((x) => x.record.seed);
    };
    const same = await seeds(c.id, c.trainerToken);
    expect(same).toHaveLength(2);
    expect(same[0]).toBe(same[1]);
    const d = await createCohort(h.http, { teams: 3, seeds: "different" });
    expect(new Set(await seeds(d.id, d.trainerToken)).size).toBe(3);
  });
});

describe("late arrivals, shocks, moves and bots", () => {
  it("a late arrival takes a bot-played seat only when the cohort allows it", async () => {
    const closed = await createCohort(h.http, { teams: 1, lateJoin: false });
    const a = await seatInCohort(h.http, closed, { name: "Early" });
    const early = await seat(a, "Early");
    const t = await trainer(closed);
    t.send("start", {});
    await early.until((s) => s.phase === "play");
    const late = await joinCohort(h.http, closed, {
      name: "Late",
    });
    expect(late.status).toBe(409);
    expect((await get<{ accepting: boolean }>(`/api/cohorts/code/${closed.code}`)).body.accepting).toBe(
      false,
    );

    const open = await createCohort(h.http, { teams: 1, lateJoin: true });
    const first = await seat(await seatInCohort(h.http, open, { name: "Early" }), "Early");
    const t2 = await trainer(open);
    t2.send("start", {});
    await first.until((s) => s.phase === "play");
    const b = await seatInCohort(h.http, open, { name: "Late" });
    const lateDesk = await seat(b, "Late");
    expect(lateDesk.w.role).toBe(b.role);
    await lateDesk.until((s) => s.seats.get(b.role).control === "human" && s.seats.get(b.role).connected);
    // A ticket for another seat does not open this one.
    await expect(
      new Client(h.url).joinById(b.team, { name: "Thief", cohortTicket: "not-the-ticket" }),
    ).rejects.toThrow();
    await Promise.all([early, t, first, t2, lateDesk].map((p) => p.leave()));
  });

  it("a shock goes to one team or to every team; the trainer moves a participant and swaps a seat to its bot", async () => {
    const c = await createCohort(h.http, { scenario: "product-launch", teams: 2, options: {}, weeks: 10 });
    const a = await seatInCohort(h.http, c, { name: "Ann" });
    const b = await seatInCohort(h.http, c, { name: "Bob" });
    expect(a.team).not.toBe(b.team);
    const ann = await seat(a, "Ann");
    const bob = await seat(b, "Bob");
    const t = await trainer(c);
    t.send("start", {});
    await Promise.all([ann, bob].map((p) => p.until((s) => s.phase === "play")));

    t.send("shock", { team: a.team, name: "scope-change", week: 3 });
    t.send("shock", { name: "scope-change", week: 4 });
    await sleep(300);
    const exported = await get<{ rounds: { record: { code: string; shocks: { week: number }[] } }[] }>(
      `/api/cohorts/${c.id}/export.json`,
      c.trainerToken,
    );
    const byCode = new Map(
      exported.body.rounds.map((r) => [r.record.code, r.record.shocks.map((s) => s.week)]),
    );
    expect(byCode.get(a.team)).toEqual(expect.arrayContaining([3, 4]));
    expect(byCode.get(b.team)).toEqual(expect.arrayContaining([4]));
    expect(byCode.get(b.team)).not.toContain(3);

    // Move Bob into Ann's team: his desk is told where to go and rejoins with the same ticket.
    const target = ["sales", "engineering", "manufacturing", "purchasing"].find((r) => r !== a.role)!;
    const moved = bob.next("cohort:moved" as never);
    t.send("move", { from: { team: b.team, role: b.role }, to: { team: a.team, role: target } });
    expect(await moved).toEqual({ team: a.team, role: target });
    const bob2 = await Player.join(h, a.team, { name: "Bob", cohortTicket: b.participantToken });
    expect(bob2.w.role).toBe(target);
    const snap = await get<{
      teams: { code: string; seats: { role: string; name: string; status: string }[] }[];
    }>(`/api/cohorts/${c.id}`, c.trainerToken);
    const teamA = snap.body.teams.find((x) => x.code === a.team)!;
    expect(teamA.seats.find((s) => s.role === target)).toMatchObject({ name: "Bob" });
    // The console links each team's replay, which the trainer opens (in play, before any reveal).
    const replay = (snap.body.teams[0] as unknown as { replay: string }).replay;
    expect(replay).toMatch(/-[0-9a-f]{32}$/);
    expect((await get(`/api/rounds/${replay}/replay`)).body).toMatchObject({ cohort: c.id });
    expect((await get(`/api/rounds/${replay}/replay`, c.trainerToken)).body).toMatchObject({
      access: "trainer",
    });
    const teamB = snap.body.teams.find((x) => x.code === b.team)!;
    expect(teamB.seats.find((s) => s.role === b.role)).toMatchObject({ name: "", status: "bot" });

    // Swap Ann's seat to its bot: she is let go and the seat plays on.
    const gone = ann.next("cohort:moved" as never);
    t.send("bot", { team: a.team, role: a.role });
    expect(await gone).toEqual({ team: null, role: null });
    await bob2.until((s) => s.seats.get(a.role).control === "bot");
    await Promise.all([ann, bob, bob2, t].map((p) => p.leave()));
  });
});

describe("restart", () => {
  it("the cohort, its console and its participants' seats survive a server restart", async () => {
    const own = await startHarness({ storage: "sqlite" });
    const dbFile = own.dbFile!;
    const res = await fetch(`${own.http}/api/cohorts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ scenario: "beer-game", teams: 2 }),
    });
    const c = (await res.json()) as CohortCreated;
    const joined = await fetch(`${own.http}/api/cohorts/code/${c.code}/participants`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Ann" }),
    });
    const a = (await joined.json()) as ParticipantAssigned;
    await own.game.close();

    const again = await startHarness({ dbFile });
    try {
      const snap = await fetch(`${again.http}/api/cohorts/${c.id}`, {
        headers: { authorization: `Bearer ${c.trainerToken}` },
      });
      expect(snap.status).toBe(200);
      const body = (await snap.json()) as {
        teams: { code: string; seats: { name: string }[] }[];
        participants: number;
      };
      expect(body.teams.map((x) => x.code)).toHaveLength(2);
      expect(body.participants).toBe(1);
      const console = new Player(
        await new Client(again.url).joinById(c.id, { trainerToken: c.trainerToken }),
      );
      await console.until((s) => s.teams?.size === 2);
      const desk = new Player(
        await new Client(again.url).joinById(a.team, { name: "Ann", cohortTicket: a.participantToken }),
      );
      expect((await desk.next("welcome")).role).toBe(a.role);
      const same = await fetch(`${again.http}/api/cohorts/code/${c.code}/participants`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "Ann", participantToken: a.participantToken }),
      });
      expect(await same.json()).toMatchObject({ team: a.team, role: a.role });
      await Promise.all([console, desk].map((p) => p.leave()));
    } finally {
      await again.close();
      // The first server's throwaway folder: the second one was given its file, so it leaves it.
      rmSync(dirname(dbFile), { recursive: true, force: true });
    }
  });
});
