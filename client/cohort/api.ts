// The cohort's HTTP calls (same origin; in development Vite forwards /api to the game server).

import type {
  ParticipantAssigned as Assignment,
  CohortPublic as CohortLookup,
  CreateCohort as CreateCohortRequest,
  CohortCreated as CreatedCohort,
} from "../../shared/protocol/cohort.ts";

export class CohortApiError extends Error {
  readonly status: number;
  readonly field: string | null;
  constructor(status: number, message: string, field: string | null) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

async function send<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: string; field?: string };
    throw new CohortApiError(res.status, body.error || res.statusText, body.field ?? null);
  }
  return (await res.json()) as T;
}

function json(body: unknown, token?: string): RequestInit {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  return { method: "POST", headers, body: JSON.stringify(body) };
}

export function createCohort(req: CreateCohortRequest): Promise<CreatedCohort> {
  return send("/api/cohorts", json(req));
}

export function lookupCohort(code: string): Promise<CohortLookup> {
  return send(`/api/cohorts/code/${encodeURIComponent(code.trim().toUpperCase())}`);
}

export function joinCohort(
  code: string,
  body: { name: string; department?: string; participantToken?: string },
): Promise<Assignment> {
  return send(`/api/cohorts/code/${encodeURIComponent(code.trim().toUpperCase())}/participants`, json(body));
}

/** The cohort debrief's data; the trainer sends the token, participants none. */
export function fetchCohortDebrief<T>(id: string, token: string | null): Promise<T> {
  return send(`/api/cohorts/${encodeURIComponent(id)}/debrief.json`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

/** The export endpoints (the trainer's token goes in a header: see downloadWithToken). */
export function exportLinks(id: string): { csv: string; xlsx: string; json: string } {
  const at = (ext: string) => `/api/cohorts/${encodeURIComponent(id)}/export.${ext}`;
  return { csv: at("csv"), xlsx: at("xlsx"), json: at("json") };
}
