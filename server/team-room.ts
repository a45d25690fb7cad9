// The team room: one company, one department per player. Transport only: it turns Colyseus
// messages and connections into core commands and seat events (shared/round), records the events,
// runs the timers and copies the round into the synchronised state. Every rule is in
// shared/round/check.ts, every visibility decision in shared/round/view.ts.

import { type Client, ErrorCode as ColyseusCode, Room, ServerError } from "@colyseus/core";
import type { DecisionSource, RoleId } from "../shared/engine/types.ts";
import { AGAIN_MESSAGES } from "../shared/protocol/again.ts";
import {
  type CohortLeadMessage,
  type CohortMovedMessage,
  type NoticeMessage,
  REFLECT_ANSWER,
  type ReflectMessage,
  reflectAnswerSchema,
} from "../shared/protocol/cohort.ts";
import { CLOSE_CODES, type ErrorCode, LIMITS, refusal } from "../shared/protocol/errors.ts";
import {
  clientMessageSchemas,
  DEBRIEF_PREFIX,
  type ErrorMessage,
  type RoundRecord,
} from "../shared/protocol/messages.ts";
import { joinOptionsSchema, type RoomLookup } from "../shared/protocol/room.ts";
import { TeamState } from "../shared/protocol/state.ts";
import { ByRole } from "../shared/round/by-role.ts";
import { type Actor, type Command, check, type Refusal } from "../shared/round/check.ts";
import { closeWeek } from "../shared/round/play.ts";
import { recordOf } from "../shared/round/record.ts";
import type { Round, RoundEvent } from "../shared/round/round.ts";
import { comeBack, coverAbsent, leave, reserve, unreserve, weekCanClose } from "../shared/round/seats.ts";
import { viewerOf } from "../shared/round/view.ts";
import type { DebriefHandle } from "./debrief/index.ts";
import { metrics } from "./ops/metrics.ts";
import { type ClientData, clientData, leanFrames, seatOnJoin } from "./room/clients.ts";
import { commandOf } from "./room/commands.ts";
import { openDebrief } from "./room/debrief-link.ts";
import { keepListingOnDispose } from "./room/listing.ts";
import { containedTimers, GraceTimers, WeekClock } from "./room/pacer.ts";
import { playAgain } from "./room/play-again.ts";
import { historyFor, lookupOf, welcomeOf } from "./room/read-models.ts";
import { Recorder } from "./room/recorder.ts";
import { createRound, describeZod, restoreRound } from "./room/setup.ts";
import { buildState, syncDecision, syncPublic, syncRoles, syncView } from "./room/state-sync.ts";
import { holdViewFramesBriefly } from "./room/view-frames.ts";
import { services } from "./services.ts";
import type { RoundPatch, RoundStatus, StoredEvent } from "./storage/types.ts";
import { hashToken } from "./tokens.ts";

type RoomClient = Client<{ userData: ClientData }>;

/** Create options the server itself uses to restore a recorded round after a restart. */
export interface RestoreOptions {
  restore: string;
}

export class TeamRoom extends Room<{ state: TeamState }> {
  override maxMessagesPerSecond = LIMITS.maxMessagesPerSecond;
  round!: Round;
  private creatorToken: string | null = null;
  private readonly holders = new Map<RoleId, Client>();
  private readonly timers = containedTimers((e) => this.onUncaughtException(e, "timer"));
  readonly weekClock = new WeekClock(
    this.timers,
    (deadline) => {
      // Shown with the week it belongs to (see publish); a stopped clock shows none at once.
      this.deadline = deadline;
      if (deadline === 0) this.state.deadline = 0;
    },
    () => {
      if (!this.disposed && !this.recorder.held) this.closeWeek("tick");
    },
  );
  private readonly grace = new GraceTimers(this.timers, (role) => {
    if (this.disposed) return;
    this.commit(coverAbsent(this.round, role));
    this.changed();
  });
  private idleTimer: NodeJS.Timeout | undefined;
  private debrief: Promise<DebriefHandle> | null = null;
  private patchQueued = false;
  /**
   * The round's way into its log. The synchronised state shows only what it has made durable:
   * changes wait in `dirty` until every event applied so far is recorded (see publish).
   */
  readonly recorder = new Recorder({
    write: (events, patch) => services().storage.append(this.round.id, events, patch),
    hold: (held) => this.holdForRecording(held),
    drained: () => this.publish(),
    log: (m, e) =>
      services().log(`round ${this.round?.id ?? "?"} (${this.roomId}): ${m}`, e, {
        ...(this.round ? { round: this.round.id } : {}),
        room: this.roomId,
      }),
    maxQueued: services().limits.maxQueuedEvents,
  });
  private readonly dirty = { public: false, roles: false };
  /** Roles whose decision changed since the last publish (with the round: see onCreate). */
  private decided!: ByRole<true>;
  /** The open week's deadline, shown once the week that opened it is durable. */
  private deadline = 0;
  private disposed = false;
  /** onCreate went through: a room that failed to open (a failed restore) never closes its round. */
  private opened = false;
  /** This copy of the round has stopped: it runs on (or is handed to) another process now. */
  private movedAway = false;
  /** The week last written to the round index. */
  private recordedWeek = -1;

