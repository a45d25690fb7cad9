// The bench's peers play the same Beer Game as our engine and hide the same things.

import { describe, expect, it } from "vitest";
import { BeerGame, closeWeek, type PeerState, peerView, placeOrder } from "../../bench/peer/beer-game.ts";
import { peersToMeasure } from "../../bench/server.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import { beerGame } from "../../shared/scenarios/beer-game/index.ts";

const ROLES = ["retailer", "wholesaler", "distributor", "factory"];
const fresh = () => (BeerGame.setup as () => PeerState)();

describe("the peers' Beer Game", () => {
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

  it("in continuous pace takes every order and leaves the week to the clock", () => {
    const G = fresh();
    const sim = new Simulation(beerGame, { weeks: 520, warmupWeeks: 0 }, 1);
    for (const i of [0, 1, 2, 3]) expect(placeOrder(G, String(i), 1, 10 + i, false)).toBeUndefined();
    expect(G.board.week).toBe(0);
    // A later order of the same player replaces its first.
    placeOrder(G, "2", 1, 20, false);
    expect(peerView(G, "2").order).toBe(20);
    closeWeek(G);
    sim.advance({
      retailer: { order: 10 },
      wholesaler: { order: 11 },
      distributor: { order: 20 },
      factory: { order: 13 },
    });
    expect(G.board).toEqual(sim.state);
    // Nobody ordered: the clock closes the week as our simulation closes a week nobody decided.
    closeWeek(G);
    sim.advance({});
    expect(G.board).toEqual(sim.state);
    expect(G.pending).toEqual({});
  });
});

describe("PF_BENCH_PEER", () => {
  it("names the peers to measure, both by default, none with 0, and refuses an unknown one", () => {
    expect(peersToMeasure(undefined)).toEqual(["sio", "colyseus", "bgio"]);
    expect(peersToMeasure("0")).toEqual([]);
    expect(peersToMeasure("bgio")).toEqual(["bgio"]);
    expect(peersToMeasure("sio, bgio")).toEqual(["sio", "bgio"]);
    expect(() => peersToMeasure("socketio")).toThrow(/unknown peer "socketio"/);
  });
});
