// Observations hold numbers and short numeric arrays; the wire state holds a flat map of numbers so
// that only changed values travel. These two functions convert between the two forms.

import type { Observation } from "../engine/types.ts";

// Element keys ("line.0", …) are built once per name: the server writes every role's observation every
// week, and a new string per element per week was garbage the collector had to keep up with.
const elementKeys = new Map<string, string[]>();

function elementKey(name: string, i: number): string {
  let keys = elementKeys.get(name);
  if (keys === undefined) {
    keys = [];
    elementKeys.set(name, keys);
  }
  const known = keys[i];
  if (known !== undefined) return known;
  const key = `${name}.${i}`;
  keys[i] = key;
  return key;
}

/** Visits the entries of flattenObservation in order, without building them. */
export function forEachObservationEntry(obs: Observation, visit: (key: string, value: number) => void): void {
  // for…in visits a plain object's own keys in Object.keys' order, without the array of keys.
  for (const k in obs) {
    const v = obs[k]!;
    if (typeof v === "number") visit(k, v);
    else for (let i = 0; i < v.length; i++) visit(elementKey(k, i), v[i]!);
  }
}

/** { a: 1, line: [2, 3] } → [["a", 1], ["line.0", 2], ["line.1", 3]]. */
export function flattenObservation(obs: Observation): [string, number][] {
  const out: [string, number][] = [];
  forEachObservationEntry(obs, (k, v) => out.push([k, v]));
  return out;
}

/** The inverse of flattenObservation; accepts a Map or decoded MapSchema (both iterate entries). */
export function unflattenObservation(flat: Iterable<[string, number]>): Record<string, number | number[]> {
  const out: Record<string, number | number[]> = {};
  const put = (k: string, v: number) => {
    const dot = k.lastIndexOf(".");
    const idx = dot < 0 ? Number.NaN : Number(k.slice(dot + 1));
    if (dot < 0 || !Number.isInteger(idx)) {
      out[k] = v;
      return;
    }
    const name = k.slice(0, dot);
    const arr = Array.isArray(out[name]) ? (out[name] as number[]) : [];
    arr[idx] = v;
    out[name] = arr;
  };
  for (const [k, v] of flat) put(k, v);
  return out;
}
