import { describe, expect, it } from "vitest";
import { Simulation } from "../../shared/engine/simulation.ts";
import type { Decisions } from "../../shared/engine/types.ts";
import { createBot, defaultPolicy, parsePolicy, policies, policyNames } from "../../shared/policies/index.ts";
import { type BeerGameObservation, beerGame, ROLE_IDS } from "../../shared/scenarios/beer-game/index.ts";
import { MAX_ORDER } from "../../shared/scenarios/beer-game/options.ts";
import { orderCases } from "../../shared/scenarios/beer-game/policies.ts";

const obs = (o: Partial<BeerGameObservation>): BeerGameObservation => ({
  week: 5,
  warmup: 0,
  final: 0,
  inventory: 12,
  backlog: 0,
  incomingOrder: 4,
  received: 4,
  shipped: 4,
  nearBox: 4,
  farBox: 4,
  orderInMail: 4,
  lastOrder: 4,
  onOrder: 12,
  cost: 6,
  totalCost: 30,
  ...o,
});

const bot = (text: string, role = "retailer") =>
  createBot<BeerGameObservation>(parsePolicy("beer-game", text), role);

function play(text: string | Record<string, string>, options: object = {}) {
  const sim = new Simulation(beerGame, options, 1);
  const bots = ROLE_IDS.map((r) => bot(typeof text === "string" ? text : (text[r] ?? "constant"), r));
  while (!sim.done) {
    const d: Record<string, { order: number }> = {};
    ROLE_IDS.forEach((r, i) => {
      d[r] = bots[i]!.decide(sim.observe(r)) as { order: number };
    });
    sim.advance(d as Decisions);
  }
  return sim;
}

describe("policy registry", () => {
  it("lists the Beer Game's policies and defaults to sterman", () => {
    expect(policyNames("beer-game")).toEqual(["sterman", "pass-through", "order-up-to", "constant", "fixed"]);
    expect(defaultPolicy("beer-game").text).toBe(
      "sterman:theta=0.36,alpha=0.26,beta=0.34,sprime=17,continuous=0",
    );
    expect(Object.keys(policies)).toContain("beer-game");
  });

  it("parses NAME:key=value,... and fills in defaults", () => {
    const c = parsePolicy("beer-game", "sterman:theta=0.5,sprime=20");
    expect(c.params).toEqual({ theta: 0.5, alpha: 0.26, beta: 0.34, sprime: 20, continuous: 0 });
    expect(parsePolicy("beer-game", "constant:k=9").params).toEqual({ k: 9 });
    expect(parsePolicy("beer-game", "pass-through").text).toBe("pass-through");
    expect(parsePolicy("beer-game", "sterman:continuous=true").params.continuous).toBe(1);
    expect(parsePolicy("beer-game", "sterman:continuous=false").params.continuous).toBe(0);
  });

  it("refuses bad policies with one-line errors naming the valid choices", () => {
    expect(() => parsePolicy("beer-game", "panic")).toThrow(
      'unknown policy "panic" for beer-game; choose one of: sterman, pass-through, order-up-to, constant',
    );
    expect(() => parsePolicy("beer-game", "sterman:gamma=1")).toThrow(
      'sterman: unknown parameter "gamma"; expected theta, alpha, beta, sprime, continuous',
    );
    expect(() => parsePolicy("beer-game", "sterman:theta=2")).toThrow(
      "sterman: theta must be between 0 and 1",
    );
    expect(() => parsePolicy("beer-game", "sterman:theta")).toThrow('"theta" is not key=number');
    expect(() => parsePolicy("beer-game", "pass-through:k=1")).toThrow("it takes none");
    expect(() => parsePolicy("chess", "sterman")).toThrow(
      /no policies for scenario "chess"; known: beer-game/,
    );
  });
});

