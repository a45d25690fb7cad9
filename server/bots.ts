// Bot players for seats no human plays. The policies themselves live in the core (shared/policies);
// this module only resolves a seat's choice to a running policy instance.

import type { AnyScenario, Decision, Observation, Policy, RoleId } from "../shared/engine/types.ts";
import type { BotChoice } from "../shared/protocol/room.ts";

export interface Bot {
  /** The policy's name as shown on the seat. */
  name: string;
  policy: Policy;
}

/** The policy that repeats the role's default decision: the fallback when no registry entry fits. */
export function holdDefaultPolicy(scenario: AnyScenario, role: RoleId, options: unknown): Policy {
  const specs = scenario.decisions(role, options);
  const d: Record<string, number> = {};
  for (const s of specs) d[s.id] = s.default;
  return { decide: (_obs: Observation): Decision => d };
}

export type PolicyResolver = (
  scenario: AnyScenario,
  role: RoleId,
  options: unknown,
  choice?: BotChoice,
) => Bot;

let resolver: PolicyResolver = (scenario, role, options, choice) => {
  if (choice && choice.policy !== "default") throw new Error(`unknown bot policy "${choice.policy}"`);
  return { name: "default", policy: holdDefaultPolicy(scenario, role, options) };
};
let names: (scenarioId: string) => string[] = () => ["default"];

/** Installs the policy registry (done once at startup by the server). */
export function setPolicyRegistry(r: PolicyResolver, list: (scenarioId: string) => string[]): void {
  resolver = r;
  names = list;
}

/** A fresh bot for a seat; throws an Error naming the problem if the choice is unknown or bad. */
export function createBot(scenario: AnyScenario, role: RoleId, options: unknown, choice?: BotChoice): Bot {
  return resolver(scenario, role, options, choice);
}

export function policyNames(scenarioId: string): string[] {
  return names(scenarioId);
}
