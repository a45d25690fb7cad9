// The load generator's seats on this project's server: the official Colyseus SDK, as the browser uses it.

import { Client, type Room } from "@colyseus/sdk";
import { roleEntries } from "../shared/protocol/state.ts";
import { type LoadConfig, ROLES, type Seat, type Sink, type Target } from "./load-common.ts";

function seat(room: Room, role: string, sink: Sink): Seat {
  // biome-ignore lint/suspicious/noExplicitAny: the SDK's transport events are internal
  const events = (room.connection as any).events as { onmessage: (ev: MessageEvent) => void };
  const orig = events.onmessage;
  events.onmessage = (ev: MessageEvent) => {
    const b = new Uint8Array(ev.data as ArrayBuffer);
    sink.bytes(b.byteLength, b[0] === 15);
    orig(ev);
  };
  room.onMessage("*", (type, payload) => {
    if (type === "error") sink.error((payload as { code?: string }).code ?? "?");
    else if (type === "accepted") sink.accepted();
  });
  // biome-ignore lint/suspicious/noExplicitAny: reflected state
  room.onStateChange((state: any) => {
    const mine = state.roles?.get(role);
    // Source 0: no decision in force (the slots keep the last one's values). A server from before the
    // decision travelled in the slots (PF_BENCH_SERVER_DIR) still sends it in a map.
    const order = !mine?.source
      ? undefined
      : mine.decision
        ? mine.decision.get("order")
        : roleEntries(mine).decision.find(([id]) => id === "order")?.[1];
    sink.update(state.phase === "play" ? state.week : -1, order);
  });
  return {
    decide: (week, order) => room.send("decide", { week, decision: { order } }),
    close: async () => {
      await room.leave(true);
    },
    ping: (done) => room.ping(done),
  };
}

export function oursTarget(cfg: LoadConfig): Target {
  const pace =
    cfg.pace === "lockstep"
      ? { mode: "lockstep" as const }
      : { mode: "continuous" as const, secondsPerWeek: 1 };
  return {
    async room(_index, sinks, acks) {
      const host = await new Client(cfg.url).create("team", {
        scenario: "beer-game",
        options: { weeks: 520, warmupWeeks: 0 },
        pace,
        name: "p0",
        role: ROLES[0],
        acks,
      });
      host.onMessage("history", () => {});
      const welcome = await new Promise<{ hostToken: string; code: string }>((resolve) =>
        host.onMessage("welcome", resolve),
      );
      const rooms = [host];
      for (const [i, role] of ROLES.slice(1).entries()) {
        const r = await new Client(cfg.url).joinById(welcome.code, { name: `p${i + 1}`, role, acks });
        // A seat's greeting (its tokens and its history so far) is not part of the measurement.
        r.onMessage("welcome", () => {});
        r.onMessage("history", () => {});
        rooms.push(r);
      }
      const seats = rooms.map((r, i) => seat(r, ROLES[i]!, sinks[i]!));
      return {
        seats,
        start: () => host.send("host", { hostToken: welcome.hostToken, action: "start" }),
      };
    },
  };
}
