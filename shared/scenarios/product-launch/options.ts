import { z } from "zod";
import { boundedNumber, parseOptionsWith, type ShockRanges, shockParamsError } from "../../engine/options.ts";
import type { ShockEvent } from "../../engine/types.ts";
import { shocks, standardShocks } from "./shocks.ts";
import type { ProductLaunchOptions } from "./types.ts";

export const defaultOptions: ProductLaunchOptions = {
  weeks: 40,
  noise: 1,
  shocks: standardShocks.map((s) => ({ ...s, params: { ...s.params } })),
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

const schema = z
  .strictObject({
    weeks: boundedNumber(optionBounds.weeks.min, optionBounds.weeks.max, { integer: true }).default(
      defaultOptions.weeks,
    ),
    noise: boundedNumber(0, 3).default(defaultOptions.noise),
    shocks: z.array(shockEvent).max(50, { error: "at most 50 shocks" }).default(defaultOptions.shocks),
  })
  .superRefine((o, ctx) => {
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
      if (ev.week > o.weeks) {
        ctx.addIssue({
          code: "custom",
          path: ["shocks", i, "week"],
          message: `after the last week (${o.weeks})`,
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
  return { weeks: o.weeks, noise: o.noise, shocks: o.shocks as ShockEvent[] };
}
