// The load generator's seats on the Colyseus peer (bench/peer/colyseus-main.ts): the official SDK, as
// on our server.

import { Client } from "@colyseus/sdk";
import { type LoadConfig, ROLES, type Seat, type Target } from "../load-common.ts";

export function colyseusTarget(cfg: LoadConfig): Target {
  return {
    async room(index, sinks) {
      // Several generators share a load: the table's name says whose it is.
      const table = `${process.pid}-${index}`;
      const seats: Seat[] = [];
      // One at a time: four at once could each create the table.
      for (const [seat] of ROLES.entries()) {
        const room = await new Client(cfg.url).joinOrCreate("table", { table, seat, pace: cfg.pace });
        // biome-ignore lint/suspicious/noExplicitAny: reflected state
        room.onStateChange((state: any) => {
          const desk = state.desks?.get(String(seat));
          sinks[seat]!.update(state.week, desk && desk.order >= 0 ? desk.order : undefined);
        });
        seats.push({
          decide: (week, order) => room.send("order", { week, order }),
          close: async () => {
            await room.leave(true);
          },
          ping: (done) => room.ping(done),
        });
      }
      return { seats, start: () => {} };
    },
  };
}
