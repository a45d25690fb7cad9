// Error codes (sent in the `error` message; the seat is kept) and close codes (the client is cut off).

export const ERROR_CODES = [
  /** The message did not match the protocol (wrong shape or type); the seat is kept. */
  "invalid_message",
  /** A decision value out of range, not whole, or an unknown decision id. `field` names it. */
  "bad_decision",
  /** A decision for a week that is already simulated. */
  "week_closed",
  /** A decision for a week that is not open yet. */
  "week_not_open",
  /** A decision for a role this client does not hold. */
  "not_your_role",
  /** This client holds no seat (a spectator) and tried to act as a player. */
  "no_seat",
  /** The requested seat is held by another player. */
  "seat_taken",
  /** No such role in this scenario. */
  "unknown_role",
  /** The action is not possible in this phase (e.g. deciding in the lobby, changing seats in play). */
  "wrong_phase",
  /** A host action without the right host token. */
  "not_host",
  /** Host action refused: bad parameters (e.g. an unknown shock, a pace out of range). */
  "bad_request",
  /**
   * The round's log cannot be written right now and the requests waiting for it have reached their
   * bound: the request was not taken. Play is held (`state.hold` is "recording") and resumes by itself.
   */
  "recording_unavailable",
  // A join or create refused (the promise of `client.joinById` / `client.create` rejects; see refusal()).
  /** A new player asked for a seat after the start, with no seat a bot plays that they may take. */
  "round_started",
  /** Every seat has a player. */
  "round_full",
  /** A seat token or cohort ticket the room does not know. */
  "bad_token",
  /** Join or create options that do not fit the protocol (`field` names the first one, e.g. `pace.secondsPerWeek`). */
  "bad_options",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * A refused join or create travels as the error's message: `code[@field]: reason`. The SDK hands
 * clients the message only, so the code and field ride at its start; parseRefusal reads them back.
 */
export function refusal(code: ErrorCode, reason: string, field?: string): string {
  return `${code}${field ? `@${field}` : ""}: ${reason}`;
}

export function parseRefusal(message: string): { code: ErrorCode | null; field?: string; reason: string } {
  const m = /^([a-z_]+)(?:@([\w.]+))?: ([\s\S]*)$/.exec(message);
  const code = m?.[1] as ErrorCode | undefined;
  if (!m || !code || !(ERROR_CODES as readonly string[]).includes(code))
    return { code: null, reason: message };
  return m[2] ? { code, field: m[2], reason: m[3] ?? "" } : { code, reason: m[3] ?? "" };
}

/** WebSocket close codes used when a client is cut off. The room keeps running for everyone else. */
export const CLOSE_CODES = {
  /** Too many messages per second (flooding); Colyseus closes these with its generic error code. */
  flooding: 4002,
  /** Repeated malformed messages: garbage. */
  garbage: 4400,
  /** A frame larger than LIMITS.maxMessageBytes (closed by the WebSocket layer: "message too big"). */
  oversized: 1009,
  /** The same seat was taken back by a newer connection (a reload or a second tab). */
  replaced: 4409,
  /**
   * The round now runs on another server process (this one is stopping, or lost it): join again by
   * the code with the seat token, as after a reload.
   */
  moved: 4011,
} as const;

/** Limits the server enforces. Clients that stay under them are never cut off. */
export const LIMITS = {
  /** Bytes in one incoming WebSocket frame. */
  // Room for the debrief's largest messages (a 4,000-character note, a 200-point sketch).
  maxMessageBytes: 16_384,
  /** Messages a client may send per second. */
  maxMessagesPerSecond: 30,
  /** Malformed messages tolerated (each answered with invalid_message) before the client is cut off. */
  maxInvalidMessages: 20,
} as const;
