// The bench's boardgame.io peer plays the same Beer Game as our engine and hides the same things.

import { describe, expect, it } from "vitest";
import { BeerGame, type PeerState, peerView, placeOrder } from "../../bench/peer/beer-game.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import { beerGame } from "../../shared/scenarios/beer-game/index.ts";

const ROLES = ["retailer", "wholesaler", "distributor", "factory"];
const fresh = () => (BeerGame.setup as () => PeerState)();

describe("boardgame.io peer", () => {
  it("steps the board as our simulation does, once all four have ordered", () => {
    const G = fresh();
    const sim = new Simulation(beerGame, { weeks: 520, warmupWeeks: 0 }, 1);
    for (let week = 1; week <= 8; week++) {
      const orders = ROLES.map((_, i) => 1 + ((week * 7 + i) % 30));
      for (let i = 0; i < 3; i++) placeOrder(G, String(i), week, orders[i]!);
      expect(G.board.week).toBe(week - 1);
      placeOrder(G, "3", week, orders[3]!);
      sim.advance(Object.fromEntries(ROLES.map((r, i) => [r, { order: orders[i]! }])));
      expect(G.board).toEqual(sim.state);
      expect(G.pending).toEqual({});
    }
  });

  it("refuses an order for another week", () => {
    const G = fresh();
    expect(placeOrder(G, "0", 2, 5)).toBe("INVALID_MOVE");
    expect(G.pending).toEqual({});
  });

  it("shows a player its own echelon and order only", () => {
    const G = fresh();
    placeOrder(G, "1", 1, 9);
    const mine = peerView(G, "1");
    expect(mine.order).toBe(9);
    const options = { ...beerGame.defaultOptions, weeks: 520, warmupWeeks: 0 };
    expect(mine.observation).toEqual(beerGame.observe(G.board, "wholesaler", options));
    expect(peerView(G, "0").order).toBeNull();
    expect(peerView(G, null).observation).toBeNull();
  });
});
