// Seat lifecycle as events: a player joins, drops, comes back or leaves, and a bot covers an
// absent player. The transport decides when (connections, grace timers); these say what is recorded.

import type { RoleId } from "../engine/types.ts";
import type { Refusal } from "./check.ts";
import type { Round, RoundEvent, Seat } from "./round.ts";

/**
 * The name as the team will see it: told apart from a teammate's of the same name ("Pat", then
 * "Pat (2)"), case and spacing aside.
 */
export function distinctName(round: Round, name: string): string {
  const key = (s: string) => s.trim().toLocaleLowerCase();
  const taken = new Set([...round.seats.values()].flatMap((s) => (s.human ? [key(s.human.name)] : [])));
  if (!taken.has(key(name))) return name;
  let n = 2;
  while (taken.has(key(`${name} (${n})`))) n++;
  return `${name} (${n})`;
}

/**
 * A new player takes a seat on joining: any free seat in the lobby; once the round runs, a seat a
 * bot plays from the start, named by the player (a team round only: a cohort's seats are the
 * trainer's to give). Returns the refusal if not.
 */
export function claimOnJoin(
  round: Round,
  name: string,
  tokenHash: string,
  role: RoleId | undefined,
): { ok: true; seat: Seat; events: RoundEvent[] } | Refusal {
  const takeOver = round.phase === "play" && role !== undefined && !round.created.cohort;
  if (round.phase !== "lobby" && !takeOver) {
    return {
      ok: false,
      code: "round_started",
      reason: "this round has started: rejoin with your seat token, or join as a spectator",
    };
  }
  const seat = role ? round.seats.get(role) : round.firstFreeSeat();
  if (role && !seat)
    return {
      ok: false,
      code: "unknown_role",
      reason: `unknown role "${role}"; roles: ${round.roles.join(", ")}`,
    };
  if (!seat) return { ok: false, code: "round_full", reason: "every seat is taken; join as a spectator" };
  if (seat.human)
    return { ok: false, code: "seat_taken", reason: `the ${seat.label} seat is taken by ${seat.human.name}` };
  return {
    ok: true,
    seat,
    events: [
      { type: "claim", data: { role: seat.role, name, tokenHash } },
      { type: "connect", data: { role: seat.role } },
    ],
  };
}

/**
 * A cohort reserves a free seat for a participant, who takes it by joining with their ticket (whose
 * hash this is). In play the seat's bot keeps playing until they come (the caller's grace timer).
 */
export function reserve(
  round: Round,
  role: RoleId,
  name: string,
  tokenHash: string,
): { ok: true; events: RoundEvent[] } | Refusal {
  const seat = round.seats.get(role);
  if (!seat) return { ok: false, code: "unknown_role", reason: `unknown role "${role}"` };
  if (seat.human) return { ok: false, code: "seat_taken", reason: `the ${seat.label} seat is taken` };
  if (round.phase === "debrief") return { ok: false, code: "wrong_phase", reason: "the round is over" };
  return {
    ok: true,
    events: [{ type: "claim", data: { role, name: distinctName(round, name), tokenHash } }],
  };
}

/** The cohort takes a seat back (a move, or the trainer handing it to its bot). */
export function unreserve(round: Round, role: RoleId): RoundEvent[] {
  return round.seats.get(role)?.human ? [{ type: "release", data: { role } }] : [];
}

/** The seat's player is back (token or reconnection): their bot stops covering. */
export function comeBack(seat: Seat): RoundEvent[] {
  const events: RoundEvent[] = [];
  if (seat.covered) events.push({ type: "handback", data: { role: seat.role } });
  events.push({ type: "connect", data: { role: seat.role } });
  return events;
}

/**
 * The player left for good: the seat frees in the lobby, its bot covers in play. A cohort's seats
 * are the cohort's to give: in the lobby they stay reserved for their participant.
 */
export function leave(round: Round, role: RoleId): RoundEvent[] {
  const seat = round.seat(role);
  const events: RoundEvent[] = [];
  if (seat.connected) events.push({ type: "drop", data: { role } });
  if (round.phase === "lobby" && !round.created.cohort) events.push({ type: "release", data: { role } });
  else if (round.phase === "play" && !seat.covered) events.push({ type: "takeover", data: { role } });
  return events;
}

/** The grace period of a dropped player ran out: the bot covers, unless they came back meanwhile. */
export function coverAbsent(round: Round, role: RoleId): RoundEvent[] {
  const seat = round.seat(role);
  if (round.phase !== "play" || seat.connected || seat.covered || !seat.human) return [];
  return [{ type: "takeover", data: { role } }];
}

/** Lockstep (and timed, early): the week closes as soon as every human's decision is in force. */
export function weekCanClose(round: Round): boolean {
  return (
    round.phase === "play" &&
    !round.paused &&
    round.pace.mode !== "continuous" &&
    round.humanSeats().length > 0 &&
    round.allHumansDecided()
  );
}
