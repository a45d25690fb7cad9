// The load generator's seats on the Socket.IO peer (bench/peer/sio-main.ts): Socket.IO's own client,
// over WebSocket from the start, as a browser that skips long polling would connect.

import { io } from "socket.io-client";
import { type LoadConfig, ROLES, type Seat, type Target } from "../load-common.ts";
import type { PeerView } from "./beer-game.ts";

export function sioTarget(cfg: LoadConfig): Target {
  return {
    async room(index, sinks) {
      // Several generators share a load: the room's name says whose it is.
      const room = `${process.pid}-${index}`;
      const seats = await Promise.all(
        ROLES.map(async (_, i): Promise<Seat> => {
          const socket = io(cfg.url, { transports: ["websocket"], forceNew: true, reconnection: false });
          socket.on("view", (v: PeerView) => sinks[i]!.update(v.week, v.order ?? undefined));
          await new Promise<void>((resolve, reject) => {
            socket.once("connect", resolve);
            socket.once("connect_error", reject);
          });
          socket.emit("join", { room, seat: i, pace: cfg.pace });
          return {
            decide: (week, order) => socket.emit("order", { week, order }),
            close: async () => {
              socket.close();
            },
          };
        }),
      );
      return { seats, start: () => {} };
    },
  };
}
