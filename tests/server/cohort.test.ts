// Cohorts with real SDK clients: the trainer's token rules, participants seated across teams, late
// arrivals, broadcast, reflection, shocks, moves, hidden information on the wire, and a restart.

import { Client } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CohortCreated, ParticipantAssigned } from "../../shared/protocol/cohort.ts";
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

async function createCohort(body: Record<string, unknown> = {}): Promise<CohortCreated> {
  const r = await post<CohortCreated>("/api/cohorts", {
    scenario: "beer-game",
    options: { warmupWeeks: 0 },
    weeks: 6,
    teams: 2,
    ...body,
  });
  expect(r.status).toBe(201);
  return r.body;
}

async function participant(c: CohortCreated, name: string, department?: string) {
  const r = await post<ParticipantAssigned>(`/api/cohorts/code/${c.code}/participants`, {
    name,
    ...(department ? { department } : {}),
  });
  expect(r.status).toBe(200);
  return r.body;
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
    const c = await createCohort();
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
    const csv = await fetch(`${h.http}/api/cohorts/${c.id}/export.csv?token=${c.trainerToken}`);
    expect(csv.status).toBe(200);

    await expect(new Client(h.url).joinById(c.id, {})).rejects.toThrow();
    await expect(new Client(h.url).joinById(c.id, { trainerToken: "wrong-token-123" })).rejects.toThrow();
    const t = await trainer(c);
    await t.until((s) => s.teams?.size === 2);
    await t.leave();
  });
});
