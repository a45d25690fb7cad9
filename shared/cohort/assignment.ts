// Who sits where in a cohort: a pure state machine. Every action returns a new state (or a refusal
// with a code and one line), so the server can record actions and rebuild seating after a restart.

export interface RoleRef {
  id: string;
  label: string;
}

export interface Seat {
  role: string;
  /** The participant in the seat, or null. */
  holder: string | null;
  /** The trainer gave this seat to a bot: arrivals are not placed here (the trainer can still move someone in). */
  pinnedBot: boolean;
}

export interface TeamSeating {
  /** 0-based; shown as "Team index + 1". */
  index: number;
  /** A started team plays its empty seats with bots. */
  started: boolean;
  seats: Seat[];
}

export interface Person {
  id: string;
  name: string;
  /** The department they work in, as they gave it; null if they gave none. */
  department: string | null;
  /** Where they sit; both null when the trainer took their seat away. */
  team: number | null;
  role: string | null;
  /** Why this desk, when their department was taken into account. */
  reason: string | null;
}

export interface Seating {
  roles: readonly RoleRef[];
  /** "auto": teams open as people arrive; a number: that many teams from the start. */
  teams: "auto" | number;
  lateJoin: boolean;
  avoidOwnDepartment: boolean;
  /** Upper bound on teams in "auto" mode. */
  maxTeams: number;
  seating: TeamSeating[];
  people: Record<string, Person>;
}

export type SeatingErrorCode =
  | "unknown_participant"
  | "unknown_team"
  | "unknown_role"
  | "seat_taken"
  | "team_full"
  | "cohort_full"
  | "late";

export type SeatingResult =
  | { ok: true; state: Seating; person?: Person; unseated?: string }
  | { ok: false; code: SeatingErrorCode; error: string };

export type SeatPlayer = "human" | "bot" | "empty";

export function initialSeating(
  roles: readonly RoleRef[],
  o: { teams: "auto" | number; lateJoin: boolean; avoidOwnDepartment: boolean; maxTeams?: number },
): Seating {
  if (roles.length === 0) throw new Error("a team needs at least one role");
  const fixed = o.teams === "auto" ? 0 : o.teams;
  return {
    roles: roles.map((r) => ({ id: r.id, label: r.label })),
    teams: o.teams,
    lateJoin: o.lateJoin,
    avoidOwnDepartment: o.avoidOwnDepartment,
    maxTeams: o.maxTeams ?? 200,
    seating: Array.from({ length: fixed }, (_, i) => emptyTeam(roles, i)),
    people: {},
  };
}

function emptyTeam(roles: readonly RoleRef[], index: number): TeamSeating {
  return { index, started: false, seats: roles.map((r) => ({ role: r.id, holder: null, pinnedBot: false })) };
}

/** Who plays a seat right now. */
export function seatPlayer(team: TeamSeating, seat: Seat): SeatPlayer {
  if (seat.holder !== null) return "human";
  return seat.pinnedBot || team.started ? "bot" : "empty";
}

const norm = (s: string) => s.trim().toLowerCase();

/** The role a department names (by id or label), if any. */
export function ownRole(roles: readonly RoleRef[], department: string | null): RoleRef | undefined {
  if (department === null || norm(department) === "") return undefined;
  const d = norm(department);
  return roles.find((r) => norm(r.id) === d || norm(r.label) === d);
}

const fail = (code: SeatingErrorCode, error: string): SeatingResult => ({ ok: false, code, error });

const humans = (t: TeamSeating) => t.seats.filter((s) => s.holder !== null).length;

/** Seats an arrival may take in this team: open lobby seats, or bot-played ones of a running team. */
function freeSeats(t: TeamSeating): Seat[] {
  return t.seats.filter((s) => s.holder === null && !s.pinnedBot);
}

interface Pick {
  team: TeamSeating;
  seat: Seat;
}

/**
 * The first candidate (teams already in preference order) whose free seat is not the person's own
 * department; the first free seat at all when avoidance is off or impossible.
 */
function pickSeat(candidates: readonly TeamSeating[], avoid: string | undefined): Pick | undefined {
  let fallback: Pick | undefined;
  for (const team of candidates) {
    for (const seat of freeSeats(team)) {
      fallback ??= { team, seat };
      if (avoid === undefined || seat.role !== avoid) return { team, seat };
    }
  }
  return fallback;
}

