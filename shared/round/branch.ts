// Branch from here: a new round with its parent's scenario, options, seed and shocks whose weeks
// 1…W are the parent's, and from week W+1 each seat played by a person, by the parent's recorded
// decisions, or by a bot policy. Pure: the server and the command line both start branches here.

import { Simulation } from "../engine/simulation.ts";
import type { AnyScenario, RoleId } from "../engine/types.ts";
import { parsePolicy } from "../policies/index.ts";
import { RECORDED_POLICY } from "../policies/recorded.ts";
import type { RoundRecord } from "../protocol/messages.ts";
import type { BotChoice } from "../protocol/room.ts";
import { getScenario } from "../scenarios/index.ts";
import type { BranchOrigin, CreatedData } from "./round.ts";

/** A seat of the branch: `me` (a person takes it), `recorded`, or a policy `NAME[:key=value,…]`. */
export const HUMAN_SEAT = "me";

/** A branch request that cannot be met; the message names the problem (an HTTP 400). */
export class BranchError extends Error {}

export interface BranchSetup {
  /** The scenario, options, seed and parent of the new round; the caller adds code, pace, tokens. */
  created: Pick<CreatedData, "scenario" | "version" | "title" | "options" | "seed" | "bots" | "parent">;
  /** Seats a person will take (`me`). */
  humans: RoleId[];
}

/** The weeks a branch may start from: 0 … the last recorded week, and before the horizon. */
export function branchWeeks(record: RoundRecord): { min: number; max: number } {
  return { min: 0, max: Math.min(record.decisions.length, record.horizon - 1) };
}

/**
 * Plans a branch of `record` at `week`. Seats not named play back their recorded decisions. Throws
 * a BranchError naming a bad week, role or policy.
 */
export function planBranch(
  record: RoundRecord,
  week: number,
  seats: Readonly<Record<string, string>> = {},
): BranchSetup {
  const scenario = getScenario(record.scenario);
  const { min, max } = branchWeeks(record);
  if (!Number.isInteger(week) || week < min || week > max) {
    throw new BranchError(`week must be a whole number from ${min} to ${max}, not ${week}`);
  }
  const roles = scenario.roles.map((r) => r.id);
  for (const role of Object.keys(seats)) {
    if (!roles.includes(role)) throw new BranchError(`unknown role "${role}"; roles: ${roles.join(", ")}`);
  }
  const bots: Record<RoleId, BotChoice> = {};
  const humans: RoleId[] = [];
  for (const role of roles) {
    const plan = (seats[role] ?? RECORDED_POLICY).trim();
    if (plan === HUMAN_SEAT) humans.push(role);
    else if (plan === RECORDED_POLICY) bots[role] = { policy: RECORDED_POLICY };
    else {
      try {
        const c = parsePolicy(scenario.id, plan);
        bots[role] = { policy: c.spec.name, params: { ...c.params } };
      } catch (e) {
        throw new BranchError(`${role}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  const parent: BranchOrigin = {
    id: record.id,
    week,
    decisions: record.decisions.map((d) => ({ ...d })),
    sources: record.sources.map((s) => ({ ...s })),
    shocks: [...record.shocks],
    hashes: record.hashes.slice(0, week + 1),
  };
  return {
    created: {
      scenario: scenario.id,
      version: record.version,
      title: record.title,
      options: record.options,
      seed: record.seed,
      bots,
      parent,
    },
    humans,
  };
}

/**
 * The run a branch came from, re-simulated from the parent's decisions and shocks that the branch's
 * record carries; its weeks 0…W are proved by the branch's own hashes. Null for a round that is not
 * a branch, or whose record does not carry its parent's run.
 */
export function originalRun(scenario: AnyScenario, record: RoundRecord): Simulation<AnyScenario> | null {
  const p = record.parent;
  if (!p?.decisions) return null;
  return Simulation.replay(
    scenario,
    {
      scenario: record.scenario,
      version: record.version,
      options: record.options,
      seed: record.seed,
      decisions: p.decisions,
      shocks: p.shocks ?? [],
    },
    record.hashes.slice(0, p.week + 1),
  );
}