  override async onCreate(raw: unknown): Promise<void> {
    // Patches go out right after each change (flush); the interval is only a safety net.
    this.patchRate = 1000;
    // The room outlives short absences of everyone (a restart, a shared network drop): see idle().
    this.autoDispose = false;
    this.state = new TeamState();
    holdViewFramesBriefly(this);
    const restore = (raw as Partial<RestoreOptions> | undefined)?.restore;
    if (typeof restore === "string" && services().restoreTickets.delete(restore)) {
      this.round = await restoreRound(restore);
      this.recordedWeek = this.round.sim.week;
    } else {
      // A stopping process takes no new rounds (a peer, or this server after its restart, will).
      if (services().shuttingDown) throw new Error("this server is restarting: try again in a moment");
      const created = await createRound(raw);
      this.round = created.round;
      this.creatorToken = created.hostToken;
    }
    this.decided = new ByRole(this.round.roles);
    this.roomId = this.round.created.code;
    buildState(this.state, this.round);
    if (restore) this.resumeAfterRestore();
    this.dirty.public = true;
    services().rooms.set(this.roomId, this);
    // What another process' lookup endpoint can tell about this room (scaled out behind Redis).
    await this.setMetadata({
      scenario: this.round.scenario.id,
      title: this.round.scenario.title,
      cohort: this.round.created.cohort ?? null,
    });
    this.onMessage("*", (client, type, payload) => this.dispatch(client, String(type), payload));
    this.idle();
    this.publish();
    this.opened = true;
  }

  private resumeAfterRestore(): void {
    const r = this.round;
    if (r.phase === "play") {
      for (const s of r.seats.values())
        if (s.human && !s.covered) this.grace.start(s.role, r.created.graceSeconds);
      this.schedule("resume");
    } else if (r.phase === "debrief") {
      this.startDebrief();
    }
    services().log(
      `restored round ${r.id} (${r.created.code}) at week ${r.sim.week}, ${r.phase}`,
      undefined,
      {
        round: r.id,
        room: r.created.code,
      },
    );
  }

  // ------------------------------------------------------------ the commands (also for other room types)

  /**
   * Runs a command for an actor: the core checks it, the events are recorded and the clock follows.
   * Host actions come here as well as player requests. `recorded` hears of the events (and when they
   * are durable) before their consequences run, so an answer is promised even if those fail.
   */
  perform(
    actor: Actor,
    command: Command,
    recorded?: (events: RoundEvent[], durable: Promise<unknown>) => void,
  ): Refusal | null {
    if (this.recorder.full) return RECORDING_FULL;
    const v = check(this.round, actor, command);
    if (!v.ok) return v;
    if (command.type === "end") {
      this.endPlay(v.events);
      recorded?.(v.events, this.recorder.settled());
      return null;
    }
    // Recorded whether or not anyone listens (`recorded?.(…, this.commit(…))` would skip the commit).
    const durable = this.commit(v.events, command.type === "start" ? { status: "play" } : {});
    recorded?.(v.events, durable);
    if (v.events.length === 0) return null;
    if (command.type === "start") {
      this.dirty.roles = true;
      // Seats reserved for someone who has not come yet wait for them like a dropped player's.
      for (const s of this.round.humanSeats())
        if (!s.connected) this.grace.start(s.role, this.round.created.graceSeconds);
    }
    if (command.type === "decide" && actor.role) this.decided.set(actor.role, true);
    if (command.type === "pause") this.weekClock.pause();
    if (command.type === "resume") this.schedule("resume");
    if (command.type === "start" || (command.type === "pace" && this.round.phase === "play")) {
      this.schedule("now");
    }
    this.changed();
    return null;
  }

