import { z } from "zod";
import type { ShockEvent } from "../../engine/types.ts";
import { shocks, standardShocks } from "./shocks.ts";
import type { ProductLaunchOptions } from "./types.ts";

export const defaultOptions: ProductLaunchOptions = {
  weeks: 40,
  noise: 1,
  shocks: standardShocks.map((s) => ({ ...s, params: { ...s.params } })),
};

/** Bounds parseOptions holds the horizon to. */
export const optionBounds = { weeks: { min: 8, max: 156 } } as const;

const shockEvent = z.object({
  name: z.string(),
  week: z.number().int().min(1),
  params: z.record(z.string(), z.number().finite()).optional(),
});

const schema = z
  .object({
    weeks: z
      .number()
      .int()
      .min(optionBounds.weeks.min)
      .max(optionBounds.weeks.max)
      .default(defaultOptions.weeks),
    noise: z.number().min(0).max(3).default(defaultOptions.noise),
    shocks: z.array(shockEvent).default(defaultOptions.shocks),
  })
  .strict();

/** Completes and checks options; throws an Error naming the offending field. */
export function parseOptions(input: unknown): ProductLaunchOptions {
  const r = schema.safeParse(input ?? {});
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = issue.path.join(".") || "options";
    throw new Error(`product-launch option ${field}: ${issue.message}`);
  }
  const o = r.data;
  o.shocks.forEach((ev, i) => {
    const spec = shocks.find((s) => s.name === ev.name);
    if (!spec) {
      throw new Error(
        `product-launch option shocks.${i}.name: unknown shock "${ev.name}"; choose one of ${shocks.map((s) => s.name).join(", ")}`,
      );
    }
    if (ev.week > o.weeks)
      throw new Error(`product-launch option shocks.${i}.week: after the last week (${o.weeks})`);
    for (const key of Object.keys(ev.params ?? {})) {
      if (!(key in spec.params)) {
        throw new Error(
          `product-launch option shocks.${i}.params.${key}: ${ev.name} takes ${Object.keys(spec.params).join(", ")}`,
        );
      }
    }
  });
  return { weeks: o.weeks, noise: o.noise, shocks: o.shocks as ShockEvent[] };
}
