// A cohort changes process whole: two server processes share a private PostgreSQL and Redis behind
// nginx's one address; a trainer's cohort (console and two team rounds) runs on one, which is killed
// with `kill -9`. The other adopts the cohort with its team rounds once the cohort's lease runs out
// and opens its console. The trainer's console joins again with its token (an SDK client, and a
// Chromium page by itself) and sees its teams as they were; the participant's acknowledged decision
// is kept, and the console still drives the teams (a broadcast reaches the participant, seated again
// on the adopter). Figures go to stdout ("cohort adoption:").

import { Client } from "@colyseus/sdk";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import type { CohortCreated, ParticipantAssigned } from "../../shared/protocol/cohort.ts";
import { type Player as BrowserPlayer, openPlayer } from "../e2e/play-harness.ts";
import { Player, sleep } from "../server/harness.ts";
import { buildClient } from "../support/client-build.ts";
import {
  ensureNginx,
  freePort,
  type PrivateNginx,
  startNginx,
  startPeer,
  startPostgres,
  startRedis,
  stopAll,
  waitFor,
} from "../support/processes.ts";
import { asHarness } from "./rounds.ts";

const LEASE_SECONDS = 3;
let page: BrowserPlayer | undefined;

afterAll(async () => {
  await page?.close().catch(() => {});
  await stopAll();
});

