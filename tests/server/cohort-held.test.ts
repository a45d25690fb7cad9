// A cohort save the storage refuses because another live process holds the cohort (CohortHeldError,
// as PostgreSQL does scaled out) is answered 503 "try again in a moment", never as a seat: the
// participant is not told they joined when nothing was recorded, and the seat placed before the save is
// taken back (the cohort's seating and the team round's reservation). Once the save goes through, the
// same request seats them once: one Ann in the recorded document and in the team rooms. Taking a join
// back undoes that join only: a trainer's change made while its save was pending stays, a returning
// participant keeps their ticket, and a team opened for the join alone closes. A trainer's change made
// while a team opens for an arrival is kept too.

import { Client } from "@colyseus/sdk";
import { afterAll, expect, it } from "vitest";
import type { CohortData } from "../../server/cohort/cohort.ts";
import { cohortById } from "../../server/cohort/registry.ts";
import { services } from "../../server/services.ts";
import { MemoryStorage } from "../../server/storage/memory.ts";
import { CohortHeldError, StorageUnavailableError } from "../../server/storage/types.ts";
import type { CohortCreated, ConsoleSnapshot, ParticipantAssigned } from "../../shared/protocol/cohort.ts";
import { createCohort, joinCohort, seatInCohort } from "../support/cohorts.ts";
import { getJson } from "../support/processes.ts";
import { Player, startHarness } from "./harness.ts";

/**
 * Memory storage that refuses the saves of the cohorts in `held`, as a peer's lease would, and fails
 * those in `down`, as a storage outage would.
 */
class HoldingStorage extends MemoryStorage {
  readonly held = new Set<string>();
  readonly down = new Set<string>();
  private readonly stalled = new Map<string, Promise<void>>();
  /** Calls waiting at a stall, by what stalled them. */
  readonly waiting = new Map<string, number>();
  override async saveCohort(c: { id: string; code: string; data: unknown }): Promise<void> {
    await this.pass(`save ${c.id}`);
    if (this.held.has(c.id)) throw new CohortHeldError(c.id);
    if (this.down.has(c.id)) throw new StorageUnavailableError("storage unavailable");
    return super.saveCohort(c);
  }

  override async createRound(...args: Parameters<MemoryStorage["createRound"]>): Promise<void> {
    await this.pass(`team ${args[0].cohort}`);
    return super.createRound(...args);
  }

  private async pass(key: string): Promise<void> {
    const stall = this.stalled.get(key);
    if (!stall) return;
    this.waiting.set(key, (this.waiting.get(key) ?? 0) + 1);
    await stall;
    this.waiting.set(key, this.waiting.get(key)! - 1);
  }

  /**
   * The cohort's saves (or the team rounds it opens) wait until the returned function lets them go on
   * (refused, failed or through).
   */
  stall(id: string, what: "save" | "team" = "save"): () => void {
    const key = `${what} ${id}`;
    let go!: () => void;
    this.stalled.set(
      key,
      new Promise((r) => {
        go = r;
      }),
    );
    return () => {
      this.stalled.delete(key);
      go();
    };
  }
}

const storage = new HoldingStorage();
const h = await startHarness({ storage });
afterAll(() => h.close());

const recordedNames = async (id: string) =>
  Object.values(((await storage.getCohort(id))!.data as CohortData).seating.people).map((p) => p.name);

/** The names seated in the cohort's team rooms, as the trainer's console shows them. */
const seatedNames = async (cohort: CohortCreated) => {
  const r = await getJson(`${h.http}/api/cohorts/${cohort.id}`, {
    headers: { authorization: `Bearer ${cohort.trainerToken}` },
  });
  expect(r.status).toBe(200);
  return (r.body as ConsoleSnapshot).teams.flatMap((t) => t.seats.flatMap((s) => (s.name ? [s.name] : [])));
};

const snapshotOf = async (cohort: CohortCreated) => {
  const r = await getJson(`${h.http}/api/cohorts/${cohort.id}`, {
    headers: { authorization: `Bearer ${cohort.trainerToken}` },
  });
  expect(r.status).toBe(200);
  return r.body as ConsoleSnapshot;
};

