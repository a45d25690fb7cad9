// The product launch as one module: the company model, its bots, its debrief profile and cost
// split, its command line and the fields each department's floor is drawn from.

import type { ScenarioModule } from "../module.ts";
import { productLaunchBare } from "./bare.ts";
import { productLaunchCli } from "./cli.ts";
import { costParts, costsByDesk } from "./costs.ts";
import { observationFields } from "./fields.ts";
import { productLaunch } from "./index.ts";
import { productLaunchPolicies } from "./policies/index.ts";
import type { ProductLaunchObservation, ProductLaunchState } from "./types.ts";
import { deskReveal } from "./waterfall.ts";

export const productLaunchModule: ScenarioModule<ProductLaunchObservation> = {
  scenario: productLaunch,
  policies: productLaunchPolicies,
  // Departmental plays like the colleagues a player would really have, so the lesson still emerges
  // around one human.
  defaultPolicy: "departmental",
  debrief: {
    profile: {
      decision: "forecast",
      decisionByRole: {
        sales: "forecast",
        engineering: "upfrontShare",
        manufacturing: "production",
        purchasing: "purchaseOrders",
      },
      settingDecisions: ["engineering"],
      reference: "orders",
      stocks: ["backlog", "finishedGoods", "rawMaterial", "onOrder", "hiddenRework", "weeklyProfit"],
      costParts: [],
      costCumulative: false,
      sketchMax: 200,
      // Sales watched the orders all game and shaped them with its promises; what it never saw is
      // what the market wanted before slow delivery and field failures turned customers away.
      // Every other desk sketches a series its own screen never showed.
      beliefByRole: {
        sales: { series: "potentialOrders" },
        engineering: { series: "orders" },
        manufacturing: { series: "hiddenRework", sketchMax: 100 },
        purchasing: { series: "orders" },
      },
    },
    hooks: {
      benchmarkPolicy: "systemic",
      reveal: (history, benchmark) =>
        deskReveal(
          history as readonly ProductLaunchState[],
          benchmark as readonly ProductLaunchState[] | null,
        ),
      costs(history) {
        return {
          parts: costParts.map((p) => ({ id: p.id, label: p.label, unit: p.unit })),
          totals: costsByDesk(history as readonly ProductLaunchState[]),
        };
      },
    },
  },
  cli: productLaunchCli,
  bare: productLaunchBare,
  client: { board: "launch-floor", observationFields },
};
