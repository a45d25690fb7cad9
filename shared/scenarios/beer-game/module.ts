// The Beer Game as one module: the board, its bots, its debrief analytics, its command line and
// what the client draws its desk from.

import type { ScenarioModule } from "../module.ts";
import { beerGameBare } from "./bare.ts";
import { beerGameCli } from "./cli.ts";
import { hooks, profile } from "./debrief.ts";
import { type BeerGameObservation, beerGame } from "./index.ts";
import { beerGamePolicies } from "./policies.ts";

export const beerGameModule: ScenarioModule<BeerGameObservation> = {
  scenario: beerGame,
  policies: beerGamePolicies,
  defaultPolicy: "sterman",
  // Pass-through has the lowest team cost of the built-in rules on the classic board ($792 against
  // $2,694 for Sterman's typical player).
  teamBenchmark: "pass-through",
  debrief: { profile, hooks },
  cli: beerGameCli,
  bare: beerGameBare,
  client: {
    board: "beer-board",
    history: [
      { from: "observation", id: "incomingOrder", label: "Order received", unit: "cases", chart: true },
      { from: "decisions" },
      { from: "observation", id: "inventory", label: "Inventory", unit: "cases", chart: true },
      { from: "observation", id: "backlog", label: "Backlog", unit: "cases", chart: true },
      { from: "observation", id: "cost", label: "Cost", unit: "$", chart: false },
    ],
  },
};