/** Who sits where, by team code and role: as the live cohort document says, and as its team rooms do. */
const seatsOf = async (cohort: CohortCreated) => {
  const data = cohortById(cohort.id)!.data;
  const byDocument = data.teams.map((code, i) => ({
    code,
    seats: Object.fromEntries(
      (data.seating.seating[i]?.seats ?? []).map((s) => [
        s.role,
        s.holder ? data.seating.people[s.holder]!.name : "",
      ]),
    ),
  }));
  const byRooms = (await snapshotOf(cohort)).teams.map((t) => ({
    code: t.code,
    seats: Object.fromEntries(t.seats.map((s) => [s.role, s.name])),
  }));
  return { byDocument, byRooms };
};

it("a join whose save is refused (cohort held elsewhere) answers 503 try again, then seats once the save goes through", async () => {
  const cohort = await createCohort(h.http);

  storage.held.add(cohort.id);
  const refused = await joinCohort(h.http, cohort, { name: "Ann" });
  expect(refused.status).toBe(503);
  expect(refused.body).toEqual({ error: "this cohort is moving to another server; try again in a moment" });
  expect(Number(refused.retryAfter)).toBeGreaterThan(0);
  expect(refused.body).not.toHaveProperty("participantToken");
  expect(await recordedNames(cohort.id)).toEqual([]);
  expect(await seatedNames(cohort)).toEqual([]);

  storage.held.delete(cohort.id);
  const joined = await joinCohort(h.http, cohort, { name: "Ann" });
  expect(joined.status).toBe(200);
  expect((joined.body as ParticipantAssigned).participantToken).toBeTruthy();
  const seat = joined.body as ParticipantAssigned;
  expect(await recordedNames(cohort.id)).toEqual(["Ann"]);
  expect(await seatedNames(cohort)).toEqual(["Ann"]);
  const snapshot = await getJson(`${h.http}/api/cohorts/${cohort.id}`, {
    headers: { authorization: `Bearer ${cohort.trainerToken}` },
  });
  const team = (snapshot.body as ConsoleSnapshot).teams.find((t) => t.code === seat.team);
  expect(team?.seats.find((s) => s.role === seat.role)?.name).toBe("Ann");
});

it("a join whose save fails while storage is down answers 503 with a sentence, and seats nobody", async () => {
  const cohort = await createCohort(h.http);
  storage.down.add(cohort.id);
  const failed = await joinCohort(h.http, cohort, { name: "Bea" });
  storage.down.delete(cohort.id);
  expect(failed.status).toBe(503);
  expect(failed.body).toEqual({
    error: "the server's storage is not answering right now; try again in a moment",
  });
  expect(await recordedNames(cohort.id)).toEqual([]);
  expect(await seatedNames(cohort)).toEqual([]);
  expect((await joinCohort(h.http, cohort, { name: "Bea" })).status).toBe(200);
});

it("a trainer's change whose save fails while storage is down is saved again, without any later change, once storage is back", async () => {
  const cohort = await createCohort(h.http, { teams: 1 });
  const seat = await seatInCohort(h.http, cohort, { name: "Ann" });
  await Player.join(h, seat.team, {
    name: "Ann",
    role: seat.role,
    cohortTicket: seat.participantToken,
  });
  const trainer = new Player(
    await new Client(h.url).joinById(cohort.id, { trainerToken: cohort.trainerToken }),
  );
  const annSeat = async () =>
    Object.values(((await storage.getCohort(cohort.id))!.data as CohortData).seating.people).find(
      (p) => p.name === "Ann",
    );
  expect(await annSeat()).toMatchObject({ role: seat.role });

  storage.down.add(cohort.id);
  trainer.send("bot", { team: seat.team, role: seat.role });
  await expect.poll(() => seatedNames(cohort), { timeout: 5_000 }).toEqual([]);
  // The failed save left the recorded seating as it was.
  expect(await annSeat()).toMatchObject({ role: seat.role });

  storage.down.delete(cohort.id);
  await expect.poll(async () => (await annSeat())?.role, { timeout: 5_000 }).toBeNull();
  await trainer.leave();
});