  /** The host, as a caller other than a client (a trainer's console driving many rooms). */
  static readonly HOST: Actor = { role: null, name: "host", host: true };

  // ------------------------------------------------------------ what a cohort asks of its teams (server/cohort)

  /** Reserves a free seat for a cohort participant, who takes it by joining with their ticket. */
  reserveSeat(role: RoleId, name: string, ticketHash: string): Refusal | null {
    const v = reserve(this.round, role, name, ticketHash);
    if (!v.ok) return v;
    this.commit(v.events);
    if (this.round.phase === "play") this.grace.start(role, this.round.created.graceSeconds);
    this.changed();
    return null;
  }

  /** Takes a seat back from its participant (its bot plays it); their desk is told where to go, then let go. */
  releaseSeat(role: RoleId, movedTo: CohortMovedMessage): void {
    const events = unreserve(this.round, role);
    if (events.length === 0) return;
    this.grace.cancel(role);
    const holder = this.holders.get(role);
    this.holders.delete(role);
    this.commit(events);
    if (holder) {
      holder.send("cohort:moved", movedTo);
      holder.leave(CLOSE_CODES.replaced, "moved by the trainer");
    }
    this.changed();
  }

  /** A trainer's broadcast: every desk shows it. */
  notice(text: string): void {
    this.broadcast("notice", { text, at: Date.now() } satisfies NoticeMessage);
  }

  /** A pause for reflection: the round pauses and every seated desk gets the prompts. */
  openReflection(message: ReflectMessage): Refusal | null {
    const refused = this.perform(TeamRoom.HOST, { type: "pause" });
    if (refused) return refused;
    for (const c of this.clients) if (clientData(c).role) c.send("reflect", message);
    return null;
  }

  /** The trainer leads the cohort debrief: every desk follows to `panel`. */
  leadCohort(cohort: string, panel: string): void {
    this.broadcast("cohort:lead", { cohort, panel } satisfies CohortLeadMessage);
  }

  // ------------------------------------------------------------ recording

  /** Applies events to the round now and appends them to the log (in order). Resolves when durable. */
  private commit(
    events: RoundEvent[],
    opts: { applied?: boolean; status?: RoundStatus; endedAt?: number } = {},
  ) {
    const at = Date.now();
    if (!opts.applied) for (const e of events) this.round.apply(e, { at });
    // Most appends (a decision) change nothing in the index: no patch object is made for them.
    const week = this.round.sim.week;
    let patch: RoundPatch | undefined;
    if (week !== this.recordedWeek || opts.status || opts.endedAt !== undefined) {
      patch = {};
      if (week !== this.recordedWeek) patch.week = week;
      if (opts.status) patch.status = opts.status;
      if (opts.endedAt !== undefined) patch.endedAt = opts.endedAt;
    }
    this.recordedWeek = week;
    if (events.length === 0 && !patch) return this.recorder.settled();
    return this.recorder.append(events, patch);
  }

  /**
   * The log cannot be written (held) or can again: the week clock stops and the players are told at
   * once; when recording works again the clock continues where it stopped.
   */
  private holdForRecording(held: boolean): void {
    if (this.disposed) return;
    this.state.hold = held ? "recording" : "";
    if (held) this.weekClock.pause();
    else if (this.round.phase === "play") {
      this.schedule("resume");
      this.changed();
    }
    this.flush();
  }

  /** Arms the week clock, unless recording is held (holdForRecording arms it when that ends). */
  private schedule(from: "now" | "resume" | "tick"): void {
    if (this.recorder.held) return;
    this.weekClock.schedule(this.round, from);
  }

  /**
   * Copies the round into the synchronised state, once everything applied to it is durable: no
   * player sees a week, a decision or a seat change the log does not hold.
   */
  private publish(): void {
    if (this.disposed || !this.recorder.idle) return;
    const d = this.dirty;
    if (d.roles) syncRoles(this.state, this.round);
    else for (const [role] of this.decided) syncDecision(this.state, this.round, role);
    if (d.public || d.roles) {
      syncPublic(this.state, this.round);
      this.state.deadline = this.deadline;
    }
    d.public = d.roles = false;
    this.decided.clear();
    this.flush();
  }

  // ------------------------------------------------------------ joining and leaving

  override async onJoin(client: RoomClient, raw: unknown): Promise<void> {
    try {
      await this.join(client, raw);
    } catch (e) {
      // A refused join is the client's answer and one log line, not a stack trace.
      const reason = e instanceof Error ? e.message : String(e);
      metrics.refusal("join_refused");
      services().log("join refused", undefined, {
        level: "info",
        round: this.round?.id,
        room: this.roomId,
        reason,
      });
      throw new ServerError(ColyseusCode.APPLICATION_ERROR, reason);
    }
  }

