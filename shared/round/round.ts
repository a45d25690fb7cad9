// One team round as plain, event-sourced data: seats, pace, decisions, the simulation and the
// debrief. Every change is a RoundEvent folded in by `apply` (the reducer); live play and crash
// recovery apply the same events, so a restored round is the round that was recorded. What may
// happen is decided by check.ts, who may see what by view.ts. No Colyseus, no timers, no I/O here:
// time arrives as event data.

import { applyDebriefEvent, initialDebriefState } from "../debrief/session.ts";
import { Simulation } from "../engine/simulation.ts";
import type {
  AnyScenario,
  Decision,
  DecisionSource,
  Decisions,
  RoleId,
  ShockEvent,
} from "../engine/types.ts";
import type { Hypothesis, PreviousRound } from "../protocol/again.ts";
import type { ReflectionEvent } from "../protocol/cohort.ts";
import type { DebriefEvent, DebriefState } from "../protocol/debrief.ts";
import type { BotChoice, Pace, Phase, SeatControl } from "../protocol/room.ts";
import { type Bot, createBot } from "./bots.ts";
import { ByRole } from "./by-role.ts";
import { keptHumanDecision } from "./check.ts";
import { SourceLog } from "./source-log.ts";

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
  /** ms since the Unix epoch; absent in older rounds (the log's stamp stands in). */
  createdAt?: number;
  /** Absent in rounds recorded before cohorts existed. */
  cohort?: string | null;
  /**
   * The secret half of the replay link (see server/replay/access.ts); absent in rounds recorded
   * before replays existed and in rounds built outside a server.
   */
  replaySecret?: string;
  /** A branch: the round it starts from and the weeks it takes over from it. */
  parent?: BranchOrigin;
  /** Play again: the team's finished round this one follows (its run, for the debrief to show beside). */
  previous?: PreviousRound;
}

/** Where the team went from a finished round: the next round's id and join code, and who started it. */
export interface NextRound {
  id: string;
  code: string;
  by: string;
}

/**
 * Where a branch comes from: the parent round and week W, and the parent's recorded inputs. Weeks
 * 1…W are the parent's (re-simulated here, hashes checked); `recorded` seats play back the parent's
 * later decisions.
 */
export interface BranchOrigin {
  id: string;
  week: number;
  /** The parent's decisions and sources, every recorded week (decisions[t − 1] = week t). */
  decisions: Decisions[];
  sources: Record<RoleId, DecisionSource>[];
  /** The parent's live-injected shocks (scheduled ones follow from the options). */
  shocks: ShockEvent[];
  /** The parent's hashes of weeks 0…W. */
  hashes: string[];
}

/** The log's event type for debrief events (the kind is inside the data). */
export const DEBRIEF_EVENT = "debrief:event";

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
  | { type: "end"; data: { reason: "horizon" | "host"; week: number; at?: number } }
  | { type: typeof DEBRIEF_EVENT; data: DebriefEvent }
  /** A desk's answers at a cohort's reflection pause: kept for the debrief, changes nothing in play. */
  | { type: "reflection"; data: ReflectionEvent }
  /** Play again: the team's next round (recorded in the finished round). */
  | { type: "again"; data: NextRound }
  /** What a player will do differently this round (recorded in the next round). */
  | { type: "hypothesis"; data: Hypothesis }
  /** Everyone left and the room closed for good. */
  | { type: "closed"; data: { week: number } };