it("a returning participant's join taken back after the trainer moved someone keeps the move and her ticket", async () => {
  const cohort = await createCohort(h.http);
  const ann = await seatInCohort(h.http, cohort, { name: "Ann" });
  const bob = await seatInCohort(h.http, cohort, { name: "Bob" });
  expect(bob.team).not.toBe(ann.team);
  const trainer = new Player(
    await new Client(h.url).joinById(cohort.id, { trainerToken: cohort.trainerToken }),
  );
  // The trainer hands Ann's seat to its bot: she stays in the cohort, unseated, with her ticket.
  trainer.send("bot", { team: ann.team, role: ann.role });
  await expect.poll(() => seatedNames(cohort), { timeout: 5_000 }).toEqual(["Bob"]);

  const release = storage.stall(cohort.id);
  const back = joinCohort(h.http, cohort, { name: "Ann", participantToken: ann.participantToken });
  await expect.poll(() => seatedNames(cohort), { timeout: 5_000 }).toContain("Ann");
  const annTeam = (await snapshotOf(cohort)).teams.find((t) => t.seats.some((s) => s.name === "Ann"))!;
  const target = annTeam.seats.find((s) => !s.name && s.role !== ann.role)!.role;
  trainer.send("move", {
    from: { team: bob.team, role: bob.role },
    to: { team: annTeam.code, role: target },
  });
  await expect
    .poll(async () => (await snapshotOf(cohort)).teams.find((t) => t.code === annTeam.code)?.seats)
    .toContainEqual(expect.objectContaining({ role: target, name: "Bob" }));
  storage.held.add(cohort.id);
  release();
  expect((await back).status).toBe(503);

  const after = await seatsOf(cohort);
  expect(after.byRooms).toEqual(after.byDocument);
  expect(after.byDocument.flatMap((t) => Object.entries(t.seats).filter(([, n]) => n))).toEqual([
    [target, "Bob"],
  ]);
  expect(after.byDocument.find((t) => t.code === annTeam.code)?.seats[target]).toBe("Bob");
  const people = Object.values(cohortById(cohort.id)!.data.seating.people);
  expect(people.map((p) => [p.name, p.role]).sort()).toEqual([
    ["Ann", null],
    ["Bob", target],
  ]);

  storage.held.delete(cohort.id);
  const again = await joinCohort(h.http, cohort, {
    name: "Ann",
    participantToken: ann.participantToken,
  });
  expect(again.status).toBe(200);
  expect((again.body as ParticipantAssigned).participantToken).toBe(ann.participantToken);
  expect((await recordedNames(cohort.id)).sort()).toEqual(["Ann", "Bob"]);
  const seated = await seatsOf(cohort);
  expect(seated.byRooms).toEqual(seated.byDocument);
  await trainer.leave();
});

/** An "auto" cohort with its first team of four full, and the trainer's console open on it. */
async function fullFirstTeam() {
  const cohort = await createCohort(h.http, { teams: "auto" });
  const first: ParticipantAssigned[] = [];
  for (const name of ["A", "B", "C", "D"]) first.push(await seatInCohort(h.http, cohort, { name }));
  const trainer = new Player(
    await new Client(h.url).joinById(cohort.id, { trainerToken: cohort.trainerToken }),
  );
  return { cohort, first, trainer };
}

