// A cohort whose process goes before any of its teams has started: two server processes share a
// private PostgreSQL and Redis; a trainer's cohort (console and two team rounds still in their lobby,
// nobody seated) is created on one. While that process is frozen (alive, its lease held) a participant's
// join through the other is refused with 503 "try again in a moment" and nothing is recorded. Then the
// frozen process is killed (`kill -9`); once its lease has run out the other takes the cohort over, and
// the participant's join through it (retried while it answers 503) is recorded: in the cohort's document,
// on the trainer's console and in the export, and the participant sits in the seat given. Figures go to
// stdout ("cohort handover:").

import pg from "pg";
import { afterAll, expect, it } from "vitest";
import type { ConsoleSnapshot, ParticipantAssigned } from "../../shared/protocol/cohort.ts";
import { Player, sleep } from "../server/harness.ts";
import { createCohort, joinCohort } from "../support/cohorts.ts";
import { getJson, startPeer, startPostgres, startRedis, stopAll } from "../support/processes.ts";
import { asHarness } from "./rounds.ts";

// Longer than the remote call to the frozen owner (3 s), so its lease is still held when it times out.
const LEASE_SECONDS = 8;

afterAll(async () => {
  await stopAll();
});

const pidOf = (owner: string | null) => owner?.split("/")[1];

it("a cohort whose owner goes before any team starts: refused (503) while the owner holds it, then taken over and the join recorded", async () => {
  const [db, redis] = await Promise.all([startPostgres(), startRedis()]);
  const env = { PF_LEASE_SECONDS: String(LEASE_SECONDS) };
  const [owner, other] = await Promise.all([startPeer(db, redis, env), startPeer(db, redis, env)]);
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  const cohortRow = async (id: string) =>
    (await sql.query("SELECT owner, data FROM cohorts WHERE id = $1", [id])).rows[0] as {
      owner: string | null;
      data: {
        seating: { people: Record<string, { name: string; team: number | null; role: string | null }> };
      };
    };
  try {
    const cohort = await createCohort(owner.http, { weeks: 20 });
    expect(pidOf((await cohortRow(cohort.id)).owner)).toBe(String(owner.proc.pid));
    const teams = await sql.query("SELECT status FROM rounds WHERE cohort = $1", [cohort.id]);
    expect(teams.rows).toEqual([{ status: "lobby" }, { status: "lobby" }]);

    // The owner freezes: alive, holding the cohort's lease, answering nobody.
    owner.proc.kill("SIGSTOP");
    const refused = await joinCohort(other.http, cohort, { name: "Ann" });
    expect(refused.status, JSON.stringify(refused.body)).toBe(503);
    expect(refused.body).toEqual({ error: "this cohort is moving to another server; try again in a moment" });
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    const held = await cohortRow(cohort.id);
    expect(pidOf(held.owner)).toBe(String(owner.proc.pid));
    expect(held.data.seating.people).toEqual({});

    const t0 = Date.now();
    owner.proc.kill("SIGKILL");
    await owner.exited;
    // The participant tries again, as told, until a seat is given; every other answer is a 503.
    const answers: number[] = [];
    let seat: ParticipantAssigned | undefined;
    while (!seat) {
      expect(Date.now() - t0, `answers so far: ${answers.join(", ")}`).toBeLessThan(LEASE_SECONDS * 4000);
      const r = await joinCohort(other.http, cohort, { name: "Ann" });
      answers.push(r.status);
      expect([200, 503], JSON.stringify(r.body)).toContain(r.status);
      if (r.status === 200) seat = r.body as ParticipantAssigned;
      else await sleep(250);
    }
    const joinedMs = Date.now() - t0;

    // Recorded: the cohort's document on the process that took it over, with its team rounds.
    const after = await cohortRow(cohort.id);
    expect(pidOf(after.owner)).toBe(String(other.proc.pid));
    expect(Object.values(after.data.seating.people)).toEqual([
      expect.objectContaining({ name: "Ann", role: seat.role }),
    ]);
    const rounds = await sql.query("SELECT code, owner FROM rounds WHERE cohort = $1", [cohort.id]);
    for (const r of rounds.rows) expect(r.owner).toBe(after.owner);
    expect(rounds.rows.map((r) => r.code)).toContain(seat.team);

    // On the trainer's console and in the export.
    const auth = { authorization: `Bearer ${cohort.trainerToken}` };
    const shown = await getJson(`${other.http}/api/cohorts/${cohort.id}`, { headers: auth });
    expect(shown.status).toBe(200);
    const snapshot = shown.body as ConsoleSnapshot;
    expect(snapshot.participants).toBe(1);
    const team = snapshot.teams.find((t) => t.code === seat.team);
    expect(team?.seats.find((s) => s.role === seat.role)?.name).toBe("Ann");
    const exported = await getJson(`${other.http}/api/cohorts/${cohort.id}/export.json`, { headers: auth });
    expect(exported.status).toBe(200);
    expect(exported.body.cohort.participants).toEqual([
      { name: "Ann", department: null, team: seat.team, role: seat.role },
    ]);

    // And the seat is hers in the team round, run by the process that took the cohort over.
    const ann = await Player.join(asHarness(other), seat.team, {
      name: "Ann",
      role: seat.role,
      cohortTicket: seat.participantToken,
    });
    expect(ann.w).toMatchObject({ role: seat.role });
    await ann.leave();
    console.log(
      `cohort handover: owner killed before any team started (lease ${LEASE_SECONDS} s); the join was ` +
        `refused with 503 while the frozen owner held the cohort, then recorded ${joinedMs} ms after ` +
        `kill -9 (answers: ${answers.join(", ")})`,
    );
  } finally {
    await sql.end();
  }
});
