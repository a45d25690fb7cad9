// Every rule of a round in one place: may this actor do this now, and which events does it make?
// The transport (server/team-room.ts, or the in-process LocalRound) turns a message into a Command,
// asks check(), records the events on success and sends the refusal otherwise. Pure: the round is
// only read.

import { applyDebriefEvent } from "../debrief/session.ts";
import { shockParamsError } from "../engine/options.ts";
import type { Decision, RoleId, ShockEvent } from "../engine/types.ts";
import type { BlameCategory, DebriefEvent, DebriefState, GhostRequest, Lead } from "../protocol/debrief.ts";
import type { ErrorCode } from "../protocol/errors.ts";
import type { Pace, Phase } from "../protocol/room.ts";
import { utf8Bytes } from "../text/plain.ts";
import { checkHypothesis } from "./again.ts";
import type { Round, RoundEvent, Seat } from "./round.ts";

/** Who asks: the seat the client holds (null for a spectator), its name, and whether it proved to be the host. */
export interface Actor {
  role: RoleId | null;
  name: string;
  host: boolean;
}

export type Command =
  | { type: "seat"; role: RoleId }
  | { type: "ready"; ready: boolean }
  | { type: "decide"; week: number; role?: RoleId; decision: unknown }
  | { type: "start" }
  | { type: "pause" }
  | { type: "resume" }
  | { type: "pace"; mode?: Pace["mode"]; secondsPerWeek?: number }
  | { type: "shock"; shock: ShockEvent }
  | { type: "end" }
  | { type: "reflect"; id: string; answers: { expect?: string; unsaid?: string } }
  /** Play again: what I will do differently this round. */
  | { type: "hypothesis"; text: string }
  | DebriefCommand;

export type DebriefCommand =
  | { type: "sketch"; points: { week: number; value: number }[]; cause: string; category?: BlameCategory }
  | { type: "reveal" }
  | ({ type: "lead" } & Lead)
  | { type: "note"; question: number; text: string }
  | { type: "ghost"; request: GhostRequest };

export type Refusal = { ok: false; code: ErrorCode; reason: string; field?: string };
/** Accepted: the events to record (none when the command changes nothing, e.g. pausing a paused round). */
export type Verdict = { ok: true; events: RoundEvent[] } | Refusal;

/** What the debrief may cost a round: ghost runs (each a full re-simulation) and the state's bytes. */
export interface DebriefLimits {
  ghostsPerSeat: number;
  ghostsPerRound: number;
  /** Bytes of the debrief state as JSON. */
  stateBytes: number;
}

export const DEFAULT_DEBRIEF_LIMITS: DebriefLimits = {
  ghostsPerSeat: 10,
  ghostsPerRound: 50,
  stateBytes: 512 * 1024,
};

const refuse = (code: ErrorCode, reason: string, field?: string): Refusal =>
  field === undefined ? { ok: false, code, reason } : { ok: false, code, reason, field };
const accept = (...events: RoundEvent[]): Verdict => ({ ok: true, events });

const HOST_ONLY = new Set<Command["type"]>(["start", "pause", "resume", "pace", "shock", "end"]);

export function check(round: Round, actor: Actor, command: Command): Verdict {
  if (HOST_ONLY.has(command.type) && !actor.host)
    return refuse("not_host", "host actions need the host token");
  switch (command.type) {
    case "seat":
      return checkSeat(round, actor, command.role);
    case "ready":
      if (!actor.role) return refuse("no_seat", "spectators have no seat to be ready in");
      if (round.phase !== "lobby") return refuse("wrong_phase", "ready is for the lobby");
      return accept({ type: "ready", data: { role: actor.role, ready: command.ready } });
    case "decide":
      return checkDecide(round, actor, command);
    case "start":
      if (round.phase !== "lobby") return refuse("wrong_phase", "the round has already started");
      return accept({ type: "start", data: {} });
    case "pause":
    case "resume": {
      const bad = needPlay(round.phase, command.type);
      if (bad) return bad;
      if (round.paused === (command.type === "pause")) return accept();
      return accept({ type: command.type, data: {} });
    }
    case "pace":
      if (round.phase === "debrief") return refuse("wrong_phase", "the round is over");
      return accept({
        type: "pace",
        data: {
          mode: command.mode ?? round.pace.mode,
          secondsPerWeek: command.secondsPerWeek ?? round.pace.secondsPerWeek,
        },
      });
    case "end":
      return needPlay(round.phase, "end") ?? accept(endEvent(round, "host"));
    case "shock":
      return needPlay(round.phase, "shock") ?? checkShock(round, command.shock);
    case "reflect":
      if (!actor.role) return refuse("no_seat", "spectators have no desk to reflect from");
      return (
        needPlay(round.phase, "reflect:answer") ??
        accept({
          type: "reflection",
          data: { id: command.id, week: round.sim.week, role: actor.role, answers: command.answers },
        })
      );
    case "hypothesis":
      return checkHypothesis(round, actor, command.text);
    default:
      if (round.phase !== "debrief") return refuse("wrong_phase", "the debrief opens when play ends");
      return checkDebrief(
        {
          debrief: round.debrief,
          loops: round.scenario.loops,
          reflection: round.scenario.reflection,
          sketchers: round.sketchers(),
        },
        actor,
        command,
      );
  }
}

