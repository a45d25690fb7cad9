// The bench's boardgame.io peer plays the same Beer Game as our engine and hides the same things.

import { describe, expect, it } from "vitest";
import { BeerGame, type PeerState, type PeerView } from "../../bench/peer/beer-game.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import { beerGame } from "../../shared/scenarios/beer-game/index.ts";

const ROLES = ["retailer", "wholesaler", "distributor", "factory"];
// biome-ignore lint/suspicious/noExplicitAny: boardgame.io's move context is wide; the peer reads G and playerID
const order = (G: PeerState, playerID: string, week: number, n: number): unknown =>
  (BeerGame.moves!.order as any).move({ G, playerID }, week, n);
// biome-ignore lint/suspicious/noExplicitAny: as above
const view = (G: PeerState, playerID: string) => (BeerGame.playerView as any)({ G, playerID }) as PeerView;

describe("boardgame.io peer", () => {
  it("steps the board as our simulation does, once all four have ordered", () => {
    // biome-ignore lint/suspicious/noExplicitAny: setup's context is not read
    const G = BeerGame.setup!({} as any) as PeerState;
    const sim = new Simulation(beerGame, { weeks: 520, warmupWeeks: 0 }, 1);
    for (let week = 1; week <= 8; week++) {
      const orders = ROLES.map((_, i) => 1 + ((week * 7 + i) % 30));
      for (let i = 0; i < 3; i++) order(G, String(i), week, orders[i]!);
      expect(G.board.week).toBe(week - 1);
      order(G, "3", week, orders[3]!);
      sim.advance(Object.fromEntries(ROLES.map((r, i) => [r, { order: orders[i]! }])));
      expect(G.board).toEqual(sim.state);
      expect(G.pending).toEqual({});
    }
  });

  it("refuses an order for another week", () => {
    // biome-ignore lint/suspicious/noExplicitAny: as above
    const G = BeerGame.setup!({} as any) as PeerState;
    expect(order(G, "0", 2, 5)).toBe("INVALID_MOVE");
    expect(G.pending).toEqual({});
  });

  it("shows a player its own echelon and order only", () => {
    // biome-ignore lint/suspicious/noExplicitAny: as above
    const G = BeerGame.setup!({} as any) as PeerState;
    order(G, "1", 1, 9);
    const mine = view(G, "1");
    expect(mine.order).toBe(9);
    expect(mine.observation).toEqual(
      beerGame.observe(G.board, "wholesaler", { ...beerGame.defaultOptions, weeks: 520, warmupWeeks: 0 }),
    );
    expect(view(G, "0").order).toBeNull();
    expect(JSON.stringify(view(G, "0"))).not.toContain('"pending"');
  });
});
