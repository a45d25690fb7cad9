// A cohort save the storage refuses because another live process holds the cohort (CohortHeldError,
// as PostgreSQL does scaled out) is answered 503 "try again in a moment", never as a seat: the
// participant is not told they joined when nothing was recorded, and the seat placed before the save is
// taken back (the cohort's seating and the team round's reservation). Once the save goes through, the
// same request seats them once: one Ann in the recorded document and in the team rooms.

import { Client } from "@colyseus/sdk";
import { afterAll, expect, it } from "vitest";
import type { CohortData } from "../../server/cohort/cohort.ts";
import { MemoryStorage } from "../../server/storage/memory.ts";
import { CohortHeldError } from "../../server/storage/types.ts";
import type { CohortCreated, ConsoleSnapshot, ParticipantAssigned } from "../../shared/protocol/cohort.ts";
import { getJson, postJson } from "../support/processes.ts";
import { Player, startHarness } from "./harness.ts";

/**
 * Memory storage that refuses the saves of the cohorts in `held`, as a peer's lease would, and fails
 * those in `down`, as a storage outage would.
 */
class HoldingStorage extends MemoryStorage {
  readonly held = new Set<string>();
  readonly down = new Set<string>();
  override saveCohort(c: { id: string; code: string; data: unknown }): Promise<void> {
    if (this.held.has(c.id)) return Promise.reject(new CohortHeldError(c.id));
    if (this.down.has(c.id)) return Promise.reject(new Error("storage unavailable"));
    return super.saveCohort(c);
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

it("a join whose save is refused (cohort held elsewhere) answers 503 try again, then seats once the save goes through", async () => {
  const created = await postJson(h.http + "/api/cohorts", {
    scenario: "beer-game",
    options: { warmupWeeks: 0 },
    weeks: 6,
    teams: 2,
  });
  expect(created.status).toBe(201);
  const cohort = created.body as CohortCreated;

  storage.held.add(cohort.id);
  const refused = await postJson(h.http + `/api/cohorts/code/${cohort.code}/participants`, { name: "Ann" });
  expect(refused.status).toBe(503);
  expect(refused.body).toEqual({ error: "this cohort is moving to another server; try again in a moment" });
  expect(Number(refused.retryAfter)).toBeGreaterThan(0);
  expect(refused.body).not.toHaveProperty("participantToken");
  expect(await recordedNames(cohort.id)).toEqual([]);
  expect(await seatedNames(cohort)).toEqual([]);

  storage.held.delete(cohort.id);
  const joined = await postJson(h.http + `/api/cohorts/code/${cohort.code}/participants`, { name: "Ann" });
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

it("a trainer's change whose save fails while storage is down is saved again, without any later change, once storage is back", async () => {
  const created = await postJson(h.http + "/api/cohorts", { scenario: "beer-game", weeks: 6, teams: 1 });
  const cohort = created.body as CohortCreated;
  const joined = await postJson(h.http + `/api/cohorts/code/${cohort.code}/participants`, { name: "Ann" });
  const seat = joined.body as ParticipantAssigned;
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
