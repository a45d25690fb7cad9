// The Beer Game's part of the command line.

import { bootstrapAnchoringRule, RULE_PARAMS, type RuleIntervals } from "../../analytics/bootstrap.ts";
import type { AnchoringFit } from "../../analytics/decision-rule.ts";
import type { ScenarioCli } from "../../cli/adapter.ts";
import { num, type Table } from "../../cli/format.ts";
import { loopsJson } from "../../debrief/loops.ts";
import type { Simulation } from "../../engine/simulation.ts";
import { formatPercent } from "../../format/number.ts";
import { beerGameDecisionHistory, beerGameReport, fitBeerGameRole } from "./analytics.ts";
import { type BeerGameOptions, type BeerGameState, parseDemand, ROLE_IDS } from "./index.ts";

const short: Record<string, string> = { retailer: "R", wholesaler: "W", distributor: "D", factory: "F" };

export const beerGameCli: ScenarioCli = {
  flags: [
    {
      flags: "--demand <pattern>",
      key: "demand",
      description:
        "step:from=4,to=8,week=5 | constant:k=4 | normal:mean=8,sd=2 | list:4,4,8,... (default: the classic step)",
    },
    { flags: "--warmup <weeks>", key: "warmup", description: "weeks in which everyone orders 4 (default 4)" },
    {
      flags: "--holding-cost <dollars>",
      key: "holdingCost",
      description: "per case on hand per week (default 0.5)",
    },
    {
      flags: "--backlog-cost <dollars>",
      key: "backlogCost",
      description: "per case owed per week (default 1)",
    },
    { flags: "--info-sharing", key: "infoSharing", description: "every echelon also sees customer demand" },
  ],
  objective: { metric: "totalCost", better: "lower" },
  options(common, own, policies) {
    const number = (flag: string, v: unknown): number | undefined => {
      if (v === undefined) return undefined;
      const x = Number(v);
      if (typeof v !== "string" || v.trim() === "" || !Number.isFinite(x)) {
        throw new Error(`${flag} must be a number, not "${String(v)}"`);
      }
      return x;
    };
    const o: Record<string, unknown> = {};
    if (common.weeks !== undefined) o.weeks = common.weeks;
    if (own.demand !== undefined) o.demand = parseDemand(String(own.demand));
    const warmup = number("--warmup", own.warmup);
    if (warmup !== undefined) o.warmupWeeks = warmup;
    const h = number("--holding-cost", own.holdingCost);
    if (h !== undefined) o.holdingCost = h;
    const b = number("--backlog-cost", own.backlogCost);
    if (b !== undefined) o.backlogCost = b;
    if (own.infoSharing) o.infoSharing = true;
    // A research bot ordering fractional cases needs a board that takes them.
    if (Object.values(policies).some((p) => (p.params.continuous ?? 0) >= 0.5)) o.wholeCases = false;
    return o;
  },
  report(sim: Simulation, { fit, loops: priceLoops = true }) {
    const history = sim.history as BeerGameState[];
    const options = sim.options as BeerGameOptions;
    const r = beerGameReport(history);
    const fits: Record<string, AnchoringFit & RuleIntervals> = {};
    if (fit)
      for (const role of ROLE_IDS) {
        const f = fitBeerGameRole(history, options, role);
        fits[role] = { ...f, ...bootstrapAnchoringRule(beerGameDecisionHistory(history, options, role), f) };
      }
    const loops = priceLoops ? loopsJson(sim) : [];
    const roles: Record<string, unknown> = {};
    for (const role of ROLE_IDS) {
      const x = r.roles[role];
      const f = fits[role];
      roles[role] = {
        cost: x.cost,
        holdingCost: x.holdingCost,
        backlogCost: x.backlogCost,
        orders: x.orders,
        incoming: x.incoming,
        inventory: x.inventory,
        backlog: x.backlog,
        amplification: x.amplification,
        amplificationLocal: x.amplificationLocal,
        peakOrder: x.peakOrder,
        peakWeek: x.peakWeek,
        fillRate: x.fillRate,
        ...(f
          ? {
              fit: {
                theta: f.theta,
                alpha: f.alpha,
                beta: f.beta,
                sprime: f.sprime,
                r2: f.r2,
                ci: f.ci,
                identified: f.identified,
              },
            }
          : {}),
      };
    }
    const weekly: Table = {
      title: "Orders placed each week, and net stock (inventory − backlog) at the end of the week",
      headers: [
        "week",
        "demand",
        ...ROLE_IDS.map((x) => `order ${short[x]}`),
        ...ROLE_IDS.map((x) => `stock ${short[x]}`),
      ],
      rows: r.demand.map((d, t) => [
        String(t + 1),
        d,
        ...ROLE_IDS.map((x) => r.roles[x].orders[t]!),
        ...ROLE_IDS.map((x) => r.roles[x].inventory[t]! - r.roles[x].backlog[t]!),
      ]),
    };
    const summary: Table = {
      title: `Team cost $${num(r.totalCost)} (holding $${num(r.team.holdingCost)}, backlog $${num(r.team.backlogCost)}); customer fill rate ${formatPercent(r.team.fillRate, 1)}`,
      headers: [
        "role",
        "cost $",
        "holding $",
        "backlog $",
        "Var(orders)/Var(demand)",
        "peak order",
        "week",
        "fill rate",
        ...(fit ? ["θ", "α", "β", "S′", "r²"] : []),
      ],
      rows: ROLE_IDS.map((role) => {
        const x = r.roles[role];
        const f = fits[role];
        return [
          role,
          x.cost,
          x.holdingCost,
          x.backlogCost,
          x.amplification,
          x.peakOrder,
          x.peakWeek,
          formatPercent(x.fillRate, 1),
          ...(f ? RULE_PARAMS.map((p) => (f.identified[p] ? f[p] : `(${num(f[p])})`)).concat(f.r2) : []),
        ];
      }),
    };
    const loopTable: Table = {
      title:
        "Loops: what each was worth to the team (cost with its link held − cost as played); closed by the players' ordering",
      headers: ["loop", "link held", "knockout $"],
      rows: loops.map((l) => [
        l.name,
        l.knockout?.link ?? "",
        l.knockout ? l.knockout.dollars : "not priced",
      ]),
    };
    const csv: Table = {
      headers: [
        "week",
        "demand",
        ...ROLE_IDS.flatMap((x) => [
          `${x}_order`,
          `${x}_incoming`,
          `${x}_inventory`,
          `${x}_backlog`,
          `${x}_cost`,
        ]),
      ],
      rows: r.demand.map((d, t) => [
        t + 1,
        d,
        ...ROLE_IDS.flatMap((x) => {
          const s = history[t + 1]!;
          const i = ROLE_IDS.indexOf(x);
          return [s.order[i]!, s.incoming[i]!, s.inventory[i]!, s.backlog[i]!, s.cost[i]!];
        }),
      ]),
    };
    return {
      json: { totalCost: r.totalCost, demand: r.demand, roles, loops },
      metrics: {
        team: { totalCost: r.totalCost },
        roles: Object.fromEntries(
          ROLE_IDS.map((x) => [x, { cost: r.roles[x].cost, amplification: r.roles[x].amplification }]),
        ),
      },
      tables: [weekly, summary, loopTable],
      csv,
    };
  },
};
