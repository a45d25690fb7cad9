// Options of the Beer Game: the classic board by default, with the variations trainers and
// researchers ask for (horizon, warm-up, costs, demand pattern, information sharing).

import { formatNamedParams, parseParams, splitName } from "../../format/named-params.ts";

/** Customer demand over the weeks. */
export type DemandPattern =
  | { kind: "step"; from: number; to: number; week: number }
  | { kind: "constant"; k: number }
  | { kind: "normal"; mean: number; sd: number }
  | { kind: "list"; values: readonly number[] };

export interface BeerGameOptions {
  /** Weeks played (the classic run stops after 36; players are told 50). */
  weeks: number;
  /** Weeks at the start in which every echelon orders `initialFlow`, whatever it decides. */
  warmupWeeks: number;
  /** Dollars per case of on-hand inventory per week. */
  holdingCost: number;
  /** Dollars per case of backlog per week. */
  backlogCost: number;
  demand: DemandPattern;
  /** The "transparent" round: every echelon also sees this week's customer demand. */
  infoSharing: boolean;
  /** Whole cases only (the board). Off: fractional orders and shipments, for research runs. */
  wholeCases: boolean;
}

/** Cases in every box and on every slip at the start, and the warm-up order. */
export const INITIAL_FLOW = 4;
export const INITIAL_INVENTORY = 12;
/** The largest order a slip takes: three digits. */
export const MAX_ORDER = 999;
export const MAX_WEEKS = 520;
/** Bounds parseOptions holds the horizon to. */
export const optionBounds = { weeks: { min: 1, max: MAX_WEEKS } } as const;

export const CLASSIC_DEMAND: DemandPattern = { kind: "step", from: 4, to: 8, week: 5 };

export const defaultOptions: BeerGameOptions = {
  weeks: 36,
  warmupWeeks: 4,
  holdingCost: 0.5,
  backlogCost: 1,
  demand: CLASSIC_DEMAND,
  infoSharing: false,
  wholeCases: true,
};

const DEMAND_KINDS = "step:from=4,to=8,week=5 | constant:k=4 | normal:mean=8,sd=2 | list:4,4,8,...";

function fail(field: string, why: string): never {
  throw new Error(`${field}: ${why}`);
}

function num(field: string, v: unknown, lo: number, hi: number, integer: boolean): number {
  if (typeof v !== "number" || !Number.isFinite(v)) fail(field, "must be a number");
  if (integer && !Number.isInteger(v)) fail(field, "must be a whole number");
  if (v < lo || v > hi) fail(field, `must be between ${lo} and ${hi}`);
  return v;
}

/**
 * Parses the command-line form of a demand pattern:
 * `step:from=4,to=8,week=5`, `constant:k=4`, `normal:mean=8,sd=2`, `list:4,4,8,...`.
 * Missing keys take the classic values. Throws a one-line error naming the valid forms.
 */
export function parseDemand(text: string): DemandPattern {
  const { name: kind, rest } = splitName(text);
  if (kind === "list") {
    const values = rest.split(",").map((s) => s.trim());
    if (rest === "" || values.some((s) => s === "" || !Number.isFinite(Number(s)))) {
      fail("demand", `list needs comma-separated numbers, e.g. list:4,4,8,8`);
    }
    return checkDemand({ kind: "list", values: values.map(Number) });
  }
  const params = parseParams(rest, (part) =>
    fail("demand", `"${part}" is not key=number; forms: ${DEMAND_KINDS}`),
  );
  const allowed: Record<string, readonly string[]> = {
    step: ["from", "to", "week"],
    constant: ["k"],
    normal: ["mean", "sd"],
  };
  const keys = allowed[kind];
  if (!keys) fail("demand", `unknown pattern "${kind}"; forms: ${DEMAND_KINDS}`);
  for (const k of Object.keys(params)) {
    if (!keys.includes(k)) fail("demand", `${kind} takes ${keys.join(", ")}, not "${k}"`);
  }
  switch (kind) {
    case "step":
      return checkDemand({ kind, from: params.from ?? 4, to: params.to ?? 8, week: params.week ?? 5 });
    case "constant":
      return checkDemand({ kind, k: params.k ?? 4 });
    default:
      return checkDemand({ kind: "normal", mean: params.mean ?? 8, sd: params.sd ?? 2 });
  }
}