describe("beer game policies", () => {
  it("writes whole cases rounded half away from zero, within the slip", () => {
    expect([2.5, 3.5, 2.49, 0, -0.5, -2.5, 1e9].map((x) => orderCases(x, true))).toEqual([
      3,
      4,
      2,
      0,
      0,
      0,
      MAX_ORDER,
    ]);
    expect(orderCases(2.5, false)).toBe(2.5);
  });

  it("sterman: anchors on smoothed demand and adjusts for stock and supply line", () => {
    const b = bot("sterman:theta=0.5,alpha=0.5,beta=0.5,sprime=30");
    // L̂ = 0.5·8 + 0.5·4 = 6; 6 + 0.5·(30 − (10 − 2) − 0.5·12) = 14.
    expect(b.decide(obs({ incomingOrder: 8, inventory: 10, backlog: 2 })).order).toBe(14);
    // Next week: L̂ = 0.5·8 + 0.5·6 = 7; 7 + 0.5·(30 − 0 − 0.5·20) = 17.
    expect(b.decide(obs({ week: 6, incomingOrder: 8, inventory: 0, onOrder: 20 })).order).toBe(17);
  });

  it("sterman: answers the same week twice without drifting", () => {
    const b = bot("sterman:theta=1,alpha=0.5,beta=0,sprime=12");
    const first = b.decide(obs({ incomingOrder: 8 })).order;
    expect(b.decide(obs({ incomingOrder: 8 })).order).toBe(first);
    const t = bot("sterman:theta=0.5,alpha=0,beta=0,sprime=0");
    expect(t.decide(obs({ incomingOrder: 8 })).order).toBe(6);
    expect(t.decide(obs({ incomingOrder: 8 })).order).toBe(6);
    expect(t.decide(obs({ week: 6, incomingOrder: 8 })).order).toBe(7);
  });

  it("sterman: never orders below zero, rounds unless continuous", () => {
    expect(bot("sterman").decide(obs({ inventory: 200 })).order).toBe(0);
    const whole = bot("sterman:theta=0,alpha=0.1,beta=0,sprime=17").decide(obs({ inventory: 12 })).order;
    expect(whole).toBe(5); // 4 + 0.1·5 = 4.5 → 5
    const cont = bot("sterman:theta=0,alpha=0.1,beta=0,sprime=17,continuous=1").decide(
      obs({ inventory: 12 }),
    );
    expect(cont.order).toBeCloseTo(4.5, 12);
  });

  it("pass-through orders what it was asked for", () => {
    expect(bot("pass-through").decide(obs({ incomingOrder: 13 })).order).toBe(13);
  });

  it("order-up-to raises the inventory position to target + forecast × lead time", () => {
    const b = bot("order-up-to:p=2,target=12");
    // Forecast 8 (one week seen): 12 + 8·4 − (12 − 0 + 12) = 20.
    expect(b.decide(obs({ incomingOrder: 8 })).order).toBe(20);
    // Forecast (8 + 4)/2 = 6: 12 + 24 − (6 − 2 + 30) = 2.
    expect(b.decide(obs({ week: 6, incomingOrder: 4, inventory: 6, backlog: 2, onOrder: 30 })).order).toBe(2);
    // The factory's lead time is three weeks: 12 + 4·3 − (12 + 8) = 4 in the steady state.
    expect(bot("order-up-to", "factory").decide(obs({ onOrder: 8 })).order).toBe(4);
    expect(bot("order-up-to").decide(obs({ inventory: 500 })).order).toBe(0);
  });

  it("constant always orders k", () => {
    const b = bot("constant:k=7");
    expect([1, 2, 3].map((w) => b.decide(obs({ week: w, incomingOrder: w * 10 })).order)).toEqual([7, 7, 7]);
  });

  it("keeps the steady state when nothing changes", () => {
    // Sterman's rule is steady when S′ = 12 + β·SL; with β = 0 that is S′ = 12 for every echelon.
    for (const p of [
      "sterman:theta=0.5,alpha=0.5,beta=0,sprime=12",
      "pass-through",
      "order-up-to",
      "constant",
    ]) {
      const sim = play(p, { demand: "constant:k=4", warmupWeeks: 0 });
      for (const s of sim.history.slice(1)) expect(s.order).toEqual([4, 4, 4, 4]);
    }
  });

  it("sterman bots with Sterman's mean estimates produce the bullwhip", () => {
    const sim = play("sterman:theta=0.36,alpha=0.26,beta=0.34,sprime=17");
    const peak = (r: number) => Math.max(...sim.history.slice(1).map((s) => s.order[r]!));
    // Orders swell upstream: each echelon's peak exceeds the one below; all far above demand's 8.
    expect(peak(0)).toBeGreaterThan(8);
    expect(peak(1)).toBeGreaterThan(peak(0));
    expect(peak(2)).toBeGreaterThan(peak(1));
    expect(peak(3)).toBeGreaterThan(peak(2));
    // ...and then collapse to nothing upstream.
    expect(Math.min(...sim.history.slice(20).map((s) => s.order[3]!))).toBe(0);
  });

  it("pass-through bots carry demand up the chain without amplification", () => {
    const sim = play("pass-through");
    const orders = sim.history.slice(1).map((s) => s.order);
    // The step reaches each echelon two weeks after the one below: the factory from week 11.
    expect(orders.slice(10).every((o) => o.every((x) => x === 8))).toBe(true);
    expect(orders[9]).toEqual([8, 8, 8, 4]);
  });
});
