import type { AnyScenario } from "../engine/types.ts";
import { type DebriefProfile, profileFor } from "./profile.ts";

/**
 * The series one role sketches before the reveal: one it could not see during play, so the sketch
 * shows what the player believed about the rest of the system rather than what they watched.
 */
export interface BeliefTarget {
  /** Series id. */
  id: string;
  /** For a per-role series, whose values (Beer Game retailer: the factory's orders). */
  of?: string;
  label: string;
  unit: string;
  /** Top of the empty sketch chart, fixed in advance so the scale gives nothing away. */
  sketchMax?: number;
}

/** What a profile says a role sketches: a series id, whose, and optionally a label and scale. */
export interface BeliefChoice {
  series: string;
  of?: string;
  label?: string;
  sketchMax?: number;
}

/** Every role's sketch target; roles the profile names nothing for sketch the scenario's belief series. */
export function beliefTargets(scenario: AnyScenario, profile: DebriefProfile = profileFor(scenario)) {
  const fallback: BeliefTarget = { ...scenario.beliefSeries };
  if (profile.sketchMax !== undefined) fallback.sketchMax = profile.sketchMax;
  const out: Record<string, BeliefTarget> = {};
  for (const role of scenario.roles) {
    const choice = profile.beliefByRole?.[role.id];
    const spec = choice && scenario.series.find((s) => s.id === choice.series);
    if (!choice || !spec) {
      out[role.id] = { ...fallback };
      continue;
    }
    const t: BeliefTarget = { id: spec.id, label: choice.label ?? spec.label, unit: spec.unit };
    if (spec.perRole && choice.of) t.of = choice.of;
    const max = choice.sketchMax ?? profile.sketchMax;
    if (max !== undefined) t.sketchMax = max;
    out[role.id] = t;
  }
  return out;
}
