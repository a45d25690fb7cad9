import type { Decision, DecisionSpec } from "./types.ts";

export function defaultDecision(specs: readonly DecisionSpec[]): Decision {
  const d: Record<string, number> = {};
  for (const s of specs) d[s.id] = s.default;
  return d;
}

export type DecisionCheck = { ok: true; decision: Decision } | { ok: false; field: string; reason: string };

/**
 * Checks a decision against its specs. Missing fields take their defaults;
 * unknown fields, non-numbers, out-of-range and non-integers are refused with a reason.
 */
export function checkDecision(specs: readonly DecisionSpec[], input: unknown): DecisionCheck {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { ok: false, field: "", reason: "a decision is an object of named numbers" };
  }
  const given = input as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!specs.some((s) => s.id === key)) {
      return {
        ok: false,
        field: key,
        reason: `unknown decision "${key}"; expected ${specs.map((s) => s.id).join(", ")}`,
      };
    }
  }
  const d: Record<string, number> = {};
  for (const s of specs) {
    const v = given[s.id];
    if (v === undefined) {
      d[s.id] = s.default;
      continue;
    }
    if (typeof v !== "number" || !Number.isFinite(v)) {
      return { ok: false, field: s.id, reason: `${s.label} must be a number` };
    }
    if (v < s.min || v > s.max) {
      return { ok: false, field: s.id, reason: `${s.label} must be between ${s.min} and ${s.max} ${s.unit}` };
    }
    if (s.integer && !Number.isInteger(v)) {
      return { ok: false, field: s.id, reason: `${s.label} must be a whole number` };
    }
    d[s.id] = v;
  }
  return { ok: true, decision: d };
}