/**
 * A decision accepted is a decision kept: a bot that covers a seat (its player dropped after
 * deciding) plays only weeks its player has not decided. The human decision for the open week stands.
 */
export function keptHumanDecision(round: Round, seat: Seat): Decision | undefined {
  return seat.human ? round.pending.get(seat.role) : undefined;
}

/** The end of play (the transport stamps the time on it). */
export function endEvent(round: Round, reason: "horizon" | "host", at?: number): RoundEvent {
  return { type: "end", data: { reason, week: round.sim.week, ...(at !== undefined ? { at } : {}) } };
}

function needPlay(phase: Phase, action: string): Refusal | null {
  return phase === "play" ? null : refuse("wrong_phase", `"${action}" is for play, not the ${phase}`);
}

function checkSeat(round: Round, actor: Actor, role: RoleId): Verdict {
  if (!actor.role) return refuse("no_seat", "spectators cannot take seats; join again with a name");
  if (round.phase !== "lobby") return refuse("wrong_phase", "seats can only change in the lobby");
  const target = round.seats.get(role);
  if (!target) return refuse("unknown_role", `unknown role "${role}"; roles: ${round.roles.join(", ")}`);
  if (role === actor.role) return accept();
  if (target.human) return refuse("seat_taken", `the ${target.label} seat is taken by ${target.human.name}`);
  const holder = round.seat(actor.role).human!;
  return accept(
    { type: "release", data: { role: actor.role } },
    { type: "claim", data: { role, name: holder.name, tokenHash: holder.tokenHash } },
    { type: "connect", data: { role } },
  );
}

function checkDecide(
  round: Round,
  actor: Actor,
  m: { week: number; role?: RoleId; decision: unknown },
): Verdict {
  if (!actor.role) return refuse("no_seat", "spectators cannot decide");
  if (m.role !== undefined && m.role !== actor.role) {
    return refuse("not_your_role", `you hold the ${actor.role} seat, not ${m.role}`);
  }
  // A paused round still takes decisions for the open week: only the clock stops.
  if (round.phase !== "play")
    return refuse("wrong_phase", `decisions are taken in play, not in the ${round.phase}`);
  const open = round.openWeek;
  if (m.week < open) return refuse("week_closed", `week ${m.week} is closed; the open week is ${open}`);
  if (m.week > open)
    return refuse("week_not_open", `week ${m.week} is not open yet; the open week is ${open}`);
  if (round.seat(actor.role).covered) {
    return refuse("not_your_role", "a bot is covering your seat; rejoin with your seat token");
  }
  const c = round.sim.checkDecision(actor.role, m.decision);
  if (!c.ok) return refuse("bad_decision", c.reason, c.field);
  const decision: Decision = c.decision;
  return accept({ type: "decision", data: { week: m.week, role: actor.role, decision } });
}

function checkShock(round: Round, shock: ShockEvent): Verdict {
  const spec = round.scenario.shocks.find((s) => s.name === shock.name);
  if (!spec) {
    const known = round.scenario.shocks.map((s) => s.name).join(", ") || "none";
    return refuse("bad_request", `unknown shock "${shock.name}"; known: ${known}`);
  }
  if (shock.week <= round.sim.week || shock.week > round.sim.horizon) {
    return refuse("bad_request", `a shock needs a future week (${round.openWeek}…${round.sim.horizon})`);
  }
  const bad = shockParamsError(round.scenario.shockRanges, shock);
  if (bad) return refuse("bad_request", `shock "${spec.name}": ${bad}`, "params");
  return accept({ type: "shock", data: shock });
}

