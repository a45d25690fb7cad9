// The synchronised room state (Colyseus schema). Its shape is the protocol's TeamStateView.
// `roles` entries are tagged for per-client views: a client receives only the entries added to its
// StateView (its own role during play, all of them in the debrief).

import { schema, t } from "@colyseus/schema";

export const SeatState = schema(
  {
    role: t.string().default(""),
    label: t.string().default(""),
    control: t.string().default("empty"),
    name: t.string().default(""),
    connected: t.boolean().default(false),
    ready: t.boolean().default(false),
    decided: t.boolean().default(false),
    policy: t.string().default(""),
  },
  "SeatState",
);
export type SeatState = InstanceType<typeof SeatState>;

export const RoleState = schema(
  {
    role: t.string().default(""),
    week: t.uint16().default(0),
    observation: t.map("number"),
    kpis: t.map("number"),
    decision: t.map("number"),
    source: t.string().default(""),
    // The decision recorded for `week` when a bot or the default made it, and which ("" when the
    // player's own decision counted: their desk knows it). Unchanged across human weeks, so a
    // steady round spends no bytes on it.
    recorded: t.map("number"),
    recordedBy: t.string().default(""),
  },
  "RoleState",
);
export type RoleState = InstanceType<typeof RoleState>;

export const TeamState = schema(
  {
    code: t.string().default(""),
    scenario: t.string().default(""),
    title: t.string().default(""),
    phase: t.string().default("lobby"),
    week: t.uint16().default(0),
    horizon: t.uint16().default(0),
    pace: t.string().default("lockstep"),
    secondsPerWeek: t.float64().default(60),
    paused: t.boolean().default(false),
    deadline: t.number().default(0),
    seats: t.map(SeatState),
    roles: t.map(RoleState).view(),
  },
  "TeamState",
);
export type TeamState = InstanceType<typeof TeamState>;
