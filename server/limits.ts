// What a stranger can cost this process: room creation, request bodies, idle rooms, debrief writes.
// Each limit has a default and an environment variable (docs/protocol.md, "Limits"), read and
// checked with the rest of the configuration (ops/config.ts) against the ranges written here; tests
// pass their own to startGameServer, checked against the same ranges.

import { z } from "zod";

/** A whole-number limit: its environment variable, the range it accepts, and its default. */
interface WholeLimit {
  variable: string;
  min: number;
  max: number;
  default: number;
}

/**
 * The whole-number limits, written once: the schema below checks the ones a caller gives, and the
 * configuration (ops/config.ts) reads each from its variable with the same range.
 */
export const WHOLE_LIMITS = {
  /** Rooms one IP address may create per minute (a sliding window). */
  createsPerMinutePerIp: { variable: "PF_CREATES_PER_MINUTE", min: 1, max: 1_000_000_000, default: 20 },
  /** Rooms in their lobby one process holds at once; further creates wait until some start or close. */
  maxLobbies: { variable: "PF_MAX_LOBBIES", min: 1, max: 1_000_000, default: 300 },
  /** Bytes of one matchmaking request body (create and join options). */
  maxRequestBytes: { variable: "PF_MAX_REQUEST_BYTES", min: 256, max: 64 * 1024 * 1024, default: 16_384 },
  /** Seconds an empty lobby waits for someone before it closes. */
  lobbyIdleSeconds: { variable: "PF_LOBBY_IDLE_SECONDS", min: 1, max: 7 * 86_400, default: 180 },
  /** Seconds an empty round in play or debrief waits for its players before it closes. */
  playIdleSeconds: { variable: "PF_PLAY_IDLE_SECONDS", min: 1, max: 7 * 86_400, default: 1800 },
  /** Ghost runs one seat may ask for in a round. */
  ghostsPerSeat: { variable: "PF_GHOSTS_PER_SEAT", min: 0, max: 1000, default: 10 },
  /** Ghost runs a round keeps. */
  ghostsPerRound: { variable: "PF_GHOSTS_PER_ROUND", min: 0, max: 10_000, default: 50 },
  /** Bytes of a round's shared debrief state (sketches, notes, ghost runs) as sent to a client. */
  debriefStateBytes: {
    variable: "PF_DEBRIEF_STATE_BYTES",
    min: 4096,
    max: 64 * 1024 * 1024,
    default: 512 * 1024,
  },
  /**
   * Events one round may hold waiting for its log while recording fails (the round is paused); past
   * it the round refuses new requests with recording_unavailable until the log can be written.
   */
  maxQueuedEvents: { variable: "PF_MAX_QUEUED_EVENTS", min: 10, max: 1_000_000, default: 500 },
} as const satisfies Record<string, WholeLimit>;

const whole = ({ min, max, default: def }: WholeLimit) => z.number().int().min(min).max(max).default(def);

const wholeShape = Object.fromEntries(
  Object.entries(WHOLE_LIMITS).map(([key, limit]) => [key, whole(limit)]),
) as { [K in keyof typeof WHOLE_LIMITS]: ReturnType<typeof whole> };

const limitsSchema = z.object({
  ...wholeShape,
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
