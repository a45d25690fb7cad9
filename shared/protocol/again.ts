// "Play again" messages: from a finished round's debrief, a seat holder (or the host) starts the next
// round for the same team; every teammate still on the debrief is told where it is; each player
// writes what they will do differently before joining it. The rules are in shared/round/again.ts.

import { z } from "zod";
import type { Decisions, RoleId, ShockEvent } from "../engine/types.ts";
import { plainText } from "../text/plain.ts";

export const AGAIN_MESSAGES = {
  /** client → server, in the finished round: start the next round for this team. */
  start: "again:start",
  /** server → client, to everyone in the finished round: where the team went (the starter also gets its host token). */
  next: "again:next",
  /** client → server, in the next round: what I will do differently (before its debrief). */
  hypothesis: "again:hypothesis",
} as const;

/** Longest hypothesis, in characters. */
export const MAX_HYPOTHESIS_CHARS = 500;

export const againStartSchema = z.object({
  /** The same seed: the same demand and shocks as the finished round. */
  sameSeed: z.boolean().default(true),
  /** The Beer Game's transparent round (`infoSharing`): ignored by scenarios without the switch. */
  infoSharing: z.boolean().default(false),
  /** The host proves itself (a host without a seat may start too). */
  hostToken: z.string().min(8).max(100).optional(),
});

/**
 * The text's length is the core's to check (a clear refusal, not a schema error); the bound here only
 * keeps a malformed message small.
 */
export const againHypothesisSchema = z.object({
  text: z
    .string()
    .max(MAX_HYPOTHESIS_CHARS * 4)
    .transform(plainText),
});

export type AgainStartMessage = z.input<typeof againStartSchema>;
export type AgainHypothesisMessage = z.input<typeof againHypothesisSchema>;

/** Where the team went: the next round's join code, and who started it. */
export interface AgainNextMessage {
  code: string;
  by: string;
  /** Only to the one who started it: the next round's host token (they start its play). */
  hostToken?: string;
}

/** What a player wrote they would do differently, kept with the round it was written for. */
export interface Hypothesis {
  role: string;
  name: string;
  text: string;
}

/**
 * The finished round a "play again" round follows: enough of its run to re-simulate it (hashes
 * checked) beside the next one in its debrief, and who played which seat.
 */
export interface PreviousRound {
  id: string;
  code: string;
  options: unknown;
  seed: number;
  /** decisions[t − 1] = week t. */
  decisions: Decisions[];
  shocks: ShockEvent[];
  /** Its hashes of weeks 0…N. */
  hashes: string[];
  seats: { role: RoleId; name: string }[];
}
