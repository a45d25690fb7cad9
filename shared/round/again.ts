// Play again with a hypothesis: a finished round's team starts its next round (the same seats for
// the same people, the same bots, the same or a new seed, optionally the Beer Game's transparent
// round), and each player writes what they will do differently before playing it. The next round
// carries the finished round's run, so its debrief shows both. Pure: the server adds codes, tokens
// and storage (server/room/play-again.ts).

import { Simulation } from "../engine/simulation.ts";
import type { AnyScenario, RoleId } from "../engine/types.ts";
import { RECORDED_POLICY } from "../policies/recorded.ts";
import { MAX_HYPOTHESIS_CHARS } from "../protocol/again.ts";
import type { RoundRecord } from "../protocol/messages.ts";
import type { BotChoice } from "../protocol/room.ts";
import type { Actor, Refusal, Verdict } from "./check.ts";
import type { CreatedData, Round, RoundEvent } from "./round.ts";

export interface AgainChoice {
  sameSeed: boolean;
  infoSharing: boolean;
}

/** The next round as planned: its creation (the caller adds code, host token, time) and the seats held. */
export interface NextRoundPlan {
  created: Omit<CreatedData, "code" | "hostTokenHash" | "createdAt" | "replaySecret">;
  /** Each player of the finished round holds the same seat, taken with the same seat token. */
  claims: Extract<RoundEvent, { type: "claim" }>[];
}

/** May this actor start the next round now? Null if so. */
export function checkPlayAgain(round: Round, actor: Actor): Refusal | null {
  if (round.phase !== "debrief")
    return { ok: false, code: "wrong_phase", reason: "play again opens once this round has ended" };
  if (!actor.host && !actor.role)
    return {
      ok: false,
      code: "no_seat",
      reason: "only the round's players and its host can start the next round",
    };
  return null;
}

/** Why this hypothesis cannot be sent ("empty" or "long"), or null. The browser asks it before sending. */
export function hypothesisProblem(text: string): "empty" | "long" | null {
  const t = text.trim();
  if (!t) return "empty";
  return t.length > MAX_HYPOTHESIS_CHARS ? "long" : null;
}

/** Whether options (parsed) have the information-sharing switch: the Beer Game's transparent round. */
export function hasInfoSharing(options: unknown): boolean {
  return typeof (options as Record<string, unknown> | null)?.infoSharing === "boolean";
}

/**
 * The next round of `round`'s team. `newSeed` is used unless the same seed is asked for; information
 * sharing is switched on only in a scenario that has the switch.
 */
export function planNextRound(round: Round, choice: AgainChoice, newSeed: number): NextRoundPlan {
  const c = round.created;
  const options = { ...((round.sim.options as Record<string, unknown> | null) ?? {}) };
  if (choice.infoSharing && hasInfoSharing(options)) options.infoSharing = true;
  const bots: Record<RoleId, BotChoice> = {};
  // A branch's seats that replayed their parent's decisions have nothing to replay here: the default plays.
  for (const [role, bot] of Object.entries(c.bots)) if (bot.policy !== RECORDED_POLICY) bots[role] = bot;
  const claims: NextRoundPlan["claims"] = [];
  for (const s of round.seats.values())
    if (s.human)
      claims.push({
        type: "claim",
        data: { role: s.role, name: s.human.name, tokenHash: s.human.tokenHash },
      });
  const sim = round.sim;
  return {
    created: {
      scenario: c.scenario,
      version: c.version,
      title: c.title,
      options: round.scenario.parseOptions(options),
      seed: choice.sameSeed ? sim.seed : newSeed,
      pace: { ...round.pace },
      bots,
      graceSeconds: c.graceSeconds,
      cohort: null,
      previous: {
        id: round.id,
        code: c.code,
        options: sim.options,
        seed: sim.seed,
        decisions: sim.decisionLog,
        shocks: [...sim.injectedShocks],
        hashes: [...sim.hashes],
        seats: [...round.seats.values()].map((s) => ({ role: s.role, name: s.human?.name ?? "" })),
      },
    },
    claims,
  };
}

/** A player's hypothesis for this round: seated, before the debrief, in a round that follows another. */
export function checkHypothesis(round: Round, actor: Actor, text: string): Verdict {
  if (!round.created.previous)
    return { ok: false, code: "bad_request", reason: "hypotheses belong to a round started with play again" };
  if (!actor.role)
    return { ok: false, code: "no_seat", reason: "spectators have no desk to write a hypothesis for" };
  if (round.phase === "debrief")
    return { ok: false, code: "wrong_phase", reason: "a hypothesis is written before the round's debrief" };
  const trimmed = text.trim();
  const problem = hypothesisProblem(text);
  if (problem)
    return {
      ok: false,
      code: "bad_request",
      reason:
        problem === "empty"
          ? "write what you will do differently (it is empty)"
          : `a hypothesis is at most ${MAX_HYPOTHESIS_CHARS} characters (this one has ${trimmed.length})`,
      field: "text",
    };
  return {
    ok: true,
    events: [{ type: "hypothesis", data: { role: actor.role, name: actor.name, text: trimmed } }],
  };
}

/**
 * The previous round's run, re-simulated from what this round's record carries and proved by its
 * hashes. Null for a round that does not follow another.
 */
export function previousRun(scenario: AnyScenario, record: RoundRecord): Simulation<AnyScenario> | null {
  const p = record.previous;
  if (!p) return null;
  return Simulation.replay(
    scenario,
    {
      scenario: record.scenario,
      version: record.version,
      options: p.options,
      seed: p.seed,
      decisions: p.decisions,
      shocks: p.shocks,
    },
    p.hashes,
  );
}
