// The "run a class or workshop" form, as data: what the fields hold → the POST /api/cohorts body, or
// the first field that is wrong. No DOM, so Node tests check every rule.

import type { CreateCohort as CreateCohortRequest } from "../../shared/protocol/cohort.ts";
import { MAX_SECONDS_PER_WEEK, MIN_SECONDS_PER_WEEK, type PaceMode } from "../../shared/protocol/room.ts";

type SeedsSetting = NonNullable<CreateCohortRequest["seeds"]>;

export interface CohortFormValues {
  title: string;
  scenario: string;
  weeks: string;
  paceMode: PaceMode;
  secondsPerWeek: string;
  teamsMode: "auto" | "fixed";
  teamCount: string;
  /** Role id → bot policy name ("" = the scenario's default bot). */
  bots: Record<string, string>;
  seeds: SeedsSetting;
  lateJoin: boolean;
  avoidOwnDepartment: boolean;
}

export type FormResult =
  | { ok: true; request: CreateCohortRequest }
  | { ok: false; field: keyof CohortFormValues; error: "required" | "range" | "number" };

export const LIMITS = { weeks: [4, 200], teams: [1, 200], title: 80 } as const;

function whole(text: string): number | null {
  const n = Number(text.trim());
  return text.trim() !== "" && Number.isInteger(n) ? n : null;
}

export function cohortRequest(v: CohortFormValues): FormResult {
  const title = v.title.trim();
  if (title.length > LIMITS.title) return { ok: false, field: "title", error: "range" };
  if (!v.scenario) return { ok: false, field: "scenario", error: "required" };
  const weeks = whole(v.weeks);
  if (weeks === null) return { ok: false, field: "weeks", error: "number" };
  if (weeks < LIMITS.weeks[0] || weeks > LIMITS.weeks[1])
    return { ok: false, field: "weeks", error: "range" };
  const seconds = Number(v.secondsPerWeek);
  if (v.paceMode !== "lockstep") {
    if (v.secondsPerWeek.trim() === "" || !Number.isFinite(seconds))
      return { ok: false, field: "secondsPerWeek", error: "number" };
    if (seconds < MIN_SECONDS_PER_WEEK || seconds > MAX_SECONDS_PER_WEEK)
      return { ok: false, field: "secondsPerWeek", error: "range" };
  }
  let teams: number | "auto" = "auto";
  if (v.teamsMode === "fixed") {
    const n = whole(v.teamCount);
    if (n === null) return { ok: false, field: "teamCount", error: "number" };
    if (n < LIMITS.teams[0] || n > LIMITS.teams[1]) return { ok: false, field: "teamCount", error: "range" };
    teams = n;
  }
  const bots: Record<string, { policy: string }> = {};
  for (const [role, policy] of Object.entries(v.bots)) if (policy) bots[role] = { policy };
  return {
    ok: true,
    request: {
      scenario: v.scenario,
      ...(title ? { title } : {}),
      weeks,
      pace: {
        mode: v.paceMode,
        secondsPerWeek: v.paceMode === "lockstep" || !Number.isFinite(seconds) ? 60 : seconds,
      },
      teams,
      bots,
      seeds: v.seeds,
      lateJoin: v.lateJoin,
      avoidOwnDepartment: v.avoidOwnDepartment,
    },
  };
}