  private async join(client: RoomClient, raw: unknown): Promise<void> {
    const parsed = joinOptionsSchema.safeParse(raw);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.map(String).join(".");
      throw new Error(refusal("bad_options", `bad join options: ${describeZod(parsed.error)}`, field));
    }
    clearTimeout(this.idleTimer);
    const o = parsed.data;
    const r = this.round;
    const { events, resumed, ...seat } = seatOnJoin(r, o);
    const claims = events.some((e) => e.type === "claim");
    if (claims && (this.recorder.held || this.recorder.full))
      throw new Error(refusal(RECORDING_FULL.code, RECORDING_FULL.reason));
    const data: ClientData = { ...seat, invalid: 0, hostToken: null, acks: o.acks };
    client.userData = data;
    if (this.creatorToken && (raw as { scenario?: unknown }).scenario !== undefined) {
      data.hostToken = this.creatorToken;
      this.creatorToken = null;
    }
    const old = seat.role ? this.holders.get(seat.role) : undefined;
    if (seat.role && old && old !== client) {
      // The same player on a new connection (reload, second tab): the newest one holds the seat.
      this.holders.delete(seat.role);
      old.leave(CLOSE_CODES.replaced, "seat taken over by a newer connection");
    }
    if (seat.role) this.grace.cancel(seat.role);
    const durable = this.commit(events);
    if (data.role) this.holders.set(data.role, client);
    // A new seat token is handed out once its claim is recorded, so it opens the seat after a restart.
    if (claims) await durable;

