// Options of the Beer Game: the classic board by default, with the variations trainers and
// researchers ask for (horizon, warm-up, costs, demand pattern, information sharing).

import { z } from "zod";
import { boundedNumber, parseOptionsWith } from "../../engine/options.ts";
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

const cases = boundedNumber(0, MAX_ORDER);

const demandPattern = z.discriminatedUnion(
  "kind",
  [
    z.object({
      kind: z.literal("step"),
      from: cases,
      to: cases,
      week: boundedNumber(1, MAX_WEEKS, { integer: true }),
    }),
    z.object({ kind: z.literal("constant"), k: cases }),
    z.object({ kind: z.literal("normal"), mean: cases, sd: cases }),
    z.object({
      kind: z.literal("list"),
      values: z
        .array(cases)
        .min(1, { error: "must be a non-empty list" })
        .max(MAX_WEEKS, { error: `at most ${MAX_WEEKS} values` }),
    }),
  ],
  { error: `unknown pattern; forms: ${DEMAND_KINDS}` },
);

/** Reads the command-line form of a demand pattern, unchecked; throws the reason it cannot. */
function readDemandText(text: string): unknown {
  const { name: kind, rest } = splitName(text);
  if (kind === "list") {
    const values = rest.split(",").map((s) => s.trim());
    if (rest === "" || values.some((s) => s === "" || !Number.isFinite(Number(s)))) {
      throw new Error("list needs comma-separated numbers, e.g. list:4,4,8,8");
    }
    return { kind, values: values.map(Number) };
  }
  const params = parseParams(rest, (part) => {
    throw new Error(`"${part}" is not key=number; forms: ${DEMAND_KINDS}`);
  });
  // Missing keys take the classic values.
  const classic: Record<string, Record<string, number>> = {
    step: { from: 4, to: 8, week: 5 },
    constant: { k: 4 },
    normal: { mean: 8, sd: 2 },
  };
  const keys = classic[kind];
  if (!keys) throw new Error(`unknown pattern "${kind}"; forms: ${DEMAND_KINDS}`);
  for (const k of Object.keys(params)) {
    if (!(k in keys)) throw new Error(`${kind} takes ${Object.keys(keys).join(", ")}, not "${k}"`);
  }
  return { kind, ...keys, ...params };
}

/** A demand pattern, as an object or in its command-line form. */
const demandField = z.preprocess((input, ctx) => {
  if (typeof input !== "string") return input;
  try {
    return readDemandText(input);
  } catch (e) {
    ctx.issues.push({ code: "custom", message: (e as Error).message, input });
    return z.NEVER;
  }
}, demandPattern);

const isWhole = (d: DemandPattern): boolean =>
  d.kind === "step"
    ? Number.isInteger(d.from) && Number.isInteger(d.to)
    : d.kind === "constant"
      ? Number.isInteger(d.k)
      : d.kind === "list"
        ? d.values.every(Number.isInteger)
        : true; // normal draws are rounded

const schema = z
  .strictObject({
    weeks: boundedNumber(optionBounds.weeks.min, optionBounds.weeks.max, { integer: true }).default(
      defaultOptions.weeks,
    ),
    warmupWeeks: boundedNumber(0, MAX_WEEKS, { integer: true }).optional(),
    holdingCost: boundedNumber(0, 1000).default(defaultOptions.holdingCost),
    backlogCost: boundedNumber(0, 1000).default(defaultOptions.backlogCost),
    demand: demandField.default(defaultOptions.demand as z.output<typeof demandPattern>),
    infoSharing: z.boolean({ error: "must be true or false" }).default(defaultOptions.infoSharing),
    wholeCases: z.boolean({ error: "must be true or false" }).default(defaultOptions.wholeCases),
  })
  .superRefine((o, ctx) => {
    if (o.warmupWeeks !== undefined && o.warmupWeeks > o.weeks) {
      ctx.addIssue({ code: "custom", path: ["warmupWeeks"], message: `must be between 0 and ${o.weeks}` });
    }
    if (o.wholeCases && !isWhole(o.demand)) {
      ctx.addIssue({
        code: "custom",
        path: ["demand"],
        message: "must be whole cases unless wholeCases is false",
      });
    }
  })
  .transform(
    (o): BeerGameOptions => ({
      ...o,
      warmupWeeks: o.warmupWeeks ?? Math.min(defaultOptions.warmupWeeks, o.weeks),
    }),
  );

/**
 * Parses the command-line form of a demand pattern:
 * `step:from=4,to=8,week=5`, `constant:k=4`, `normal:mean=8,sd=2`, `list:4,4,8,...`.
 * Missing keys take the classic values. Throws a one-line error naming the valid forms.
 */
export function parseDemand(text: string): DemandPattern {
  return parseOptionsWith(z.object({ demand: demandField }), { demand: text }).demand;
}

/** Validates and completes partial options; throws an Error naming the bad field. */
export function parseOptions(input: unknown): BeerGameOptions {
  return parseOptionsWith(schema, input);
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
