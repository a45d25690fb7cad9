// One team round as plain, event-sourced data: seats, pace, decisions and the simulation.
// Every change is a RoundEvent; live play and crash recovery apply the same events, so a restored
// round is the round that was recorded. No Colyseus, no timers, no I/O here.

import { Simulation } from "../shared/engine/simulation.ts";
import type {
  AnyScenario,
  Decision,
  DecisionSource,
  Decisions,
  RoleId,
  ShockEvent,
} from "../shared/engine/types.ts";
import type { ErrorCode } from "../shared/protocol/errors.ts";
import type { BotChoice, Pace, Phase, SeatControl } from "../shared/protocol/room.ts";
import { type Bot, createBot } from "./bots.ts";

export interface CreatedData {
  code: string;
  scenario: string;
  version: number;
  title: string;
  options: unknown;
  seed: number;
  pace: Pace;
  bots: Record<RoleId, BotChoice>;
  graceSeconds: number;
  hostTokenHash: string;
  /** Absent in rounds recorded before cohorts existed. */
  cohort?: string | null;
}

export type RoundEvent =
  | { type: "created"; data: CreatedData }
  | { type: "claim"; data: { role: RoleId; name: string; tokenHash: string } }
  | { type: "release"; data: { role: RoleId } }
  | { type: "ready"; data: { role: RoleId; ready: boolean } }
  | { type: "connect"; data: { role: RoleId } }
  | { type: "drop"; data: { role: RoleId } }
  | { type: "takeover"; data: { role: RoleId } }
  | { type: "handback"; data: { role: RoleId } }
  | { type: "start"; data: Record<string, never> }
  | { type: "decision"; data: { week: number; role: RoleId; decision: Decision } }
  | {
      type: "week";
      data: { week: number; decisions: Decisions; sources: Record<RoleId, DecisionSource>; hash: string };
    }
  | { type: "pace"; data: Pace }
  | { type: "pause"; data: Record<string, never> }
  | { type: "resume"; data: Record<string, never> }
  | { type: "shock"; data: ShockEvent }
  | { type: "end"; data: { reason: "horizon" | "host"; week: number } };

export type Refusal = { ok: false; code: ErrorCode; reason: string; field?: string };

export interface Seat {
  role: RoleId;
  label: string;
  /** The human who holds the seat (kept while a bot covers for them). */
  human: { name: string; tokenHash: string } | null;
  connected: boolean;
  /** A bot plays for the absent human. */
  covered: boolean;
  ready: boolean;
  bot: Bot;
  /** A human played this seat at some point of play. */
  everHuman: boolean;
}

export class Round {
  readonly id: string;
  readonly created: CreatedData;
  readonly scenario: AnyScenario;
  readonly sim: Simulation;
  readonly seats = new Map<RoleId, Seat>();
  phase: Phase = "lobby";
  pace: Pace;
  paused = false;
  /** Decisions in for the open week. */
  readonly pending = new Map<RoleId, Decision>();
  /** Continuous pace: each human's last decision, which stands until changed. */
  readonly standing = new Map<RoleId, Decision>();
  /** sources[t − 1][role] for week t. */
  readonly sources: Record<RoleId, DecisionSource>[] = [];
  endedBy: "horizon" | "host" | null = null;

  constructor(id: string, scenario: AnyScenario, created: CreatedData) {
    if (scenario.id !== created.scenario)
      throw new Error(`round is of "${created.scenario}", not "${scenario.id}"`);
    if (scenario.version !== created.version) {
      throw new Error(
        `round ran on ${scenario.id} version ${created.version}; this build has ${scenario.version}`,
      );
    }
    this.id = id;
    this.created = created;
    this.scenario = scenario;
    this.sim = new Simulation(scenario, created.options, created.seed);
    this.pace = { ...created.pace };
    for (const r of scenario.roles) {
      this.seats.set(r.id, {
        role: r.id,
        label: r.label,
        human: null,
        connected: false,
        covered: false,
        ready: false,
        bot: createBot(scenario, r.id, this.sim.options, created.bots[r.id]),
        everHuman: false,
      });
    }
  }

  get roles(): RoleId[] {
    return this.scenario.roles.map((r) => r.id);
  }

  /** The week decisions are being taken for. */
  get openWeek(): number {
    return this.sim.week + 1;
  }

  seat(role: RoleId): Seat {
    const s = this.seats.get(role);
    if (!s) throw new Error(`unknown role "${role}"`);
    return s;
  }

  control(seat: Seat): SeatControl {
    if (seat.human && !seat.covered) return "human";
    return this.phase === "lobby" ? "empty" : "bot";
  }

  /** Seats a human is playing right now (not covered by a bot). */
  humanSeats(): Seat[] {
    return [...this.seats.values()].filter((s) => s.human && !s.covered);
  }

  findByToken(tokenHash: string): Seat | undefined {
    for (const s of this.seats.values()) if (s.human?.tokenHash === tokenHash) return s;
    return undefined;
  }

  firstFreeSeat(): Seat | undefined {
    for (const s of this.seats.values()) if (!s.human) return s;
    return undefined;
  }

  // ------------------------------------------------------------ checks (no state change)

  checkDecision(role: RoleId, week: number, input: unknown): { ok: true; decision: Decision } | Refusal {
    if (this.phase !== "play")
      return {
        ok: false,
        code: "wrong_phase",
        reason: `decisions are taken in play, not in the ${this.phase}`,
      };
    if (week < this.openWeek) {
      return {
        ok: false,
        code: "week_closed",
        reason: `week ${week} is closed; the open week is ${this.openWeek}`,
      };
    }
    if (week > this.openWeek) {
      return {
        ok: false,
        code: "week_not_open",
        reason: `week ${week} is not open yet; the open week is ${this.openWeek}`,
      };
    }
    const seat = this.seat(role);
    if (seat.covered) {
      return {
        ok: false,
        code: "not_your_role",
        reason: "a bot is covering your seat; rejoin with your seat token",
      };
    }
    const c = this.sim.checkDecision(role, input);
    if (!c.ok) return { ok: false, code: "bad_decision", reason: c.reason, field: c.field };
    return c;
  }

