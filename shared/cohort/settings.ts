// A trainer's cohort: one scenario played by many teams at once. The settings reuse the team room's
// create options (pace, bots, seed, grace) and the scenario's own option parser, so a cohort accepts
// exactly what a single round accepts, plus how its teams form.

import { z } from "zod";
import { createRng, seedRng } from "../engine/rng.ts";
import type { AnyScenario } from "../engine/types.ts";
import { parsePolicy, policies, withParams } from "../policies/index.ts";
import { type BotChoice, type CreateOptions, createOptionsSchema } from "../protocol/room.ts";
import { scenarios } from "../scenarios/index.ts";

export const SEED_MODES = ["same", "different"] as const;
export type SeedMode = (typeof SEED_MODES)[number];

/** Enough for 400 participants in teams of two; a guard against typos such as 4000. */
export const MAX_TEAMS = 200;
/** The longest cohort title. */
export const MAX_TITLE = 80;

const base = createOptionsSchema.shape;

export const cohortSettingsSchema = z.strictObject({
  scenario: base.scenario,
  title: z.string().trim().min(1).max(MAX_TITLE).optional(),
  options: base.options,
  pace: base.pace,
  bots: base.bots,
  /** Overrides the scenario's own `weeks` option, for scenarios that have one. */
  weeks: z.number().int().min(1).max(520).optional(),
  /** "auto": teams of the scenario's size open as people arrive; a number: that many teams, balanced. */
  teams: z.union([z.literal("auto"), z.number().int().min(1).max(MAX_TEAMS)]).default("auto"),
  /** "same": every team faces the same random stream, so teams are comparable. */
  seeds: z.enum(SEED_MODES).default("same"),
  /** The cohort seed; the server picks one when absent. */
  seed: base.seed,
  graceSeconds: base.graceSeconds,
  /** People arriving after their team started take a bot-played seat of a running team. */
  lateJoin: z.boolean().default(true),
  /** Give people a desk that is not their own department, and tell them why. */
  avoidOwnDepartment: z.boolean().default(true),
});
export type CohortSettingsInput = z.input<typeof cohortSettingsSchema>;

export interface CohortSettings extends Omit<z.output<typeof cohortSettingsSchema>, "title" | "options"> {
  title: string;
  /** The scenario's options, parsed and completed (with `weeks` applied). */
  options: unknown;
  /** Seats per team: the scenario's roles. */
  teamSize: number;
}

export type CohortSettingsResult =
  | { ok: true; settings: CohortSettings }
  | { ok: false; error: string; field: string };

function refuse(field: string, why: string): CohortSettingsResult {
  return { ok: false, field, error: `${field}: ${why}` };
}

/**
 * Scenario parsers throw one line that starts with the field, e.g. "demand: …" or
 * "product-launch option shocks.0.week: …"; the cohort reports it under `options.<field>`.
 */
function optionField(message: string): string {
  const m = /^(?:[\w-]+ option )?([\w.]+): /.exec(message);
  return m ? `options.${m[1]}` : "options";
}

function checkBot(scenario: AnyScenario, role: string, choice: BotChoice): CohortSettingsResult | null {
  if (!scenario.roles.some((r) => r.id === role)) {
    return refuse(`bots.${role}`, `no role "${role}"; roles: ${scenario.roles.map((r) => r.id).join(", ")}`);
  }
  if (!policies[scenario.id]) {
    return choice.policy === "default"
      ? null
      : refuse(`bots.${role}.policy`, `${scenario.id} has no bot policies; only "default"`);
  }
  try {
    const c = parsePolicy(scenario.id, choice.policy);
    if (choice.params) withParams(c.spec, { ...c.params, ...choice.params });
    return null;
  } catch (e) {
    return refuse(`bots.${role}.policy`, (e as Error).message);
  }
}

/** Validates and completes cohort settings; a refusal names the field in one line. */
export function parseCohortSettings(input: unknown): CohortSettingsResult {
  const parsed = cohortSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]!] : issue.path;
    return refuse(path.join(".") || "settings", issue.message);
  }
  const s = parsed.data;
  const scenario = scenarios[s.scenario];
  if (!scenario)
    return refuse("scenario", `unknown scenario; choose one of: ${Object.keys(scenarios).join(", ")}`);
  let rawOptions = s.options ?? {};
  if (s.weeks !== undefined) {
    if (!("weeks" in (scenario.defaultOptions as object))) {
      return refuse("weeks", `${scenario.id} has no weeks option`);
    }
    if (typeof rawOptions !== "object" || rawOptions === null) return refuse("options", "must be an object");
    rawOptions = { ...rawOptions, weeks: s.weeks };
  }
  let options: unknown;
  try {
    options = scenario.parseOptions(rawOptions);
  } catch (e) {
    const message = (e as Error).message;
    const field = optionField(message);
    // `weeks` given at the top level is reported there, where the trainer typed it.
    return {
      ok: false,
      field: field === "options.weeks" && s.weeks !== undefined ? "weeks" : field,
      error: message,
    };
  }
  for (const [role, choice] of Object.entries(s.bots)) {
    const bad = checkBot(scenario, role, choice);
    if (bad) return bad;
  }
  return {
    ok: true,
    settings: { ...s, title: s.title ?? scenario.title, options, teamSize: scenario.roles.length },
  };
}

/**
 * The seed of team `index` (0-based): the cohort seed for every team when seeds are "same", else the
 * (index + 1)-th draw of the engine's generator seeded with the cohort seed, so a cohort replays
 * with the same team seeds.
 */
export function teamSeed(mode: SeedMode, cohortSeed: number, index: number): number {
  if (!Number.isInteger(index) || index < 0)
    throw new Error(`team index must be a whole number ≥ 0, not ${index}`);
  if (mode === "same") return cohortSeed >>> 0;
  const rng = createRng(seedRng(cohortSeed));
  let x = 0;
  for (let i = 0; i <= index; i++) x = Math.floor(rng.next() * 0x100000000);
  return x;
}

/**
 * What the server passes to create team `index`'s room: the trainer takes no seat (spectate), and
 * the round is labelled with the cohort so `GET /api/rounds?cohort=` lists it.
 */
export function teamCreateOptions(
  settings: CohortSettings,
  cohortId: string,
  cohortSeed: number,
  index: number,
): CreateOptions {
  return {
    scenario: settings.scenario,
    options: settings.options,
    pace: settings.pace,
    seed: teamSeed(settings.seeds, cohortSeed, index),
    bots: settings.bots,
    graceSeconds: settings.graceSeconds,
    name: "Trainer",
    spectate: true,
    cohort: cohortId,
  };
}
