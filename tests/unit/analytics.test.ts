import { describe, expect, it } from "vitest";
import { BoundedLeastSquares } from "../../shared/analytics/bounded-least-squares.ts";
import {
  anchoringOrders,
  type DecisionHistory,
  fitAnchoringRule,
  linearLeastSquares,
  mean,
  minimizeBounded,
  peak,
  rSquared,
  sampleSd,
  summarize,
  variance,
  varianceRatio,
} from "../../shared/analytics/index.ts";
import { minimizeScalar } from "../../shared/analytics/minimize-scalar.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import type { Decisions } from "../../shared/engine/types.ts";
import { createBot, parsePolicy } from "../../shared/policies/index.ts";
import {
  beerGameDecisionHistory,
  beerGameReport,
  fillRate,
  fitBeerGameRole,
} from "../../shared/scenarios/beer-game/analytics.ts";
import { beerGame, ROLE_IDS } from "../../shared/scenarios/beer-game/index.ts";
import { referenceFit } from "./anchoring-fit-reference.ts";

function playBots(policy: string, options: object = {}, seed = 1) {
  const sim = new Simulation(beerGame, options, seed);
  const bots = ROLE_IDS.map((r) => createBot(parsePolicy("beer-game", policy), r));
  while (!sim.done) {
    const d: Record<string, unknown> = {};
    ROLE_IDS.forEach((r, i) => {
      d[r] = bots[i]!.decide(sim.observe(r));
    });
    sim.advance(d as Decisions);
  }
  return sim;
}

