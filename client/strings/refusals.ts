// Every refusal the server can send, as one sentence for the person, by the field it concerns. The
// one mapping from the protocol's error codes (shared/protocol/errors.ts) to the strings table.

import type { ErrorCode } from "../../shared/protocol/errors.ts";
import { parseRefusal } from "../../shared/protocol/errors.ts";
import { type StringKey, t, type Vars } from "./index.ts";

export interface Refused {
  code: ErrorCode | null;
  /** The field the server named (`pace.secondsPerWeek`, `options.weeks`, a decision id), if any. */
  field?: string;
  /** The server's own words, used only where a sentence needs the detail. */
  reason: string;
  /** An HTTP status, for the endpoints that answer with one. */
  status?: number;
}

const SENTENCES: Readonly<Record<ErrorCode, StringKey>> = {
  invalid_message: "refusal.invalid_message",
  bad_decision: "refusal.bad_decision.other",
  week_closed: "refusal.week_closed",
  week_not_open: "refusal.week_not_open",
  not_your_role: "refusal.not_your_role",
  no_seat: "refusal.no_seat",
  seat_taken: "refusal.seat_taken",
  unknown_role: "refusal.unknown_role",
  wrong_phase: "refusal.wrong_phase",
  not_host: "refusal.not_host",
  bad_request: "refusal.bad_request",
  recording_unavailable: "refusal.recording_unavailable",
  round_started: "refusal.round_started",
  round_full: "refusal.round_full",
  bad_token: "refusal.bad_token",
  bad_options: "refusal.bad_options",
};

/** A refusal from whatever carried it: an `error` message, a rejected join or create, an HTTP answer. */
export function refusalOf(e: unknown): Refused {
  if (e && typeof e === "object" && "code" in e && "reason" in e && typeof e.reason === "string") {
    const m = e as { code: ErrorCode; reason: string; field?: string };
    return m.field ? { code: m.code, reason: m.reason, field: m.field } : { code: m.code, reason: m.reason };
  }
  const status = e && typeof e === "object" && "status" in e ? Number(e.status) : undefined;
  let message = e instanceof Error ? e.message : String(e ?? "");
  // HTTP endpoints answer { error: "…" }.
  try {
    const body = JSON.parse(message) as { error?: unknown };
    if (typeof body.error === "string") message = body.error;
  } catch {
    // not JSON
  }
  const r = parseRefusal(message);
  return status === undefined || Number.isNaN(status) ? r : { ...r, status };
}

/** The sentence for a refusal; `vars` fill what the client knows (a field's label and bounds). */
export function refusalSentence(r: Refused, vars: Vars = {}): string {
  const reason = r.reason.replace(/\.$/, "");
  if (r.code === "bad_decision" && vars["min"] !== undefined && /between|whole|range/.test(r.reason))
    return t("refusal.bad_decision", vars);
  if (r.code) return t(SENTENCES[r.code], { reason, ...vars });
  if (r.status === 400) return t("error.badCode");
  if (r.status === 404) return t("error.notFound");
  return reason ? reason.charAt(0).toUpperCase() + reason.slice(1) : t("error.network");
}
