// What the room keeps per connected client, and the seat a joining client ends up in.

import { type Client, Protocol } from "@colyseus/core";
import type { RoleId } from "../../shared/engine/types.ts";
import { refusal } from "../../shared/protocol/errors.ts";
import type { JoinOptionsParsed } from "../../shared/protocol/room.ts";
import type { Round, RoundEvent } from "../../shared/round/round.ts";
import { claimOnJoin, comeBack, distinctName } from "../../shared/round/seats.ts";
import { hashToken, newToken } from "../tokens.ts";
import { writeFrame } from "../transport.ts";

export interface ClientData {
  role: RoleId | null;
  name: string;
  invalid: number;
  /** Kept in memory only (the log holds its hash), to repeat it in a later welcome. */
  seatToken: string | null;
  /** The creator's host token, likewise kept to repeat it. */
  hostToken: string | null;
  acks: boolean;
}

/** The client's seat data (a client that has not finished joining is a nameless spectator). */
export function clientData(client: Client): ClientData {
  if (!client.userData) {
    client.userData = { role: null, name: "", invalid: 0, seatToken: null, hostToken: null, acks: true };
  }
  return client.userData as ClientData;
}

/**
 * Where a joining client sits: back in the seat its token names, in a newly claimed seat, or nowhere
 * (a spectator). Throws the reason a join is refused. Records nothing: the events are returned.
 */
export function seatOnJoin(
  r: Round,
  o: JoinOptionsParsed,
): { role: RoleId | null; name: string; seatToken: string | null; resumed: boolean; events: RoundEvent[] } {
  // A token the room does not know (a seat given up in the lobby, an old round) is ignored in the
  // lobby, where the player can simply take a seat again. A cohort ticket must match its reservation.
  const token = o.seatToken ?? o.cohortTicket;
  const known = token ? r.findByToken(hashToken(token)) : undefined;
  if (token && !known && (r.phase !== "lobby" || o.cohortTicket)) {
    throw new Error(
      refusal("bad_token", "seat token not recognised: join as a spectator, or with the token of your seat"),
    );
  }
  if (known?.human && token) {
    return {
      role: known.role,
      name: known.human.name,
      seatToken: token,
      resumed: true,
      events: comeBack(known),
    };
  }
  if (o.spectate) return { role: null, name: o.name, seatToken: null, resumed: false, events: [] };
  const seatToken = newToken();
  const name = distinctName(r, o.name);
  const c = claimOnJoin(r, name, hashToken(seatToken), o.role);
  if (!c.ok) throw new Error(refusal(c.code, c.reason));
  return { role: c.seat.role, name, seatToken, resumed: false, events: c.events };
}

/**
 * What a client is sent, on its way to the socket. A change only other roles can see still produces
 * a patch frame for everyone; for this client it encodes to the bare patch header. It carries
 * nothing, so it is not sent (a frame per teammate's decision otherwise). The rest go to the socket
 * as one frame in one write (`writeFrame`), copied into Node's shared pool of small buffers: Colyseus
 * gives each frame an array of its own, which V8 would otherwise track and free on its own in every
 * collection (a fifth of a scavenge's pause at 500 rooms; docs/performance.md). Where ws must frame it
 * (compression, a closing socket), the pooled copy goes through ws.
 */
export function leanFrames(client: Client): void {
  const raw = client.raw.bind(client) as (d: Uint8Array, ...r: unknown[]) => void;
  const ws = (client as { ref?: unknown }).ref;
  client.raw = (data: Uint8Array, options?: unknown, cb?: (err?: Error) => void) => {
    if (data.length === 1 && data[0] === Protocol.ROOM_STATE_PATCH) return;
    if (writeFrame(ws, data, cb)) return;
    raw(Buffer.isBuffer(data) ? data : Buffer.from(data), options, cb);
  };
}
