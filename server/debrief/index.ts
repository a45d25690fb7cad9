// The debrief's entry point on the server. The team room calls attachDebrief when play ends (or when
// a round is restored in its debrief) and routes every `debrief:*` message here.
// The shared part of the debrief (sketches, reveal, follow-me, notes, ghost runs) is kept as events
// in the round's log: attaching replays them, so a restart or a reload finds the same debrief.

import type { Client } from "@colyseus/core";
import { briefOf } from "../../shared/debrief/brief.ts";
import { ghostRun } from "../../shared/debrief/ghost.ts";
import {
  applyDebriefEvent,
  debriefViewFor,
  initialDebriefState,
  replayDebriefEvents,
} from "../../shared/debrief/session.ts";
import type { AnyScenario, RoundInputs } from "../../shared/engine/types.ts";
import { createBot, parsePolicy, policies, withParams } from "../../shared/policies/index.ts";
import {
  DEBRIEF_MESSAGES,
  type DebriefEvent,
  type DebriefState,
  type GhostResult,
  ghostRequestSchema,
  leadMessageSchema,
  noteMessageSchema,
  revealMessageSchema,
  sketchMessageSchema,
} from "../../shared/protocol/debrief.ts";
import type { ErrorCode } from "../../shared/protocol/errors.ts";
import { DEBRIEF_PREFIX, type RoundRecord } from "../../shared/protocol/messages.ts";
import { getScenario } from "../../shared/scenarios/index.ts";
import { type CreatedData, Round, type RoundEvent } from "../round.ts";
import type { StoredEvent } from "../storage/types.ts";

export interface DebriefMember {
  client: Client;
  /** The seat this client holds, or null for a spectator. */
  role: string | null;
  name: string;
}

/** What the room gives the debrief. */
export interface DebriefContext {
  roundId: string;
  code: string;
  scenario: AnyScenario;
  /** The complete recorded round (re-simulatable with Simulation.replay). */
  record(): RoundRecord;
  /** Seats played by a human at any time during play: whose sketch is awaited. */
  humanRoles(): string[];
  /** Connected clients of the room. */
  members(): DebriefMember[];
  memberOf(client: Client): DebriefMember | undefined;
  isHostToken(token: string): boolean;
  send(client: Client, type: string, payload: unknown): void;
  broadcast(type: string, payload: unknown): void;
  error(client: Client, request: string, code: ErrorCode, reason: string): void;
  /**
   * The truth is out (every sketch in, or the host revealed): from now on every client may see every
   * role. Called once, before the `round` record goes to everyone.
   */
  reveal(): void;
  /** Appends durably to the round's log; `type` must start with "debrief:". */
  append(type: string, data: unknown): Promise<void>;
  /** This round's recorded `debrief:*` events, in order. */
  events(): Promise<StoredEvent[]>;
}

export interface DebriefHandle {
  /** A client joined or came back while the debrief is open (after it got `welcome`). */
  onJoin(client: Client): void;
  /** A `debrief:*` message; the payload is unvalidated. */
  onMessage(client: Client, type: string, payload: unknown): void;
  dispose(): void;
}

/** The log's event type for debrief events (the kind is inside the data). */
export const DEBRIEF_EVENT = "debrief:event";

/** Ghost runs a round keeps; older requests beyond this are refused (each is a full re-simulation). */
const MAX_GHOSTS = 50;