  checkShock(shock: ShockEvent): Refusal | null {
    const spec = this.scenario.shocks.find((s) => s.name === shock.name);
    if (!spec) {
      const known = this.scenario.shocks.map((s) => s.name).join(", ") || "none";
      return { ok: false, code: "bad_request", reason: `unknown shock "${shock.name}"; known: ${known}` };
    }
    if (shock.week <= this.sim.week || shock.week > this.sim.horizon) {
      return {
        ok: false,
        code: "bad_request",
        reason: `a shock needs a future week (${this.openWeek}…${this.sim.horizon})`,
      };
    }
    for (const k of Object.keys(shock.params ?? {})) {
      if (!(k in spec.params))
        return { ok: false, code: "bad_request", reason: `shock "${spec.name}" has no parameter "${k}"` };
    }
    return null;
  }

  /** Lockstep/timed: may the week close before its deadline? */
  allHumansDecided(): boolean {
    const humans = this.humanSeats();
    return humans.every((s) => this.pending.has(s.role));
  }

  // ------------------------------------------------------------ the week

  /** What each seat's bot would decide now (every seat's bot sees every week, to keep its memory). */
  private botDecisions(): Record<RoleId, Decision> {
    const out: Record<RoleId, Decision> = {};
    for (const s of this.seats.values()) {
      let d: Decision;
      try {
        d = s.bot.policy.decide(this.sim.observe(s.role));
      } catch {
        d = this.sim.defaultDecision(s.role);
      }
      const c = this.sim.checkDecision(s.role, d);
      out[s.role] = c.ok ? c.decision : this.sim.defaultDecision(s.role);
    }
    return out;
  }

  /** Closes the open week: fills every missing decision, simulates, and returns the event to record. */
  closeWeek(): Extract<RoundEvent, { type: "week" }> {
    const bots = this.botDecisions();
    const decisions: Record<RoleId, Decision> = {};
    const sources: Record<RoleId, DecisionSource> = {};
    for (const s of this.seats.values()) {
      const mine =
        this.pending.get(s.role) ?? (this.pace.mode === "continuous" ? this.standing.get(s.role) : undefined);
      if (s.human && !s.covered) {
        decisions[s.role] = mine ?? bots[s.role]!;
        sources[s.role] = mine ? "human" : "default";
      } else {
        decisions[s.role] = bots[s.role]!;
        sources[s.role] = "bot";
      }
    }
    const week = this.openWeek;
    this.advance(decisions, sources);
    return { type: "week", data: { week, decisions, sources, hash: this.sim.hashes[week]! } };
  }

  private advance(decisions: Decisions, sources: Record<RoleId, DecisionSource>): void {
    this.sim.advance(decisions);
    this.sources.push(sources);
    this.pending.clear();
  }

  // ------------------------------------------------------------ applying events

  /**
   * Applies a recorded event. `replay` is true during recovery: week events are re-simulated and their
   * hashes checked. Live week events come from closeWeek (already applied) and must not be applied again.
   */
  apply(ev: RoundEvent, replay: boolean): void {
    switch (ev.type) {
      case "created":
        return;
      case "claim": {
        const s = this.seat(ev.data.role);
        s.human = { name: ev.data.name, tokenHash: ev.data.tokenHash };
        s.covered = false;
        s.ready = false;
        if (this.phase !== "lobby") s.everHuman = true;
        return;
      }
      case "release": {
        const s = this.seat(ev.data.role);
        s.human = null;
        s.connected = false;
        s.covered = false;
        s.ready = false;
        this.pending.delete(s.role);
        this.standing.delete(s.role);
        return;
      }
      case "ready":
        this.seat(ev.data.role).ready = ev.data.ready;
        return;
      case "connect":
        this.seat(ev.data.role).connected = true;
        return;
      case "drop":
        this.seat(ev.data.role).connected = false;
        return;
      case "takeover": {
        const s = this.seat(ev.data.role);
        s.covered = true;
        this.pending.delete(s.role);
        return;
      }
      case "handback":
        this.seat(ev.data.role).covered = false;
        return;
      case "start":
        this.phase = "play";
        for (const s of this.seats.values()) if (s.human) s.everHuman = true;
        return;
      case "decision":
        this.pending.set(ev.data.role, ev.data.decision);
        this.standing.set(ev.data.role, ev.data.decision);
        return;
      case "week": {
        if (!replay) return;
        if (ev.data.week !== this.openWeek) {
          throw new Error(`recorded week ${ev.data.week} does not follow week ${this.sim.week}`);
        }
        this.botDecisions();
        this.advance(ev.data.decisions, ev.data.sources);
        const got = this.sim.hashes[ev.data.week];
        if (got !== ev.data.hash) {
          throw new Error(`replay diverged at week ${ev.data.week}: hash ${got} ≠ recorded ${ev.data.hash}`);
        }
        return;
      }
      case "pace":
        this.pace = { ...ev.data };
        return;
      case "pause":
        this.paused = true;
        return;
      case "resume":
        this.paused = false;
        return;
      case "shock":
        this.sim.inject(ev.data);
        return;
      case "end":
        this.phase = "debrief";
        this.endedBy = ev.data.reason;
        this.pending.clear();
        return;
    }
  }
}
