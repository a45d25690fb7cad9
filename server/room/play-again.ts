// Play again from a finished round's debrief: the next round for the same team is created and opened
// here, its seats held for the same people (their seat tokens of the finished round take them), the
// link recorded in the finished round, and every teammate still on the debrief told where to go.
// The rules and the plan are the core's (shared/round/again.ts).

import type { Client } from "@colyseus/core";
import { AGAIN_MESSAGES, type AgainNextMessage, againStartSchema } from "../../shared/protocol/again.ts";
import type { ErrorCode } from "../../shared/protocol/errors.ts";
import { checkPlayAgain, planNextRound } from "../../shared/round/again.ts";
import type { Actor } from "../../shared/round/check.ts";
import { type CreatedData, type NextRound, Round, type RoundEvent } from "../../shared/round/round.ts";
import { newReplaySecret } from "../replay/access.ts";
import { openNewRound } from "../replay/open-round.ts";
import { services } from "../services.ts";
import { hashToken, newRoundId, newToken } from "../tokens.ts";
import { describeZod, newSeed, uniqueCode } from "./setup.ts";

/** What the finished round's room lends to play again. */
export interface AgainRoom {
  round: Round;
  clients: Iterable<Client>;
  /** The seat and name a client holds (null role: a spectator). */
  member(client: Client): { role: string | null; name: string };
  isHostToken(token: string): boolean;
  /** Applies and records events in the finished round; resolves once durable. */
  commit(events: RoundEvent[]): Promise<unknown>;
  /** The synchronised state follows the round (its `next`). */
  changed(): void;
  refuse(client: Client, request: string, code: ErrorCode, reason: string): void;
}

/** Next rounds being created, by finished round: two players pressing at once start one round. */
const starting = new WeakMap<Round, Promise<NextRound>>();

/** Handles `again:start`: creates the next round (once) and tells everyone in the room where it is. */
export async function playAgain(room: AgainRoom, client: Client, payload: unknown): Promise<void> {
  const type = AGAIN_MESSAGES.start;
  const parsed = againStartSchema.safeParse(payload ?? {});
  if (!parsed.success) return room.refuse(client, type, "invalid_message", describeZod(parsed.error));
  const { hostToken, ...choice } = parsed.data;
  const m = room.member(client);
  const actor: Actor = { ...m, host: hostToken !== undefined && room.isHostToken(hostToken) };
  const refused = checkPlayAgain(room.round, actor);
  if (refused) return room.refuse(client, type, refused.code, refused.reason);
  const r = room.round;
  // Already started (by a teammate, or before a reload): the answer is where the team went.
  const pending = r.next ? Promise.resolve(r.next) : starting.get(r);
  if (pending) {
    const next = await pending.catch(() => null);
    if (next) client.send(AGAIN_MESSAGES.next, { code: next.code, by: next.by } satisfies AgainNextMessage);
    return;
  }
  // The host stays the host of the next round (its token goes on); a player who starts it leads it.
  const nextHostToken = actor.host && hostToken ? hostToken : newToken();
  const by = actor.name || "The host";
  const creating = createNextRound(r, choice, nextHostToken, by);
  starting.set(r, creating);
  let next: NextRound;
  try {
    next = await creating;
  } catch (e) {
    services().log(`round ${r.id}: the next round could not be opened`, e, { round: r.id });
    return room.refuse(
      client,
      type,
      "recording_unavailable",
      "the next round could not be recorded right now; nothing is lost, try again in a moment",
    );
  } finally {
    starting.delete(r);
  }
  await room.commit([{ type: "again", data: next }]);
  room.changed();
  for (const c of room.clients)
    c.send(AGAIN_MESSAGES.next, {
      code: next.code,
      by: next.by,
      // The one who started it starts its play: only they get its host token.
      ...(c === client ? { hostToken: nextHostToken } : {}),
    } satisfies AgainNextMessage);
}

async function createNextRound(
  finished: Round,
  choice: { sameSeed: boolean; infoSharing: boolean },
  hostToken: string,
  by: string,
): Promise<NextRound> {
  const plan = planNextRound(finished, choice, newSeed());
  const created: CreatedData = {
    ...plan.created,
    code: uniqueCode(),
    hostTokenHash: hashToken(hostToken),
    createdAt: Date.now(),
    replaySecret: newReplaySecret(),
  };
  const round = new Round(newRoundId(), finished.scenario, created);
  await openNewRound(round, plan.claims);
  return { id: round.id, code: created.code, by };
}