function checkDemand(input: unknown): DemandPattern {
  if (typeof input === "string") return parseDemand(input);
  if (typeof input !== "object" || input === null) fail("demand", `expected one of ${DEMAND_KINDS}`);
  const d = input as Record<string, unknown>;
  switch (d.kind) {
    case "step":
      return {
        kind: "step",
        from: num("demand.from", d.from, 0, MAX_ORDER, false),
        to: num("demand.to", d.to, 0, MAX_ORDER, false),
        week: num("demand.week", d.week, 1, MAX_WEEKS, true),
      };
    case "constant":
      return { kind: "constant", k: num("demand.k", d.k, 0, MAX_ORDER, false) };
    case "normal":
      return {
        kind: "normal",
        mean: num("demand.mean", d.mean, 0, MAX_ORDER, false),
        sd: num("demand.sd", d.sd, 0, MAX_ORDER, false),
      };
    case "list": {
      if (!Array.isArray(d.values) || d.values.length === 0)
        fail("demand.values", "must be a non-empty list");
      return {
        kind: "list",
        values: d.values.map((v, i) => num(`demand.values[${i}]`, v, 0, MAX_ORDER, false)),
      };
    }
    default:
      fail("demand", `unknown pattern "${String(d.kind)}"; forms: ${DEMAND_KINDS}`);
  }
}

const KEYS = Object.keys(defaultOptions);

/** Validates and completes partial options; throws an Error naming the bad field. */
export function parseOptions(input: unknown): BeerGameOptions {
  if (input === undefined || input === null) return defaultOptions;
  if (typeof input !== "object" || Array.isArray(input)) fail("options", "must be an object");
  const o = input as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!KEYS.includes(k)) fail(k, `unknown option; expected ${KEYS.join(", ")}`);
  }
  const bool = (field: string, v: unknown, d: boolean): boolean => {
    if (v === undefined) return d;
    if (typeof v !== "boolean") fail(field, "must be true or false");
    return v;
  };
  const weeks =
    o.weeks === undefined
      ? defaultOptions.weeks
      : num("weeks", o.weeks, optionBounds.weeks.min, optionBounds.weeks.max, true);
  const opts: BeerGameOptions = {
    weeks,
    warmupWeeks:
      o.warmupWeeks === undefined
        ? Math.min(defaultOptions.warmupWeeks, weeks)
        : num("warmupWeeks", o.warmupWeeks, 0, weeks, true),
    holdingCost:
      o.holdingCost === undefined
        ? defaultOptions.holdingCost
        : num("holdingCost", o.holdingCost, 0, 1000, false),
    backlogCost:
      o.backlogCost === undefined
        ? defaultOptions.backlogCost
        : num("backlogCost", o.backlogCost, 0, 1000, false),
    demand: o.demand === undefined ? defaultOptions.demand : checkDemand(o.demand),
    infoSharing: bool("infoSharing", o.infoSharing, defaultOptions.infoSharing),
    wholeCases: bool("wholeCases", o.wholeCases, defaultOptions.wholeCases),
  };
  if (opts.wholeCases) {
    const d = opts.demand;
    const whole =
      d.kind === "step"
        ? Number.isInteger(d.from) && Number.isInteger(d.to)
        : d.kind === "constant"
          ? Number.isInteger(d.k)
          : d.kind === "list"
            ? d.values.every(Number.isInteger)
            : true; // normal draws are rounded
    if (!whole) fail("demand", "must be whole cases unless wholeCases is false");
  }
  return opts;
}

/** Formats a demand pattern in its command-line form. */
export function formatDemand(d: DemandPattern): string {
  switch (d.kind) {
    case "step":
      return formatNamedParams(d.kind, { from: d.from, to: d.to, week: d.week });
    case "constant":
      return formatNamedParams(d.kind, { k: d.k });
    case "normal":
      return formatNamedParams(d.kind, { mean: d.mean, sd: d.sd });
    case "list":
      return `list:${d.values.join(",")}`;
  }
}
