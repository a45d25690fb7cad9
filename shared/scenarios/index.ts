// The scenario registry: the one list of every scenario this build can run. Adding a scenario is
// one folder with a module.ts and one line in `builtIn`.

import { type AnyScenario, MAX_ROLES } from "../engine/types.ts";
import { beerGameModule } from "./beer-game/module.ts";
import type { PolicyTable, ScenarioModule } from "./module.ts";
import { productLaunchModule } from "./product-launch/module.ts";

export type * from "./module.ts";

const builtIn: readonly ScenarioModule[] = [beerGameModule, productLaunchModule];

const modules: Record<string, ScenarioModule> = {};
const scenarioTable: Record<string, AnyScenario> = {};
const policyTables: Record<string, PolicyTable> = {};

/** Every registered scenario, by id; the first is the default. */
export const scenarios: Readonly<Record<string, AnyScenario>> = scenarioTable;
/** Scenario id → its bots by name, for scenarios that have any. */
export const scenarioPolicies: Readonly<Record<string, PolicyTable>> = policyTables;

/**
 * Adds a scenario to this process's registry (tests add their own this way, leaving `builtIn`
 * alone); returns the function that takes it out again.
 */
export function registerScenario(m: ScenarioModule): () => void {
  const id = m.scenario.id;
  if (modules[id]) throw new Error(`scenario "${id}" is already registered`);
  if (m.scenario.roles.length > MAX_ROLES) {
    throw new Error(`scenario "${id}": ${m.scenario.roles.length} seats, more than the room's ${MAX_ROLES}`);
  }
  if (m.defaultPolicy !== undefined && !m.policies?.[m.defaultPolicy]) {
    throw new Error(`scenario "${id}": default policy "${m.defaultPolicy}" is not one of its policies`);
  }
  modules[id] = m;
  scenarioTable[id] = m.scenario;
  if (m.policies && Object.keys(m.policies).length > 0) policyTables[id] = m.policies;
  return () => {
    delete modules[id];
    delete scenarioTable[id];
    delete policyTables[id];
  };
}

for (const m of builtIn) registerScenario(m);

/** The module of a registered scenario, or undefined. */
export function findScenarioModule(id: string): ScenarioModule | undefined {
  return modules[id];
}

export function scenarioModule(id: string): ScenarioModule {
  const m = modules[id];
  if (!m) throw new Error(`unknown scenario "${id}"; choose one of: ${Object.keys(modules).join(", ")}`);
  return m;
}

export function getScenario(id: string): AnyScenario {
  return scenarioModule(id).scenario;
}

/** The scenario a run uses when none is named: the first registered. */
export function defaultScenarioId(): string {
  const first = Object.keys(modules)[0];
  if (first === undefined) throw new Error("no scenario is registered");
  return first;
}
