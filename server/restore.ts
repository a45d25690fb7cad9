// Restoring a recorded round into a live room of this process, and what happens when that fails: the
// round is left exactly as recorded (never marked closed), reported in the log and in the list of
// failed restores, and an operator can retry it (POST /api/operator/rounds/:id/restore).

import { matchMaker } from "@colyseus/core";
import { TEAM_ROOM } from "../shared/protocol/room.ts";
import { metrics } from "./ops/metrics.ts";
import { services } from "./services.ts";

export interface RestoreFailure {
  id: string;
  code: string;
  error: string;
  /** ms since the Unix epoch of the last attempt. */
  at: number;
  attempts: number;
}

export interface RestoreOutcome {
  id: string;
  code: string;
  ok: boolean;
  error?: string;
}

/** Rounds this process could not restore, by id (kept until a retry succeeds). */
export const restoreFailures = new Map<string, RestoreFailure>();

/** Restores a recorded round in a room of this process (never routed elsewhere); throws on failure. */
export async function openHere(roundId: string): Promise<void> {
  services().restoreTickets.add(roundId);
  try {
    await matchMaker.handleCreateRoom(TEAM_ROOM, { restore: roundId });
  } finally {
    services().restoreTickets.delete(roundId);
  }
}

/**
 * Opens a live room here for a recorded round this process owns (adopted, or retried by an
 * operator); a failure is recorded in `restoreFailures`, never thrown. The round stays owned here
 * (its lease renewed), so no other process restores it in a loop; the next start tries again.
 */
export async function restoreRoom(row: { id: string; code: string }): Promise<RestoreOutcome> {
  try {
    await openHere(row.id);
    restoreFailures.delete(row.id);
    metrics.restore("ok");
    return { id: row.id, code: row.code, ok: true };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    const attempts = (restoreFailures.get(row.id)?.attempts ?? 0) + 1;
    restoreFailures.set(row.id, { id: row.id, code: row.code, error, at: Date.now(), attempts });
    metrics.restore("failed");
    services().log(
      `could not restore round ${row.id} (${row.code}); it is left as recorded for an operator ` +
        `(POST /api/operator/rounds/${row.id}/restore retries it)`,
      e,
      { round: row.id, room: row.code },
    );
    return { id: row.id, code: row.code, ok: false, error };
  }
}
