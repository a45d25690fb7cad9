// A cohort save the storage refuses because another live process holds the cohort (CohortHeldError,
// as PostgreSQL does scaled out) is answered 503 "try again in a moment", never as a seat: the
// participant is not told they joined when nothing was recorded, and the seat placed before the save is
// taken back (the cohort's seating and the team round's reservation). Once the save goes through, the
// same request seats them once: one Ann in the recorded document and in the team rooms.

import { afterAll, expect, it } from "vitest";
import type { CohortData } from "../../server/cohort/cohort.ts";
import { MemoryStorage } from "../../server/storage/memory.ts";
import { CohortHeldError } from "../../server/storage/types.ts";
import type { CohortCreated, ConsoleSnapshot, ParticipantAssigned } from "../../shared/protocol/cohort.ts";
import { getJson, postJson } from "../support/processes.ts";
import { startHarness } from "./harness.ts";

/** Memory storage that refuses the saves of the cohorts in `held`, as a peer's lease would. */
class HoldingStorage extends MemoryStorage {
  readonly held = new Set<string>();
  override saveCohort(c: { id: string; code: string; data: unknown }): Promise<void> {
    return this.held.has(c.id) ? Promise.reject(new CohortHeldError(c.id)) : super.saveCohort(c);
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
