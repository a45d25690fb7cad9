// Bot players for seats no human plays. The policies themselves live in the core (shared/policies);
// this module only resolves a seat's choice to a running policy instance. Scenarios without a policy
// table get bots that repeat the role's default decision.

import { defaultDecision } from "../engine/decisions.ts";
import type { AnyScenario, Decision, Policy, RoleId } from "../engine/types.ts";
import {
  createBot as createPolicyBot,
  defaultPolicy,
  parsePolicy,
  policies,
  policyNames as scenarioPolicyNames,
  withParams,
} from "../policies/index.ts";
import { RECORDED_POLICY, recordedPolicy } from "../policies/recorded.ts";
import type { BotChoice } from "../protocol/room.ts";

export interface Bot {
  /** The policy's name as shown on the seat. */
  name: string;
  policy: Policy;
}

/** The policy that repeats the role's default decision. */
function holdDefaultPolicy(scenario: AnyScenario, role: RoleId, options: unknown): Policy {
  const d = defaultDecision(scenario.decisions(role, options));
  return { decide: () => d };
}

/**
 * A fresh bot for a seat; throws an Error naming the problem if the choice is unknown or bad.
 * `recorded` (decisions[t − 1] = the seat's decision for week t in the run a branch comes from) is
 * what the `recorded` policy plays back.
 */
export function createBot(
  scenario: AnyScenario,
  role: RoleId,
  options: unknown,
  choice?: BotChoice,
  recorded?: readonly (Decision | undefined)[],
): Bot {
  if (choice?.policy === RECORDED_POLICY) {
    if (!recorded) throw new Error(`the "${RECORDED_POLICY}" policy needs a recorded round to play back`);
    const fallback = defaultDecision(scenario.decisions(role, options));
    return { name: RECORDED_POLICY, policy: recordedPolicy(recorded, fallback) };
  }
  if (!policies[scenario.id]) {
    if (choice && choice.policy !== "default") {
      throw new Error(
        `scenario "${scenario.id}" has no bot policies; only "default" (hold the default decision)`,
      );
    }
    return { name: "default", policy: holdDefaultPolicy(scenario, role, options) };
  }
  let c = choice ? parsePolicy(scenario.id, choice.policy) : defaultPolicy(scenario.id);
  if (choice?.params) c = withParams(c.spec, { ...c.params, ...choice.params });
  return { name: c.text, policy: createPolicyBot(c, role) };
}

export function policyNames(scenarioId: string): string[] {
  return policies[scenarioId] ? scenarioPolicyNames(scenarioId) : ["default"];
}
