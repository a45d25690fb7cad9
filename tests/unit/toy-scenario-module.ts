// The toy chain as a scenario module, the way docs/adding-a-scenario.md describes one: registered
// by tests only, so the production registry stays as it is.

import type { ScenarioModule } from "../../shared/scenarios/module.ts";
import { type ToyState, toy } from "./debrief-toy-scenario.ts";

type ToyObservation = { demand: number; stock: number; incoming: number };

export const toyModule: ScenarioModule<ToyObservation> = {
  scenario: toy,
  policies: {
    "pass-through": {
      name: "pass-through",
      summary: "Orders what came in.",
      params: {},
      create: () => ({ decide: (o) => ({ order: o.incoming }) }),
    },
    "cover-stock": {
      name: "cover-stock",
      summary: "Orders what came in plus what is missing from a target stock.",
      params: { target: { default: 10, min: 0, max: 100, help: "stock to hold" } },
      create: (_role, p) => ({
        decide: (o) => ({ order: Math.max(0, o.incoming + (p.target ?? 10) - o.stock) }),
      }),
    },
  },
  defaultPolicy: "cover-stock",
  debrief: { hooks: { benchmarkPolicy: "pass-through" } },
  cli: {
    flags: [{ flags: "--toy-demand <list>", key: "toyDemand", description: "customer demand per week" }],
    options(common, own) {
      const o: Record<string, unknown> = {};
      if (common.weeks !== undefined) o.weeks = common.weeks;
      if (own.toyDemand !== undefined) o.demand = String(own.toyDemand).split(",").map(Number);
      return o;
    },
    report(sim) {
      const history = sim.history as ToyState[];
      const weeks = history.slice(1);
      const table = {
        headers: ["week", "demand", "shop order", "plant order"],
        rows: weeks.map((s, t) => [t + 1, s.demand, s.order.shop!, s.order.plant!]),
      };
      const stock = (role: string) => history.at(-1)!.stock[role]!;
      return {
        json: { demand: weeks.map((s) => s.demand), stock: { shop: stock("shop"), plant: stock("plant") } },
        metrics: { team: {}, roles: { shop: { stock: stock("shop") }, plant: { stock: stock("plant") } } },
        tables: [table],
        csv: table,
      };
    },
  },
  client: {
    history: [
      { from: "observation", id: "incoming", label: "Order in", unit: "cases", chart: true },
      { from: "decisions" },
      { from: "observation", id: "stock", label: "Stock", unit: "cases", chart: true },
    ],
  },
};
