// Connects the core's bot-policy registry (shared/policies) to the server's bots. Scenarios without
// a policy table get bots that repeat the role's default decision.

import {
  createBot as createPolicyBot,
  defaultPolicy,
  parsePolicy,
  policies,
  policyNames,
  withParams,
} from "../shared/policies/index.ts";
import { holdDefaultPolicy, setPolicyRegistry } from "./bots.ts";

export function installPolicies(): void {
  setPolicyRegistry(
    (scenario, role, options, choice) => {
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
    },
    (scenarioId) => (policies[scenarioId] ? policyNames(scenarioId) : ["default"]),
  );
}
