// A storage outage played through: the course every storage fault test shares, so that each test says
// only how its storage breaks and comes back. A team plays in continuous pace; the storage breaks; the
// round must hold itself ("recording" on the host's desk, no week shown that is not recorded); the
// storage comes back; the round must resume by itself, keep every acknowledged decision and write no
// hole into its log (`checkRoundLog`).

import { expect } from "vitest";
import type { ServerProcess } from "../support/processes.ts";
import { checkRoundLog, playTeam } from "../support/team-play.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Outage {
  /** Takes the storage away (stops the database, fills the disk…). */
  fail: () => void;
  /** Gives it back. */
  recover: () => void;
  /** How long the round may take to notice and hold. */
  holdWithinMs: number;
  /** What else must be true while the round holds. */
  whileHeld?: () => void;
}

export interface OutageFigures {
  /** From the failure to the hold on the host's desk. */
  heldMs: number;
  /** From the recovery to play moving again. */
  resumedMs: number;
  weeks: number;
  acked: number;
  decisionEvents: number;
  refusals: Record<string, number>;
}

/** Plays a round on `server` through `outage` and checks it; the team has left when this resolves. */
export async function playThroughOutage(server: ServerProcess, outage: Outage): Promise<OutageFigures> {
  const team = await playTeam(server, { weeks: 400, secondsPerWeek: 0.1 });
  await team.until((s) => s.week >= 10, 20_000);

  outage.fail();
  const failedAt = Date.now();
  await team
    .until((s) => s.hold === "recording", outage.holdWithinMs)
    .catch((e) => {
      throw new Error(`${e.message}; server:\n${server.output().slice(-3000)}`);
    });
  const heldAt = Date.now();
  const weekHeld = team.week();
  // Ten weeks' time at 0.1 s a week: the week shown does not move while nothing can be recorded.
  await sleep(1000);
  expect(team.hold()).toBe("recording");
  expect(team.week()).toBe(weekHeld);
  outage.whileHeld?.();

  outage.recover();
  const recoveredAt = Date.now();
  await team.until((s) => s.hold === "" && s.week >= weekHeld + 5, 30_000);
  const resumedAt = Date.now();

  const roundId = await team.end();
  const figures = await checkRoundLog(server.http, roundId, team.hostToken, team);
  expect(figures.acked).toBeGreaterThan(0);
  const refusals = team.refusals();
  await team.leave();
  return { heldMs: heldAt - failedAt, resumedMs: resumedAt - recoveredAt, ...figures, refusals };
}