describe("statistics", () => {
  it("computes mean, variance, sd and summaries by hand", () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
    expect(variance([1, 2, 3, 6])).toBe(3.5); // (4 + 1 + 0 + 9) / 4
    expect(sampleSd([1, 2, 3, 6])).toBeCloseTo(Math.sqrt(14 / 3), 12);
    expect(summarize([5, 1, 3])).toEqual({ mean: 3, sd: 2, min: 1, max: 5 });
    expect(summarize([7]).sd).toBe(0);
  });

  it("measures amplification as a variance ratio, null for a flat input", () => {
    expect(varianceRatio([0, 4, 0, 4], [1, 2, 1, 2])).toBe(16);
    expect(varianceRatio([1, 2], [3, 3])).toBeNull();
  });

  it("finds the peak and its first week", () => {
    expect(peak([3, 9, 2, 9])).toEqual({ value: 9, week: 2 });
  });

  it("scores fits with r²", () => {
    expect(rSquared([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(rSquared([1, 2, 3], [2, 2, 2])).toBe(0);
    expect(rSquared([1, 2, 3], [1, 2, 4])).toBeCloseTo(0.5, 12); // 1 − 1/2
    expect(rSquared([2, 2], [2, 2])).toBe(1);
  });

  it("fills oldest orders first", () => {
    // Week 1: asked 4, shipped 4. Week 2: asked 8, shipped 2 (6 owed). Week 3: asked 4, shipped 10:
    // 6 pays the backlog, 4 serves the new order. On time: 4 + 2 + 4 of 16.
    expect(fillRate([4, 8, 4], [4, 2, 10], [0, 0, 6])).toBe(10 / 16);
    expect(fillRate([0, 0], [0, 0], [0, 0])).toBeNull();
  });
});

describe("fit machinery", () => {
  it("solves linear least squares, zeroing uninformative columns", () => {
    const X = [
      [1, 0],
      [1, 1],
      [1, 2],
      [1, 3],
    ];
    const b = linearLeastSquares(X, [1, 3, 5, 7]);
    expect(b[0]).toBeCloseTo(1, 10);
    expect(b[1]).toBeCloseTo(2, 10);
    const c = linearLeastSquares(
      X.map((r) => [r[0]!, r[1]!, 0]),
      [1, 3, 5, 7],
    );
    expect(c[2]).toBe(0);
    expect(c[1]).toBeCloseTo(2, 10);
  });

  it("minimizes inside a box and stops on its wall", () => {
    const rosen = (x: readonly number[]) => (1 - x[0]!) ** 2 + 100 * (x[1]! - x[0]! ** 2) ** 2;
    const m = minimizeBounded(rosen, [-1, 2], [-2, -2], [2, 2], { maxEvaluations: 20000, restarts: 4 });
    expect(m.x[0]).toBeCloseTo(1, 3);
    expect(m.x[1]).toBeCloseTo(1, 3);
    const wall = minimizeBounded((x) => (x[0]! - 5) ** 2 + (x[1]! + 1) ** 2, [0.5, 0.5], [0, 0], [1, 1]);
    expect(wall.x[0]).toBeCloseTo(1, 6);
    expect(wall.x[1]).toBeCloseTo(0, 6);
  });

  it("finds a one-dimensional minimum inside an interval and against its end", () => {
    let calls = 0;
    const inside = minimizeScalar(
      (x) => {
        calls++;
        return Math.cosh(x - 0.3);
      },
      0,
      1,
    );
    expect(inside.x).toBeCloseTo(0.3, 7);
    expect(inside.value).toBeCloseTo(1, 12);
    // Parabolic steps: far fewer calls than the ~50 golden-section steps to this precision.
    expect(calls).toBeLessThan(25);
    const edge = minimizeScalar((x) => (x - 2) ** 2, 0, 1, 1e-9);
    expect(edge.x).toBeCloseTo(1, 7);
  });

  it("solves least squares under linear constraints: free when it can, on the binding bound when not", () => {
    // |X·v − y|² for X = [[1, 0], [0, 1]], y = (3, −2): free minimum (3, −2).
    const H = Float64Array.from([1, 0, 0, 1]);
    const g = Float64Array.from([3, -2]);
    const v = new Float64Array(2);
    const box = new BoundedLeastSquares(
      [
        [1, 0],
        [-1, 0],
        [0, 1],
      ],
      [0, -5, 0],
    );
    // Objective vᵀHv − 2gᵀv at (3, 0): 9 − 18 = −9.
    expect(box.solve(H, g, v)).toBeCloseTo(-9, 12);
    expect([...v]).toEqual([3, 0]);
    const loose = new BoundedLeastSquares([[1, 0]], [-10]);
    expect(loose.solve(H, g, v)).toBeCloseTo(-13, 12);
    expect([...v]).toEqual([3, -2]);
    // v₀ ≤ 1 and v₀ + v₁ ≥ 0 both bind: the least-squares point on their corner is (1, −1).
    const corner = new BoundedLeastSquares(
      [
        [-1, 0],
        [1, 1],
      ],
      [-1, 0],
    );
    corner.solve(H, g, v);
    expect(v[0]).toBeCloseTo(1, 12);
    expect(v[1]).toBeCloseTo(-1, 12);
  });
});

describe("decision-rule fit", () => {
  it("reproduces the rule's orders from its parameters", () => {
    const h = { incoming: [8, 8], stock: [8, 0], supplyLine: [12, 20], orders: [0, 0] };
    const o = anchoringOrders(h, { theta: 0.5, alpha: 0.5, beta: 0.5, sprime: 30 });
    expect(o).toEqual([14, 17]);
  });

  it("recovers a continuous sterman bot's parameters exactly", () => {
    const truth = { theta: 0.36, alpha: 0.26, beta: 0.34, sprime: 17 };
    const sim = playBots("sterman:theta=0.36,alpha=0.26,beta=0.34,sprime=17,continuous=1", {
      wholeCases: false,
    });
    for (const role of ROLE_IDS) {
      const f = fitBeerGameRole(sim.history, sim.options, role);
      expect(f.theta).toBeCloseTo(truth.theta, 4);
      expect(f.alpha).toBeCloseTo(truth.alpha, 4);
      expect(f.beta).toBeCloseTo(truth.beta, 4);
      expect(f.sprime).toBeCloseTo(truth.sprime, 2);
      expect(f.r2).toBeGreaterThan(0.999999);
      expect(f.weeks).toBe(32);
    }
  });

  it("recovers other parameters, and whole-case rounding costs little accuracy", () => {
    const sim = playBots("sterman:theta=0.7,alpha=0.5,beta=0.1,sprime=25");
    for (const role of ROLE_IDS) {
      const f = fitBeerGameRole(sim.history, sim.options, role);
      expect(Math.abs(f.theta - 0.7)).toBeLessThan(0.15);
      expect(Math.abs(f.alpha - 0.5)).toBeLessThan(0.08);
      expect(Math.abs(f.beta - 0.1)).toBeLessThan(0.08);
      expect(Math.abs(f.sprime - 25)).toBeLessThan(4);
      expect(f.r2).toBeGreaterThan(0.98);
    }
  });

  it("scores a rule that does not fit with a low r²", () => {
    const sim = playBots("constant:k=4", { demand: "normal:mean=8,sd=3" });
    const h = beerGameDecisionHistory(sim.history, sim.options, "retailer");
    // Orders chosen at random by an outsider: nothing in the board explains them.
    const orders = h.orders.map((_, t) => ((t * 37) % 11) + 2);
    const f = fitAnchoringRule({ ...h, orders });
    expect(f.r2).toBeLessThan(0.6);
    expect(f.theta).toBeGreaterThanOrEqual(0);
    expect(f.sprime).toBeLessThanOrEqual(500);
  });

  it("refuses histories too short to fit", () => {
    expect(() => fitAnchoringRule({ incoming: [4], stock: [12], supplyLine: [12], orders: [4] })).toThrow(
      /at least 4 weeks/,
    );
  });
});

describe("beer game report", () => {
  it("splits costs and sums the team", () => {
    const sim = playBots("sterman");
    const r = beerGameReport(sim.history);
    expect(r.weeks).toBe(36);
    expect(r.demand.slice(0, 6)).toEqual([4, 4, 4, 4, 8, 8]);
    let team = 0;
    for (const role of ROLE_IDS) {
      const x = r.roles[role];
      expect(x.holdingCost + x.backlogCost).toBeCloseTo(x.cost, 9);
      expect(x.cost).toBe(x.inventory.reduce((a, inv, i) => a + 0.5 * inv + x.backlog[i]!, 0));
      expect(x.orders).toHaveLength(36);
      expect(x.orders[x.peakWeek - 1]).toBe(x.peakOrder);
      team += x.cost;
    }
    expect(r.totalCost).toBe(team);
    expect(r.team.cost).toBe(team);
    expect(r.team.fillRate).toBe(r.roles.retailer.fillRate);
  });

  it("reports the hand-computed figures of a pass-through chain", () => {
    // Everyone passes orders on: orders equal incoming, so the local amplification is 1,
    // and every echelon's orders are the demand step delayed, so amplification is 1 too until
    // the delayed step is cut by the horizon.
    const sim = playBots("pass-through", { weeks: 20 });
    const r = beerGameReport(sim.history);
    expect(r.roles.retailer.amplification).toBeCloseTo(1, 12);
    expect(r.roles.retailer.amplificationLocal).toBeCloseTo(1, 12);
    expect(r.roles.wholesaler.peakOrder).toBe(8);
    expect(r.roles.wholesaler.peakWeek).toBe(7);
    expect(r.roles.factory.peakWeek).toBe(11);
  });
});

function seatHistories(policy: string, options: object): DecisionHistory[] {
  const sim = playBots(policy, options, 3);
  return ROLE_IDS.map((r) => beerGameDecisionHistory(sim.history, sim.options, r));
}

/** Orders as a person deciding roughly by a rule places them: whole cases, a few off either way. */
function jittered(h: DecisionHistory, seed: number): DecisionHistory {
  let s = seed;
  const next = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  return { ...h, orders: h.orders.map((o) => Math.max(0, Math.round(o + (next() - 0.5) * 6))) };
}

const ruleLike = [
  "sterman",
  "sterman:beta=0",
  "sterman:theta=0.7,alpha=0.5,beta=0.1,sprime=25",
  "sterman:theta=0.1,alpha=0.9,beta=1,sprime=40",
  "order-up-to",
];
const demands = [{}, { demand: "normal:mean=8,sd=3" }];
const rounds = ruleLike.flatMap((p) => demands.map((o) => ({ p, o })));

describe("fast decision-rule fit against the four-parameter search it replaced", () => {
  it("finds the same rule, to numerical noise, for players who decide by a rule of this kind", () => {
    let compared = 0;
    let same = 0;
    for (const { p, o } of rounds) {
      for (const [i, h] of seatHistories(p, o).entries()) {
        for (const history of [h, jittered(h, 11 + i)]) {
          const fast = fitAnchoringRule(history);
          const slow = referenceFit(history);
          const at = `${p} ${JSON.stringify(o)} seat ${i}`;
          compared++;
          // The old search could stop in a local minimum the floor at zero creates; never above it.
          expect(fast.sse, at).toBeLessThanOrEqual(slow.sse + 1e-9 * (1 + slow.sse));
          if (fast.sse < slow.sse - 1e-9 * (1 + slow.sse)) continue;
          same++;
          expect(Math.abs(fast.theta - slow.theta), at).toBeLessThan(1e-5);
          expect(Math.abs(fast.alpha - slow.alpha), at).toBeLessThan(1e-5);
          expect(Math.abs(fast.beta - slow.beta), at).toBeLessThan(1e-5);
          expect(Math.abs(fast.sprime - slow.sprime), at).toBeLessThan(1e-3);
          expect(Math.abs(fast.r2 - slow.r2), at).toBeLessThan(1e-8);
        }
      }
    }
    expect(compared).toBe(rounds.length * ROLE_IDS.length * 2);
    expect(same).toBeGreaterThanOrEqual(compared - 2);
  });

  it("never fits worse, where the floor or flat orders leave many local minima", () => {
    for (const p of ["pass-through", "constant:k=4"]) {
      for (const o of demands) {
        for (const [i, h] of seatHistories(p, o).entries()) {
          const history = jittered(h, 29 + i);
          const fast = fitAnchoringRule(history);
          const slow = referenceFit(history);
          expect(fast.sse, `${p} seat ${i}`).toBeLessThanOrEqual(slow.sse * (1 + 1e-12) + 1e-12);
        }
      }
    }
  });

  it("gives the first-found rule, adjusting nothing, when constant orders fit many rules exactly", () => {
    const [h] = seatHistories("constant:k=4", {});
    const f = fitAnchoringRule(h!);
    expect(f.sse).toBeLessThan(1e-20);
    expect(f.alpha).toBe(0);
  });
});