it("a team opened for a join whose save is refused closes: no empty team in the console, and the next arrival opens one", async () => {
  const { cohort, first, trainer } = await fullFirstTeam();
  const release = storage.stall(cohort.id);
  const eve = joinCohort(h.http, cohort, { name: "Eve" });
  await expect.poll(async () => (await snapshotOf(cohort)).teams.length, { timeout: 5_000 }).toBe(2);
  const opened = (await snapshotOf(cohort)).teams[1]!.code;
  await trainer.until((s) => s.teams.size === 2);
  storage.held.add(cohort.id);
  release();
  expect((await eve).status).toBe(503);

  expect((await snapshotOf(cohort)).teams.map((t) => t.code)).toEqual([first[0]!.team]);
  const after = await seatsOf(cohort);
  expect(after.byRooms).toEqual(after.byDocument);
  expect(cohortById(cohort.id)!.data.seating.seating).toHaveLength(1);
  await expect.poll(() => services().rooms.has(opened), { timeout: 5_000 }).toBe(false);
  await trainer.until((s) => s.teams.size === 1 && !s.teams.has(opened));

  storage.held.delete(cohort.id);
  const joined = await joinCohort(h.http, cohort, { name: "Eve" });
  expect(joined.status).toBe(200);
  const seat = joined.body as ParticipantAssigned;
  expect(seat.team).not.toBe(opened);
  const recorded = (await storage.getCohort(cohort.id))!.data as CohortData;
  expect(recorded.teams).toEqual([first[0]!.team, seat.team]);
  expect(recorded.seating.seating).toHaveLength(2);
  const seated = await seatsOf(cohort);
  expect(seated.byRooms).toEqual(seated.byDocument);
  // The closed team's round is not the cohort's: the trainer's export lists the two teams only.
  const exported = await getJson(`${h.http}/api/cohorts/${cohort.id}/export.json`, {
    headers: { authorization: `Bearer ${cohort.trainerToken}` },
  });
  const codes = (exported.body as { rounds: { record: { code: string } }[] }).rounds.map(
    (r) => r.record.code,
  );
  expect(codes).toEqual([first[0]!.team, seat.team]);
  await trainer.leave();
});

it("a team opened for a join taken back stays when the trainer moved someone into it meanwhile", async () => {
  const { cohort, first, trainer } = await fullFirstTeam();
  const release = storage.stall(cohort.id);
  const eve = joinCohort(h.http, cohort, { name: "Eve" });
  await expect.poll(() => seatedNames(cohort), { timeout: 5_000 }).toContain("Eve");
  const opened = (await snapshotOf(cohort)).teams[1]!;
  const target = opened.seats.find((s) => !s.name)!.role;
  const a = first[0]!;
  trainer.send("move", { from: { team: a.team, role: a.role }, to: { team: opened.code, role: target } });
  await expect
    .poll(async () => (await snapshotOf(cohort)).teams[1]?.seats)
    .toContainEqual(expect.objectContaining({ role: target, name: "A" }));
  storage.held.add(cohort.id);
  release();
  expect((await eve).status).toBe(503);

  const after = await seatsOf(cohort);
  expect(after.byRooms).toEqual(after.byDocument);
  expect(after.byDocument.map((t) => t.code)).toEqual([a.team, opened.code]);
  expect(after.byDocument[1]!.seats[target]).toBe("A");
  expect(await seatedNames(cohort)).not.toContain("Eve");
  expect(services().rooms.has(opened.code)).toBe(true);
  storage.held.delete(cohort.id);
  await trainer.leave();
});

it("a trainer's change made while a team opens for an arrival is kept: the arrival is placed on the seating as it is then", async () => {
  const { cohort, first, trainer } = await fullFirstTeam();
  const release = storage.stall(cohort.id, "team");
  const eve = joinCohort(h.http, cohort, { name: "Eve" });
  await expect.poll(() => storage.waiting.get(`team ${cohort.id}`), { timeout: 5_000 }).toBe(1);
  const a = first[0]!;
  trainer.send("bot", { team: a.team, role: a.role });
  await expect.poll(() => seatedNames(cohort), { timeout: 5_000 }).not.toContain("A");
  release();
  const joined = await eve;
  expect(joined.status).toBe(200);

  const after = await seatsOf(cohort);
  expect(after.byRooms).toEqual(after.byDocument);
  expect(after.byDocument.map((t) => t.code)).toEqual([a.team, (joined.body as ParticipantAssigned).team]);
  const recorded = (await storage.getCohort(cohort.id))!.data as CohortData;
  expect(Object.values(recorded.seating.people).find((p) => p.name === "A")).toMatchObject({ role: null });
  await trainer.leave();
});
