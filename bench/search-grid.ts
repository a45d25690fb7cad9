// The systematic half of `npm run search`: instead of random plans (mostly poor), start from plans
// a team could plausibly write down — every desk's defaults, and the `systemic` bots' own decisions
// averaged over the seeds — and move one decision of one phase at a time along a grid, keeping every
// move that raises the mean team profit. The phases follow what a team that played once remembers:
// before the standard boom window, during it, the long middle, and an end-game stretch before the
// week it was told (where stopping purchases or production would pay if the model let it).

import { Simulation } from "../shared/engine/simulation.ts";
import type { Decision, Decisions } from "../shared/engine/types.ts";
import { createBot, parsePolicy } from "../shared/policies/index.ts";
import { productLaunch } from "../shared/scenarios/product-launch/index.ts";
import { standardBoom } from "../shared/scenarios/product-launch/options.ts";
import { decisionSpecs, roleIds } from "../shared/scenarios/product-launch/roles.ts";
import type { ProductLaunchRole } from "../shared/scenarios/product-launch/types.ts";
import type { Piecewise } from "./search.ts";

type Phases = Piecewise["phases"];
type Plan = Record<ProductLaunchRole, Decision>;

/** Phase starts: week 1, the standard boom window, after it, and the end-game stretch. */
export function phaseStarts(told: number, endGame = 6): number[] {
  return [1, standardBoom.weeks[0], standardBoom.weeks[1] + 1, told - endGame + 1];
}

/** What `systemic` decided, week by week, on each seed (weeks past a seed's end are absent). */
function systemicLogs(seeds: readonly number[]): Decisions[][] {
  return seeds.map((seed) => {
    const sim = new Simulation(productLaunch, {}, seed);
    const bots = Object.fromEntries(
      roleIds.map((r) => [r, createBot(parsePolicy("product-launch", "systemic"), r)]),
    );
    sim.playOut(bots);
    return sim.decisionLog;
  });
}

/** The mean of every decision over the weeks [from, to] of every log, rounded where the decision is whole. */
function meanPlan(logs: readonly Decisions[][], from: number, to: number): Plan {
  const plan = {} as Record<ProductLaunchRole, Record<string, number>>;
  for (const role of roleIds) {
    plan[role] = {};
    for (const s of decisionSpecs[role]) {
      let sum = 0;
      let n = 0;
      for (const log of logs) {
        for (let w = from; w <= Math.min(to, log.length); w++) {
          sum += log[w - 1]![role]![s.id]!;
          n++;
        }
      }
      const mean = n > 0 ? sum / n : s.default;
      plan[role][s.id] = s.integer ? Math.round(mean) : Math.round(mean * 10) / 10;
    }
  }
  return plan;
}

/** systemic's decisions averaged over the seeds within each phase: its habits, with the data taken away. */
export function systemicPhaseAverages(seeds: readonly number[], starts: readonly number[]): Phases {
  const logs = systemicLogs(seeds);
  return starts.map((from, i) => ({ from, plan: meanPlan(logs, from, (starts[i + 1] ?? 1000) - 1) }));
}

/** systemic's average decision of every single week, played blind. */
export function systemicWeekly(seeds: readonly number[], weeks: number): Phases {
  const logs = systemicLogs(seeds);
  return Array.from({ length: weeks }, (_, i) => ({ from: i + 1, plan: meanPlan(logs, i + 1, i + 1) }));
}

/** Every desk's defaults in every phase (the starting point "never touch anything"). */
export function defaultPhases(starts: readonly number[]): Phases {
  const plan = Object.fromEntries(
    roleIds.map((r) => [r, Object.fromEntries(decisionSpecs[r].map((s) => [s.id, s.default]))]),
  ) as Plan;
  return starts.map((from) => ({ from, plan }));
}

/** The grid one coordinate is tried on: its bounds and steps of 10 % and 25 % of its range around it. */
function gridAround(cur: number, min: number, max: number, integer: boolean): number[] {
  const span = max - min;
  const raw = [min, max, cur - 0.25 * span, cur - 0.1 * span, cur + 0.1 * span, cur + 0.25 * span];
  const clampRound = (x: number) => {
    const y = Math.min(max, Math.max(min, x));
    return integer ? Math.round(y) : Math.round(y * 10) / 10;
  };
  return [...new Set(raw.map(clampRound))].filter((x) => x !== cur);
}

export interface Climb {
  start: string;
  startMean: number;
  mean: number;
  phases: Phases;
  evaluations: number;
}

/**
 * Coordinate ascent: for each phase, desk and decision in turn, try the grid around the current
 * value and keep the best if it raises the mean; repeat until a pass finds nothing or `passes` run
 * out. The end-game phase's first week is a coordinate too (an earlier or later stop).
 */
export function coordinateSearch(
  start: string,
  phases: Phases,
  score: (phases: Phases) => number,
  passes: number,
): Climb {
  let cur = phases.map((p) => ({ from: p.from, plan: structuredClone(p.plan) }));
  let best = score(cur);
  const startMean = best;
  let evaluations = 1;
  const tryThis = (next: Phases, move: string) => {
    evaluations++;
    const m = score(next);
    if (m > best + 1) {
      // Progress on stderr: a full climb takes minutes.
      process.stderr.write(`  ${start}: ${Math.round(m)} after ${evaluations} plans (${move})\n`);
      best = m;
      cur = next;
      return true;
    }
    return false;
  };
  for (let pass = 0; pass < passes; pass++) {
    let moved = false;
    for (let i = 0; i < cur.length; i++) {
      for (const role of roleIds) {
        for (const s of decisionSpecs[role]) {
          const value = (cur[i]!.plan[role] as Decision | undefined)?.[s.id] ?? s.default;
          for (const v of gridAround(value, s.min, s.max, s.integer)) {
            const next = cur.map((p, j) =>
              j === i ? { from: p.from, plan: { ...p.plan, [role]: { ...p.plan[role], [s.id]: v } } } : p,
            );
            moved = tryThis(next, `weeks ${cur[i]!.from}+: ${role}.${s.id} ${value} → ${v}`) || moved;
          }
        }
      }
    }
    const last = cur.length - 1;
    if (last > 0) {
      for (const shift of [-6, -3, -1, 1, 3]) {
        const from = cur[last]!.from + shift;
        if (from <= cur[last - 1]!.from) continue;
        moved =
          tryThis(
            cur.map((p, j) => (j === last ? { ...p, from } : p)),
            `end game from week ${from}`,
          ) || moved;
      }
    }
    if (!moved) break;
  }
  return { start, startMean, mean: best, phases: cur, evaluations };
}
