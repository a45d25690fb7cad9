// Cohorts: one trainer running many teams of the same game. The HTTP bodies, the `cohort` room's
// messages and the team-room additions (notice, reflection, cohort debrief lead), as zod schemas
// (validated by the server) and types (for clients). docs/protocol.md, "Cohorts", is the prose form.

import { z } from "zod";
import { PAUSE_QUESTIONS, pauseAnswerSchema } from "../cohort/answers.ts";
import { MAX_NOTE_CHARS } from "./debrief.ts";
import {
  displayNameSchema,
  joinCodeSchema,
  MAX_SECONDS_PER_WEEK,
  MIN_SECONDS_PER_WEEK,
  PACES,
} from "./room.ts";

/** The Colyseus room name of a cohort's console feed; its room id is the cohort id. */
export const COHORT_ROOM = "cohort";

export const COHORT_PHASES = ["lobby", "play", "debrief"] as const;
export type CohortPhase = (typeof COHORT_PHASES)[number];

const roleId = z.string().min(1).max(40);

/** Largest accepted HTTP body of the cohort endpoints. */
export const COHORT_BODY_LIMIT = "16kb";

export type { CohortSettingsInput as CreateCohort } from "../cohort/settings.ts";
/** `POST /api/cohorts` body: validated by the cohort core (shared/cohort/settings.ts). */
export {
  cohortSettingsSchema as createCohortSchema,
  MAX_TEAMS as MAX_COHORT_TEAMS,
} from "../cohort/settings.ts";

export interface CohortCreated {
  id: string;
  code: string;
  /** `/?cohort=CODE`: the one link participants open. */
  joinLink: string;
  /** `/?console=ID`: the trainer's console (the token travels in localStorage or `#token=`). */
  consoleLink: string;
  trainerToken: string;
}

export const participantSchema = z.object({
  name: displayNameSchema,
  /** The participant's real department: a role id of the scenario. */
  department: roleId.optional(),
  /** Returned by an earlier call: the same assignment comes back. */
  participantToken: z.string().min(8).max(100).optional(),
});
export type ParticipantRequest = z.input<typeof participantSchema>;

export interface ParticipantAssigned {
  participantToken: string;
  /** The team room's join code: `client.joinById(team, { name, role, cohortTicket })`. */
  team: string;
  role: string;
  /** A sentence to show the participant about the seat they got. */
  note: string;
}

/** `GET /api/cohorts/code/:code`: what the participant page needs before the name form. */
export interface CohortPublic {
  id: string;
  code: string;
  title: string;
  scenario: string;
  departments: { id: string; label: string }[];
  accepting: boolean;
  avoidOwnDepartment: boolean;
  phase: CohortPhase;
}

export const SEAT_STATUSES = ["empty", "thinking", "decided", "offline", "bot"] as const;
export type SeatStatus = (typeof SEAT_STATUSES)[number];

export interface ConsoleSeat {
  role: string;
  label: string;
  control: "empty" | "human" | "bot";
  name: string;
  connected: boolean;
  status: SeatStatus;
}

export interface ConsoleTeam {
  code: string;
  index: number;
  phase: "lobby" | "play" | "debrief";
  week: number;
  horizon: number;
  paused: boolean;
  /** Epoch ms when the open week began (0 outside play). */
  openSince: number;
  kpi: { label: string; value: number };
  seats: ConsoleSeat[];
  /** The round's replay link id (the trainer may replay it at any time); "" once its room is gone. */
  replay: string;
}

/** `GET /api/cohorts/:id` (trainer): the console's content, as the `cohort` room state holds it. */
export interface ConsoleSnapshot {
  id: string;
  code: string;
  title: string;
  scenario: string;
  phase: CohortPhase;
  lead: string;
  participants: number;
  teams: ConsoleTeam[];
}

// ---------------------------------------------------------------- cohort room: trainer → server

/** `client.joinById(cohortId, { trainerToken })`. */
export const cohortJoinSchema = z.object({ trainerToken: z.string().min(8).max(100) });

const team = joinCodeSchema.optional();
const seatRef = z.object({ team: joinCodeSchema, role: roleId });
const secondsPerWeek = z.number().min(MIN_SECONDS_PER_WEEK).max(MAX_SECONDS_PER_WEEK);
export const BROADCAST_MAX = 280;

/** Every trainer action; `team` (a team code) acts on one team, absent on every team. */
export const cohortMessageSchemas = {
  start: z.object({ team }),
  pause: z.object({ team }),
  resume: z.object({ team }),
  speed: z.object({ team, secondsPerWeek }),
  pace: z.object({ team, mode: z.enum(PACES), secondsPerWeek: secondsPerWeek.optional() }),
  end: z.object({ team }),
  shock: z.object({
    team,
    name: z.string().min(1).max(60),
    /** Default: the week after the open one. */
    week: z.number().int().min(1).optional(),
    params: z.record(z.string().max(40), z.number().finite()).optional(),
  }),
  broadcast: z.object({ team, text: z.string().trim().min(1).max(BROADCAST_MAX) }),
  reflect: z.object({ team }),
  move: z.object({ from: seatRef, to: seatRef }),
  bot: seatRef,
  lead: z.object({ panel: z.string().min(1).max(40) }),
} as const;
export type CohortMessageType = keyof typeof cohortMessageSchemas;
export type CohortMessage<K extends CohortMessageType> = z.input<(typeof cohortMessageSchemas)[K]>;
/** A trainer's action as the console builds it: the message type beside its payload. */
export type TrainerAction = { [K in CohortMessageType]: { type: K } & CohortMessage<K> }[CohortMessageType];

/** The `cohort` room's state as plain data: teams in order, seats in the scenario's order. */
export interface ConsoleState extends Omit<ConsoleSnapshot, "teams"> {
  teams: (Omit<ConsoleTeam, "kpi"> & { kpiLabel: string; kpi: number })[];
}

// ---------------------------------------------------------------- team room additions

/** server → desk: a trainer's broadcast. */
export interface NoticeMessage {
  text: string;
  at: number;
}

export const REFLECTION_PROMPTS = [
  { id: "expect", text: PAUSE_QUESTIONS[0] },
  { id: "unsaid", text: PAUSE_QUESTIONS[1] },
] as const;

/** server → desk: a private prompt; the round is paused while it is open. */
export interface ReflectMessage {
  id: string;
  prompts: { id: string; text: string }[];
}

export const REFLECT_ANSWER = "reflect:answer";
/** The longest answer to one reflection prompt. */
export const REFLECTION_MAX = MAX_NOTE_CHARS;
export const reflectAnswerSchema = z.object({
  id: z.string().min(1).max(60),
  answers: pauseAnswerSchema.partial(),
});
export type ReflectAnswer = z.input<typeof reflectAnswerSchema>;

/** The `reflection` event recorded in the round's log for each answer. */
export interface ReflectionEvent {
  id: string;
  week: number;
  role: string;
  answers: { expect?: string; unsaid?: string };
}

/** server → desk: the trainer leads the cohort debrief; the desk opens it at `panel`. */
export interface CohortLeadMessage {
  cohort: string;
  panel: string;
}

/**
 * server → desk, just before the room lets the desk go: the trainer moved this participant (rejoin
 * `team` with the same ticket), or gave their seat to its bot (`team` and `role` null).
 */
export interface CohortMovedMessage {
  team: string | null;
  role: string | null;
}

export function cohortJoinLink(code: string): string {
  return `/?cohort=${encodeURIComponent(code)}`;
}

export function cohortConsoleLink(id: string): string {
  return `/?console=${encodeURIComponent(id)}`;
}
