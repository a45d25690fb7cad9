// The decision form's logic: fields from the role's DecisionSpecs, what was typed → the message to
// send, and where a refusal from the server is shown. Range checks are the server's: the form only
// refuses what is not a number at all, so the reason a player reads is the authority's. Pure.

import type { DecisionSpec } from "../../shared/engine/types.ts";
import type { ErrorMessage } from "../../shared/protocol/messages.ts";

export interface FieldModel {
  id: string;
  label: string;
  unit: string;
  help: string;
  min: number;
  max: number;
  step: number | "any";
  /** The value to prefill: the standing decision, else the last one sent, else the spec's default. */
  value: string;
}

export function formFields(
  specs: readonly DecisionSpec[],
  standing: Readonly<Record<string, number>>,
  lastSent: Readonly<Record<string, number>> = {},
): FieldModel[] {
  return specs.map((s) => {
    const v = standing[s.id] ?? lastSent[s.id] ?? s.default;
    return {
      id: s.id,
      label: s.label,
      unit: s.unit,
      help: s.help ?? "",
      min: s.min,
      max: s.max,
      step: s.integer ? 1 : "any",
      value: String(v),
    };
  });
}

export type ParsedForm =
  | { ok: true; decision: Record<string, number> }
  | { ok: false; field: string; problem: "required" | "number" };

/** Typed text → numbers. Accepts a decimal comma; empty or non-numeric fields are named. */
export function parseForm(
  specs: readonly DecisionSpec[],
  typed: Readonly<Record<string, string>>,
): ParsedForm {
  const decision: Record<string, number> = {};
  for (const s of specs) {
    const raw = (typed[s.id] ?? "").trim().replace(",", ".");
    if (raw === "") return { ok: false, field: s.id, problem: "required" };
    const v = Number(raw);
    if (!Number.isFinite(v)) return { ok: false, field: s.id, problem: "number" };
    decision[s.id] = v;
  }
  return { ok: true, decision };
}

/**
 * Which field a server error belongs next to: the named field, else the first field for decision
 * errors (week closed, paused…), else null (shown at the form's top).
 */
export function errorField(
  specs: readonly DecisionSpec[],
  err: Pick<ErrorMessage, "field" | "request">,
): string | null {
  if (err.field && specs.some((s) => s.id === err.field)) return err.field;
  if (err.request === "decide") return specs[0]?.id ?? null;
  return null;
}
