// The cohort contract as the browser reads it (docs/protocol.md, "Cohorts"): request bodies, HTTP
// answers, the cohort room's state and the messages a desk receives. Plain types, no schemas: the
// server validates; the browser only builds requests and reads answers.

import type { Pace, PaceMode, Phase } from "../../shared/protocol/room.ts";

export type TeamsSetting = number | "auto";
export type SeedsSetting = "same" | "different";

export interface CreateCohortRequest {
  scenario: string;
  title?: string;
  options?: Record<string, number>;
  pace?: Pace;
  weeks?: number;
  bots?: Record<string, { policy: string }>;
  teams?: TeamsSetting;
  seeds?: SeedsSetting;
  lateJoin?: boolean;
  avoidOwnDepartment?: boolean;
}

export interface CreatedCohort {
  id: string;
  code: string;
  joinLink: string;
  consoleLink: string;
  trainerToken: string;
}

export interface CohortLookup {
  id: string;
  code: string;
  title: string;
  scenario: string;
  departments: { id: string; label: string }[];
  accepting: boolean;
  avoidOwnDepartment: boolean;
}

export interface Assignment {
  participantToken: string;
  /** The team room's join code. */
  team: string;
  role: string;
  note: string;
}

export type SeatStatus = "empty" | "thinking" | "decided" | "offline" | "bot";

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
  phase: Phase;
  week: number;
  horizon: number;
  paused: boolean;
  /** Epoch ms when the open week began. */
  openSince: number;
  kpiLabel: string;
  kpi: number;
  seats: ConsoleSeat[];
}

export interface ConsoleState {
  id: string;
  code: string;
  title: string;
  scenario: string;
  phase: Phase;
  lead: string;
  participants: number;
  teams: ConsoleTeam[];
}

/** Trainer → cohort room. `team` acts on one team; absent, on all. */
export type TrainerAction =
  | { type: "start"; team?: string }
  | { type: "pause"; team?: string }
  | { type: "resume"; team?: string }
  | { type: "speed"; secondsPerWeek: number; team?: string }
  | { type: "pace"; mode: PaceMode; secondsPerWeek?: number; team?: string }
  | { type: "end"; team?: string }
  | { type: "shock"; name: string; week?: number; params?: Record<string, number>; team?: string }
  | { type: "broadcast"; text: string; team?: string }
  | { type: "reflect"; team?: string }
  | { type: "move"; from: { team: string; role: string }; to: { team: string; role: string } }
  | { type: "bot"; team: string; role: string }
  | { type: "lead"; panel: string };

export interface NoticeMessage {
  text: string;
  at: number;
}

export interface ReflectMessage {
  id: string;
  prompts: { id: "expect" | "unsaid"; text: string }[];
}

export interface ReflectAnswer {
  id: string;
  answers: { expect?: string; unsaid?: string };
}

export interface LeadMessage {
  cohort: string;
  panel: string;
}

export const BROADCAST_MAX = 280;
export const REFLECTION_MAX = 1000;
