// What a stranger can cost this process: room creation, request bodies, idle rooms, debrief writes.
// Each limit has a default and an environment variable (docs/protocol.md, "Limits"); tests pass
// their own to startGameServer.

import { z } from "zod";

const whole = (min: number) => z.coerce.number().int().min(min);

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
  trustProxy: z.union([z.boolean(), z.stringbool()]).default(false),
});

export type ServerLimits = z.output<typeof limitsSchema>;

/** Environment variable → limit. */
const ENV: Record<keyof ServerLimits, string> = {
  createsPerMinutePerIp: "PF_CREATES_PER_MINUTE",
  maxLobbies: "PF_MAX_LOBBIES",
  maxRequestBytes: "PF_MAX_REQUEST_BYTES",
  lobbyIdleSeconds: "PF_LOBBY_IDLE_SECONDS",
  playIdleSeconds: "PF_PLAY_IDLE_SECONDS",
  ghostsPerSeat: "PF_GHOSTS_PER_SEAT",
  ghostsPerRound: "PF_GHOSTS_PER_ROUND",
  debriefStateBytes: "PF_DEBRIEF_STATE_BYTES",
  maxQueuedEvents: "PF_MAX_QUEUED_EVENTS",
  trustProxy: "PF_TRUST_PROXY",
};

/** The limits in force: explicit ones first, then the environment, then the defaults. */
export function resolveLimits(
  given: Partial<ServerLimits> = {},
  env: NodeJS.ProcessEnv = process.env,
): ServerLimits {
  const fromEnv: Record<string, string> = {};
  for (const [key, name] of Object.entries(ENV)) {
    const v = env[name];
    if (v !== undefined && v !== "") fromEnv[key] = v;
  }
  const parsed = limitsSchema.safeParse({ ...fromEnv, ...given });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0]) as keyof ServerLimits;
    throw new Error(`${ENV[key] ?? key}: ${issue.message}`);
  }
  return parsed.data;
}
