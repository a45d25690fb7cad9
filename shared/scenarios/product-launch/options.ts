import { z } from "zod";
import { boundedNumber, parseOptionsWith, type ShockRanges, shockParamsError } from "../../engine/options.ts";
import type { ShockEvent } from "../../engine/types.ts";
import { shocks } from "./shocks.ts";
import type { ProductLaunchOptions } from "./types.ts";

/** The standard boom's documented ranges: week 4–16, 10–60 % more demand, drawn per seed. */
export const standardBoom = { weeks: [4, 16], size: [0.1, 0.6] } as const;

/** The window the round really ends in, around the weeks players are told: ±10 %. */
export function endWindow(weeks: number): [number, number] {
  return [Math.max(1, Math.round(weeks * 0.9)), Math.round(weeks * 1.1)];
}

/** The standard boom, its weeks held before the round's earliest possible end (short practice rounds). */
function standardBoomBefore(firstEnd: number): ProductLaunchOptions["boom"] {
  const last = firstEnd - 1;
  if (last < 1) return null;
  return {
    weeks: [Math.min(standardBoom.weeks[0], last), Math.min(standardBoom.weeks[1], last)],
    size: [...standardBoom.size],
  };
}

export const defaultOptions: ProductLaunchOptions = {
  weeks: 40,
  endWeeks: endWindow(40),
  noise: 1,
  boom: { weeks: [...standardBoom.weeks], size: [...standardBoom.size] },
  shocks: [],
};

/**
 * The range of every shock parameter (docs/protocol.md): scheduled shocks are checked against it at
 * create, a host's live shock likewise. Outside it a shock would break the model, not test it.
 */
export const shockRanges: ShockRanges = {
  "market-boom": { size: { min: -0.5, max: 2 } },
  "supplier-outage": { severity: { min: 0, max: 1 }, weeks: { min: 0, max: 52, integer: true } },
  "scope-change": { tasks: { min: 0, max: 2000 } },
  "engineer-leaves": {
    count: { min: 0, max: 30, integer: true },
    capabilityLoss: { min: 0, max: 1 },
  },
};

/** Bounds parseOptions holds the horizon to. */
export const optionBounds = { weeks: { min: 8, max: 156 } } as const;

const shockEvent = z.object({
  name: z.string(),
  week: z
    .number({ error: "must be a number" })
    .int({ error: "must be a whole number" })
    .min(1, { error: "must be 1 or later" }),
  params: z.record(z.string(), z.number().finite()).optional(),
});

const week = boundedNumber(1, optionBounds.weeks.max * 2, { integer: true });
const range = <T extends z.ZodType<number>>(x: T) =>
  z.tuple([x, x]).refine((r) => (r[0] as number) <= (r[1] as number), {
    error: "the first must not exceed the second",
  });

const schema = z
  .strictObject({
    weeks: boundedNumber(optionBounds.weeks.min, optionBounds.weeks.max, { integer: true }).default(
      defaultOptions.weeks,
    ),
    endWeeks: range(week).optional(),
    noise: boundedNumber(0, 3).default(defaultOptions.noise),
    boom: z
      .strictObject({ weeks: range(week), size: range(boundedNumber(0, 3)) })
      .nullable()
      .optional(),
    shocks: z.array(shockEvent).max(50, { error: "at most 50 shocks" }).default(defaultOptions.shocks),
  })
  .superRefine((o, ctx) => {
    const end = o.endWeeks ?? endWindow(o.weeks);
    // Only a boom the trainer set is refused; the standard one is fitted to a short round below.
    if (o.boom && o.boom.weeks[1] >= end[0]) {
      ctx.addIssue({
        code: "custom",
        path: ["boom", "weeks"],
        message: `must end before the earliest last week (${end[0]})`,
      });
    }
    o.shocks.forEach((ev, i) => {
      const spec = shocks.find((s) => s.name === ev.name);
      if (!spec) {
        const names = shocks.map((s) => s.name).join(", ");
        ctx.addIssue({
          code: "custom",
          path: ["shocks", i, "name"],
          message: `unknown shock "${ev.name}"; choose one of ${names}`,
        });
        return;
      }
      if (ev.week > end[0]) {
        ctx.addIssue({
          code: "custom",
          path: ["shocks", i, "week"],
          message: `after the earliest last week (${end[0]})`,
        });
      }
      const bad = shockParamsError(shockRanges, ev);
      if (bad) {
        const [key, message] = bad.split(/: (.*)/s);
        ctx.addIssue({ code: "custom", path: ["shocks", i, "params", key!], message: message! });
      }
    });
  });

/** Completes and checks options; throws an Error naming the offending field. */
export function parseOptions(input: unknown): ProductLaunchOptions {
  const o = parseOptionsWith(schema, input);
  const endWeeks = (o.endWeeks as [number, number] | undefined) ?? endWindow(o.weeks);
  return {
    weeks: o.weeks,
    endWeeks,
    noise: o.noise,
    boom: o.boom === undefined ? standardBoomBefore(endWeeks[0]) : (o.boom as ProductLaunchOptions["boom"]),
    shocks: o.shocks as ShockEvent[],
  };
}