function reasonFor(state: Seating, department: string | null, role: string): string | null {
  const own = state.avoidOwnDepartment ? ownRole(state.roles, department) : undefined;
  if (!own || department === null) return null;
  const label = (id: string) => state.roles.find((r) => r.id === id)!.label.toLowerCase();
  return own.id === role
    ? `You work in ${department.trim()}, and the only free desk was ${label(role)}: this time you run your own department.`
    : `You work in ${department.trim()}: here you run ${label(role)}, to see the company from another desk.`;
}

function withSeat(state: Seating, team: number, role: string, f: (s: Seat) => Seat): TeamSeating[] {
  return state.seating.map((t) =>
    t.index !== team ? t : { ...t, seats: t.seats.map((s) => (s.role === role ? f(s) : s)) },
  );
}

/** Frees the seat a person holds (if any). */
function vacate(state: Seating, id: string): TeamSeating[] {
  const p = state.people[id];
  if (!p || p.team === null || p.role === null) return state.seating;
  return withSeat(state, p.team, p.role, (s) => ({ ...s, holder: null }));
}

function seatPerson(state: Seating, person: Person, team: number, role: string): Seating {
  const seating = withSeat({ ...state, seating: vacate(state, person.id) }, team, role, () => ({
    role,
    holder: person.id,
    pinnedBot: false,
  }));
  return { ...state, seating, people: { ...state.people, [person.id]: { ...person, team, role } } };
}

/**
 * A participant arrives. Teams in the lobby come first: in "auto" mode the earliest team with a free
 * seat (so teams fill one by one), with a fixed number the team with the fewest people (balance).
 * When no lobby seat is free, a late arrival takes a bot-played seat of a running team if lateJoin
 * allows, again in the team with the fewest people; "auto" then opens a new team. Among the teams
 * so chosen (for balance: only those with the fewest people) a desk that is not the person's own
 * department wins. Arriving again with a known id
 * returns the seat they hold.
 */
export function arrive(
  state: Seating,
  p: { id: string; name: string; department?: string | null },
): SeatingResult {
  const known = state.people[p.id];
  if (known) return { ok: true, state, person: known };
  const department = p.department?.trim() ? p.department.trim() : null;
  const avoid = state.avoidOwnDepartment ? ownRole(state.roles, department)?.id : undefined;
  // Balance comes before department: only the least-filled teams with a free seat are candidates.
  const byPeople = (ts: TeamSeating[]) => {
    const open = ts.filter((t) => freeSeats(t).length > 0);
    const fewest = Math.min(...open.map(humans));
    return open.filter((t) => humans(t) === fewest);
  };
  const lobby = state.seating.filter((t) => !t.started);
  const running = state.seating.filter((t) => t.started);
  let pick = pickSeat(state.teams === "auto" ? lobby : byPeople(lobby), avoid);
  if (!pick && state.lateJoin) pick = pickSeat(byPeople(running), avoid);
  let next = state;
  if (!pick) {
    const late = running.length > 0 && !state.lateJoin && running.some((t) => freeSeats(t).length > 0);
    if (state.teams !== "auto" || state.seating.length >= state.maxTeams) {
      if (late) return fail("late", "the teams have started and this cohort takes no late arrivals");
      const n = state.seating.length;
      return fail(
        "cohort_full",
        `every seat is taken: ${n} team${n === 1 ? "" : "s"} of ${state.roles.length}`,
      );
    }
    const team = emptyTeam(state.roles, state.seating.length);
    next = { ...state, seating: [...state.seating, team] };
    pick = pickSeat([team], avoid)!;
  }
  const person: Person = {
    id: p.id,
    name: p.name,
    department,
    team: null,
    role: null,
    reason: reasonFor(state, department, pick.seat.role),
  };
  const seated = seatPerson(next, person, pick.team.index, pick.seat.role);
  return { ok: true, state: seated, person: seated.people[p.id]! };
}

/** Starts one team, or every team: their empty seats are played by bots from now on. */
export function start(state: Seating, team?: number): SeatingResult {
  if (team !== undefined && !state.seating.some((t) => t.index === team)) return noTeam(state, team);
  return {
    ok: true,
    state: {
      ...state,
      seating: state.seating.map((t) =>
        team === undefined || t.index === team ? { ...t, started: true } : t,
      ),
    },
  };
}

