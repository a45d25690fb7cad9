// The team room: one company, one department per player. Adapts a Round (server/round.ts) to
// Colyseus: seats ↔ clients, per-role views, pacing timers, validation, recording and restore.

import { type Client, Protocol, Room } from "@colyseus/core";
import { StateView } from "@colyseus/schema";
import type { DecisionSource, RoleId } from "../shared/engine/types.ts";
import {
  type CohortMovedMessage,
  REFLECT_ANSWER,
  type ReflectionEvent,
  reflectAnswerSchema,
} from "../shared/protocol/cohort.ts";
import { CLOSE_CODES, type ErrorCode, LIMITS } from "../shared/protocol/errors.ts";
import {
  clientMessageSchemas,
  DEBRIEF_PREFIX,
  type ErrorMessage,
  type HistoryMessage,
  type RoundRecord,
  type WelcomeMessage,
} from "../shared/protocol/messages.ts";
import { flattenObservation } from "../shared/protocol/observation.ts";
import {
  createOptionsSchema,
  joinLink,
  joinOptionsSchema,
  type RoomLookup,
} from "../shared/protocol/room.ts";
import { getScenario } from "../shared/scenarios/index.ts";
import { policyNames } from "./bots.ts";
import { attachDebrief, type DebriefHandle } from "./debrief/index.ts";
import { type CreatedData, type Refusal, Round, type RoundEvent, type Seat } from "./round.ts";
import { services } from "./services.ts";
import { RoleState, SeatState, TeamState } from "./state.ts";
import type { RoundStatus, StoredEvent } from "./storage/types.ts";
import { hashToken, newJoinCode, newRoundId, newToken } from "./tokens.ts";

interface ClientData {
  role: RoleId | null;
  name: string;
  invalid: number;
  /** Kept in memory only (the log holds its hash), to repeat it in a later welcome. */
  seatToken: string | null;
  /** The creator's host token, likewise kept to repeat it. */
  hostToken: string | null;
  acks: boolean;
}

/** Create options the server itself uses to restore a recorded round after a restart. */
export interface RestoreOptions {
  restore: string;
}

type Events = RoundEvent[];

export class TeamRoom extends Room<{ state: TeamState }> {
  override maxMessagesPerSecond = LIMITS.maxMessagesPerSecond;
  round!: Round;
  private hostTokenHash = "";
  private creatorToken: string | null = null;
  private readonly holders = new Map<RoleId, Client>();
  private readonly graceTimers = new Map<RoleId, NodeJS.Timeout>();
  private paceTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  /** ms left of the open week when paused (timed/continuous). */
  private remainingMs: number | null = null;
  /** When the open week closes (timed/continuous), epoch ms. */
  private closesAt = 0;
  private debrief: Promise<DebriefHandle> | null = null;
  /** The debrief's truth is out: every client sees every role (until then, only its own). */
  private revealed = false;
  private patchQueued = false;
  private recording: Promise<unknown> = Promise.resolve();
  private disposed = false;
  private createdAt = Date.now();
  /** The week last written to the round index. */
  private recordedWeek = -1;
  private endedAt: number | null = null;
  /** When the open week began, epoch ms (the cohort console's "seconds since"). */
  weekOpenedAt = 0;

  override async onCreate(raw: unknown): Promise<void> {
    // Patches go out right after each change (flush); the interval is only a safety net.
    this.patchRate = 1000;
    // The room outlives short absences of everyone (a restart, a shared network drop): see idle().
    this.autoDispose = false;
    this.state = new TeamState();
    const restore = (raw as Partial<RestoreOptions> | undefined)?.restore;
    if (typeof restore === "string" && services().restoreTickets.delete(restore)) {
      await this.restore(restore);
    } else {
      await this.createFresh(raw);
    }
    services().rooms.set(this.roomId, this);
    // What another process' lookup endpoint can tell about this room (scaled out behind Redis).
    await this.setMetadata({
      scenario: this.round.scenario.id,
      title: this.round.scenario.title,
      cohort: this.round.created.cohort ?? null,
    });
    this.onMessage("*", (client, type, payload) => this.dispatch(client, String(type), payload));
    this.idle();
    this.flush();
  }

