// A cohort changes process whole: two server processes share a private PostgreSQL and Redis; a
// trainer's cohort (console and two team rounds) runs on one, which is killed with `kill -9`. The
// other adopts the cohort with its team rounds once the cohort's lease runs out, opens its console,
// and the trainer's console joins again with its token (through the surviving process) and sees its
// teams as they were; the participant's acknowledged decision is kept, and the console still drives
// the teams (a broadcast reaches the participant, seated again on the adopter).

import { Client } from "@colyseus/sdk";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import type { CohortCreated, ParticipantAssigned } from "../../shared/protocol/cohort.ts";
import { Player, sleep } from "../server/harness.ts";
import {
  type ServerProcess,
  startPeer,
  startPostgres,
  startRedis,
  stopAll,
  waitFor,
} from "../support/processes.ts";
import { asHarness } from "./rounds.ts";

afterAll(stopAll);

const LEASE_SECONDS = 3;

async function post<T>(base: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(base + path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return (await res.json()) as T;
}

async function trainerAt(p: Pick<ServerProcess, "url">, c: CohortCreated): Promise<Player> {
  const room = await new Client(p.url).joinById(c.id, { trainerToken: c.trainerToken });
  room.reconnection.enabled = false;
  return new Player(room);
}

it("kill -9 of a cohort's process: the other adopts the cohort with its teams; the console joins again and sees them", async () => {
  const [db, redis] = await Promise.all([startPostgres(), startRedis()]);
  const a = await startPeer(db, redis, { PF_LEASE_SECONDS: String(LEASE_SECONDS) });
  const b = await startPeer(db, redis, { PF_LEASE_SECONDS: String(LEASE_SECONDS) });
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  try {
    const cohort = await post<CohortCreated>(a.http, "/api/cohorts", {
      scenario: "beer-game",
      options: { warmupWeeks: 0 },
      weeks: 20,
      teams: 2,
    });
    const ownerOfA = (await sql.query("SELECT owner FROM cohorts WHERE id = $1", [cohort.id])).rows[0].owner;
    expect(ownerOfA.split("/")[1]).toBe(String(a.proc.pid));
    // The cohort's team rounds run beside its console, in A.
    const teams = await sql.query<{ code: string; owner: string }>(
      "SELECT code, owner FROM rounds WHERE cohort = $1 ORDER BY code",
      [cohort.id],
    );
    expect(teams.rows).toHaveLength(2);
    for (const t of teams.rows) expect(t.owner).toBe(ownerOfA);

    const seat = await post<ParticipantAssigned>(a.http, `/api/cohorts/code/${cohort.code}/participants`, {
      name: "Ann",
    });
    let ann = await Player.join(asHarness(a), seat.team, {
      name: "Ann",
      role: seat.role,
      cohortTicket: seat.participantToken,
    });
    ann.room.reconnection.enabled = false;
    const seatToken = ann.w.seatToken!;
    const trainer = await trainerAt(a, cohort);
    await trainer.until((s) => s.teams?.size === 2, 10_000);
    trainer.send("start", {});
    await ann.until((s) => s.phase === "play", 10_000);
    ann.send("decide", { week: 1, decision: { order: 7 } });
    await ann.next("accepted", (m) => m.week === 1, 10_000);

    const t0 = Date.now();
    await a.kill("SIGKILL");

    // B adopts the cohort and both its team rounds, together.
    const ownerOfB = await waitFor(
      async () => {
        const k = (await sql.query("SELECT owner FROM cohorts WHERE id = $1", [cohort.id])).rows[0].owner;
        return k && k !== ownerOfA ? (k as string) : null;
      },
      "the cohort adopted",
      LEASE_SECONDS * 4000 + 10_000,
      50,
    );
    const cohortMs = Date.now() - t0;
    expect(ownerOfB.split("/")[1]).toBe(String(b.proc.pid));
    const after = await sql.query<{ owner: string }>("SELECT owner FROM rounds WHERE cohort = $1", [
      cohort.id,
    ]);
    for (const t of after.rows) expect(t.owner).toBe(ownerOfB);

    // The trainer's console joins again with its token and sees its teams.
    let console2: Player | undefined;
    for (;;) {
      console2 = await trainerAt(b, cohort).catch(() => undefined);
      if (console2) break;
      expect(Date.now() - t0).toBeLessThan(60_000);
      await sleep(200);
    }
    const consoleMs = Date.now() - t0;
    await console2.until(
      (s) => s.teams?.size === 2 && [...s.teams.values()].every((t: { phase: string }) => t.phase === "play"),
      10_000,
    );
    const shown = [...console2.state.teams.values()] as {
      code: string;
      seats: Map<string, { name: string }>;
    }[];
    expect(shown.map((t) => t.code).sort()).toEqual(teams.rows.map((t) => t.code));
    const annsTeam = shown.find((t) => t.code === seat.team)!;
    expect(annsTeam.seats.get(seat.role)?.name).toBe("Ann");

    // Ann sits again on B; her acknowledged decision is in the log; the console drives her team.
    ann = await Player.join(asHarness(b), seat.team, { name: "Ann", seatToken });
    expect(ann.w).toMatchObject({ role: seat.role, resumed: true });
    const decided = await sql.query(
      `SELECT e.data FROM events e JOIN rounds r ON r.id = e.round_id
       WHERE r.code = $1 AND e.type = 'decision'`,
      [seat.team],
    );
    expect(decided.rows.map((r) => r.data)).toContainEqual(
      expect.objectContaining({ role: seat.role, week: 1, decision: { order: 7 } }),
    );
    console2.send("broadcast", { text: "back on B" });
    await waitFor(
      () => ann.log.some((m) => m.type === "notice" && JSON.stringify(m.payload).includes("back on B")),
      "the broadcast reaches the team on B",
      10_000,
    );
    console.log(
      `cohort adoption: cohort and its ${after.rows.length} team rounds adopted ${cohortMs} ms after kill -9 ` +
        `(lease ${LEASE_SECONDS} s); the trainer's console joined again after ${consoleMs} ms`,
    );
    await Promise.all([ann.leave(), console2.leave(), trainer.leave()]);
  } finally {
    await sql.end();
  }
});
