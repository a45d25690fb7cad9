// Observations hold numbers and short numeric arrays; the wire state holds a flat map of numbers so
// that only changed values travel. These two functions convert between the two forms.

import type { Observation } from "../engine/types.ts";

/** { a: 1, line: [2, 3] } → [["a", 1], ["line.0", 2], ["line.1", 3]]. */
export function flattenObservation(obs: Observation): [string, number][] {
  const out: [string, number][] = [];
  for (const [k, v] of Object.entries(obs)) {
    if (typeof v === "number") out.push([k, v]);
    else for (let i = 0; i < v.length; i++) out.push([`${k}.${i}`, v[i]!]);
  }
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
