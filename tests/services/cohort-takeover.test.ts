// Taking a cohort over, scaled out, against the real PostgreSQL: a server (in this process) and a peer
// storage (another owner, as another process would be) share one schema. The peer records a cohort and
// gives it up (or holds it); requests through the server then take it over, or are refused, and
// nothing is answered as done that is not recorded, nothing is started for a cohort the server does
// not get, and the lease is never kept by a server that runs nothing of the cohort. No peer process
// answers for the cohort here: each request first waits for the owner's console (3 s) in vain.

import { Client, type Room } from "@colyseus/sdk";
import pg from "pg";
import { afterAll, expect, it, vi } from "vitest";
import type { CohortData } from "../../server/cohort/cohort.ts";
import { cohortById, newCohortData } from "../../server/cohort/registry.ts";
import { CohortRoom } from "../../server/cohort/room.ts";
import { PostgresStorage } from "../../server/storage/postgres.ts";
import { StorageUnavailableError } from "../../server/storage/types.ts";
import { parseCohortSettings } from "../../shared/cohort/settings.ts";
import type { ConsoleSnapshot, ParticipantAssigned } from "../../shared/protocol/cohort.ts";
import { CLOSE_CODES } from "../../shared/protocol/errors.ts";
import { startHarness } from "../server/harness.ts";
import { getJson, postJson, waitFor } from "../support/processes.ts";

const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const schema = `pf_takeover_${process.pid}_${Date.now().toString(36)}`;
// Leases far longer than the test: the server's round keeper neither renews nor adopts meanwhile, so
// what happens is what the requests did.
const open = () => PostgresStorage.open({ connectionString: url, schema, poolSize: 4, leaseMs: 600_000 });

const storage = await open();
const peer = await open();
const h = await startHarness({ storage });
const sql = new pg.Client({ connectionString: url });
await sql.connect();

afterAll(async () => {
  await h.close();
  await peer.close();
  await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await sql.end();
});

/** A peer's cohort, recorded before any team opened; released unless `held`. */
async function peerCohort(held = false) {
  const parsed = parseCohortSettings({
    scenario: "beer-game",
    options: { warmupWeeks: 0 },
    weeks: 6,
    teams: 2,
  });
  if (!parsed.ok) throw new Error(parsed.error);
  const { data, trainerToken } = newCohortData(parsed.settings);
  await peer.saveCohort({ id: data.id, code: data.code, data });
  if (!held) await peer.releaseCohorts([data.id]);
  const auth = { authorization: `Bearer ${trainerToken}` };
  return { data, trainerToken, auth };
}

const row = async (id: string) =>
  (await sql.query(`SELECT owner, data FROM ${schema}.cohorts WHERE id = $1`, [id])).rows[0] as {
    owner: string | null;
    data: CohortData;
  };
const teamRounds = async (id: string) =>
  (await sql.query(`SELECT id FROM ${schema}.rounds WHERE cohort = $1`, [id])).rows.length;
const join = (code: string, name: string) =>
  postJson(`${h.http}/api/cohorts/code/${code}/participants`, { name });

/**
 * `request`, while the peer takes the cohort (a live lease) in a transaction of its own: the row stays
 * locked until the server's claim of it waits for the lock, then the peer commits. The claim must
 * see the peer's lease then, as one statement that checks and takes; a claim that looked first and
 * wrote after (or wrote without looking) would take the cohort from the peer.
 */
