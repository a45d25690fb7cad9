// The `recorded` policy: a seat that plays back what was decided for it in another run of the same
// round, week by week. A branch uses it for "what if only I had acted differently": every other
// desk repeats itself while one player tries something else. It knows no scenario; it counts the
// weeks it is asked about (a re-sent observation of the same week gets the same answer).

import type { Decision, Observation, Policy } from "../engine/types.ts";
import { weekly } from "./weekly.ts";

export const RECORDED_POLICY = "recorded";

/**
 * `decisions[t − 1]` is the decision recorded for week t; the policy's n-th week (from 0, the state
 * before week 1) answers `decisions[n]`. Past the recording it answers `fallback`.
 */
export function recordedPolicy<B extends Observation = Observation>(
  decisions: readonly (Decision | undefined)[],
  fallback: Decision,
): Policy<B> {
  return weekly<number, B>(-1, (_obs, seen) => [decisions[seen + 1] ?? fallback, seen + 1]);
}