    leanFrames(client);
    syncView(this.state, r, client, viewerOf(data.role));
    client.send("welcome", welcomeOf(r, { ...data, resumed }));
    this.sendHistory(client, data.role);
    if (r.phase === "debrief") {
      void this.debrief?.then((d) => {
        // The debrief may have revealed (a restored round replaying its log) while this join waited.
        syncView(this.state, r, client, viewerOf(data.role));
        d.onJoin(client);
      });
    }
    this.changed();
  }

  override async onDrop(client: RoomClient): Promise<void> {
    if (this.movedAway) return;
    const role = client.userData?.role;
    if (!role || this.holders.get(role) !== client) return;
    this.commit([{ type: "drop", data: { role } }]);
    this.dirty.public = true;
    this.publish();
    if (this.round.phase === "play") this.grace.start(role, this.round.created.graceSeconds);
    const grace = this.round.phase === "debrief" ? 60 : Math.max(1, this.round.created.graceSeconds);
    this.allowReconnection(client, grace).catch(() => {});
  }

  override async onReconnect(client: RoomClient): Promise<void> {
    const role = client.userData?.role;
    // Colyseus hands over a new client object for the same session.
    if (!role) return;
    if (this.holders.get(role)?.sessionId !== client.sessionId) {
      // The seat moved to another tab while this one was away: it does not take it back by itself.
      client.leave(CLOSE_CODES.replaced, "this seat is open in another tab");
      return;
    }
    this.holders.set(role, client);
    leanFrames(client);
    this.grace.cancel(role);
    this.commit(comeBack(this.round.seat(role)));
    this.sendHistory(client, role);
    this.changed();
  }

  override async onLeave(client: RoomClient): Promise<void> {
    // Handed over: the players were cut off, as in a crash, and take their seats again elsewhere.
    if (this.movedAway) return;
    if (this.clients.length === 0) this.idle();
    const role = client.userData?.role;
    if (!role || this.holders.get(role) !== client) return;
    this.holders.delete(role);
    this.grace.cancel(role);
    this.commit(leave(this.round, role));
    this.changed();
  }

  // ------------------------------------------------------------ messages

  private dispatch(client: RoomClient, type: string, payload: unknown) {
    if (type.startsWith(DEBRIEF_PREFIX)) {
      if (this.round.phase !== "debrief" || !this.debrief) {
        this.refuse(client, type, "wrong_phase", "the debrief opens when play ends");
        return;
      }
      void this.debrief.then((d) => d.onMessage(client, type, payload));
      return;
    }
    if (type === AGAIN_MESSAGES.start) return this.playAgain(client, payload);
    // Own keys only: "__proto__", "constructor" and the like are unknown types, not the prototype's.
    const schema =
      type === REFLECT_ANSWER
        ? reflectAnswerSchema
        : Object.hasOwn(clientMessageSchemas, type)
          ? clientMessageSchemas[type as keyof typeof clientMessageSchemas]
          : undefined;
    if (!schema) return this.invalid(client, type, `unknown message type "${type.slice(0, 40)}"`);
    const parsed = schema.safeParse(payload);
    if (!parsed.success) return this.invalid(client, type, describeZod(parsed.error));
    const c = commandOf(type, parsed.data as Record<string, unknown>);
    if (!c) return;
    const d = clientData(client);
    const actor: Actor = {
      role: d.role,
      name: d.name,
      host: c.hostToken !== undefined && hashToken(c.hostToken) === this.round.created.hostTokenHash,
    };
    const before = d.role;
    const refused = this.perform(actor, c.command, (events, durable) => {
      const [taken] = events;
      if (taken?.type !== "decision") return;
      const { week, decision } = taken.data;
      // Acknowledged once durable: a recording failure holds the round and retries, never drops it.
      void durable.then(() => {
        metrics.decision();
        if (d.acks) client.send("accepted", { week, decision, source: "human" as DecisionSource });
      });
    });
    if (refused) return this.refuse(client, type, refused.code, refused.reason, refused.field);
    if (c.command.type === "seat" && before && c.command.role !== before)
      this.moved(client, before, c.command.role);
  }

  /** Play again (server/room/play-again.ts): the next round for this team, and everyone told. */
  private playAgain(client: RoomClient, payload: unknown): void {
    // A new round is a write like any other: not while recording is held, nor on a draining process
    // (whose list of rooms to hand over is already taken).
    if (this.recorder.full || this.recorder.held || services().shuttingDown) {
      this.refuse(client, AGAIN_MESSAGES.start, RECORDING_FULL.code, RECORDING_FULL.reason);
      return;
    }
    void playAgain(
      {
        round: this.round,
        clients: this.clients,
        member: (c) => clientData(c),
        isHostToken: (token) => hashToken(token) === this.round.created.hostTokenHash,
        commit: (events) => this.commit(events),
        changed: () => this.changed(),
        refuse: (c, request, code, reason) => this.refuse(c, request, code, reason),
      },
      client,
      payload,
    );
  }

  /** A seat change in the lobby: the client's view, holders and welcome follow the player. */
  private moved(client: RoomClient, from: RoleId, to: RoleId): void {
    const d = clientData(client);
    this.holders.delete(from);
    this.holders.set(to, client);
    d.role = to;
    syncView(this.state, this.round, client, viewerOf(to));
    client.send("welcome", welcomeOf(this.round, { ...d, resumed: true }));
    this.sendHistory(client, to);
  }

  /** A seat's own weeks so far, as viewFor allows. */
  private sendHistory(client: RoomClient, role: RoleId | null): void {
    const history = historyFor(this.round, viewerOf(role));
    if (history) client.send("history", history);
  }

  private invalid(client: RoomClient, type: string, reason: string): void {
    const d = clientData(client);
    d.invalid++;
    if (d.invalid > LIMITS.maxInvalidMessages) {
      client.leave(CLOSE_CODES.garbage, "too many malformed messages");
      return;
    }
    this.refuse(client, type, "invalid_message", reason);
  }

  private refuse(client: Client, request: string, code: ErrorCode, reason: string, field?: string): void {
    metrics.refusal(code);
    const msg: ErrorMessage = { code, reason, request: request.slice(0, 60) };
    if (field !== undefined) msg.field = field;
    client.send("error", msg);
  }

  // ------------------------------------------------------------ the week and the end of play

  /** After any change: the state follows, and in lockstep (or early in timed pace) the week may close. */
  private changed(): void {
    this.dirty.public = true;
    if (!this.recorder.held && weekCanClose(this.round)) this.closeWeek("decisions");
    this.publish();
  }

  private closeWeek(by: "tick" | "decisions"): void {
    const r = this.round;
    const events = closeWeek(r, Date.now());
    const [week, end] = events;
    this.commit([week!], { applied: true });
    this.dirty.roles = true;
    if (end) this.endPlay([end], true);
    else this.schedule(by === "tick" ? "tick" : "now");
    this.publish();
  }

  /** Records the end of play (stamped with its time unless the core already did) and opens the debrief. */
  private endPlay(events: RoundEvent[], applied = false): void {
    this.weekClock.stop();
    this.grace.cancelAll();
    const now = Date.now();
    const stamped = events.map((e) => (e.type === "end" ? { ...e, data: { at: now, ...e.data } } : e));
    this.commit(stamped, { status: "debrief", endedAt: this.round.endedAt ?? now, applied });
    this.dirty.roles = true;
    this.startDebrief();
    this.publish();
  }

  /** Hands the `debrief:*` messages to the debrief once the end of play is durable (see debrief-link). */
  private startDebrief(): void {
    this.debrief = openDebrief(this.recorder.settled(), {
      round: this.round,
      clients: this.clients,
      member: (c) => (c.userData ? { role: clientData(c).role, name: clientData(c).name } : undefined),
      record: () => this.record(),
      append: (events) => this.recorder.append(events),
      revealed: () => {
        for (const c of this.clients) syncView(this.state, this.round, c, viewerOf(clientData(c).role));
        this.flush();
      },
      broadcast: (type, payload) => this.broadcast(type, payload),
      refuse: (client, request, code, reason) => this.refuse(client, request, code, reason),
    });
  }

  // ------------------------------------------------------------ read models and plumbing

  record(): RoundRecord {
    return recordOf(this.round);
  }

  lookup(): RoomLookup {
    return lookupOf(this.round, this.roomId);
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

  /**
   * Colyseus routes exceptions from handlers and hooks here (it wraps them once this exists), and so
   * do our timers: one broken round must not take the others down.
   */
  override onUncaughtException(error: Error, methodName: string): void {
    // A refused create or join is the client's answer, not a fault of the room.
    if (methodName === "onCreate" || methodName === "onJoin") return;
    services().log(`round ${this.round?.id ?? "?"} (${this.roomId}): error in ${methodName}`, error, {
      ...(this.round ? { round: this.round.id } : {}),
      room: this.roomId,
    });
  }

  /**
   * With nobody connected the room waits (players may come back with their seat tokens), then closes:
   * longer than any grace period, so a drop never closes a round under a returning player. An empty
   * lobby has nothing to lose and closes sooner.
   */
  private idle(): void {
    clearTimeout(this.idleTimer);
    const { lobbyIdleSeconds, playIdleSeconds } = services().limits;
    // A cohort's teams are opened before the class arrives and run by the trainer: they wait a workday.
    const seconds = this.round.created.cohort
      ? 8 * 3600
      : this.round.phase === "lobby"
        ? lobbyIdleSeconds
        : playIdleSeconds;
    const ms = Math.max(seconds, this.round.created.graceSeconds + 60) * 1000;
    this.idleTimer = this.timers.later(() => {
      if (this.clients.length > 0 || this.disposed) return;
      // A round whose log cannot be written stays until it can: closing it is no fault's business.
      if (!this.recorder.idle) this.idle();
      else void this.disconnect();
    }, ms);
    this.idleTimer.unref?.();
  }

  /**
   * Stops this copy of the round without recording anything more: the clients are closed with `code`
   * (they join again by code and seat token, and find the round wherever it runs next) and the room
   * goes. `lost`: another process has adopted the round and already lists it under this code, which
   * this room must not unlist. Resolves when the room is gone and its appends have settled.
   */
  handOver(code: number, lost: boolean): Promise<unknown> {
    this.movedAway = true;
    // Lost: the adopter writes the log now, so nothing queued here may be written or retried.
    if (lost) this.recorder.stop();
    this.weekClock.stop();
    this.grace.cancelAll();
    clearTimeout(this.idleTimer);
    if (lost) keepListingOnDispose(this);
    return this.disconnect(code);
  }

  override async onDispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.idleTimer);
    this.weekClock.stop();
    this.grace.cancelAll();
    services().rooms.delete(this.roomId);
    void this.debrief?.then((d) => d.dispose()).catch(() => {});
    if (!this.round || !this.opened) return;
    // A copy fenced out by another owner writes nothing more (its recorder has stopped).
    await this.recorder.settled();
    // A graceful shutdown keeps the round restorable; otherwise everyone has gone and it is over. A
    // fenced copy must not wait for a "closed" it can never write: the owner's copy decides.
    if (!services().shuttingDown && !this.movedAway && !this.recorder.fenced) {
      await this.recorder.append([{ type: "closed", data: { week: this.round.sim.week } }], {
        status: "closed",
      });
    }
  }
}

export type { StoredEvent };

const RECORDING_FULL: Refusal = {
  ok: false,
  code: "recording_unavailable",
  reason: "paused: recording is unavailable, nothing is lost; try again in a moment",
};
