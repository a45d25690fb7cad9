// The `NAME[:key=value,...]` notation the command line and bot choices use for policies, demand
// patterns and shocks: `sterman:theta=0.36,alpha=0.26`, `step:to=12`, `supplier-outage:week=8`.

/** `NAME` and what follows its first colon (empty when there is none), both trimmed. */
export function splitName(text: string): { name: string; rest: string } {
  const colon = text.indexOf(":");
  return {
    name: (colon < 0 ? text : text.slice(0, colon)).trim(),
    rest: colon < 0 ? "" : text.slice(colon + 1).trim(),
  };
}

export interface ParamsOptions {
  /** Read `true` and `false` as 1 and 0, for switches such as `continuous=true`. */
  flags?: boolean;
}

/**
 * `key=number,...` into a record; a later key wins. `badPart` gets the first part that is not
 * key=number and throws the caller's own error, which names its flag and valid choices.
 */
export function parseParams(
  rest: string,
  badPart: (part: string) => never,
  options: ParamsOptions = {},
): Record<string, number> {
  const params: Record<string, number> = {};
  if (rest.trim() === "") return params;
  for (const part of rest.split(",")) {
    const eq = part.indexOf("=");
    const key = part.slice(0, eq).trim();
    const text = part.slice(eq + 1).trim();
    const value = options.flags && text === "true" ? 1 : options.flags && text === "false" ? 0 : Number(text);
    if (eq < 0 || key === "" || text === "" || !Number.isFinite(value)) badPart(part);
    params[key] = value;
  }
  return params;
}

/** The notation back from a name and its parameters: `name`, or `name:key=value,...` in the order given. */
export function formatNamedParams(name: string, params: Readonly<Record<string, number>>): string {
  const parts = Object.entries(params).map(([k, v]) => `${k}=${v}`);
  return parts.length ? `${name}:${parts.join(",")}` : name;
}
