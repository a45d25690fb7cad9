// The `cohort` room's synchronised state (Colyseus schema): the console's grid of teams × seats.

import { schema, t } from "@colyseus/schema";

export const ConsoleSeatState = schema(
  {
    role: t.string().default(""),
    label: t.string().default(""),
    control: t.string().default("empty"),
    name: t.string().default(""),
    connected: t.boolean().default(false),
    status: t.string().default("empty"),
  },
  "ConsoleSeatState",
);
export type ConsoleSeatState = InstanceType<typeof ConsoleSeatState>;

export const ConsoleTeamState = schema(
  {
    code: t.string().default(""),
    index: t.uint16().default(0),
    phase: t.string().default("lobby"),
    week: t.uint16().default(0),
    horizon: t.uint16().default(0),
    paused: t.boolean().default(false),
    openSince: t.float64().default(0),
    kpiLabel: t.string().default(""),
    kpi: t.float64().default(0),
    replay: t.string().default(""),
    seats: t.map(ConsoleSeatState),
  },
  "ConsoleTeamState",
);
export type ConsoleTeamState = InstanceType<typeof ConsoleTeamState>;

export const CohortState = schema(
  {
    id: t.string().default(""),
    code: t.string().default(""),
    title: t.string().default(""),
    scenario: t.string().default(""),
    phase: t.string().default("lobby"),
    lead: t.string().default(""),
    participants: t.uint16().default(0),
    teams: t.map(ConsoleTeamState),
  },
  "CohortState",
);
export type CohortState = InstanceType<typeof CohortState>;
