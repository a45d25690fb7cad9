// What a stranger can cost this process: room creation, request bodies, idle rooms, debrief writes.
// Each limit has a default and an environment variable (docs/protocol.md, "Limits"), read and
// checked with the rest of the configuration (ops/config.ts); tests pass their own to startGameServer.

import { z } from "zod";

const whole = (min: number) => z.number().int().min(min);

const limitsSchema = z.object({
  /** Rooms one IP address may create per minute (a sliding window). */
  createsPerMinutePerIp: whole(1).default(20),
  /** Rooms in their lobby one process holds at once; further creates wait until some start or close. */
  maxLobbies: whole(1).default(300),
  /** Bytes of one matchmaking request body (create and join options). */
  maxRequestBytes: whole(256).default(16_384),
  /** Seconds an empty lobby waits for someone before it closes. */
  lobbyIdleSeconds: whole(1).default(180),
  /** Seconds an empty round in play or debrief waits for its players before it closes. */
  playIdleSeconds: whole(1).default(1800),
  /** Ghost runs one seat may ask for in a round. */
  ghostsPerSeat: whole(0).default(10),
  /** Ghost runs a round keeps. */
  ghostsPerRound: whole(0).default(50),
  /** Bytes of a round's shared debrief state (sketches, notes, ghost runs) as sent to a client. */
  debriefStateBytes: whole(4096).default(512 * 1024),
  /**
   * Events one round may hold waiting for its log while recording fails (the round is paused); past
   * it the round refuses new requests with recording_unavailable until the log can be written.
   */
  maxQueuedEvents: whole(10).default(500),
  /** Behind a reverse proxy: count creates by the first X-Forwarded-For address, not the socket's. */
  trustProxy: z.boolean().default(false),
});

export type ServerLimits = z.output<typeof limitsSchema>;

/** The defaults: what a process runs with when neither its caller nor its environment says otherwise. */
export const DEFAULT_LIMITS: ServerLimits = limitsSchema.parse({});

/** The limits in force: the given ones (checked), the defaults for the rest. */
export function resolveLimits(given: Partial<ServerLimits> = {}): ServerLimits {
  const parsed = limitsSchema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${String(issue.path[0])}: ${issue.message}`);
  }
  return parsed.data;
}
