// The synchronised room state: the one definition of its shape. The server encodes these Colyseus
// schemas; clients decode them by reflection and read them through the types derived below
// (SeatView, RoleView, TeamStateView), so no hand-written copy can drift from what is sent.
// `roles` entries are tagged for per-client views: a client receives only the entries its StateView
// holds (shared/round/view.ts decides which).

import { type Data, type MapSchema, type Schema, schema, t } from "@colyseus/schema";
import type { DecisionSource } from "../engine/types.ts";
import {
  DEFAULT_SECONDS_PER_WEEK,
  type HoldReason,
  type PaceMode,
  type Phase,
  type SeatControl,
} from "./room.ts";

/** Public per seat, visible to everyone: `state.seats.get(role)`. No numbers of the department's own. */
export const SeatState = schema(
  {
    role: t.string().default(""),
    label: t.string().default(""),
    control: t.string<SeatControl>().default("empty"),
    /** The human player's name (kept while a bot covers for them); "" if none. */
    name: t.string().default(""),
    /** Whether the human player is connected right now. */
    connected: t.boolean().default(false),
    ready: t.boolean().default(false),
    /** A decision is in force for the open week (bots: always). */
    decided: t.boolean().default(false),
    /** The bot policy that plays this seat when no human does, in its canonical text. */
    policy: t.string().default(""),
  },
  "SeatState",
);
export type SeatState = InstanceType<typeof SeatState>;

/**
 * Private per role: during play only that role's clients receive the entry; once the debrief has
 * revealed the truth everyone receives every entry. `state.roles.get(role)`.
 */
export const RoleState = schema(
  {
    role: t.string().default(""),
    /** The week the observation is of. */
    week: t.uint16().default(0),
    /** The role's observation, flattened: arrays become "name.0", "name.1", … (see unflatten). */
    observation: t.map("number"),
    /** KPI id → value for this week. */
    kpis: t.map("number"),
    /** The decision in force for the open week (empty if none yet; in continuous pace, the standing one). */
    decision: t.map("number"),
    /** Source of `decision` ("" if none). */
    source: t.string<DecisionSource | "">().default(""),
    // The decision recorded for `week` when a bot or the default made it, and which ("" when the
    // player's own decision counted: their desk knows it). Unchanged across human weeks, so a
    // steady round spends no bytes on it.
    recorded: t.map("number"),
    recordedBy: t.string<DecisionSource | "">().default(""),
  },
  "RoleState",
);
export type RoleState = InstanceType<typeof RoleState>;

export const TeamState = schema(
  {
    code: t.string().default(""),
    scenario: t.string().default(""),
    title: t.string().default(""),
    phase: t.string<Phase>().default("lobby"),
    /** Last simulated week (0 before the first); the open week is week + 1. */
    week: t.uint16().default(0),
    /** The length players are told; the real last week once play has ended. */
    horizon: t.uint16().default(0),
    /** `horizon` is "about": the round ends at a week drawn near it, kept hidden until it comes. */
    horizonApproximate: t.boolean().default(false),
    pace: t.string<PaceMode>().default("lockstep"),
    secondsPerWeek: t.float64().default(DEFAULT_SECONDS_PER_WEEK),
    paused: t.boolean().default(false),
    /**
     * Why the server holds play by itself ("" when it does not): "recording" — the round's log cannot
     * be written right now; weeks wait, nothing is lost, and play resumes by itself once it can.
     */
    hold: t.string<HoldReason | "">().default(""),
    /** When the open week closes, ms since the Unix epoch (server clock); 0 in lockstep, paused or lobby. */
    deadline: t.number().default(0),
    /** Play again: the join code of the team's next round, started from this debrief ("" if none yet). */
    next: t.string().default(""),
    /** Who started it. */
    nextBy: t.string().default(""),
    seats: t.map(SeatState),
    roles: t.map(RoleState).view(),
  },
  "TeamState",
);
export type TeamState = InstanceType<typeof TeamState>;

/** How a decoded map is read: a MapSchema as the SDK decodes it, or a plain Map. */
export interface MapLike<V> {
  get(key: string): V | undefined;
  forEach(cb: (value: V, key: string) => void): void;
}

/** A schema's fields as plain data, its maps as MapLike of plain data. */
export type Decoded<T> = {
  [K in keyof Data<T>]: Data<T>[K] extends MapSchema<infer V, string>
    ? MapLike<V extends Schema ? Decoded<V> : V>
    : Data<T>[K];
};

export type SeatView = Decoded<SeatState>;
export type RoleView = Decoded<RoleState>;
/** The room state as a client decodes it. */
export type TeamStateView = Decoded<TeamState>;