/** What the debrief rules read: its state, the scenario's loops and reflection questions, its limits. */
export interface DebriefSubject {
  debrief: DebriefState;
  loops: readonly { id: string }[];
  reflection: readonly unknown[];
  /** Roles whose sketch is awaited (for the budget's look at the state after a sketch). */
  sketchers?: readonly string[];
  limits?: DebriefLimits;
}

/** Who wrote a debrief entry: the seat, or "host" for a host without one. */
const writerOf = (actor: Actor): string | null => actor.role ?? (actor.host ? "host" : null);

/**
 * The same ghost run asked again (roles in any order, the same policy and parameters, the same
 * question about the others: a request without one asked about the others as recorded).
 */
export function ghostKey(request: GhostRequest): string {
  const params = Object.entries(request.params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const others = request.others ?? "recorded";
  return JSON.stringify([[...new Set(request.roles)].sort(), request.policy, params, others]);
}

/** The debrief state stays within its byte budget after this event, or the reason it would not. */
export function withinBudget(s: DebriefSubject, event: DebriefEvent): Refusal | null {
  const budget = (s.limits ?? DEFAULT_DEBRIEF_LIMITS).stateBytes;
  const next = applyDebriefEvent(s.debrief, event, s.sketchers ?? []);
  const bytes = utf8Bytes(JSON.stringify(next));
  if (bytes <= budget) return null;
  return refuse("bad_request", `the debrief is full (${budget} bytes): shorten or clear a note`);
}

/**
 * The debrief's rules. Only a seat or the host writes: a spectator watches. A ghost run is accepted
 * without an event (the caller runs the re-simulation, too heavy for a check, checks the result
 * with withinBudget and records `{ kind: "ghost", result }`); one asked before is not run again.
 */
export function checkDebrief(s: DebriefSubject, actor: Actor, c: DebriefCommand): Verdict {
  const limits = s.limits ?? DEFAULT_DEBRIEF_LIMITS;
  const debrief = (data: DebriefEvent): Verdict =>
    withinBudget(s, data) ?? accept({ type: "debrief:event", data });
  const writer = writerOf(actor);
  switch (c.type) {
    case "sketch":
      if (!actor.role) return refuse("no_seat", "only players with a seat sketch");
      if (s.debrief.revealed) return refuse("wrong_phase", "the truth is already revealed");
      return debrief({
        kind: "sketch",
        role: actor.role,
        name: actor.name,
        points: c.points,
        cause: c.cause,
        ...(c.category ? { category: c.category } : {}),
      });
    case "reveal":
      if (!actor.host) return refuse("not_host", "only the host can reveal early");
      return s.debrief.revealed ? accept() : debrief({ kind: "reveal" });
    case "lead":
      if (!actor.host) return refuse("not_host", "only the host leads");
      if (c.loop !== null && !s.loops.some((l) => l.id === c.loop))
        return refuse("bad_request", `unknown loop "${c.loop}"`);
      return debrief({ kind: "lead", follow: c.follow, panel: c.panel, loop: c.loop });
    case "note":
      if (!writer) return refuse("no_seat", "spectators watch: notes are written by the team");
      if (c.question >= s.reflection.length) {
        return refuse("bad_request", `there are ${s.reflection.length} questions`);
      }
      return debrief({ kind: "note", question: c.question, text: c.text, by: actor.name });
    case "ghost": {
      if (!writer) return refuse("no_seat", "spectators watch: ghost runs are asked for by the team");
      // A ghost run carries every role's decisions: it would tell the truth before the reveal.
      if (!s.debrief.revealed) return refuse("wrong_phase", "ghost runs open after the reveal");
      const key = ghostKey(c.request);
      if (s.debrief.ghosts.some((g) => ghostKey(g.request) === key)) return accept();
      if (s.debrief.ghosts.length >= limits.ghostsPerRound)
        return refuse("bad_request", `at most ${limits.ghostsPerRound} ghost runs a round`);
      const mine = s.debrief.ghosts.filter((g) => g.by === writer).length;
      if (mine >= limits.ghostsPerSeat)
        return refuse("bad_request", `at most ${limits.ghostsPerSeat} ghost runs a seat`);
      return accept();
    }
  }
}
