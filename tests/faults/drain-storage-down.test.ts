// SIGTERM while PostgreSQL is down: the round's appends cannot finish, so the drain cannot either.
// The process must still exit within its drain limit, with the exit code that means "drained with
// held work" (3), after one log line naming the rounds whose events were never recorded. Nothing
// acknowledged is lost (nothing unrecorded was shown), and once PostgreSQL is back another process
// adopts the round after its lease runs out and the players sit again where the log left them.

import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { Player } from "../server/harness.ts";
import { startPostgres, startServerProcess, stopAll, waitFor } from "../support/processes.ts";
import { checkRoundLog, playTeam } from "../support/team-play.ts";
import { asHarness } from "./rounds.ts";

afterAll(stopAll);

const DRAIN_SECONDS = 3;
const LEASE_SECONDS = 3;

it("SIGTERM with storage down: exits within the drain limit with code 3 and names the held rounds; a peer adopts later", async () => {
  const db = await startPostgres();
  const env = {
    DATABASE_URL: db.url,
    PF_DRAIN_SECONDS: String(DRAIN_SECONDS),
    PF_LEASE_SECONDS: String(LEASE_SECONDS),
    PF_PG_TIMEOUT_MS: "1000",
  };
  const first = await startServerProcess(env);
  const team = await playTeam(first, { weeks: 400, secondsPerWeek: 0.1 });
  await team.until((s) => s.week >= 5, 20_000);
  for (const p of team.players) p.room.reconnection.enabled = false;

  db.stop("fast");
  // Play holds, and the week closed meanwhile waits in memory, unrecorded and unshown.
  await team.until((s) => s.hold === "recording", 15_000);
  const weekShown = team.maxWeekSeen();

  const t0 = Date.now();
  const code = await first.kill("SIGTERM");
  const exitedMs = Date.now() - t0;
  const out = first.output();
  expect(code, out.slice(-3000)).toBe(3);
  expect(exitedMs).toBeLessThan((DRAIN_SECONDS + 3) * 1000);
  const held = out.split("\n").filter((l) => l.includes("unrecorded held events"));
  expect(held).toHaveLength(1);
  expect(held[0]).toContain(team.code);
  // Told to join again (checkRoundLog below: nothing past the recorded weeks was ever shown).
  for (const p of team.players) expect(p.closed).toBe(4011);
  console.log(
    `drain with storage down: exited with code 3 after ${exitedMs} ms; ${JSON.parse(held[0]!).msg}`,
  );

  db.start();
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  const { rows } = await c.query<{ id: string }>("SELECT id FROM rounds WHERE code = $1", [team.code]);
  await c.end();
  const roundId = rows[0]!.id;

  // The next process adopts the round once its lease has run out (it was not released: storage was down).
  const second = await startServerProcess(env);
  await waitFor(() => /restored round/.test(second.output()), "the round adopted", 30_000);
  const back = await Player.join(asHarness(second), team.code, {
    name: "Ann",
    seatToken: team.players[0]!.w.seatToken!,
  });
  expect(back.w).toMatchObject({ role: "retailer", resumed: true });
  // The restored round starts from its log, which holds every week anyone was shown.
  await back.until((s) => s.week >= weekShown, 10_000);
  const figures = await checkRoundLog(second.http, roundId, team.hostToken, team);
  expect(figures.acked).toBeGreaterThan(0);
  await back.leave();
  await second.kill("SIGTERM");
});