async function whileThePeerTakesIt<T>(data: CohortData, request: () => Promise<T>): Promise<T> {
  const taking = new pg.Client({ connectionString: url });
  await taking.connect();
  try {
    await taking.query("BEGIN");
    await taking.query(`UPDATE ${schema}.cohorts SET owner = $2, lease_until = $3 WHERE id = $1`, [
      data.id,
      peer.owner,
      Date.now() + 600_000,
    ]);
    const { pid } = (await taking.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!;
    const answer = request();
    answer.catch(() => {});
    await waitFor(
      async () =>
        (await sql.query("SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))", [pid])).rows
          .length > 0,
      "the server's claim waiting for the peer's",
      10_000,
      20,
    );
    await taking.query("COMMIT");
    return await answer;
  } finally {
    await taking.end();
  }
}

it("joins arriving together while a cohort is taken over are all seated, each in a seat of its own, and recorded", async () => {
  const { data, auth } = await peerCohort();
  const names = ["Ann", "Bob", "Cy", "Dee", "Eve", "Fay"];
  const answers = await Promise.all(names.map((n) => join(data.code, n)));
  for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBe(200);
  const seats = answers.map((a) => a.body as ParticipantAssigned);
  expect(new Set(seats.map((s) => `${s.team}/${s.role}`)).size).toBe(names.length);

  // Recorded, in the seats given, by the server that now holds the cohort.
  const after = await row(data.id);
  expect(after.owner).toBe(storage.owner);
  const recorded = Object.values(after.data.seating.people);
  expect(recorded.map((p) => p.name).sort()).toEqual([...names].sort());
  for (const [i, s] of seats.entries()) {
    const p = recorded.find((r) => r.name === names[i])!;
    expect([after.data.teams[p.team!], p.role]).toEqual([s.team, s.role]);
  }
  // One copy of the cohort here, its teams the ones recorded, each seat reserved once.
  expect(await teamRounds(data.id)).toBe(after.data.teams.length);
  const shown = await getJson(`${h.http}/api/cohorts/${data.id}`, { headers: auth });
  expect(shown.status).toBe(200);
  const snapshot = shown.body as ConsoleSnapshot;
  expect(snapshot.participants).toBe(names.length);
  expect(snapshot.teams.map((t) => t.code)).toEqual(after.data.teams);
  const seated = snapshot.teams.flatMap((t) =>
    t.seats.flatMap((s) => (s.name ? [`${t.code}/${s.role}/${s.name}`] : [])),
  );
  expect(seated.sort()).toEqual(seats.map((s, i) => `${s.team}/${s.role}/${names[i]}`).sort());
});

it("joins arriving while a takeover is under way (the lease taken, the console not open yet) are seated on that one copy", async () => {
  const { data } = await peerCohort();
  const claim = storage.claimCohort.bind(storage);
  const read = storage.findCohortByCode.bind(storage);
  const lateNames = ["Gus", "Hal", "Ida"];
  let late: ReturnType<typeof join>[] = [];
  storage.claimCohort = async (id) => {
    storage.claimCohort = claim;
    const row = await claim(id);
    // More participants arrive now, and read the cohort before the takeover has registered its copy.
    let reads = 0;
    const allRead = new Promise<void>((done) => {
      storage.findCohortByCode = async (code) => {
        const found = await read(code);
        if (++reads === lateNames.length) {
          storage.findCohortByCode = read;
          done();
        }
        return found;
      };
    });
    late = lateNames.map((n) => join(data.code, n));
    // (Or until they are answered, should they not all need to read it.)
    await Promise.race([allRead, Promise.allSettled(late)]);
    storage.findCohortByCode = read;
    return row;
  };
  const answers = [await join(data.code, "Ann"), ...(await Promise.all(late))];
  for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBe(200);
  const seats = answers.map((a) => a.body as ParticipantAssigned);
  expect(new Set(seats.map((s) => `${s.team}/${s.role}`)).size).toBe(answers.length);
  const after = await row(data.id);
  expect(
    Object.values(after.data.seating.people)
      .map((p) => p.name)
      .sort(),
  ).toEqual(["Ann", ...lateNames].sort());
  expect(await teamRounds(data.id)).toBe(after.data.teams.length);
  expect(cohortById(data.id)?.data.seating.people).toEqual(after.data.seating.people);
});

it("a join whose takeover a peer wins changes nothing: 503, no team room opened, no seat", async () => {
  const { data } = await peerCohort();
  const refused = await whileThePeerTakesIt(data, () => join(data.code, "Ann"));
  expect(refused.status, JSON.stringify(refused.body)).toBe(503);
  expect(refused.body).toEqual({ error: "this cohort is moving to another server; try again in a moment" });
  const after = await row(data.id);
  expect(after.owner).toBe(peer.owner);
  expect(after.data.seating.people).toEqual({});
  expect(await teamRounds(data.id)).toBe(0);
  expect(storage.ownedCohorts()).not.toContain(data.id);
  expect(cohortById(data.id)).toBeUndefined();
});

it("the trainer's console opens only where the cohort's lease is held", async () => {
  const released = await peerCohort();
  const shown = await getJson(`${h.http}/api/cohorts/${released.data.id}`, { headers: released.auth });
  expect(shown.status).toBe(200);
  expect((await row(released.data.id)).owner).toBe(storage.owner);
  expect(storage.ownedCohorts()).toContain(released.data.id);

  const taken = await peerCohort();
  const refused = await whileThePeerTakesIt(taken.data, () =>
    getJson(`${h.http}/api/cohorts/${taken.data.id}`, { headers: taken.auth }),
  );
  expect(refused.status).toBe(503);
  expect((await row(taken.data.id)).owner).toBe(peer.owner);
  expect(cohortById(taken.data.id)).toBeUndefined();
});

it("a trainer's action whose save is refused closes the console (join again) rather than passing for done", async () => {
  const { data, trainerToken, auth } = await peerCohort();
  expect((await getJson(`${h.http}/api/cohorts/${data.id}`, { headers: auth })).status).toBe(200);
  const trainer: Room = await new Client(h.url).joinById(data.id, { trainerToken });
  let closed: number | undefined;
  trainer.onLeave((code) => {
    closed = code;
  });

  // The peer took the cohort while this server did not know yet (its next renewal would say so).
  await sql.query(`UPDATE ${schema}.cohorts SET owner = $2, lease_until = $3 WHERE id = $1`, [
    data.id,
    peer.owner,
    Date.now() + 600_000,
  ]);
  trainer.send("start", {});
  await waitFor(() => closed !== undefined, "the console closed", 10_000);
  expect(closed).toBe(CLOSE_CODES.moved);
  expect(cohortById(data.id)).toBeUndefined();
  expect((await row(data.id)).data.phase).toBe("lobby");
  // Asked again, the server refuses (the peer holds it) instead of answering from its old copy.
  expect((await getJson(`${h.http}/api/cohorts/${data.id}`, { headers: auth })).status).toBe(503);
});

it("a console that cannot open after a takeover gives the lease back at once", async () => {
  const { data } = await peerCohort();
  const create = vi.spyOn(CohortRoom.prototype, "onCreate").mockImplementationOnce(() => {
    throw new Error("no console today");
  });
  try {
    const failed = await join(data.code, "Ann");
    expect(failed.status).toBe(500);
    const after = await row(data.id);
    expect(after.owner).toBeNull();
    expect(after.data.seating.people).toEqual({});
    expect(storage.ownedCohorts()).not.toContain(data.id);
  } finally {
    create.mockRestore();
  }
  const joined = await join(data.code, "Ann");
  expect(joined.status, JSON.stringify(joined.body)).toBe(200);
  expect((await row(data.id)).owner).toBe(storage.owner);
});

it("a trainer's change saved again once storage is back, after the console closed, leaves the lease free", async () => {
  const { data, trainerToken, auth } = await peerCohort();
  expect((await getJson(`${h.http}/api/cohorts/${data.id}`, { headers: auth })).status).toBe(200);
  const trainer: Room = await new Client(h.url).joinById(data.id, { trainerToken });
  const save = vi
    .spyOn(storage, "saveCohort")
    .mockRejectedValue(new StorageUnavailableError("PostgreSQL unavailable: test"));
  try {
    trainer.send("start", {});
    await waitFor(() => save.mock.calls.length > 0, "the save was tried", 5_000);
    // The trainer leaves: the console closes and gives the lease up while the change waits.
    await trainer.leave();
    await waitFor(() => !storage.ownedCohorts().includes(data.id), "the lease given up", 5_000);
  } finally {
    save.mockRestore();
  }
  // Storage is back: the retry records the change, and gives back the lease its save took.
  await waitFor(async () => (await row(data.id)).data.phase === "play", "the change recorded", 15_000);
  await waitFor(async () => (await row(data.id)).owner === null, "the lease free again", 5_000);
  expect(storage.ownedCohorts()).not.toContain(data.id);
});
