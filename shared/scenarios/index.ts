import type { AnyScenario } from "../engine/types.ts";
import { beerGame } from "./beer-game/index.ts";
import { productLaunch } from "./product-launch/index.ts";

/** Every scenario this build can run, by id. */
export const scenarios: Readonly<Record<string, AnyScenario>> = {
  [beerGame.id]: beerGame,
  [productLaunch.id]: productLaunch,
};

export function getScenario(id: string): AnyScenario {
  const s = scenarios[id];
  if (!s) throw new Error(`unknown scenario "${id}"; choose one of: ${Object.keys(scenarios).join(", ")}`);
  return s;
}