  private async createFresh(raw: unknown): Promise<void> {
    const parsed = createOptionsSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`bad create options: ${describeZod(parsed.error)}`);
    const o = parsed.data;
    const scenario = getScenario(o.scenario);
    const options = scenario.parseOptions(o.options ?? {});
    for (const role of Object.keys(o.bots)) {
      if (!scenario.roles.some((r) => r.id === role)) throw new Error(`bots: unknown role "${role}"`);
    }
    const hostToken = newToken();
    this.creatorToken = hostToken;
    const code = this.uniqueCode();
    const created: CreatedData = {
      code,
      scenario: scenario.id,
      version: scenario.version,
      title: scenario.title,
      options,
      seed: o.seed ?? Math.floor(Math.random() * 0x100000000),
      pace: o.pace,
      bots: o.bots,
      graceSeconds: o.graceSeconds,
      hostTokenHash: hashToken(hostToken),
      cohort: o.cohort ?? null,
    };
    // Creating the round validates the bot choices (unknown policies throw here, before recording).
    this.round = new Round(newRoundId(), scenario, created);
    this.hostTokenHash = created.hostTokenHash;
    this.roomId = code;
    await services().storage.createRound(
      {
        id: this.round.id,
        code,
        scenario: scenario.id,
        version: scenario.version,
        title: scenario.title,
        status: "lobby",
        week: 0,
        horizon: this.round.sim.horizon,
        cohort: created.cohort ?? null,
      },
      [{ type: "created", data: created }],
    );
    this.buildState();
  }

  private uniqueCode(): string {
    for (;;) {
      const c = newJoinCode();
      if (!services().rooms.has(c)) return c;
    }
  }

  /** Rebuilds a recorded round by re-applying its events (re-simulating every week, hashes checked). */
  private async restore(roundId: string): Promise<void> {
    const events = await services().storage.events(roundId);
    const first = events[0];
    if (first?.type !== "created") throw new Error(`round ${roundId} has no creation record`);
    const created = first.data as CreatedData;
    this.createdAt = first.at;
    this.endedAt = events.find((e) => e.type === "end")?.at ?? null;
    this.round = new Round(roundId, getScenario(created.scenario), created);
    this.hostTokenHash = created.hostTokenHash;
    this.roomId = created.code;
    for (const e of events.slice(1)) {
      if (e.type.startsWith(DEBRIEF_PREFIX)) continue;
      this.round.apply(e as unknown as RoundEvent, true);
    }
    // Everyone was cut off by the crash: the seats wait for their players like after a drop.
    for (const s of this.round.seats.values()) s.connected = false;
    this.buildState();
    if (this.round.phase === "play") {
      this.weekOpenedAt = Date.now();
      for (const s of this.round.seats.values()) if (s.human && !s.covered) this.startGrace(s.role);
      this.schedulePace("resume");
    } else if (this.round.phase === "debrief") {
      this.openDebrief();
    }
    services().log(
      `restored round ${roundId} (${created.code}) at week ${this.round.sim.week}, ${this.round.phase}`,
    );
  }

  // ------------------------------------------------------------ state sync

  private buildState(): void {
    const st = this.state;
    const r = this.round;
    st.code = r.created.code;
    st.scenario = r.scenario.id;
    st.title = r.scenario.title;
    st.horizon = r.sim.horizon;
    for (const s of r.seats.values()) {
      const seat = new SeatState();
      seat.role = s.role;
      seat.label = s.label;
      st.seats.set(s.role, seat);
      const role = new RoleState();
      role.role = s.role;
      st.roles.set(s.role, role);
    }
    this.syncPublic();
    this.syncRoles();
  }

  /** Copies the round's public data to the schema (only changed values travel). */
  private syncPublic(): void {
    const st = this.state;
    const r = this.round;
    st.phase = r.phase;
    st.week = r.sim.week;
    st.pace = r.pace.mode;
    st.secondsPerWeek = r.pace.secondsPerWeek;
    st.paused = r.paused;
    for (const s of r.seats.values()) {
      const seat = st.seats.get(s.role)!;
      seat.control = r.control(s);
      seat.name = s.human?.name ?? "";
      seat.connected = s.connected;
      seat.ready = s.ready;
      seat.decided = r.phase === "play" && this.hasDecided(s);
      seat.policy = s.bot.name;
    }
  }

  /** Bots always have; in continuous pace a standing decision counts (it is in force every week). */
  private hasDecided(s: Seat): boolean {
    const r = this.round;
    if (!(s.human && !s.covered)) return true;
    return r.pending.has(s.role) || (r.pace.mode === "continuous" && r.standing.has(s.role));
  }

  /** Each role's private entry: observation and KPIs of the current week, the decision in. */
  private syncRoles(): void {
    const r = this.round;
    for (const role of r.roles) {
      const rs = this.state.roles.get(role)!;
      rs.week = r.sim.week;
      for (const [k, v] of flattenObservation(r.sim.observe(role))) {
        rs.observation.set(k, v);
      }
      for (const k of r.sim.kpis(role)) {
        rs.kpis.set(k.id, k.value);
      }
      this.syncDecision(role);
      this.syncRecorded(role);
    }
  }

  /** A week the player did not decide (a bot covered, or nothing came in time): what was recorded. */
  private syncRecorded(role: RoleId): void {
    const r = this.round;
    const rs = this.state.roles.get(role)!;
    const t = r.sim.week;
    const by = t >= 1 ? r.sources[t - 1]?.[role] : undefined;
    const d = by && by !== "human" ? (r.sim.decisionLog[t - 1]?.[role] ?? {}) : {};
    for (const k of [...rs.recorded.keys()]) if (!(k in d)) rs.recorded.delete(k);
    for (const [k, v] of Object.entries(d)) rs.recorded.set(k, v);
    rs.recordedBy = by && by !== "human" ? by : "";
  }

  private syncDecision(role: RoleId): void {
    const r = this.round;
    const rs = this.state.roles.get(role)!;
    const d = r.pending.get(role) ?? (r.pace.mode === "continuous" ? r.standing.get(role) : undefined);
    if (!d) {
      if (rs.decision.size > 0) rs.decision.clear();
      rs.source = "";
      return;
    }
    for (const k of [...rs.decision.keys()]) if (!(k in d)) rs.decision.delete(k);
    for (const [k, v] of Object.entries(d)) rs.decision.set(k, v);
    rs.source = "human";
  }

  /** Sends the accumulated state changes once, right after the current turn of the event loop. */
  private flush(): void {
    if (this.patchQueued) return;
    this.patchQueued = true;
    queueMicrotask(() => {
      this.patchQueued = false;
      if (!this.disposed) this.broadcastPatch();
    });
  }

  // ------------------------------------------------------------ recording

  /** Applies events to the round now and appends them to the log (in order). Resolves when durable. */
  private commit(events: Events, opts: { applied?: boolean; status?: RoundStatus; endedAt?: number } = {}) {
    if (!opts.applied) for (const e of events) this.round.apply(e, false);
    const week = this.round.sim.week !== this.recordedWeek ? this.round.sim.week : undefined;
    this.recordedWeek = this.round.sim.week;
    const patch = {
      ...(week !== undefined ? { week } : {}),
      ...(opts.status ? { status: opts.status } : {}),
      ...(opts.endedAt !== undefined ? { endedAt: opts.endedAt } : {}),
    };
    const p = services()
      .storage.append(this.round.id, events, patch)
      .catch((e) => {
        services().log(`round ${this.round.id}: recording failed`, e);
        throw e;
      });
    this.recording = p.catch(() => {});
    return p;
  }

  // ------------------------------------------------------------ joining and leaving

  override async onJoin(client: Client<{ userData: ClientData }>, raw: unknown): Promise<void> {
    const parsed = joinOptionsSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`bad join options: ${describeZod(parsed.error)}`);
    clearTimeout(this.idleTimer);
    const o = parsed.data;
    const r = this.round;
    const data: ClientData = {
      role: null,
      name: o.name,
      invalid: 0,
      seatToken: null,
      hostToken: null,
      acks: o.acks,
    };
    client.userData = data;
    let resumed = false;
    let hostToken: string | null = null;
    let seatToken: string | null = null;
    if (this.creatorToken && (raw as { scenario?: unknown }).scenario !== undefined) {
      hostToken = this.creatorToken;
      this.creatorToken = null;
    }

    // A token the room does not know (a seat given up in the lobby, an old round) is ignored in the
    // lobby, where the player can simply take a seat again. A cohort ticket must match its reservation.
    const token = o.seatToken ?? o.cohortTicket;
    const known = token ? r.findByToken(hashToken(token)) : undefined;
    if (token && !known && (r.phase !== "lobby" || o.cohortTicket)) {
      throw new Error("seat token not recognised: join as a spectator, or with the token of your seat");
    }
    if (known && token) {
      const seat = known;
      const old = this.holders.get(seat.role);
      if (old && old !== client) {
        // The same player on a new connection (reload, second tab): the newest one holds the seat.
        this.holders.delete(seat.role);
        old.leave(CLOSE_CODES.replaced, "seat taken over by a newer connection");
      }
      this.cancelGrace(seat.role);
      const events: Events = [];
      if (seat.covered) events.push({ type: "handback", data: { role: seat.role } });
      events.push({ type: "connect", data: { role: seat.role } });
      this.commit(events);
      data.role = seat.role;
      data.name = seat.human!.name;
      seatToken = token;
      resumed = true;
    } else if (!o.spectate) {
      if (r.phase !== "lobby") {
        throw new Error("this round has started: rejoin with your seat token, or join as a spectator");
      }
      const seat = o.role ? r.seats.get(o.role) : r.firstFreeSeat();
      if (o.role && !seat) throw new Error(`unknown role "${o.role}"; roles: ${r.roles.join(", ")}`);
      if (!seat) throw new Error("every seat is taken; join as a spectator");
      if (seat.human) throw new Error(`the ${seat.label} seat is taken by ${seat.human.name}`);
      seatToken = newToken();
      this.commit([
        { type: "claim", data: { role: seat.role, name: o.name, tokenHash: hashToken(seatToken) } },
        { type: "connect", data: { role: seat.role } },
      ]);
      data.role = seat.role;
    }
    if (data.role) this.holders.set(data.role, client);
    data.seatToken = seatToken;
    data.hostToken = hostToken;

    dropEmptyPatches(client);
    client.view = new StateView();
    if (r.phase === "debrief" && this.revealed) this.showAllRoles(client);
    else if (data.role) client.view.add(this.state.roles.get(data.role)!);

    const welcome: WelcomeMessage = {
      code: r.created.code,
      link: joinLink(r.created.code),
      scenario: r.scenario.id,
      title: r.scenario.title,
      role: data.role,
      seatToken,
      hostToken,
      resumed,
      roles: r.scenario.roles.map((x) => ({ ...x })),
      decisions: data.role ? [...r.scenario.decisions(data.role, r.sim.options)] : [],
      kpis: data.role ? r.sim.kpis(data.role).map(({ value: _v, ...k }) => ({ ...k })) : [],
      policies: policyNames(r.scenario.id),
    };
    client.send("welcome", welcome);
    if (data.role) client.send("history", this.historyOf(data.role));
    if (r.phase === "debrief") {
      void this.debrief?.then((d) => {
        // The debrief may have revealed (a restored round replaying its log) while this join waited.
        if (this.revealed) this.showAllRoles(client);
        d.onJoin(client);
      });
    }
    this.syncPublic();
    this.afterChange();
  }

  override async onDrop(client: Client<{ userData: ClientData }>): Promise<void> {
    const role = client.userData?.role;
    if (!role || this.holders.get(role) !== client) return;
    this.commit([{ type: "drop", data: { role } }]);
    this.syncPublic();
    this.flush();
    if (this.round.phase === "play") this.startGrace(role);
    const grace = this.round.phase === "debrief" ? 60 : Math.max(1, this.round.created.graceSeconds);
    this.allowReconnection(client, grace).catch(() => {});
  }

  override async onReconnect(client: Client<{ userData: ClientData }>): Promise<void> {
    const role = client.userData?.role;
    // Colyseus hands over a new client object for the same session.
    if (!role || this.holders.get(role)?.sessionId !== client.sessionId) return;
    this.holders.set(role, client);
    dropEmptyPatches(client);
    this.cancelGrace(role);
    const seat = this.round.seat(role);
    const events: Events = [];
    if (seat.covered) events.push({ type: "handback", data: { role } });
    events.push({ type: "connect", data: { role } });
    this.commit(events);
    client.send("history", this.historyOf(role));
    this.syncPublic();
    this.afterChange();
  }

  override async onLeave(client: Client<{ userData: ClientData }>): Promise<void> {
    if (this.clients.length === 0) this.idle();
    const role = client.userData?.role;
    if (!role || this.holders.get(role) !== client) return;
    this.holders.delete(role);
    const seat = this.round.seat(role);
    const events: Events = [];
    if (seat.connected) events.push({ type: "drop", data: { role } });
    // A cohort's seats are the cohort's to give: they stay reserved for their participant.
    if (this.round.phase === "lobby" && !this.round.created.cohort) {
      events.push({ type: "release", data: { role } });
    } else if (this.round.phase === "play" && !seat.covered) {
      this.cancelGrace(role);
      events.push({ type: "takeover", data: { role } });
    }
    if (events.length) this.commit(events);
    this.syncPublic();
    this.afterChange();
  }

  /** A timer whose failure is logged and contained in this room instead of ending the process. */
  private later(fn: () => void, ms: number): NodeJS.Timeout {
    return setTimeout(() => {
      try {
        fn();
      } catch (e) {
        this.onUncaughtException(e as Error, "timer");
      }
    }, ms);
  }

  /**
   * Colyseus routes exceptions from handlers and hooks here (it wraps them once this exists), and so
   * do our timers: one broken round must not take the others down. The failing step is logged; the
   * round's state is whatever was applied before it.
   */
  override onUncaughtException(error: Error, methodName: string): void {
    // A refused create or join is the client's answer, not a fault of the room.
    if (methodName === "onCreate" || methodName === "onJoin") return;
    services().log(`round ${this.round?.id ?? "?"} (${this.roomId}): error in ${methodName}`, error);
  }

  /**
   * With nobody connected the room waits (players may come back with their seat tokens), then closes:
   * longer than any grace period, so a drop never closes a round under a returning player.
   */
  private idle(): void {
    clearTimeout(this.idleTimer);
    // A cohort's teams are opened before the class arrives and run by the trainer: they wait a workday.
    const minutes = this.round.created.cohort ? 8 * 60 : this.round.phase === "lobby" ? 15 : 30;
    const ms = Math.max(minutes * 60_000, (this.round.created.graceSeconds + 60) * 1000);
    this.idleTimer = this.later(() => {
      if (this.clients.length === 0 && !this.disposed) void this.disconnect();
    }, ms);
    this.idleTimer.unref?.();
  }

  /** A dropped human keeps the seat for the grace period; then the seat's bot covers for them. */
  private startGrace(role: RoleId): void {
    this.cancelGrace(role);
    const ms = this.round.created.graceSeconds * 1000;
    this.graceTimers.set(
      role,
      this.later(() => {
        this.graceTimers.delete(role);
        const seat = this.round.seat(role);
        if (this.disposed || this.round.phase !== "play" || seat.connected || seat.covered || !seat.human)
          return;
        this.commit([{ type: "takeover", data: { role } }]);
        this.syncPublic();
        this.afterChange();
      }, ms),
    );
  }

  private cancelGrace(role: RoleId): void {
    const t = this.graceTimers.get(role);
    if (t) clearTimeout(t);
    this.graceTimers.delete(role);
  }

  // ------------------------------------------------------------ messages

  private dispatch(client: Client<{ userData: ClientData }>, type: string, payload: unknown) {
    if (type.startsWith(DEBRIEF_PREFIX)) {
      if (this.round.phase !== "debrief" || !this.debrief) {
        this.refuse(client, type, "wrong_phase", "the debrief opens when play ends");
        return;
      }
      void this.debrief.then((d) => d.onMessage(client, type, payload));
      return;
    }
    if (type === REFLECT_ANSWER) {
      this.onReflectAnswer(client, payload);
      return;
    }
    const schema = clientMessageSchemas[type as keyof typeof clientMessageSchemas];
    if (!schema) {
      this.invalid(client, type, `unknown message type "${type.slice(0, 40)}"`);
      return;
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      this.invalid(client, type, describeZod(parsed.error));
      return;
    }
    const m = parsed.data as Record<string, unknown>;
    switch (type) {
      case "seat":
        return this.onSeat(client, m.role as string);
      case "ready":
        return this.onReady(client, m.ready as boolean);
      case "decide":
        return this.onDecide(client, m as { week: number; role?: string; decision: Record<string, number> });
      case "host":
        return this.onHost(client, m as { hostToken: string; action: string } & Record<string, unknown>);
    }
  }

  private invalid(client: Client<{ userData: ClientData }>, type: string, reason: string): void {
    const d = ud(client);
    if (d) d.invalid++;
    if (d && d.invalid > LIMITS.maxInvalidMessages) {
      client.leave(CLOSE_CODES.garbage, "too many malformed messages");
      return;
    }
    this.refuse(client, type, "invalid_message", reason);
  }

  private refuse(client: Client, request: string, code: ErrorCode, reason: string, field?: string): void {
    const msg: ErrorMessage = { code, reason, request: request.slice(0, 60) };
    if (field !== undefined) msg.field = field;
    client.send("error", msg);
  }

  private onSeat(client: Client<{ userData: ClientData }>, role: string) {
    const r = this.round;
    const d = ud(client);
    if (!d.role)
      return this.refuse(client, "seat", "no_seat", "spectators cannot take seats; join again with a name");
    if (r.phase !== "lobby")
      return this.refuse(client, "seat", "wrong_phase", "seats can only change in the lobby");
    const target = r.seats.get(role);
    if (!target)
      return this.refuse(
        client,
        "seat",
        "unknown_role",
        `unknown role "${role}"; roles: ${r.roles.join(", ")}`,
      );
    if (role === d.role) return;
    if (target.human)
      return this.refuse(
        client,
        "seat",
        "seat_taken",
        `the ${target.label} seat is taken by ${target.human.name}`,
      );
    const from = r.seat(d.role);
    const holder = from.human!;
    this.commit([
      { type: "release", data: { role: from.role } },
      { type: "claim", data: { role, name: holder.name, tokenHash: holder.tokenHash } },
      { type: "connect", data: { role } },
    ]);
    this.holders.delete(from.role);
    this.holders.set(role, client);
    client.view!.remove(this.state.roles.get(from.role)!);
    client.view!.add(this.state.roles.get(role)!);
    d.role = role;
    client.send("welcome", {
      ...this.welcomeBase(),
      role,
      seatToken: d.seatToken,
      hostToken: d.hostToken,
      resumed: true,
      decisions: [...r.scenario.decisions(role, r.sim.options)],
      kpis: r.sim.kpis(role).map(({ value: _v, ...k }) => ({ ...k })),
    } satisfies WelcomeMessage);
    client.send("history", this.historyOf(role));
    this.syncPublic();
    this.flush();
  }

  private welcomeBase() {
    const r = this.round;
    return {
      code: r.created.code,
      link: joinLink(r.created.code),
      scenario: r.scenario.id,
      title: r.scenario.title,
      roles: r.scenario.roles.map((x) => ({ ...x })),
      policies: policyNames(r.scenario.id),
    };
  }

  private onReady(client: Client<{ userData: ClientData }>, ready: boolean) {
    const d = ud(client);
    if (!d.role) return this.refuse(client, "ready", "no_seat", "spectators have no seat to be ready in");
    if (this.round.phase !== "lobby")
      return this.refuse(client, "ready", "wrong_phase", "ready is for the lobby");
    this.commit([{ type: "ready", data: { role: d.role, ready } }]);
    this.syncPublic();
    this.flush();
  }

  private onDecide(
    client: Client<{ userData: ClientData }>,
    m: { week: number; role?: string; decision: Record<string, number> },
  ) {
    const d = ud(client);
    if (!d.role) return this.refuse(client, "decide", "no_seat", "spectators cannot decide");
    if (m.role !== undefined && m.role !== d.role) {
      return this.refuse(client, "decide", "not_your_role", `you hold the ${d.role} seat, not ${m.role}`);
    }
    const c = this.round.checkDecision(d.role, m.week, m.decision);
    if (!c.ok) return this.refuse(client, "decide", c.code, c.reason, c.field);
    const role = d.role;
    const week = m.week;
    const decision = c.decision;
    this.commit([{ type: "decision", data: { week, role, decision } }]).then(
      () => {
        if (d.acks) client.send("accepted", { week, decision, source: "human" as DecisionSource });
      },
      () => this.refuse(client, "decide", "bad_request", "the decision could not be recorded; send it again"),
    );
    this.syncDecision(role);
    this.syncPublic();
    this.afterChange();
  }

  private onHost(client: Client, m: { hostToken: string; action: string } & Record<string, unknown>) {
    if (hashToken(m.hostToken) !== this.hostTokenHash) {
      return this.refuse(client, "host", "not_host", "host actions need the host token");
    }
    const refused = this.hostAction(m);
    if (refused) this.refuse(client, "host", refused.code, refused.reason);
  }

  /** A host action (validated by hostActionSchema), from the host's client or from the room's cohort. */
  hostAction(m: { action: string } & Record<string, unknown>): Refusal | null {
    const r = this.round;
    const inPlay = r.phase === "play";
    const no = (code: ErrorCode, reason: string): Refusal => ({ ok: false, code, reason });
    const needPlay = () => no("wrong_phase", `"${m.action}" is for play, not the ${r.phase}`);
    switch (m.action) {
      case "start":
        if (r.phase !== "lobby") return no("wrong_phase", "the round has already started");
        this.commit([{ type: "start", data: {} }], { status: "play" });
        this.weekOpenedAt = Date.now();
        // Seats reserved for someone who has not come yet wait for them like a dropped player's.
        for (const s of r.humanSeats()) if (!s.connected) this.startGrace(s.role);
        this.syncRoles();
        this.schedulePace("now");
        break;
      case "pause":
        if (!inPlay) return needPlay();
        if (r.paused) return null;
        this.remainingMs = this.paceTimer ? Math.max(0, this.closesAt - Date.now()) : null;
        this.commit([{ type: "pause", data: {} }]);
        this.clearPace();
        break;
      case "resume":
        if (!inPlay) return needPlay();
        if (!r.paused) return null;
        this.commit([{ type: "resume", data: {} }]);
        this.schedulePace("resume");
        break;
      case "speed":
      case "pace": {
        if (r.phase === "debrief") return no("wrong_phase", "the round is over");
        const pace = {
          mode: (m.mode as typeof r.pace.mode | undefined) ?? r.pace.mode,
          secondsPerWeek: (m.secondsPerWeek as number | undefined) ?? r.pace.secondsPerWeek,
        };
        this.commit([{ type: "pace", data: pace }]);
        if (inPlay) this.schedulePace("now");
        break;
      }
      case "end":
        if (!inPlay) return needPlay();
        this.endPlay("host");
        break;
      case "shock": {
        if (!inPlay) return needPlay();
        const shock = {
          name: m.name as string,
          week: m.week as number,
          ...(m.params ? { params: m.params as Record<string, number> } : {}),
        };
        const bad = r.checkShock(shock);
        if (bad) return bad;
        this.commit([{ type: "shock", data: shock }]);
        break;
      }
    }
    this.syncPublic();
    this.afterChange();
    return null;
  }

  // ------------------------------------------------------------ cohort hooks (server/cohort)

  /** Reserves a free seat for a cohort participant, who takes it by joining with the ticket. */
  reserveSeat(role: RoleId, name: string, ticketHash: string): Refusal | null {
    const seat = this.round.seats.get(role);
    if (!seat) return { ok: false, code: "unknown_role", reason: `unknown role "${role}"` };
    if (seat.human) return { ok: false, code: "seat_taken", reason: `the ${seat.label} seat is taken` };
    if (this.round.phase === "debrief")
      return { ok: false, code: "wrong_phase", reason: "the round is over" };
    this.commit([{ type: "claim", data: { role, name, tokenHash: ticketHash } }]);
    if (this.round.phase === "play") this.startGrace(role);
    this.syncPublic();
    this.afterChange();
    return null;
  }

  /** Gives a seat back to its bot (lobby: empties it); its holder is told where to go, then let go. */
  releaseSeat(role: RoleId, movedTo: CohortMovedMessage): void {
    const seat = this.round.seats.get(role);
    if (!seat?.human) return;
    this.cancelGrace(role);
    const holder = this.holders.get(role);
    this.holders.delete(role);
    this.commit([{ type: "release", data: { role } }]);
    if (holder) {
      holder.send("cohort:moved", movedTo);
      holder.leave(CLOSE_CODES.replaced, "moved by the trainer");
    }
    this.syncPublic();
    this.afterChange();
  }

  /** A trainer's broadcast: every desk shows it. */
  notice(text: string): void {
    this.broadcast("notice", { text, at: Date.now() });
  }

  /** A mid-round pause for reflection: the round pauses and every seated desk gets the prompts. */
  openReflection(message: { id: string; prompts: { id: string; text: string }[] }): Refusal | null {
    const refused = this.hostAction({ action: "pause" });
    if (refused) return refused;
    for (const c of this.clients)
      if ((c.userData as ClientData | undefined)?.role) c.send("reflect", message);
    return null;
  }

  /** The trainer leads the cohort debrief: every desk follows to `panel`. */
  leadCohort(cohort: string, panel: string): void {
    this.broadcast("cohort:lead", { cohort, panel });
  }

  private onReflectAnswer(client: Client<{ userData: ClientData }>, payload: unknown): void {
    const d = ud(client);
    const parsed = reflectAnswerSchema.safeParse(payload);
    if (!parsed.success) {
      this.invalid(client, REFLECT_ANSWER, describeZod(parsed.error));
      return;
    }
    if (!d.role) {
      this.refuse(client, REFLECT_ANSWER, "no_seat", "spectators have no desk to reflect from");
      return;
    }
    const reflection: ReflectionEvent = { ...parsed.data, week: this.round.sim.week, role: d.role };
    // Not a round event: replay skips it; the log keeps it for the debrief and the exports.
    this.commit([{ type: "reflection", data: reflection } as unknown as RoundEvent], { applied: true }).catch(
      () => this.refuse(client, REFLECT_ANSWER, "bad_request", "the answer could not be recorded"),
    );
  }

  // ------------------------------------------------------------ pacing

  /** After any change: in lockstep (and early in timed pace) the week closes once every human decided. */
  private afterChange(): void {
    const r = this.round;
    if (r.phase === "play" && !r.paused && r.pace.mode !== "continuous" && r.humanSeats().length > 0) {
      if (r.allHumansDecided()) this.closeWeek("decisions");
    }
    this.flush();
  }

  private clearPace(): void {
    if (this.paceTimer) clearTimeout(this.paceTimer);
    this.paceTimer = undefined;
    this.state.deadline = 0;
  }

  /** Arms the week clock (timed/continuous). `resume` continues a paused week where it stopped. */
  private schedulePace(from: "now" | "resume" | "tick"): void {
    const previous = this.closesAt;
    this.clearPace();
    const r = this.round;
    if (r.phase !== "play" || r.paused || r.pace.mode === "lockstep") {
      if (!r.paused) this.remainingMs = null;
      return;
    }
    const full = r.pace.secondsPerWeek * 1000;
    const now = Date.now();
    let ms = from === "resume" && this.remainingMs !== null ? Math.min(this.remainingMs, full) : full;
    if (from === "tick" && r.pace.mode === "continuous" && previous > 0) {
      // Keep the clock's rhythm: a late timer shortens the next week instead of shifting every later
      // one; far behind (a stall), start afresh rather than rush weeks.
      const target = previous + full;
      ms = target >= now ? target - now : now - target > full ? full : 0;
    }
    this.remainingMs = null;
    this.closesAt = now + ms;
    // Only timed pace shows a countdown; continuous weeks tick at secondsPerWeek (and save the bytes).
    if (r.pace.mode === "timed") this.state.deadline = this.closesAt;
    this.paceTimer = this.later(() => {
      this.paceTimer = undefined;
      if (this.disposed) return;
      this.closeWeek("tick");
      this.flush();
    }, ms);
  }

  private closeWeek(by: "tick" | "decisions"): void {
    const r = this.round;
    const ev = r.closeWeek();
    const ending = r.sim.done;
    this.weekOpenedAt = Date.now();
    this.commit([ev], { applied: true });
    this.syncRoles();
    if (ending) {
      this.endPlay("horizon");
      return;
    }
    this.syncPublic();
    this.schedulePace(by === "tick" ? "tick" : "now");
  }

  private endPlay(reason: "horizon" | "host"): void {
    this.clearPace();
    for (const role of [...this.graceTimers.keys()]) this.cancelGrace(role);
    this.endedAt = Date.now();
    this.commit([{ type: "end", data: { reason, week: this.round.sim.week } }], {
      status: "debrief",
      endedAt: this.endedAt,
    });
    this.syncRoles();
    this.syncPublic();
    this.openDebrief();
  }

  /**
   * The debrief module takes over the `debrief:*` messages. Each client keeps only its own role until
   * the debrief reveals the truth (every sketch in, or the host): then every view gains every role
   * and the record goes to everyone. Opening waits until the end of play is durable, so an export
   * fetched on receipt of the record is complete.
   */
  private openDebrief(): void {
    this.debrief = this.recording.then(() =>
      attachDebrief({
        roundId: this.round.id,
        code: this.round.created.code,
        scenario: this.round.scenario,
        record: () => this.record(),
        humanRoles: () => [...this.round.seats.values()].filter((s) => s.everHuman).map((s) => s.role),
        members: () =>
          this.clients.map((c) => ({
            client: c,
            role: (c.userData as ClientData | undefined)?.role ?? null,
            name: (c.userData as ClientData | undefined)?.name ?? "",
          })),
        memberOf: (client) => {
          const d = client.userData as ClientData | undefined;
          return d ? { client, role: d.role, name: d.name } : undefined;
        },
        isHostToken: (token) => hashToken(token) === this.hostTokenHash,
        reveal: () => {
          this.revealed = true;
          for (const c of this.clients) this.showAllRoles(c);
          this.flush();
        },
        send: (client, type, payload) => client.send(type, payload),
        broadcast: (type, payload) => this.broadcast(type, payload),
        error: (client, request, code, reason) => this.refuse(client, request, code, reason),
        append: async (type, data) => {
          if (!type.startsWith(DEBRIEF_PREFIX))
            throw new Error(`debrief events are named "${DEBRIEF_PREFIX}…"`);
          await services().storage.append(this.round.id, [{ type, data }]);
        },
        events: () => services().storage.events(this.round.id, { typePrefix: DEBRIEF_PREFIX }),
      }),
    );
    // Those already here hear that the debrief is open (a reconnecting desk also says hello).
    this.debrief.then(
      (d) => {
        for (const c of this.clients) d.onJoin(c);
      },
      (e) => services().log(`round ${this.round.id}: debrief failed to open`, e),
    );
  }

  private showAllRoles(client: Client): void {
    if (!client.view) client.view = new StateView();
    for (const rs of this.state.roles.values()) client.view.add(rs);
  }

  // ------------------------------------------------------------ read models

  historyOf(role: RoleId): HistoryMessage {
    const r = this.round;
    const weeks: HistoryMessage["weeks"] = [];
    for (let t = 0; t <= r.sim.week; t++) {
      const kpis: Record<string, number> = {};
      for (const k of r.sim.kpis(role, t)) kpis[k.id] = k.value;
      const w: HistoryMessage["weeks"][number] = {
        week: t,
        observation: r.sim.observe(role, t) as Record<string, number | number[]>,
        kpis,
      };
      if (t >= 1) {
        w.decision = { ...r.sim.decisionLog[t - 1]![role] };
        w.source = r.sources[t - 1]![role];
      }
      weeks.push(w);
    }
    return { role, weeks };
  }

  record(): RoundRecord {
    const r = this.round;
    return {
      id: r.id,
      code: r.created.code,
      scenario: r.scenario.id,
      version: r.scenario.version,
      title: r.scenario.title,
      options: r.sim.options,
      seed: r.sim.seed,
      horizon: r.sim.horizon,
      createdAt: new Date(this.createdAt).toISOString(),
      endedAt: this.endedAt === null ? null : new Date(this.endedAt).toISOString(),
      decisions: [...r.sim.decisionLog],
      sources: [...r.sources],
      shocks: [...r.sim.injectedShocks],
      hashes: [...r.sim.hashes],
      seats: [...r.seats.values()].map((s) => ({
        role: s.role,
        name: s.human?.name ?? "",
        policy: s.bot.name,
      })),
    };
  }

  lookup(): RoomLookup {
    const r = this.round;
    return {
      code: r.created.code,
      cohort: r.created.cohort ?? null,
      roomId: this.roomId,
      scenario: r.scenario.id,
      title: r.scenario.title,
      phase: r.phase,
      week: r.sim.week,
      horizon: r.sim.horizon,
      seats: [...r.seats.values()].map((s) => ({
        role: s.role,
        label: s.label,
        control: r.control(s),
        name: s.human?.name ?? "",
        connected: s.connected,
      })),
    };
  }

  override async onDispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.idleTimer);
    this.clearPace();
    for (const role of [...this.graceTimers.keys()]) this.cancelGrace(role);
    services().rooms.delete(this.roomId);
    void this.debrief?.then((d) => d.dispose()).catch(() => {});
    if (!this.round) return;
    await this.recording;
    // A graceful shutdown keeps the round restorable; otherwise everyone has gone and it is over.
    if (!services().shuttingDown) {
      await services()
        .storage.append(this.round.id, [{ type: "closed", data: { week: this.round.sim.week } }], {
          status: "closed",
        })
        .catch((e) => services().log(`round ${this.round.id}: could not record closing`, e));
    }
  }
}

/**
 * A change only other roles can see still produces a patch frame for everyone; for this client it
 * encodes to the bare patch header. It carries nothing, so it is not sent (a frame per teammate's
 * decision otherwise).
 */
function dropEmptyPatches(client: Client): void {
  const raw = client.raw.bind(client);
  client.raw = (data: Uint8Array, ...rest: unknown[]) => {
    if (data.length === 1 && data[0] === Protocol.ROOM_STATE_PATCH) return;
    (raw as (d: Uint8Array, ...r: unknown[]) => void)(data, ...rest);
  };
}

/** The client's seat data (a client that has not finished joining is a nameless spectator). */
function ud(client: Client<{ userData: ClientData }>): ClientData {
  if (!client.userData) {
    client.userData = { role: null, name: "", invalid: 0, seatToken: null, hostToken: null, acks: true };
  }
  return client.userData;
}

function describeZod(e: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return e.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.map(String).join(".")}: ${i.message}` : i.message))
    .join("; ");
}

export type { StoredEvent };
