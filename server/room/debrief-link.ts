// Connects a team room to its debrief (server/debrief): the debrief gets the room's clients, the
// record, the host check and the log; the room learns when the truth is revealed.

import type { Client } from "@colyseus/core";
import type { ErrorCode } from "../../shared/protocol/errors.ts";
import { DEBRIEF_PREFIX, type RoundRecord } from "../../shared/protocol/messages.ts";
import type { Round, RoundEvent } from "../../shared/round/round.ts";
import { attachDebrief, type DebriefHandle } from "../debrief/index.ts";
import { services } from "../services.ts";
import { hashToken } from "../tokens.ts";

export interface DebriefHost {
  round: Round;
  clients: Iterable<Client>;
  /** The seat and name a client holds (null role: a spectator). */
  member(client: Client): { role: string | null; name: string } | undefined;
  record(): RoundRecord;
  /** Appends to the round's log through the room's recorder, in order with its other events; resolves once durable. */
  append(events: RoundEvent[]): Promise<void>;
  /** The truth is out: every client may now see every role. */
  revealed(): void;
  broadcast(type: string, payload: unknown): void;
  refuse(client: Client, request: string, code: ErrorCode, reason: string): void;
}

/**
 * The debrief takes over the `debrief:*` messages. It opens once `ready` (the end of play) is
 * durable, so an export fetched on receipt of the record is complete; those already in the room
 * then hear that it is open (a reconnecting desk also says hello).
 */
export function openDebrief(ready: Promise<unknown>, host: DebriefHost): Promise<DebriefHandle> {
  const opened = ready.then(() => attach(host));
  opened.then(
    (d) => {
      for (const c of host.clients) d.onJoin(c);
    },
    (e) => services().log(`round ${host.round.id}: debrief failed to open`, e),
  );
  return opened;
}

function attach(host: DebriefHost): Promise<DebriefHandle> {
  const r = host.round;
  return attachDebrief({
    roundId: r.id,
    code: r.created.code,
    scenario: r.scenario,
    record: () => host.record(),
    humanRoles: () => r.sketchers(),
    members: () =>
      [...host.clients].map((client) => ({ client, role: null, name: "", ...host.member(client) })),
    memberOf: (client) => {
      const m = host.member(client);
      return m ? { client, ...m } : undefined;
    },
    isHostToken: (token) => hashToken(token) === r.created.hostTokenHash,
    reveal: () => host.revealed(),
    send: (client, type, payload) => client.send(type, payload),
    broadcast: (type, payload) => host.broadcast(type, payload),
    error: (client, request, code, reason) => host.refuse(client, request, code, reason),
    append: async (type, data) => {
      if (!type.startsWith(DEBRIEF_PREFIX)) throw new Error(`debrief events are named "${DEBRIEF_PREFIX}…"`);
      await host.append([{ type, data } as RoundEvent]);
      // The round keeps the debrief's state too, so every view of it is decided in one place.
      r.apply({ type, data } as RoundEvent, { at: Date.now() });
    },
    events: () => services().storage.events(r.id, { typePrefix: DEBRIEF_PREFIX }),
    hypotheses: () => r.debrief.hypotheses,
    limits: {
      ghostsPerSeat: services().limits.ghostsPerSeat,
      ghostsPerRound: services().limits.ghostsPerRound,
      stateBytes: services().limits.debriefStateBytes,
    },
  });
}
