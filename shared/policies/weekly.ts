// The memory every bot keeps across weeks, advanced once per week: asked twice about the same week
// (a re-sent observation), a policy answers from the memory it had before that week, so its answer
// does not drift.

import type { Decision, Observation, Policy } from "../engine/types.ts";

export function weekly<M, B extends Observation>(
  initial: M,
  decide: (obs: B, memory: M) => [Decision, M],
): Policy<B> {
  let before = initial;
  let after = initial;
  let week = Number.NaN;
  return {
    decide(obs) {
      if (obs["week"] !== week) {
        before = after;
        week = obs["week"] as number;
      }
      const [d, m] = decide(obs, before);
      after = m;
      return d;
    },
  };
}