async function post<T>(base: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(base + path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return (await res.json()) as T;
}

async function trainerAt(pub: PrivateNginx, c: CohortCreated): Promise<Player> {
  const room = await new Client(pub.url).joinById(c.id, { trainerToken: c.trainerToken });
  room.reconnection.enabled = false;
  return new Player(room);
}

const pidOf = (owner: string) => owner.split("/")[1];

it("kill -9 of a cohort's process: the other adopts the cohort with its teams; the console joins again and sees them", async () => {
  const nginxBin = ensureNginx();
  if (!("bin" in nginxBin)) throw new Error(`nginx is needed for this test: ${nginxBin.missing}`);
  const staticDir = buildClient();
  const [db, redis] = await Promise.all([startPostgres(), startRedis()]);
  const names = ["p1", "p2"];
  const ports = await Promise.all(names.map(() => freePort()));
  const pub = await startNginx(
    nginxBin.bin,
    names.map((prefix, i) => ({ prefix, port: ports[i]! })),
  );
  const procs = await Promise.all(
    names.map((name, i) =>
      startPeer(db, redis, {
        PORT: String(ports[i]),
        PF_PUBLIC_ADDRESS: `${pub.address}/${name}`,
        PF_LEASE_SECONDS: String(LEASE_SECONDS),
        PF_STATIC_DIR: staticDir,
      }),
    ),
  );
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  try {
    const cohort = await post<CohortCreated>(pub.http, "/api/cohorts", {
      scenario: "beer-game",
      options: { warmupWeeks: 0 },
      weeks: 20,
      teams: 2,
    });
    const firstOwner = (await sql.query("SELECT owner FROM cohorts WHERE id = $1", [cohort.id])).rows[0]
      .owner;
    const victim = procs.findIndex((p) => String(p.proc.pid) === pidOf(firstOwner));
    expect(victim).toBeGreaterThanOrEqual(0);
    const survivor = procs[1 - victim]!;
    // The cohort's team rounds run beside its console.
    const teams = await sql.query<{ code: string; owner: string }>(
      "SELECT code, owner FROM rounds WHERE cohort = $1 ORDER BY code",
      [cohort.id],
    );
    expect(teams.rows).toHaveLength(2);
    for (const t of teams.rows) expect(t.owner).toBe(firstOwner);

    const seat = await post<ParticipantAssigned>(pub.http, `/api/cohorts/code/${cohort.code}/participants`, {
      name: "Ann",
    });
    let ann = await Player.join(asHarness(pub), seat.team, {
      name: "Ann",
      role: seat.role,
      cohortTicket: seat.participantToken,
    });
    ann.room.reconnection.enabled = false;
    const seatToken = ann.w.seatToken!;
    const trainer = await trainerAt(pub, cohort);
    await trainer.until((s) => s.teams?.size === 2, 10_000);

    // The trainer's console in Chromium, opened with the console link that carries the key.
    page = await openPlayer("trainer");
    const sockets: string[] = [];
    page.page.on("websocket", (ws) => sockets.push(ws.url()));
    await page.page.goto(
      `${pub.http}/?console=${cohort.id}&test=1#token=${encodeURIComponent(cohort.trainerToken)}`,
    );
    const grid = page.page.locator(".console-grid");
    await grid.getByRole("heading", { name: /^Team 2/ }).waitFor({ timeout: 30_000 });
    await grid.getByText("Ann", { exact: true }).first().waitFor({ timeout: 15_000 });

    trainer.send("start", {});
    await ann.until((s) => s.phase === "play", 10_000);
    ann.send("decide", { week: 1, decision: { order: 7 } });
    await ann.next("accepted", (m) => m.week === 1, 10_000);
    // The start is recorded for the cohort and each of its teams before the kill. Each round commits
    // on its own, so Ann's acknowledged decision says nothing of the other team's start or of the
    // cohort's own row, and a kill a few milliseconds earlier rightly leaves them in their lobby.
    await waitFor(
      async () => {
        const c = await sql.query("SELECT data->>'phase' AS phase FROM cohorts WHERE id = $1", [cohort.id]);
        const r = await sql.query("SELECT status FROM rounds WHERE cohort = $1", [cohort.id]);
        return c.rows[0]?.phase === "play" && r.rows.length === 2 && r.rows.every((x) => x.status === "play");
      },
      "the start recorded for the cohort and both teams",
      10_000,
      20,
    );

    const socketsBefore = sockets.length;
    const t0 = Date.now();
    await procs[victim]!.kill("SIGKILL");

    // The survivor adopts the cohort and both its team rounds, together.
    const newOwner = await waitFor(
      async () => {
        const k = (await sql.query("SELECT owner FROM cohorts WHERE id = $1", [cohort.id])).rows[0].owner;
        return k && k !== firstOwner ? (k as string) : null;
      },
      "the cohort adopted",
      LEASE_SECONDS * 4000 + 10_000,
      50,
    );
    const cohortMs = Date.now() - t0;
    expect(pidOf(newOwner)).toBe(String(survivor.proc.pid));
    const after = await sql.query<{ owner: string }>("SELECT owner FROM rounds WHERE cohort = $1", [
      cohort.id,
    ]);
    for (const t of after.rows) expect(t.owner).toBe(newOwner);

    // The trainer's console joins again with its token and sees its teams.
    let console2: Player | undefined;
    for (;;) {
      console2 = await trainerAt(pub, cohort).catch(() => undefined);
      if (console2) break;
      expect(Date.now() - t0).toBeLessThan(60_000);
      await sleep(200);
    }
    const consoleMs = Date.now() - t0;
    await console2
      .until(
        (s) =>
          s.teams?.size === 2 && [...s.teams.values()].every((t: { phase: string }) => t.phase === "play"),
        15_000,
      )
      .catch((e: Error) => {
        throw new Error(
          `${e.message}: the console shows ${JSON.stringify(console2!.state?.toJSON?.())}; ` +
            `the adopter's log:\n${survivor.output().slice(-4000)}`,
        );
      });
    const shown = [...console2.state.teams.values()] as {
      code: string;
      seats: Map<string, { name: string }>;
    }[];
    expect(shown.map((t) => t.code).sort()).toEqual(teams.rows.map((t) => t.code));
    const annsTeam = shown.find((t) => t.code === seat.team)!;
    expect(annsTeam.seats.get(seat.role)?.name).toBe("Ann");

    // The page's console joins again by itself, on the adopter, and shows both teams playing.
    const adopter = names[1 - victim]!;
    await waitFor(
      () => sockets.slice(socketsBefore).some((u) => u.includes(`/${adopter}/`)),
      "the console page's socket to the adopter",
      60_000,
    );
    await grid.getByText("Ann", { exact: true }).first().waitFor({ timeout: 15_000 });
    await expect
      .poll(() => grid.locator(".team-meta", { hasText: "Playing" }).count(), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(2);
    const pageMs = Date.now() - t0;

    // Ann sits again; her acknowledged decision is in the log; the console drives her team.
    ann = await Player.join(asHarness(pub), seat.team, { name: "Ann", seatToken });
    expect(ann.w).toMatchObject({ role: seat.role, resumed: true });
    const decided = await sql.query(
      `SELECT e.data FROM events e JOIN rounds r ON r.id = e.round_id
       WHERE r.code = $1 AND e.type = 'decision'`,
      [seat.team],
    );
    expect(decided.rows.map((r) => r.data)).toContainEqual(
      expect.objectContaining({ role: seat.role, week: 1, decision: { order: 7 } }),
    );
    await page.page.locator("#console-message").fill("back on the adopter");
    await page.page.getByRole("button", { name: "Broadcast", exact: true }).click();
    await waitFor(
      () =>
        ann.log.some((m) => m.type === "notice" && JSON.stringify(m.payload).includes("back on the adopter")),
      "the page's broadcast reaches the team",
      10_000,
    );
    expect(page.errors).toEqual([]);
    console.log(
      `cohort adoption: cohort and its ${after.rows.length} team rounds adopted ${cohortMs} ms after kill -9 ` +
        `(lease ${LEASE_SECONDS} s); the trainer's console joined again after ${consoleMs} ms (SDK), ` +
        `${pageMs} ms (Chromium, by itself)`,
    );
    await Promise.all([ann.leave(), console2.leave(), trainer.leave()]);
  } finally {
    await sql.end();
  }
});