export async function attachDebrief(ctx: DebriefContext): Promise<DebriefHandle> {
  let state: DebriefState = initialDebriefState();
  const sketchers = () => ctx.humanRoles();
  for (const e of await ctx.events()) {
    if (e.type === DEBRIEF_EVENT) state = applyDebriefEvent(state, e.data as DebriefEvent, sketchers());
  }
  if (state.revealed) ctx.reveal();
  // Messages are handled one at a time, each after the previous one's event is durable, so the
  // order in the log is the order everyone saw.
  let queue: Promise<void> = Promise.resolve();
  let disposed = false;

  const sendState = (client: Client, role: string | null) =>
    ctx.send(client, DEBRIEF_MESSAGES.state, debriefViewFor(state, role));
  const broadcastState = () => {
    for (const m of ctx.members()) sendState(m.client, m.role);
  };
  // Until the reveal a client gets the brief, never the record: the hidden series and the other
  // departments' numbers stay on the server, whatever the screen shows.
  const sendOpening = (client: Client, role: string | null) => {
    if (state.revealed) ctx.send(client, "round", ctx.record());
    else ctx.send(client, DEBRIEF_MESSAGES.brief, briefOf(ctx.record(), ctx.scenario));
    sendState(client, role);
  };
  const record = async (event: DebriefEvent) => {
    await ctx.append(DEBRIEF_EVENT, event);
    const was = state.revealed;
    state = applyDebriefEvent(state, event, sketchers());
    if (disposed) return;
    if (state.revealed && !was) {
      ctx.reveal();
      ctx.broadcast("round", ctx.record());
    }
    broadcastState();
  };

  const handle = async (client: Client, type: string, payload: unknown): Promise<void> => {
    const member = ctx.memberOf(client);
    const fail = (code: ErrorCode, reason: string) => ctx.error(client, type, code, reason);
    switch (type) {
      case DEBRIEF_MESSAGES.hello:
        return sendOpening(client, member?.role ?? null);
      case DEBRIEF_MESSAGES.sketch: {
        const p = sketchMessageSchema.safeParse(payload);
        if (!p.success) return fail("invalid_message", p.error.issues[0]?.message ?? "bad sketch");
        if (!member?.role) return fail("no_seat", "only players with a seat sketch");
        if (state.revealed) return fail("wrong_phase", "the truth is already revealed");
        return record({ kind: "sketch", role: member.role, name: member.name, ...p.data });
      }
      case DEBRIEF_MESSAGES.reveal: {
        const p = revealMessageSchema.safeParse(payload);
        if (!p.success) return fail("invalid_message", "reveal needs the host token");
        if (!ctx.isHostToken(p.data.hostToken)) return fail("not_host", "only the host can reveal early");
        if (state.revealed) return sendState(client, member?.role ?? null);
        return record({ kind: "reveal" });
      }
      case DEBRIEF_MESSAGES.lead: {
        const p = leadMessageSchema.safeParse(payload);
        if (!p.success) return fail("invalid_message", p.error.issues[0]?.message ?? "bad lead");
        if (!ctx.isHostToken(p.data.hostToken)) return fail("not_host", "only the host leads");
        const { follow, panel, loop } = p.data;
        if (loop !== null && !ctx.scenario.loops.some((l: { id: string }) => l.id === loop)) {
          return fail("bad_request", `unknown loop "${loop}"`);
        }
        return record({ kind: "lead", follow, panel, loop });
      }
      case DEBRIEF_MESSAGES.note: {
        const p = noteMessageSchema.safeParse(payload);
        if (!p.success) return fail("invalid_message", p.error.issues[0]?.message ?? "bad note");
        if (p.data.question >= ctx.scenario.reflection.length) {
          return fail("bad_request", `there are ${ctx.scenario.reflection.length} questions`);
        }
        return record({ kind: "note", question: p.data.question, text: p.data.text, by: member?.name ?? "" });
      }
      case DEBRIEF_MESSAGES.ghost: {
        const p = ghostRequestSchema.safeParse(payload);
        if (!p.success) return fail("invalid_message", p.error.issues[0]?.message ?? "bad ghost request");
        // A ghost run carries every role's decisions: it would tell the truth before the reveal.
        if (!state.revealed) return fail("wrong_phase", "ghost runs open after the reveal");
        if (state.ghosts.length >= MAX_GHOSTS)
          return fail("bad_request", `at most ${MAX_GHOSTS} ghost runs a round`);
        let result: GhostResult;
        try {
          result = runGhost(ctx.scenario, ctx.record(), p.data, state.ghosts.length + 1);
        } catch (err) {
          return fail("bad_request", (err as Error).message);
        }
        return record({ kind: "ghost", result });
      }
      default:
        return fail("invalid_message", `unknown debrief message "${type}"`);
    }
  };

  return {
    onJoin(client) {
      sendOpening(client, ctx.memberOf(client)?.role ?? null);
    },
    onMessage(client, type, payload) {
      queue = queue
        .then(() => handle(client, type, payload))
        .catch((err: unknown) => ctx.error(client, type, "bad_request", (err as Error).message));
    },
    dispose() {
      disposed = true;
    },
  };
}

/**
 * Whether a round's log has revealed the debrief's truth (every human's sketch in, or the host), for
 * readers of the log other than the live room (the HTTP export). Re-applies the round's events to
 * learn whose sketches were awaited, exactly as a restore does.
 */
export function revealedInLog(events: readonly StoredEvent[]): boolean {
  const first = events[0];
  if (first?.type !== "created") return false;
  const created = first.data as CreatedData;
  const round = new Round("log", getScenario(created.scenario), created);
  const debrief: DebriefEvent[] = [];
  for (const e of events.slice(1)) {
    if (e.type === DEBRIEF_EVENT) debrief.push(e.data as DebriefEvent);
    else if (!e.type.startsWith(DEBRIEF_PREFIX)) round.apply(e as unknown as RoundEvent, true);
  }
  const sketchers = [...round.seats.values()].filter((s) => s.everHuman).map((s) => s.role);
  return replayDebriefEvents(debrief, sketchers).revealed;
}

/** Re-simulates the recorded round with the requested roles played by the requested policy. */
export function runGhost(
  scenario: AnyScenario,
  round: RoundRecord,
  request: GhostResult["request"],
  id: number,
): GhostResult {
  const roles = scenario.roles.map((r: { id: string }) => r.id);
  const unknown = request.roles.filter((r) => !roles.includes(r));
  if (unknown.length > 0) throw new Error(`unknown role "${unknown[0]}"; expected ${roles.join(", ")}`);
  const replaced = request.roles.length === 0 ? roles : [...new Set(request.roles)];
  const table = policies[scenario.id];
  const spec = table?.[request.policy];
  const choice = spec ? withParams(spec, request.params) : parsePolicy(scenario.id, request.policy);
  const inputs: RoundInputs = {
    scenario: round.scenario,
    version: round.version,
    options: round.options,
    seed: round.seed,
    decisions: round.decisions,
    shocks: round.shocks,
  };
  const bots = Object.fromEntries(replaced.map((r) => [r, createBot(choice, r)]));
  const sim = ghostRun(scenario, inputs, bots);
  return { id, request, roles: replaced, decisions: sim.decisionLog.map((d) => ({ ...d })) };
}
