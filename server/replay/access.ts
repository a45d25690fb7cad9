// Who may replay a recorded round. Its players (seat token), its host (host token) and its cohort's
// trainer (trainer token) may; after the debrief's reveal, so may anyone holding the replay link.
// Until the reveal only the host and the trainer may: the players' numbers stay hidden as in play.
//
// The replay link is `/replay/<round id>-<secret>`: the secret is 128 random bits kept in the
// round's creation record, unrelated to the join code, and never sent in exports of the log.

import { randomBytes, timingSafeEqual } from "node:crypto";
import { replayRound } from "../../shared/round/replay.ts";
import type { Round } from "../../shared/round/round.ts";
import { viewFor } from "../../shared/round/view.ts";
import { services } from "../services.ts";
import type { RoundRow, StoredEvent } from "../storage/types.ts";
import { hashToken } from "../tokens.ts";

export type Access = "host" | "trainer" | "player" | "link";

export function newReplaySecret(): string {
  return randomBytes(16).toString("hex");
}

/** The id in a round's replay link; null for rounds recorded before replay links existed. */
export function replayIdOf(round: Round): string | null {
  return round.created.replaySecret ? `${round.id}-${round.created.replaySecret}` : null;
}

/** A round id or a replay id, split into the round id and the secret (null for a plain round id). */
export function parseRoundRef(ref: string): { roundId: string; secret: string | null } {
  const m = /^(.+)-([0-9a-f]{32})$/.exec(ref);
  return m ? { roundId: m[1]!, secret: m[2]! } : { roundId: ref, secret: null };
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The strongest claim a request proves on a round: a token (host, trainer, seat) or the replay link. */
export async function accessOf(
  round: Round,
  token: string | null,
  secret: string | null,
): Promise<Access | null> {
  if (token) {
    const hash = hashToken(token);
    if (same(hash, round.created.hostTokenHash)) return "host";
    const cohort = round.created.cohort;
    if (cohort && (await services().isTrainer?.(cohort, token))) return "trainer";
    if (round.findByToken(hash)) return "player";
  }
  const stored = round.created.replaySecret;
  if (secret && stored && same(secret, stored)) return "link";
  return null;
}

/** The truth is out: the debrief revealed it, or the room closed for good. */
export const revealed = (round: Round) => viewFor(round, { kind: "spectator" }).record;

/** Replaying and branching: the host and the trainer always, players and link holders after the reveal. */
export function mayReplay(round: Round, access: Access | null): boolean {
  if (access === "host" || access === "trainer") return true;
  return access !== null && revealed(round);
}

/** A recorded round as one request sees it: its row, its log, the log replayed and what the request proves. */
export interface OpenedRound {
  row: RoundRow;
  events: StoredEvent[];
  round: Round;
  access: Access | null;
}

/**
 * Loads round `roundId` from storage and replays its log; null when no such round is recorded.
 * `wait` wraps each storage read (the exports bound them with the lookup timeout). Whether the access
 * suffices, and what to answer when it does not, is the caller's.
 */
export async function openRecorded(
  roundId: string,
  token: string | null,
  secret: string | null,
  wait: <T>(p: Promise<T>) => Promise<T> = (p) => p,
): Promise<OpenedRound | null> {
  const storage = services().storage;
  const row = await wait(storage.getRound(roundId));
  if (!row) return null;
  const events = await wait(storage.events(row.id));
  const round = replayRound(row.id, events);
  return { row, events, round, access: await accessOf(round, token, secret) };
}