export interface ApplyOptions {
  /** Re-simulate week events and check their hashes (recovery, reading a log). */
  replay?: boolean;
  /** When the event happened (ms since the Unix epoch): the time the log stamped on it. */
  at?: number;
}

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
  readonly pending: ByRole<Decision>;
  /** Continuous pace: each human's last decision, which stands until changed. */
  readonly standing = new Map<RoleId, Decision>();
  /** Where each week's decisions came from (see sources, sourceOf). */
  private readonly sourceLog: SourceLog;
  /** When the round was created and when play ended (ms since the Unix epoch), from the log. */
  createdAt = 0;
  endedAt: number | null = null;
  /** When the open week began (ms since the Unix epoch, from the start or last week event): 0 before play. */
  weekOpenedAt = 0;
  /** The debrief's shared state (sketches, reveal, follow-me, notes, ghost runs). */
  debrief: DebriefState = initialDebriefState();
  /** The room closed for good: the round is history, open to everyone. */
  closed = false;
  /** Play again: where the team went after this round's debrief. */
  next: NextRound | null = null;

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
    this.pending = new ByRole(this.roles);
    this.sourceLog = new SourceLog(this.roles);
    this.pace = { ...created.pace };
    for (const r of scenario.roles) {
      this.seats.set(r.id, {
        role: r.id,
        label: r.label,
        human: null,
        connected: false,
        covered: false,
        ready: false,
        bot: createBot(
          scenario,
          r.id,
          this.sim.options,
          created.bots[r.id],
          created.parent?.decisions.map((d) => d[r.id]),
        ),
        everHuman: false,
      });
    }
    if (created.parent) this.takeOverParentWeeks(created.parent);
  }

  /**
   * A branch begins where its parent was at week W: the same shocks, then the parent's weeks 1…W
   * re-simulated and proved by the parent's hashes. Every bot watches those weeks as if it had
   * played them, so its memory is what it would have been.
   */
  private takeOverParentWeeks(origin: BranchOrigin): void {
    for (const shock of origin.shocks) this.sim.inject(shock);
    const proved = (t: number) => {
      const want = origin.hashes[t];
      if (want === undefined || !this.sim.hashMatches(t, want)) {
        throw new Error(`branch diverged from round ${origin.id} at week ${t}`);
      }
    };
    proved(0);
    for (let t = 1; t <= origin.week; t++) {
      const decisions = origin.decisions[t - 1];
      const sources = origin.sources[t - 1];
      if (!decisions || !sources) throw new Error(`round ${origin.id} has no week ${t} to branch from`);
      this.botDecisions();
      this.advance(decisions, sources);
      proved(t);
    }
  }

  /** The scenario's roles in seat order. */
  get roles(): readonly RoleId[] {
    return this.sim.roles;
  }

  /** sources[t − 1][role] for week t. Built afresh on each read (the caller owns it): read it once, not per week. */
  get sources(): Record<RoleId, DecisionSource>[] {
    return this.sourceLog.all();
  }

  /** Where `role`'s decision for week `week` (1 …) came from; undefined if none was recorded. */
  sourceOf(week: number, role: RoleId): DecisionSource | undefined {
    return this.sourceLog.of(week, role);
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

  /**
   * The decision of a human seat in force for the open week: the one sent for it, or in continuous
   * pace the last one sent (it stands until changed). Undefined if none.
   */
  inForce(role: RoleId): Decision | undefined {
    return this.pending.get(role) ?? (this.pace.mode === "continuous" ? this.standing.get(role) : undefined);
  }

  /** A seat counts as decided for the open week: bots always, humans once a decision is in force. */
  hasDecided(seat: Seat): boolean {
    return !(seat.human && !seat.covered) || this.inForce(seat.role) !== undefined;
  }

  /** Seats a human played at some point of play: whose debrief sketch is awaited. */
  sketchers(): RoleId[] {
    return [...this.seats.values()].filter((s) => s.everHuman).map((s) => s.role);
  }

  /** Lockstep/timed: may the week close before its deadline? */
  allHumansDecided(): boolean {
    return this.humanSeats().every((s) => this.hasDecided(s));
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
      const mine = this.inForce(s.role);
      const kept = keptHumanDecision(this, s);
      if (s.human && !s.covered) {
        decisions[s.role] = mine ?? bots[s.role]!;
        sources[s.role] = mine ? "human" : "default";
      } else if (kept) {
        decisions[s.role] = kept;
        sources[s.role] = "human";
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
    this.sourceLog.push(sources);
    this.pending.clear();
  }

  // ------------------------------------------------------------ applying events

  /**
   * Applies a recorded event. With `replay` (recovery) week events are re-simulated and their hashes
   * checked; live week events come from closeWeek (already applied) and are not applied again.
   * `at` is the event's time; events that carry their own time (created, end) prefer it. Log records
   * of other kinds (e.g. debrief:* records of other modules) change nothing.
   */
  apply(ev: RoundEvent, { replay = false, at }: ApplyOptions = {}): void {
    switch (ev.type) {
      case "created":
        this.createdAt = ev.data.createdAt ?? at ?? 0;
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
      case "takeover":
        // The player's decision for the open week, if any, stays: the bot covers the weeks after.
        this.seat(ev.data.role).covered = true;
        return;
      case "handback":
        this.seat(ev.data.role).covered = false;
        return;
      case "start":
        this.phase = "play";
        this.weekOpenedAt = at ?? 0;
        for (const s of this.seats.values()) if (s.human) s.everHuman = true;
        return;
      case "decision":
        this.pending.set(ev.data.role, ev.data.decision);
        this.standing.set(ev.data.role, ev.data.decision);
        return;
      case "week": {
        if (at !== undefined) this.weekOpenedAt = at;
        if (!replay) return;
        if (ev.data.week !== this.openWeek) {
          throw new Error(`recorded week ${ev.data.week} does not follow week ${this.sim.week}`);
        }
        this.botDecisions();
        this.advance(ev.data.decisions, ev.data.sources);
        const got = this.sim.hashes[ev.data.week];
        if (!this.sim.hashMatches(ev.data.week, ev.data.hash)) {
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
        this.endedAt = ev.data.at ?? at ?? null;
        this.pending.clear();
        return;
      case "closed":
        this.closed = true;
        return;
      case "reflection":
        return;
      case "again":
        this.next = { ...ev.data };
        return;
      case "hypothesis":
        // Kept with the debrief's beliefs, so the one visibility rule (view.ts) covers both.
        this.debrief = {
          ...this.debrief,
          hypotheses: { ...this.debrief.hypotheses, [ev.data.role]: { ...ev.data } },
        };
        return;
      case DEBRIEF_EVENT:
        this.debrief = applyDebriefEvent(this.debrief, ev.data, this.sketchers());
        return;
    }
  }
}
