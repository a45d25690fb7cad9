// A trainer's cohort created and joined over HTTP, as the create page and a participant's phone do:
// shared by the in-process server tests and the fault tests that run real server processes.

import { expect } from "vitest";
import type { CohortCreated, ParticipantAssigned } from "../../shared/protocol/cohort.ts";
import { postJson } from "./processes.ts";

/**
 * Creates a cohort on the server at `http` and expects it created. By default a Beer Game of two teams
 * and six weeks without warm-up, so the first decision already counts; `body` overrides any of it.
 */
export async function createCohort(http: string, body: Record<string, unknown> = {}): Promise<CohortCreated> {
  const r = await postJson(`${http}/api/cohorts`, {
    scenario: "beer-game",
    options: { warmupWeeks: 0 },
    weeks: 6,
    teams: 2,
    ...body,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as CohortCreated;
}

/** A participant's join by the cohort's code, answered as the server answers it (a seat, 503, 403…). */
export function joinCohort(
  http: string,
  cohort: Pick<CohortCreated, "code">,
  body: { name: string; department?: string; participantToken?: string },
) {
  return postJson(`${http}/api/cohorts/code/${cohort.code}/participants`, body);
}

/** A participant's join that must be given a seat. */
export async function seatInCohort(
  http: string,
  cohort: Pick<CohortCreated, "code">,
  body: { name: string; department?: string; participantToken?: string },
): Promise<ParticipantAssigned> {
  const r = await joinCohort(http, cohort, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as ParticipantAssigned;
}
