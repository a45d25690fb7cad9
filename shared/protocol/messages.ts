// Every message of a team room, both directions, as zod schemas (client → server, validated by the
// server) and TypeScript types (server → client). Message type strings are the keys of room.send /
// room.onMessage.

import { z } from "zod";
import type { DecisionSource, DecisionSpec, Decisions, Kpi, RoleSpec, ShockEvent } from "../engine/types.ts";
import { AGAIN_MESSAGES, againHypothesisSchema, type Hypothesis, type PreviousRound } from "./again.ts";
import type { ErrorCode } from "./errors.ts";
import { MAX_SECONDS_PER_WEEK, MIN_SECONDS_PER_WEEK, PACES } from "./room.ts";

// ---------------------------------------------------------------- client → server

const roleId = z.string().min(1).max(40);
const secondsPerWeek = z.number().min(MIN_SECONDS_PER_WEEK).max(MAX_SECONDS_PER_WEEK);

/** Lobby only: take a free seat (or move to another free one). */
export const seatMessageSchema = z.object({ role: roleId });
/** Lobby only: mark yourself ready (or not). */
export const readyMessageSchema = z.object({ ready: z.boolean() });
/**
 * Play only: your decision for `week` (the open week = state.week + 1). In lockstep and timed pace it
 * counts for that week; in continuous pace it also stands for later weeks until changed. Sending again
 * before the week closes replaces it. `role`, if given, must be the seat you hold.
 */
export const decideMessageSchema = z.object({
  week: z.number().int().min(1),
  role: roleId.optional(),
  decision: z.record(z.string().max(40), z.number()),
});

/** Host actions. Every one carries the host token handed to the creator in `welcome`. */
export const hostActionSchema = z.discriminatedUnion("action", [
  /** Lobby → play: empty seats are filled with their bots. */
  z.object({ action: z.literal("start") }),
  z.object({ action: z.literal("pause") }),
  z.object({ action: z.literal("resume") }),
  /** Change the seconds per week (timed deadline / continuous interval). */
  z.object({ action: z.literal("speed"), secondsPerWeek }),
  /** Change the pace mode (and optionally its rate). */
  z.object({ action: z.literal("pace"), mode: z.enum(PACES), secondsPerWeek: secondsPerWeek.optional() }),
  /** End play now: the debrief opens. */
  z.object({ action: z.literal("end") }),
  /** Inject one of the scenario's shocks into a future week. */
  z.object({
    action: z.literal("shock"),
    name: z.string().min(1).max(60),
    week: z.number().int().min(1),
    params: z.record(z.string().max(40), z.number().finite()).optional(),
  }),
]);
export const hostMessageSchema = z.intersection(
  z.object({ hostToken: z.string().min(8).max(100) }),
  hostActionSchema,
);

export const clientMessageSchemas = {
  seat: seatMessageSchema,
  ready: readyMessageSchema,
  decide: decideMessageSchema,
  host: hostMessageSchema,
  [AGAIN_MESSAGES.hypothesis]: againHypothesisSchema,
} as const;
export type ClientMessageType = keyof typeof clientMessageSchemas;
export type SeatMessage = z.input<typeof seatMessageSchema>;
export type ReadyMessage = z.input<typeof readyMessageSchema>;
export type DecideMessage = z.input<typeof decideMessageSchema>;
export type HostAction = z.input<typeof hostActionSchema>;
export type HostMessage = z.input<typeof hostMessageSchema>;

/** Messages whose type starts with this prefix are routed to the debrief (see shared/protocol/debrief.ts). */
export const DEBRIEF_PREFIX = "debrief:";

// ---------------------------------------------------------------- server → client

/** First message after every join or reconnect. Keep the tokens: they are how you come back. */
export interface WelcomeMessage {
  code: string;
  /** Share link (relative) for teammates. */
  link: string;
  scenario: string;
  title: string;
  /** Your seat, or null for a spectator. */
  role: string | null;
  /** Present the seat token on a later join (joinById(code, { seatToken })) to take the seat back. */
  seatToken: string | null;
  /** Only to the creator. Carried by every `host` message. */
  hostToken: string | null;
  /** Whether you are taking back a seat (reconnect after drop, reload, or server restart). */
  resumed: boolean;
  /** Every role of the scenario, in seat order. */
  roles: RoleSpec[];
  /** The decisions your role makes each week (empty for spectators). */
  decisions: DecisionSpec[];
  /** Labels, units and direction of your role's KPIs (values arrive in your private state). */
  kpis: Omit<Kpi, "value">[];
  /** Names of the bot policies a host can choose per seat. */
  policies: string[];
}

/** A refused request. The seat is kept; `field` names the offending decision field if any. */
export interface ErrorMessage {
  code: ErrorCode;
  reason: string;
  /** The message type that was refused. */
  request: string;
  field?: string;
}

/** Your decision was accepted (for `week`). */
export interface AcceptedMessage {
  week: number;
  decision: Record<string, number>;
  source: DecisionSource;
}

/** One past week of your own role, as your desk saw it. */
export interface OwnWeek {
  week: number;
  observation: Record<string, number | number[]>;
  /** The decision recorded for this week (week ≥ 1), with where it came from. */
  decision?: Record<string, number>;
  source?: DecisionSource;
  kpis: Record<string, number>;
}

/** After welcome (and again on reconnect): your own role's history so far, weeks 0…current. */
export interface HistoryMessage {
  role: string;
  weeks: OwnWeek[];
}

/**
 * The complete recorded round: re-simulatable with the core (`Simulation.replay`), so the debrief can
 * derive every role's history and the analytics. Sent to everyone when the debrief opens, and the
 * same shape as `GET /api/rounds/:id/export.json`.
 */
export interface RoundRecord {
  /** Storage id of the round. */
  id: string;
  code: string;
  scenario: string;
  version: number;
  title: string;
  options: unknown;
  seed: number;
  horizon: number;
  createdAt: string;
  endedAt: string | null;
  /** decisions[t − 1] = every role's decision for week t. */
  decisions: Decisions[];
  /** sources[t − 1][role] = where that decision came from. */
  sources: Record<string, DecisionSource>[];
  /** Live-injected shocks (scheduled ones follow from the options). */
  shocks: ShockEvent[];
  /** hashes[t] = state hash after week t (hashes[0] = initial state). */
  hashes: string[];
  /** Who held each seat (last human name; "" if bots only) and the bot policy of the seat. */
  seats: { role: string; name: string; policy: string }[];
  /**
   * A branch: the round it was branched from and the week (its weeks 1…week are that round's), with
   * that round's decisions and shocks so the original run can be re-simulated beside the branch.
   */
  parent?: { id: string; week: number; decisions?: Decisions[]; shocks?: ShockEvent[] };
  /**
   * Play again: the team's finished round this one follows, with its options, seed, decisions, shocks
   * and hashes, so its run can be re-simulated (hashes checked) beside this one, and who held each seat.
   */
  previous?: PreviousRound;
  /** Play again: what each player wrote they would do differently before this round. */
  hypotheses?: Hypothesis[];
  /** Play again: the team's next round, started from this round's debrief. */
  next?: { id: string; code: string; by: string };
}

/** Server → client message types and their payloads. */
export interface ServerMessages {
  welcome: WelcomeMessage;
  error: ErrorMessage;
  accepted: AcceptedMessage;
  history: HistoryMessage;
  round: RoundRecord;
}
export type ServerMessageType = keyof ServerMessages;

// ---------------------------------------------------------------- synchronised state (Colyseus schema)

// Defined once, as the schema itself: see ./state.ts.
export type { RoleView, SeatView, TeamStateView } from "./state.ts";
