// The debrief's entry point on the server. The team room calls attachDebrief when play ends (or when
// a round is restored in its debrief) and routes every `debrief:*` message here.

import type { Client } from "@colyseus/core";
import type { AnyScenario } from "../../shared/engine/types.ts";
import type { ErrorCode } from "../../shared/protocol/errors.ts";
import type { RoundRecord } from "../../shared/protocol/messages.ts";
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
  /** Appends durably to the round's log; `type` must start with "debrief:". */
  append(type: string, data: unknown): Promise<void>;
  /** This round's recorded `debrief:*` events, in order. */
  events(): Promise<StoredEvent[]>;
}

export interface DebriefHandle {
  /** A client joined or came back while the debrief is open (after it got `welcome` and `round`). */
  onJoin(client: Client): void;
  /** A `debrief:*` message; the payload is unvalidated. */
  onMessage(client: Client, type: string, payload: unknown): void;
  dispose(): void;
}

export async function attachDebrief(ctx: DebriefContext): Promise<DebriefHandle> {
  return {
    onJoin() {},
    onMessage(client, type) {
      ctx.error(client, type, "bad_request", "the debrief does not handle this message yet");
    },
    dispose() {},
  };
}
