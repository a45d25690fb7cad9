// Room names, enums and the options a client passes when it creates or joins a team room.
// Pure data and zod schemas, shared by the server (which validates) and clients (which build them).

import { z } from "zod";
import { plainLine } from "../text/plain.ts";

/** The Colyseus room name of a team round: one company, one department per player. */
export const TEAM_ROOM = "team";

/** Where a round is. The debrief opens to everyone when play ends. */
export const PHASES = ["lobby", "play", "debrief"] as const;
export type Phase = (typeof PHASES)[number];

/**
 * How weeks advance.
 * lockstep: when every human seat has decided. timed: at a deadline per week (missing decisions are
 * made by the seat's default policy, source "default"). continuous: at a fixed rate, decisions persist.
 */
export const PACES = ["lockstep", "timed", "continuous"] as const;
export type PaceMode = (typeof PACES)[number];

/**
 * Why the server holds play by itself (`state.hold`). recording: the round's log cannot be written;
 * nothing is shown that is not recorded, nothing is lost, play resumes by itself when it can.
 */
export const HOLD_REASONS = ["recording"] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

/** Who is playing a seat right now. */
export const CONTROLS = ["empty", "human", "bot"] as const;
export type SeatControl = (typeof CONTROLS)[number];

/** Join codes: 6 characters from an alphabet without look-alikes (no 0/O, 1/I/L). */
export const JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const JOIN_CODE_LENGTH = 6;
export const joinCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`), "a join code is 6 letters and digits");

/** Limits on pace, in seconds per week. */
export const MIN_SECONDS_PER_WEEK = 0.05;
export const MAX_SECONDS_PER_WEEK = 3600;
export const DEFAULT_SECONDS_PER_WEEK = 60;
export const MAX_NAME_LENGTH = 40;
/** Seeds are unsigned 32-bit integers, the random stream's state. */
export const MAX_SEED = 0xffffffff;

export const MAX_COHORT_CHARS = 60;

/** A one-line text typed by a person: control and bidi-override characters dropped, then trimmed. */
const lineSchema = (max: number, what: string) =>
  z
    .string()
    .max(max * 4, `${what} are at most ${max} characters`)
    .transform(plainLine)
    .pipe(
      z
        .string()
        .trim()
        .min(1, `a ${what.replace(/s$/, "")} is needed`)
        .max(max, `${what} are at most ${max} characters`),
    );

export const displayNameSchema = lineSchema(MAX_NAME_LENGTH, "names");

const roleIdSchema = z.string().min(1).max(40);
const paramsSchema = z.record(z.string().max(40), z.number().finite());

export const paceSchema = z.object({
  mode: z.enum(PACES),
  /** Timed: the deadline per week. Continuous: the interval between weeks. Ignored in lockstep. */
  secondsPerWeek: z
    .number()
    .min(MIN_SECONDS_PER_WEEK)
    .max(MAX_SECONDS_PER_WEEK)
    .default(DEFAULT_SECONDS_PER_WEEK),
});
export type Pace = z.infer<typeof paceSchema>;

/** The bot policy a seat uses when no human plays it (empty at start, or dropped). */
export const botChoiceSchema = z.object({
  policy: z.string().min(1).max(60),
  params: paramsSchema.optional(),
});
export type BotChoice = z.infer<typeof botChoiceSchema>;

/** `client.create(TEAM_ROOM, options)`: the creator becomes the host and takes a seat like any player. */
export const createOptionsSchema = z.object({
  scenario: z.string().min(1).max(60),
  /** Scenario options, validated by the scenario's parseOptions. */
  options: z.unknown().optional(),
  pace: paceSchema.default({ mode: "lockstep", secondsPerWeek: DEFAULT_SECONDS_PER_WEEK }),
  /** Seeds the round's random stream; the server picks one when absent. */
  seed: z.number().int().min(0).max(MAX_SEED).optional(),
  /** Policy per seat; seats without an entry use the scenario's default policy. */
  bots: z.record(roleIdSchema, botChoiceSchema).default({}),
  /** Seconds a dropped player's seat waits before a bot takes it over (the seat stays theirs). */
  graceSeconds: z.number().min(0).max(600).default(20),
  /** The creator's own seat request, as in join options. */
  name: displayNameSchema,
  role: roleIdSchema.optional(),
  /** Create the room without taking a seat (a facilitator, or a bench harness). */
  spectate: z.boolean().default(false),
  /** As in join options. */
  acks: z.boolean().default(true),
  /** Groups rounds run together (a trainer's teams in one session): listed with GET /api/rounds?cohort=. */
  cohort: lineSchema(MAX_COHORT_CHARS, "cohort labels").optional(),
});
export type CreateOptions = z.input<typeof createOptionsSchema>;
export type CreateOptionsParsed = z.output<typeof createOptionsSchema>;

/**
 * `client.joinById(code, options)` (the room id is the join code).
 * With `seatToken` the player takes back the seat the token belongs to, whatever `role` says.
 * Without `role` the server assigns the first free seat.
 */
export const joinOptionsSchema = z.object({
  name: displayNameSchema,
  role: roleIdSchema.optional(),
  seatToken: z.string().min(8).max(100).optional(),
  /** A cohort participant's token: takes the seat the cohort reserved for them, in any phase. */
  cohortTicket: z.string().min(8).max(100).optional(),
  spectate: z.boolean().default(false),
  /**
   * Send an `accepted` message after each accepted decision (default). A client may turn it off and
   * read acceptance from its state (`roles.get(me).decision` and `source`), which saves ~50 bytes a week.
   */
  acks: z.boolean().default(true),
});
export type JoinOptions = z.input<typeof joinOptionsSchema>;
export type JoinOptionsParsed = z.output<typeof joinOptionsSchema>;

/** Response of `GET /api/rooms/:code` (join code → room). */
export interface RoomLookup {
  code: string;
  /** The cohort the round belongs to, or null. */
  cohort: string | null;
  /** Pass to `client.joinById`. Equal to the code. */
  roomId: string;
  scenario: string;
  title: string;
  phase: Phase;
  week: number;
  horizon: number;
  seats: { role: string; label: string; control: SeatControl; name: string; connected: boolean }[];
}

/**
 * What `GET /api/rooms/:code` may answer when the process holding the room did not answer in time
 * (scaled out): only what the matchmaker's listing knows, marked `partial`. Clients show what they
 * can and let the player choose a seat in the lobby.
 */
export type PartialRoomLookup = Pick<RoomLookup, "code" | "roomId"> &
  Partial<Omit<RoomLookup, "code" | "roomId">> & { partial: true };

/** Share link for a code, relative to the site root. */
export function joinLink(code: string): string {
  return `/?join=${encodeURIComponent(code)}`;
}
