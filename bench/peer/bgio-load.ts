// The load generator's seats on the boardgame.io peer: its own client over its Socket.IO transport,
// matches created and joined through its lobby API, as a boardgame.io front end does.

import { createRequire } from "node:module";
import type { LoadConfig, Seat, Target } from "../load-common.ts";
import { BeerGame, type PeerView } from "./beer-game.ts";

// boardgame.io ships CommonJS folders that an ES module cannot import by name.
const require = createRequire(import.meta.url);
const { Client } = require("boardgame.io/client") as typeof import("boardgame.io/client");
const { SocketIO } = require("boardgame.io/multiplayer") as typeof import("boardgame.io/multiplayer");

async function post<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export function bgioTarget(cfg: LoadConfig): Target {
  const u = new URL(cfg.url);
  const games = `${u.protocol}//${u.hostname}:${Number(u.port) + 1}/games/${BeerGame.name}`;
  return {
    async room(_index, sinks) {
      const { matchID } = await post<{ matchID: string }>(`${games}/create`, { numPlayers: 4 });
      const seats: Seat[] = [];
      for (let i = 0; i < 4; i++) {
        const { playerCredentials } = await post<{ playerCredentials: string }>(`${games}/${matchID}/join`, {
          playerID: String(i),
          playerName: `p${i}`,
        });
        const client = Client({
          game: BeerGame,
          multiplayer: SocketIO({ server: cfg.url }),
          matchID,
          playerID: String(i),
          credentials: playerCredentials,
          debug: false,
        });
        const sink = sinks[i]!;
        // boardgame.io refuses a move made on a state that has since changed (another player moved
        // first, "invalid stateID"): like a boardgame.io front end, send it again on the newer state.
        let want: { week: number; order: number } | null = null;
        let sentOn = -1;
        const send = () => {
          const state = client.getState();
          if (!want || !state || state._stateID === sentOn) return;
          sentOn = state._stateID;
          client.moves.order!(want.week, want.order);
        };
        client.subscribe((state) => {
          if (!state) return;
          const v = state.G as unknown as PeerView;
          sink.update(v.week, v.order ?? undefined);
          if (want && (v.week >= want.week || v.order === want.order)) want = null;
          else send();
        });
        client.start();
        seats.push({
          decide: (week, order) => {
            want = { week, order };
            sentOn = -1;
            send();
          },
          close: async () => client.stop(),
        });
      }
      return { seats, start: () => {} };
    },
  };
}
