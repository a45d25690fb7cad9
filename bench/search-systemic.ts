// `npm run search -- --only=systemic`: tunes the systemic bots the way the blind plans are tuned, so
// the comparison is fair. A coordinate search over the policy's parameters (a closed-loop rule's
// settings, not a plan): each parameter in turn on a grid around its value, keeping every move that
// raises the mean team profit on the seeds, until a pass finds nothing. The result is scored again on
// seeds it never saw.

import { systemic } from "../shared/scenarios/product-launch/policies/systemic.ts";
import { roleIds } from "../shared/scenarios/product-launch/roles.ts";
import { meanProfit, type SeedOptions, type Team } from "./search.ts";

type Params = Record<string, number>;

/** The systemic team with these parameters at every desk. */
export function systemicTeam(params: Params): Team {
  const text = `systemic:${Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(",")}`;
  return { name: text, policy: Object.fromEntries(roleIds.map((r) => [r, text])) };
}

/** Mean team profit over the seeds, averaged over the sets of options. */
export function meanOverSets(team: Team, seeds: readonly number[], sets: readonly SeedOptions[]): number {
  return sets.reduce<number>((a, o) => a + meanProfit(team, seeds, o).mean, 0) / sets.length;
}

/** Steps of 1.5, 4, 10 and 25 % of each parameter's range, either way. */
const STEPS = [-0.25, -0.1, -0.04, -0.015, 0.015, 0.04, 0.1, 0.25];

/** Tunes on the mean over the seeds, averaged over every set of options given (e.g. with and without a second shock). */
export function tuneSystemic(
  seeds: readonly number[],
  passes: number,
  options: readonly SeedOptions[] = [{}],
): { start: number; mean: number; params: Params; evaluations: number } {
  const score = (p: Params) => meanOverSets(systemicTeam(p), seeds, options);
  let cur: Params = Object.fromEntries(Object.entries(systemic.params).map(([k, s]) => [k, s.default]));
  let best = score(cur);
  const start = best;
  let evaluations = 1;
  for (let pass = 0; pass < passes; pass++) {
    let moved = false;
    for (const [k, spec] of Object.entries(systemic.params)) {
      for (const f of STEPS) {
        const v =
          Math.round(Math.min(spec.max, Math.max(spec.min, cur[k]! + f * (spec.max - spec.min))) * 10) / 10;
        if (v === cur[k]) continue;
        const next = { ...cur, [k]: v };
        const m = score(next);
        evaluations++;
        if (m > best + 100) {
          process.stderr.write(`  systemic: ${Math.round(m)} with ${k} ${cur[k]} → ${v}\n`);
          best = m;
          cur = next;
          moved = true;
        }
      }
    }
    if (!moved) break;
  }
  return { start, mean: best, params: cur, evaluations };
}
