// The replay endpoints as the client calls them (docs/protocol.md, Replays). Each failure becomes a
// ReplayApiError carrying the server's own sentence, so the page can show it as it is.

import type { RoundRecord } from "../../shared/protocol/messages.ts";
import type { SavedSeat } from "./seat-store.ts";

export interface MyRound {
  id: string;
  replayId: string | null;
  code: string;
  scenario: string;
  title: string;
  status: string;
  week: number;
  horizon: number;
  /** ms since the Unix epoch, as every listing sends it. */
  createdAt: number;
  role: string | null;
  host: boolean;
  /** Listed because this browser runs the round's cohort. */
  trainer: boolean;
  parent: { id: string; week: number } | null;
  team: { label: string; value: number; unit: string } | null;
}

export interface ReplayAnswer {
  record: RoundRecord;
  replayId: string;
  access: "host" | "trainer" | "player" | "link";
  phase: string;
  revealed: boolean;
  cohort: string | null;
  branchWeeks: { min: number; max: number };
}

export interface BranchAnswer {
  id: string;
  code: string;
  hostToken: string;
  replayId: string;
  humans: string[];
}

export class ReplayApiError extends Error {
  readonly status: number;
  readonly week: number | null;
  /** A replay refused before its reveal to a link holder names its cohort (its trainer may open it). */
  readonly cohort: string | null;
  constructor(status: number, message: string, week: number | null = null, cohort: string | null = null) {
    super(message);
    this.status = status;
    this.week = week;
    this.cohort = cohort;
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, init);
  const body = (await res.json().catch(() => null)) as {
    error?: string;
    week?: number | null;
    cohort?: string;
  } | null;
  if (!res.ok)
    throw new ReplayApiError(
      res.status,
      body?.error ?? `${res.status} ${res.statusText}`,
      body?.week,
      body?.cohort ?? null,
    );
  return body as T;
}

const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/** The first token of ours that may open round `code`: the host's, else the seat's. */
function bearer(token: string | null): HeadersInit {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** The rounds this browser's seats open, and every round of the cohorts it runs (trainer keys). */
export function myRounds(
  seats: readonly SavedSeat[],
  cohorts: readonly { id: string; trainerToken: string }[] = [],
): Promise<MyRound[]> {
  if (seats.length === 0 && cohorts.length === 0) return Promise.resolve([]);
  const body = seats.map((s) => ({ code: s.code, seatToken: s.seatToken, hostToken: s.hostToken }));
  return call("/api/rounds/mine", json({ seats: body, cohorts }));
}

export function fetchReplay(id: string, token: string | null): Promise<ReplayAnswer> {
  return call(`/api/rounds/${encodeURIComponent(id)}/replay`, { headers: bearer(token) });
}

/**
 * A replay as this browser may open it: by its link first. Before the reveal the link alone is
 * refused, so the browser asks again with what it holds for that round: the host's or a seat's token
 * (found through "my rounds"), or the key of the cohort's trainer.
 */
export async function openReplay(
  id: string,
  seats: readonly SavedSeat[],
  trainerKey: (cohort: string) => string | null,
): Promise<ReplayAnswer> {
  try {
    return await fetchReplay(id, null);
  } catch (e) {
    if (!(e instanceof ReplayApiError) || e.status !== 403) throw e;
    const mine = await myRounds(seats).catch((): MyRound[] => []);
    const code = mine.find((r) => r.replayId === id)?.code;
    const seat = code ? seats.find((s) => s.code === code) : undefined;
    const token = seat?.hostToken ?? (e.cohort ? trainerKey(e.cohort) : null) ?? seat?.seatToken ?? null;
    if (!token) throw e;
    return fetchReplay(id, token);
  }
}

export function branchRound(
  id: string,
  token: string | null,
  week: number,
  seats: Record<string, string>,
): Promise<BranchAnswer> {
  const init = json({ week, seats });
  return call(`/api/rounds/${encodeURIComponent(id)}/branch`, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), ...bearer(token) },
  });
}

/** Sends the file as it is: the server checks it and names what is wrong. */
export function importRound(file: Blob): Promise<{ id: string; replayId: string }> {
  return call("/api/rounds/import", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: file,
  });
}
