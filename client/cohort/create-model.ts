// The "run a class or workshop" form, as data: what the fields hold → the POST /api/cohorts body, or
// the first field that is wrong. No DOM, so Node tests check every rule.

import { MAX_TEAMS, MAX_TITLE } from "../../shared/cohort/settings.ts";
import type { CreateCohort as CreateCohortRequest } from "../../shared/protocol/cohort.ts";
import { MAX_SECONDS_PER_WEEK, MIN_SECONDS_PER_WEEK, type PaceMode } from "../../shared/protocol/room.ts";
import { scenarios } from "../../shared/scenarios/index.ts";

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

/** The limits the server checks (the cohort settings and the scenario's own option bounds). */
export const LIMITS = { teams: [1, MAX_TEAMS], title: MAX_TITLE } as const;

/** The weeks a scenario accepts: the bounds its parseOptions holds the horizon to. */
export function weeksBounds(scenario: string): { min: number; max: number } {
  return scenarios[scenario]?.optionBounds?.["weeks"] ?? { min: 1, max: 520 };
}

/** A field's bounds, for the sentence that says a value is out of range. */
export function fieldBounds(
  v: Pick<CohortFormValues, "scenario">,
  field: keyof CohortFormValues,
): { min: number; max: number } | null {
  if (field === "weeks") return weeksBounds(v.scenario);
  if (field === "secondsPerWeek") return { min: MIN_SECONDS_PER_WEEK, max: MAX_SECONDS_PER_WEEK };
  if (field === "teamCount") return { min: LIMITS.teams[0], max: LIMITS.teams[1] };
  if (field === "title") return { min: 0, max: LIMITS.title };
  return null;
}

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
  const wb = weeksBounds(v.scenario);
  if (weeks < wb.min || weeks > wb.max) return { ok: false, field: "weeks", error: "range" };
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
