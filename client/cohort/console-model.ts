// The console's grid as data: the cohort room's state (decoded schema or plain JSON) → rows of teams
// and seats with what each cell says, seconds since the open week began and stuck alerts.

import type { ConsoleSeat, ConsoleState, SeatStatus } from "../../shared/protocol/cohort.ts";

type ConsoleTeam = ConsoleState["teams"][number];

/** Past this many seconds with someone still thinking, a team is flagged as stuck. */
export const STUCK_SECONDS = 90;

export interface SeatCell {
  role: string;
  label: string;
  who: string;
  status: SeatStatus;
  /** A person (not a bot) holds the seat: they can be moved, or replaced by the bot. */
  human: boolean;
}

export interface TeamRow {
  code: string;
  index: number;
  phase: ConsoleTeam["phase"];
  week: number;
  horizon: number;
  paused: boolean;
  /** Whole seconds since the open week began; null when no week is open. */
  openSeconds: number | null;
  stuck: boolean;
  /** Who is still thinking when the team is stuck (names, or seat labels for unnamed seats). */
  waitingOn: string[];
  kpiLabel: string;
  kpi: number;
  /** Where the trainer replays this team's round (a new tab), when its room still knows. */
  replay: string | null;
  seats: SeatCell[];
}

export interface ConsoleSummary {
  teams: number;
  participants: number;
  playing: number;
  finished: number;
  stuck: number;
  byStatus: Record<SeatStatus, number>;
}

type Collection<T> = Iterable<T> | Record<string, T> | { values(): Iterable<T> } | undefined | null;

function list<T>(c: Collection<T>): T[] {
  if (!c) return [];
  if (typeof (c as { values?: unknown }).values === "function" && !Array.isArray(c))
    return [...(c as { values(): Iterable<T> }).values()];
  if (Symbol.iterator in (c as object)) return [...(c as Iterable<T>)];
  return Object.values(c as Record<string, T>);
}

/** A decoded cohort room state (teams and seats as maps) → the plain snapshot, teams in order. */
export function plainConsoleState(raw: unknown): ConsoleState {
  const s = raw as Omit<ConsoleState, "teams"> & {
    teams: Collection<Omit<ConsoleTeam, "seats"> & { seats: Collection<ConsoleSeat> }>;
  };
  const teams = list(s.teams)
    .map((t) => ({
      code: t.code,
      index: t.index,
      phase: t.phase,
      week: t.week,
      horizon: t.horizon,
      paused: t.paused,
      openSince: t.openSince,
      kpiLabel: t.kpiLabel ?? (t as { kpi?: { label?: string } }).kpi?.label ?? "",
      kpi: typeof t.kpi === "number" ? t.kpi : Number((t.kpi as { value?: number } | undefined)?.value ?? 0),
      replay: t.replay ?? "",
      seats: list(t.seats).map((x) => ({ ...x })),
    }))
    .sort((a, b) => a.index - b.index);
  return {
    id: s.id,
    code: s.code,
    title: s.title,
    scenario: s.scenario,
    phase: s.phase,
    lead: s.lead ?? "",
    participants: s.participants ?? 0,
    teams,
  };
}

export function teamRows(state: ConsoleState, now: number, stuckAfter = STUCK_SECONDS): TeamRow[] {
  return state.teams.map((t) => {
    const open = t.phase === "play" && t.openSince > 0;
    const openSeconds = open ? Math.max(0, Math.floor((now - t.openSince) / 1000)) : null;
    const thinking = t.seats.filter((x) => x.status === "thinking");
    const stuck = openSeconds !== null && !t.paused && thinking.length > 0 && openSeconds >= stuckAfter;
    return {
      code: t.code,
      index: t.index,
      phase: t.phase,
      week: t.week,
      horizon: t.horizon,
      paused: t.paused,
      openSeconds,
      stuck,
      waitingOn: stuck ? thinking.map((x) => x.name || x.label) : [],
      kpiLabel: t.kpiLabel,
      kpi: t.kpi,
      replay: t.replay ? `/replay/${encodeURIComponent(t.replay)}` : null,
      seats: t.seats.map((x) => ({
        role: x.role,
        label: x.label,
        who: x.name,
        status: x.status,
        human: x.control === "human" || (x.name !== "" && x.control !== "bot"),
      })),
    };
  });
}

export function summary(state: ConsoleState, rows: TeamRow[]): ConsoleSummary {
  const byStatus: Record<SeatStatus, number> = { empty: 0, thinking: 0, decided: 0, offline: 0, bot: 0 };
  for (const r of rows) for (const s of r.seats) byStatus[s.status]++;
  return {
    teams: rows.length,
    participants: state.participants,
    playing: rows.filter((r) => r.phase === "play").length,
    finished: rows.filter((r) => r.phase === "debrief").length,
    stuck: rows.filter((r) => r.stuck).length,
    byStatus,
  };
}

/** Every seat a person can be moved to: another team's seat, or another seat of the same team. */
export function moveTargets(state: ConsoleState, from: { team: string; role: string }) {
  return state.teams.flatMap((t) =>
    t.seats
      .filter((s) => !(t.code === from.team && s.role === from.role) && s.control !== "human")
      .map((s) => ({ team: t.code, index: t.index, role: s.role, label: s.label })),
  );
}