function noTeam(state: Seating, team: number): SeatingResult {
  return fail("unknown_team", `no team ${team + 1}; the cohort has ${state.seating.length}`);
}

function findSeat(state: Seating, team: number, role: string): { ok: true; seat: Seat } | SeatingResult {
  const t = state.seating.find((x) => x.index === team);
  if (!t) return noTeam(state, team);
  const seat = t.seats.find((s) => s.role === role);
  if (!seat)
    return fail("unknown_role", `no seat "${role}"; seats: ${state.roles.map((r) => r.id).join(", ")}`);
  return { ok: true, seat };
}

function noPerson(id: string): SeatingResult {
  return fail("unknown_participant", `no participant "${id}" in this cohort`);
}

/**
 * The trainer moves a person to another team, into `role` (which may be bot-played, but not held by
 * someone else) or, without a role, into that team's first free seat. Their old seat goes to a bot
 * if their team has started.
 */
export function move(state: Seating, id: string, team: number, role?: string): SeatingResult {
  const person = state.people[id];
  if (!person) return noPerson(id);
  const t = state.seating.find((x) => x.index === team);
  if (!t) return noTeam(state, team);
  let target = role;
  if (target === undefined) {
    const avoid = state.avoidOwnDepartment ? ownRole(state.roles, person.department)?.id : undefined;
    target = pickSeat([t], avoid)?.seat.role;
    if (target === undefined) return fail("team_full", `team ${team + 1} has no free seat`);
  }
  const found = findSeat(state, team, target);
  if (!("seat" in found)) return found;
  if (found.seat.holder === id) return { ok: true, state, person };
  if (found.seat.holder !== null) {
    const other = state.people[found.seat.holder]!;
    return fail("seat_taken", `${other.name} holds ${target} in team ${team + 1}`);
  }
  const reason = reasonFor(state, person.department, target);
  const next = seatPerson(state, { ...person, reason }, team, target);
  return { ok: true, state: next, person: next.people[id]! };
}

/**
 * The trainer hands a seat to a bot. A person in it is left without a seat (`unseated`) until the
 * trainer moves them; arrivals are not placed in a pinned seat.
 */
export function swapToBot(state: Seating, team: number, role: string): SeatingResult {
  const found = findSeat(state, team, role);
  if (!("seat" in found)) return found;
  const holder = found.seat.holder;
  const people =
    holder === null
      ? state.people
      : { ...state.people, [holder]: { ...state.people[holder]!, team: null, role: null, reason: null } };
  const seating = withSeat(state, team, role, (s) => ({ ...s, holder: null, pinnedBot: true }));
  return holder === null
    ? { ok: true, state: { ...state, seating, people } }
    : { ok: true, state: { ...state, seating, people }, unseated: holder };
}

/** The trainer opens a pinned bot seat to arrivals again. */
export function unpin(state: Seating, team: number, role: string): SeatingResult {
  const found = findSeat(state, team, role);
  if (!("seat" in found)) return found;
  return {
    ok: true,
    state: { ...state, seating: withSeat(state, team, role, (s) => ({ ...s, pinnedBot: false })) },
  };
}

/** A person leaves the cohort: their seat is free again (bot-played once the team has started). */
export function leave(state: Seating, id: string): SeatingResult {
  if (!state.people[id]) return noPerson(id);
  const { [id]: _gone, ...people } = state.people;
  return { ok: true, state: { ...state, seating: vacate(state, id), people } };
}

/**
 * Takes back an arrival that could not be recorded, and nothing else: the seat they hold now (where
 * they were placed, or where the trainer moved them since) is free again and their entry is what it
 * was before they arrived (`was`: an unseated returning participant's, or none for a newcomer).
 */
export function withdraw(state: Seating, id: string, was: Person | undefined): Seating {
  const { [id]: _placed, ...people } = state.people;
  return { ...state, seating: vacate(state, id), people: was ? { ...people, [id]: was } : people };
}

/**
 * Drops the teams at the end, from index `from` on, that nobody sits in: teams opened for an arrival
 * that was taken back. Teams stay positional, so only trailing ones can go.
 */
export function dropEmptyTeams(state: Seating, from: number): Seating {
  let end = state.seating.length;
  while (end > from && humans(state.seating[end - 1]!) === 0) end--;
  return end === state.seating.length ? state : { ...state, seating: state.seating.slice(0, end) };
}
