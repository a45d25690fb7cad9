// The Beer Game as the bench's peers play it (bench/server.ts): a boardgame.io game, and the rules the
// Socket.IO peer (bench/peer/sio-main.ts) applies. The same board as ours (this project's scenario
// module steps it). In lockstep every player orders for the coming week and the last order closes it;
// in continuous pace a clock closes it. A player is shown its own echelon only, as our server does.

import { createRequire } from "node:module";
import type { Game } from "boardgame.io";
import { createRng, type RngState, seedRng } from "../../shared/engine/rng.ts";
import { beerGame } from "../../shared/scenarios/beer-game/index.ts";
import type { BeerGameState } from "../../shared/scenarios/beer-game/model.ts";

// boardgame.io ships CommonJS folders that an ES module cannot import by name.
const { ActivePlayers, INVALID_MOVE } = createRequire(import.meta.url)(
  "boardgame.io/core",
) as typeof import("boardgame.io/core");

const OPTIONS = { ...beerGame.defaultOptions, weeks: 520, warmupWeeks: 0 };
const ROLES = beerGame.roles.map((r) => r.id);

export interface PeerState {
  board: BeerGameState;
  rng: RngState;
  /** Orders placed for the coming week, by player id. */
  pending: Record<string, number>;
}

/** What one player sees: its echelon's observation and scores, and its own order for the coming week. */
export interface PeerView {
  week: number;
  observation: unknown;
  kpis: { id: string; value: number }[];
  order: number | null;
}

/**
 * Player `playerID` orders for `week` (the coming one); in lockstep (the default) the fourth order
 * closes the week.
 */
export function placeOrder(
  G: PeerState,
  playerID: string,
  week: number,
  order: number,
  lockstep = true,
): typeof INVALID_MOVE | undefined {
  if (week !== G.board.week + 1 || !Number.isInteger(order) || order < 0 || order > 999) return INVALID_MOVE;
  G.pending[playerID] = order;
  if (lockstep && Object.keys(G.pending).length === ROLES.length) closeWeek(G);
  return undefined;
}

/** Steps the board one week with the orders placed (for a player without one, the board's own rule). */
export function closeWeek(G: PeerState): void {
  const decisions = Object.fromEntries(
    ROLES.flatMap((role, i) => {
      const order = G.pending[String(i)];
      return order === undefined ? [] : [[role, { order }]];
    }),
  );
  const rng = [...G.rng] as RngState;
  G.board = beerGame.step(G.board, decisions, {
    week: G.board.week + 1,
    options: OPTIONS,
    rng: createRng(rng),
  });
  G.rng = rng;
  G.pending = {};
}

/** What `playerID` is shown: its own echelon only (a spectator, nothing). */
export function peerView(G: PeerState, playerID: string | null): PeerView {
  const role = ROLES[Number(playerID)];
  if (playerID === null || !role) return { week: G.board.week, observation: null, kpis: [], order: null };
  return {
    week: G.board.week,
    observation: beerGame.observe(G.board, role, OPTIONS),
    kpis: beerGame.roleKpis(G.board, role, OPTIONS).map((k) => ({ id: k.id, value: k.value })),
    order: G.pending[playerID] ?? null,
  };
}

/** A new board, the same for every match. */
export function newPeerState(): PeerState {
  const rng = seedRng(1);
  return { board: beerGame.init(OPTIONS, createRng(rng)), rng, pending: {} };
}

export const BeerGame: Game<PeerState> = {
  name: "beer-game",
  minPlayers: 4,
  maxPlayers: 4,
  setup: newPeerState,
  turn: { activePlayers: ActivePlayers.ALL },
  moves: {
    // Run on the server only: a client holds its player view, not the board.
    order: {
      client: false,
      move: ({ G, playerID }, week: number, order: number) => placeOrder(G, playerID, week, order),
    },
  },
  playerView: ({ G, playerID }) => peerView(G, playerID) as never,
};
