// The product-launch scenario's part of the command line: shocks by flag, and a report with the
// team result, each desk's decisions and stocks per week, and each loop's weekly activity.

import { mean, peak } from "../../analytics/stats.ts";
import type { ScenarioCli } from "../../cli/adapter.ts";
import type { Table } from "../../cli/format.ts";
import { loopsJson } from "../../debrief/loops.ts";
import type { Simulation } from "../../engine/simulation.ts";
import type { ShockEvent } from "../../engine/types.ts";
import { parseParams, splitName } from "../../format/named-params.ts";
import { formatMoney, formatNumber } from "../../format/number.ts";
import { type ProductLaunchState, productLaunch } from "./index.ts";
import { roleIds } from "./roles.ts";
import { summarize } from "./run.ts";

const DEFAULT_SHOCK_WEEK = 6;
const twoPlaces = { decimals: 2, fixed: true };

/** Parses `NAME[:week=W,key=value,...]`; throws a one-line error naming the valid choices. */
export function parseShock(text: string): ShockEvent {
  const { name, rest } = splitName(text);
  const spec = productLaunch.shocks.find((s) => s.name === name);
  if (!spec) {
    throw new Error(
      `--shock: unknown shock "${name}"; choose one of: ${productLaunch.shocks.map((s) => s.name).join(", ")}`,
    );
  }
  const { week = DEFAULT_SHOCK_WEEK, ...params } = parseParams(rest, (part) => {
    throw new Error(`--shock ${text}: "${part}" is not key=number`);
  });
  for (const k of Object.keys(params)) {
    if (!(k in spec.params))
      throw new Error(
        `--shock ${name}: unknown parameter "${k}"; expected week, ${Object.keys(spec.params).join(", ")}`,
      );
  }
  return { name, week, params: { ...spec.params, ...params } };
}

export const productLaunchCli: ScenarioCli = {
  nestTeam: true,
  objective: { metric: "profit", better: "higher" },
  flags: [
    {
      flags: "--shock <NAME[:week=W,key=value,...]>",
      key: "shock",
      repeatable: true,
      description: `schedule a shock (${productLaunch.shocks.map((s) => s.name).join(", ")}); week defaults to ${DEFAULT_SHOCK_WEEK}; repeatable`,
    },
    {
      flags: "--no-default-shocks",
      key: "defaultShocks",
      description: "leave out the standard market boom (week 4–16, +10–60 %, drawn per seed)",
    },
    {
      flags: "--boom <week=W,size=X>",
      key: "boom",
      description: "fix the standard boom's week and/or size instead of drawing them per seed",
    },
    {
      flags: "--end <FIRST-LAST>",
      key: "end",
      description:
        "the window the round really ends in (default: ±10 % around --weeks); FIRST-FIRST fixes it",
    },
  ],
  options(common, own) {
    const o: Record<string, unknown> = {};
    if (common.weeks !== undefined) o.weeks = common.weeks;
    o.shocks = ((own.shock as string[] | undefined) ?? []).map(parseShock);
    if (own.end !== undefined) {
      const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(String(own.end));
      if (!m) throw new Error(`--end takes FIRST-LAST weeks, e.g. 36-44; got "${own.end}"`);
      o.endWeeks = [Number(m[1]), Number(m[2])];
    }
    if (own.defaultShocks === false) o.boom = null;
    else if (own.boom !== undefined) {
      const { week, size, ...rest } = parseParams(String(own.boom), (part) => {
        throw new Error(`--boom: "${part}" is not key=number`);
      });
      if (Object.keys(rest).length > 0)
        throw new Error(`--boom takes week and size, not ${Object.keys(rest).join(", ")}`);
      const d = productLaunch.defaultOptions.boom!;
      o.boom = {
        weeks: week === undefined ? d.weeks : [week, week],
        size: size === undefined ? d.size : [size, size],
      };
    }
    return o;
  },
  report(sim: Simulation, { loops: priceLoops = true } = { fit: false }) {
    const s = summarize(sim as Simulation<typeof productLaunch>);
    const weekly: Table = {
      title: "Each week: orders, forecast, production, purchase orders, and what piled up",
      headers: [
        "week",
        "orders",
        "forecast",
        "starts plan",
        "kits ordered",
        "backlog",
        "kits on hand",
        "eng backlog",
        "hidden defects",
        "yield",
        "profit $",
      ],
      rows: (sim.history as ProductLaunchState[]).slice(1).map((st) => {
        return [
          String(st.week),
          st.flow.orders,
          st.last.forecast,
          st.last.production,
          st.last.order,
          st.backlog,
          st.rawMaterial,
          st.todo,
          st.hidden,
          st.flow.yield,
          st.flow.profit,
        ];
      }),
    };
    const desks: Table = {
      title: `Team profit ${formatMoney(s.team.profit)} · purchase amplification (variance ratio to customer orders) ${formatNumber(s.team.amplification, twoPlaces)} · rework wave ×${formatNumber(s.team.reworkWave, twoPlaces)} · shocks: ${
        s.shocks.map((e) => `${e.name}@${e.week}`).join(", ") || "none"
      }`,
      headers: ["desk", "own score", "value"],
      rows: roleIds.map((role) => {
        const k = sim.kpis(role)[0]!;
        return [role, k.label, k.value];
      }),
    };
    const priced = priceLoops ? loopsJson(sim) : [];
    const loops: Table = {
      title:
        "Loops: what each was worth to the team (profit as played − profit with its link held), and its activity",
      headers: ["loop", "polarity", "closed by", "knockout $", "mean activity", "peak week"],
      rows: s.loops.map((l, i) => {
        const k = priced[i]?.knockout;
        return [
          l.name,
          l.polarity,
          priced[i]?.closedBy ?? "",
          k ? k.dollars : "not priced",
          mean(l.activity),
          peak(l.activity).week,
        ];
      }),
    };
    const csv: Table = {
      headers: [
        "week",
        ...productLaunch.series.filter((x) => !x.perRole).map((x) => x.id),
        ...s.loops.map((l) => `loop_${l.id}`),
      ],
      rows: sim.history
        .slice(1)
        .map((st, t) => [
          t + 1,
          ...productLaunch.series.filter((x) => !x.perRole).map((x) => x.value(st, null)),
          ...s.loops.map((l) => l.activity[t]!),
        ]),
    };
    return {
      json: {
        team: s.team,
        shocks: s.shocks,
        roles: s.roles,
        loops: s.loops.map((l, i) => ({
          ...l,
          closedBy: priced[i]?.closedBy ?? null,
          knockout: priced[i]?.knockout ?? null,
        })),
      },
      metrics: {
        team: { ...s.team },
        roles: Object.fromEntries(roleIds.map((r) => [r, { ...s.roles[r].kpi }])),
      },
      tables: [weekly, desks, loops],
      csv,
    };
  },
};
