// Choosing and configuring bots by text, over the policies each scenario module brings.

import type { Observation, PolicySpec, RoleId } from "../engine/types.ts";
import { formatNamedParams, parseParams, splitName } from "../format/named-params.ts";
import { findScenarioModule, scenarioPolicies } from "../scenarios/index.ts";
import type { AnyPolicySpec, PolicyTable } from "../scenarios/module.ts";

/** Scenario id → policy name → policy. A table's first policy is its default unless the module names another. */
export const policies: Readonly<Record<string, PolicyTable>> = scenarioPolicies;

/** A policy with its parameters filled in, ready to create per role. */
export interface PolicyChoice {
  spec: AnyPolicySpec;
  params: Readonly<Record<string, number>>;
  /** Canonical text form, `NAME:key=value,...` with every parameter. */
  text: string;
}

function table(scenarioId: string): Readonly<Record<string, AnyPolicySpec>> {
  const t = policies[scenarioId];
  if (!t) {
    throw new Error(`no policies for scenario "${scenarioId}"; known: ${Object.keys(policies).join(", ")}`);
  }
  return t;
}

/** Names of the policies a scenario offers. */
export function policyNames(scenarioId: string): string[] {
  return Object.keys(table(scenarioId));
}

/** Completes and checks parameters against a policy's bounds; throws a one-line error. */
export function withParams(spec: AnyPolicySpec, given: Readonly<Record<string, number>>): PolicyChoice {
  const names = Object.keys(spec.params);
  const params: Record<string, number> = {};
  for (const k of Object.keys(given)) {
    if (!(k in spec.params)) {
      const valid = names.length ? `expected ${names.join(", ")}` : "it takes none";
      throw new Error(`${spec.name}: unknown parameter "${k}"; ${valid}`);
    }
  }
  for (const [k, p] of Object.entries(spec.params)) {
    const v = given[k] ?? p.default;
    if (!Number.isFinite(v) || v < p.min || v > p.max) {
      throw new Error(`${spec.name}: ${k} must be between ${p.min} and ${p.max}, not ${given[k]}`);
    }
    params[k] = v;
  }
  return { spec, params, text: formatNamedParams(spec.name, params) };
}

/**
 * Parses `NAME[:key=value,...]` for a scenario, e.g. `sterman:theta=0.36,alpha=0.26`; values are
 * numbers, or true/false for 1/0.
 * Throws a one-line error naming the valid choices.
 */
export function parsePolicy(scenarioId: string, text: string): PolicyChoice {
  const t = table(scenarioId);
  const { name, rest } = splitName(text);
  const spec = t[name];
  if (!spec) {
    throw new Error(
      `unknown policy "${name}" for ${scenarioId}; choose one of: ${Object.keys(t).join(", ")}`,
    );
  }
  const given = parseParams(
    rest,
    (part) => {
      throw new Error(`${name}: "${part}" is not key=number`);
    },
    // Switches read naturally as true/false (e.g. continuous=true).
    { flags: true },
  );
  return withParams(spec, given);
}

/** The policy a scenario's server uses for missing decisions and bots by default. */
export function defaultPolicy(scenarioId: string): PolicyChoice {
  const name = findScenarioModule(scenarioId)?.defaultPolicy ?? Object.keys(table(scenarioId))[0];
  if (name === undefined) throw new Error(`scenario "${scenarioId}" has no policies`);
  return parsePolicy(scenarioId, name);
}

/** A fresh bot for `role`. */
export function createBot<B extends Observation = Observation>(choice: PolicyChoice, role: RoleId) {
  return (choice.spec as PolicySpec<B>).create(role, choice.params);
}
