// Every scenario checks its options with a zod schema and reports a failure the same way: one line,
// `field: what is wrong`, so the server, the lobby and the command line show the same message
// whichever scenario is played.

import { z } from "zod";

/** The one line that names the first bad field of `error`. */
export function optionsError(error: z.ZodError, schema?: z.ZodType): Error {
  const issue = error.issues[0]!;
  const at = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    // Through any transform to the object the input is checked against.
    let object: z.ZodType | undefined = schema;
    while (object instanceof z.ZodPipe) object = object.in as z.ZodType;
    const known = at.length === 0 && object instanceof z.ZodObject ? Object.keys(object.shape) : [];
    const expected = known.length > 0 ? `; expected ${known.join(", ")}` : "";
    return new Error(`${[...at, issue.keys[0]].join(".")}: unknown option${expected}`);
  }
  return new Error(`${at.join(".") || "options"}: ${issue.message}`);
}

/** Parses options with `schema`; missing options count as none given. Throws `optionsError`. */
export function parseOptionsWith<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input ?? {});
  if (!r.success) throw optionsError(r.error, schema);
  return r.data;
}

/** A number within bounds, with messages that say so in words. */
export function boundedNumber(lo: number, hi: number, opts: { integer?: boolean } = {}) {
  const range = `must be between ${lo} and ${hi}`;
  const n = z.number({ error: "must be a number" });
  return (opts.integer ? n.int({ error: "must be a whole number" }) : n)
    .min(lo, { error: range })
    .max(hi, { error: range });
}

/** A parameter's documented range. */
export interface ParamRange {
  min: number;
  max: number;
  integer?: boolean;
}

/** One table per scenario: shock name → parameter → range. A shock absent from it takes no parameters. */
export type ShockRanges = Readonly<Record<string, Readonly<Record<string, ParamRange>>>>;

/**
 * Why a shock's parameters are out of the scenario's table, as `param: what is wrong`, or null.
 * Used at create (scheduled shocks) and live (a host's shock), so both refuse the same values.
 */
export function shockParamsError(
  ranges: ShockRanges,
  shock: { name: string; params?: Readonly<Record<string, number>> | undefined },
): string | null {
  const table = ranges[shock.name] ?? {};
  for (const [key, value] of Object.entries(shock.params ?? {})) {
    const range = table[key];
    if (!range) {
      const known = Object.keys(table).join(", ") || "no parameters";
      return `${key}: shock "${shock.name}" takes ${known}`;
    }
    if (!Number.isFinite(value) || value < range.min || value > range.max) {
      return `${key}: must be between ${range.min} and ${range.max}`;
    }
    if (range.integer && !Number.isInteger(value)) return `${key}: must be a whole number`;
  }
  return null;
}
