// The debrief's entry point on the server. The team room calls attachDebrief when play ends (or when
// a round is restored in its debrief) and routes every `debrief:*` message here.
// The shared part of the debrief (sketches, reveal, follow-me, notes, ghost runs) is kept as events
// in the round's log: attaching replays them, so a restart or a reload finds the same debrief.

import type { Client } from "@colyseus/core";
import { ghostBots, ghostRun } from "../../shared/debrief/ghost.ts";
import { applyDebriefEvent, initialDebriefState } from "../../shared/debrief/session.ts";
import type { AnyScenario, RoundInputs } from "../../shared/engine/types.ts";
import { parsePolicy, policies, withParams } from "../../shared/policies/index.ts";
import {
  DEBRIEF_MESSAGES,
  type DebriefEvent,
  type DebriefState,
  type GhostResult,
} from "../../shared/protocol/debrief.ts";
import type { ErrorCode } from "../../shared/protocol/errors.ts";
import type { RoundRecord } from "../../shared/protocol/messages.ts";
import {
  type Actor,
  checkDebrief,
  type DebriefLimits,
  ghostKey,
  withinBudget,
} from "../../shared/round/check.ts";
import { DEBRIEF_EVENT } from "../../shared/round/round.ts";
import { openingFor, viewerOf, viewFor } from "../../shared/round/view.ts";
import type { StoredEvent } from "../storage/types.ts";
import { debriefCommandOf } from "./commands.ts";

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
  /** Ghost runs and the state's byte budget (the core's defaults when absent). */
  limits?: DebriefLimits;
  /** Play again: the hypotheses written before this round (recorded during play, not debrief events). */
  hypotheses?: () => DebriefState["hypotheses"];
}

export interface DebriefHandle {
  /** A client joined or came back while the debrief is open (after it got `welcome`). */
  onJoin(client: Client): void;
  /** A `debrief:*` message; the payload is unvalidated. */
  onMessage(client: Client, type: string, payload: unknown): void;
  dispose(): void;
}

export async function attachDebrief(ctx: DebriefContext): Promise<DebriefHandle> {
  let state: DebriefState = { ...initialDebriefState(), hypotheses: ctx.hypotheses?.() ?? {} };
  const sketchers = () => ctx.humanRoles();
  for (const e of await ctx.events()) {
    if (e.type === DEBRIEF_EVENT) state = applyDebriefEvent(state, e.data as DebriefEvent, sketchers());
  }
  if (state.revealed) ctx.reveal();
  // Messages are handled one at a time, each after the previous one's event is durable, so the
  // order in the log is the order everyone saw.
  let queue: Promise<void> = Promise.resolve();
  let disposed = false;

  const subject = () => ({
    roles: ctx.scenario.roles.map((r) => r.id),
    phase: "debrief" as const,
    debrief: state,
  });
  const viewOf = (role: string | null) => viewFor(subject(), viewerOf(role));
  const sendState = (client: Client, role: string | null) =>
    ctx.send(client, DEBRIEF_MESSAGES.state, viewOf(role).debrief);
  const broadcastState = () => {
    for (const m of ctx.members()) sendState(m.client, m.role);
  };
  // Until the reveal a client gets the brief, never the record: the hidden series and the other
  // departments' numbers stay on the server, whatever the screen shows.
  const sendOpening = (client: Client, role: string | null) => {
    const o = openingFor(viewOf(role), ctx.record, ctx.scenario);
    ctx.send(client, o.type === "round" ? "round" : DEBRIEF_MESSAGES.brief, o.payload);
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
    // Notes are everyone's and change often: a note goes out alone, its cost in bytes its own.
    if (event.kind === "note") {
      const note = state.notes[String(event.question)]!;
      ctx.broadcast(DEBRIEF_MESSAGES.noted, { question: event.question, note });
      return;
    }
    broadcastState();
  };

  const handle = async (client: Client, type: string, payload: unknown): Promise<void> => {
    const member = ctx.memberOf(client);
    const fail = (code: ErrorCode, reason: string) => ctx.error(client, type, code, reason);
    if (type === DEBRIEF_MESSAGES.hello) return sendOpening(client, member?.role ?? null);
    const parsed = debriefCommandOf(type, payload);
    if (!parsed.ok) return fail("invalid_message", parsed.reason);
    const actor: Actor = {
      role: member?.role ?? null,
      name: member?.name ?? "",
      host: parsed.hostToken !== undefined && ctx.isHostToken(parsed.hostToken),
    };
    const loops = ctx.scenario.loops as readonly { id: string }[];
    const subject = {
      debrief: state,
      loops,
      reflection: ctx.scenario.reflection,
      sketchers: sketchers(),
      ...(ctx.limits ? { limits: ctx.limits } : {}),
    };
    const v = checkDebrief(subject, actor, parsed.command);
    if (!v.ok) return fail(v.code, v.reason);
    if (parsed.command.type === "ghost") {
      const request = parsed.command.request;
      // The same run asked again is the one already made: it is in the state.
      if (state.ghosts.some((g) => ghostKey(g.request) === ghostKey(request)))
        return sendState(client, member?.role ?? null);
      let result: GhostResult;
      try {
        result = runGhost(ctx.scenario, ctx.record(), request, state.ghosts.length + 1);
      } catch (err) {
        return fail("bad_request", (err as Error).message);
      }
      const event: DebriefEvent = { kind: "ghost", result: { ...result, by: member?.role ?? "host" } };
      const over = withinBudget(subject, event);
      if (over) return fail(over.code, over.reason);
      return record(event);
    }
    // An accepted request that changes nothing (a second reveal) still answers with the state.
    if (v.events.length === 0) return sendState(client, member?.role ?? null);
    for (const e of v.events) if (e.type === DEBRIEF_EVENT) await record(e.data);
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
  // Older recorded requests carry no `others`: they were all "recorded".
  const bots = ghostBots(scenario, replaced, choice, request.others ?? "recorded");
  const sim = ghostRun(scenario, inputs, bots);
  return { id, request, roles: replaced, decisions: sim.decisionLog };
}
