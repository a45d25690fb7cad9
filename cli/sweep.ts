// `--sweep key=a:b:step`: a grid over policy parameters. A key is a parameter name (every role whose
// policy has it) or role.parameter; the grid is every combination of the keys' values.

import { type PolicyChoice, withParams } from "../shared/policies/index.ts";

export interface SweepAxis {
  /** As given: "theta" or "retailer.theta". */
  key: string;
  role: string | null;
  param: string;
  values: number[];
}

/** The most grid points a sweep may have. */
export const MAX_POINTS = 1_000_000;

/** Reads one `key=a:b:step`; throws a one-line error. */
export function parseAxis(text: string, roles: readonly string[]): SweepAxis {
  const m = /^([\w.-]+)=([^:]+):([^:]+):([^:]+)$/.exec(text.trim());
  if (!m) throw new Error(`--sweep takes key=from:to:step, e.g. theta=0:1:0.1; got "${text}"`);
  const [, key, a, b, s] = m as unknown as [string, string, string, string, string];
  const [from, to, step] = [a, b, s].map(Number) as [number, number, number];
  if (![from, to, step].every(Number.isFinite))
    throw new Error(`--sweep ${key}: from, to and step must be numbers`);
  if (!(step > 0)) throw new Error(`--sweep ${key}: step must be above 0`);
  if (to < from) throw new Error(`--sweep ${key}: to must not be below from`);
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  if (count > MAX_POINTS) throw new Error(`--sweep ${key}: ${count} values is more than ${MAX_POINTS}`);
  // Each value from its index, rounded to 12 significant digits: no drift from repeated addition.
  const values = Array.from({ length: count }, (_, i) => Number((from + i * step).toPrecision(12)));
  const dot = key.indexOf(".");
  const role = dot < 0 ? null : key.slice(0, dot);
  if (role !== null && !roles.includes(role)) {
    throw new Error(`--sweep ${key}: unknown role "${role}"; choose one of: ${roles.join(", ")}`);
  }
  return { key, role, param: dot < 0 ? key : key.slice(dot + 1), values };
}

/**
 * Every grid point as role → policy text, in grid order (the last axis varies fastest), and each
 * point's values by axis key. Throws a one-line error when an axis fits no role's policy or a value
 * is out of its parameter's range.
 */
export function gridPoints(
  axes: readonly SweepAxis[],
  base: Readonly<Record<string, PolicyChoice>>,
): { policies: Record<string, string>[]; values: number[][] } {
  const roles = Object.keys(base);
  for (const a of axes) {
    const hits = roles.filter((r) => (a.role === null || a.role === r) && a.param in base[r]!.spec.params);
    if (hits.length === 0) {
      const where = a.role ?? "any role";
      throw new Error(`--sweep ${a.key}: the policy of ${where} has no parameter "${a.param}"`);
    }
  }
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  if (total > MAX_POINTS) throw new Error(`--sweep: ${total} grid points is more than ${MAX_POINTS}`);
  const policies: Record<string, string>[] = [];
  const values: number[][] = [];
  for (let i = 0; i < total; i++) {
    let rest = i;
    const point = new Array<number>(axes.length);
    for (let k = axes.length - 1; k >= 0; k--) {
      const n = axes[k]!.values.length;
      point[k] = axes[k]!.values[rest % n]!;
      rest = Math.floor(rest / n);
    }
    const texts: Record<string, string> = {};
    for (const r of roles) {
      const choice = base[r]!;
      const params: Record<string, number> = { ...choice.params };
      axes.forEach((a, k) => {
        if ((a.role === null || a.role === r) && a.param in choice.spec.params) params[a.param] = point[k]!;
      });
      try {
        texts[r] = withParams(choice.spec, params).text;
      } catch (e) {
        throw new Error(`--sweep: ${(e as Error).message}`);
      }
    }
    policies.push(texts);
    values.push(point);
  }
  return { policies, values };
}
