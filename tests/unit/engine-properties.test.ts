import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Simulation } from "../../shared/engine/simulation.ts";
import type { Decisions } from "../../shared/engine/types.ts";
import { createBot, parsePolicy, policyNames } from "../../shared/policies/index.ts";
import { beerGame, casesInSystem, ROLE_IDS } from "../../shared/scenarios/beer-game/index.ts";

const demand = fc.oneof(
  fc.record({
    kind: fc.constant("step" as const),
    from: fc.nat(30),
    to: fc.nat(30),
    week: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({ kind: fc.constant("constant" as const), k: fc.nat(30) }),
  fc.record({ kind: fc.constant("normal" as const), mean: fc.nat(30), sd: fc.nat(15) }),
  fc.record({
    kind: fc.constant("list" as const),
    values: fc.array(fc.nat(40), { minLength: 1, maxLength: 20 }),
  }),
);

const options = fc.record({
  weeks: fc.integer({ min: 1, max: 40 }),
  warmupFraction: fc.double({ min: 0, max: 1, noNaN: true }),
  demand,
  infoSharing: fc.boolean(),
  holdingCost: fc.double({ min: 0, max: 5, noNaN: true }),
  backlogCost: fc.double({ min: 0, max: 5, noNaN: true }),
});

const weekOrders = fc.array(fc.tuple(fc.nat(999), fc.nat(999), fc.nat(999), fc.nat(999)), {
  minLength: 40,
  maxLength: 40,
});

type Opts = { weeks: number; warmupFraction: number } & Record<string, unknown>;
const toOptions = ({ warmupFraction, ...o }: Opts) => ({
  ...o,
  warmupWeeks: Math.floor(warmupFraction * o.weeks),
});

describe("beer game invariants under any orders", () => {
  it("never goes negative, conserves cases and keeps supply lines consistent", () => {
    fc.assert(
      fc.property(options, weekOrders, fc.nat(), (opts, orders, seed) => {
        const sim = new Simulation(beerGame, toOptions(opts), seed);
        while (!sim.done) {
          for (const role of ROLE_IDS) {
            const o = sim.observe(role);
            for (const [k, v] of Object.entries(o)) {
              if (typeof v === "number" && !(v >= 0)) throw new Error(`${role} observes ${k} = ${v}`);
            }
          }
          const o = orders[sim.week]!;
          const d = Object.fromEntries(ROLE_IDS.map((r, i) => [r, { order: o[i]! }]));
          const prev = sim.state;
          sim.advance(d as Decisions);
          const s = sim.state;
          for (const k of [
            "inventory",
            "backlog",
            "near",
            "far",
            "order",
            "onOrder",
            "shipped",
            "cost",
          ] as const) {
            expect(s[k].every((x) => x >= 0)).toBe(true);
          }
          expect(casesInSystem(s)).toBe(casesInSystem(prev) + s.produced - s.shipped[0]!);
          for (let r = 0; r < 4; r++) {
            const mail = s.mailNext[r]! + s.mailLater[r]!;
            expect(s.onOrder[r]).toBe(mail + s.near[r]! + s.far[r]! + (r < 3 ? s.backlog[r + 1]! : 0));
            // An echelon never both holds stock and owes its customer.
            expect(s.inventory[r]! === 0 || s.backlog[r]! === 0).toBe(true);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it("replays any recorded round to the same hashes", () => {
    fc.assert(
      fc.property(options, weekOrders, fc.nat(), (opts, orders, seed) => {
        const sim = new Simulation(beerGame, toOptions(opts), seed);
        while (!sim.done) {
          const o = orders[sim.week]!;
          sim.advance(Object.fromEntries(ROLE_IDS.map((r, i) => [r, { order: o[i]! }])) as Decisions);
        }
        const again = Simulation.replay(beerGame, JSON.parse(JSON.stringify(sim.inputs())), sim.hashes);
        expect(again.hashes).toEqual(sim.hashes);
      }),
      { numRuns: 60 },
    );
  });

  it("every policy orders whole, non-negative cases within the slip's range", () => {
    const params = fc.record({
      theta: fc.double({ min: 0, max: 1, noNaN: true }),
      alpha: fc.double({ min: 0, max: 1, noNaN: true }),
      beta: fc.double({ min: 0, max: 1, noNaN: true }),
      sprime: fc.double({ min: 0, max: 500, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...policyNames("beer-game")),
        params,
        options,
        fc.nat(),
        (name, p, opts, seed) => {
          const text =
            name === "sterman"
              ? `sterman:theta=${p.theta},alpha=${p.alpha},beta=${p.beta},sprime=${p.sprime}`
              : name;
          const sim = new Simulation(beerGame, toOptions(opts), seed);
          const bots = ROLE_IDS.map((r) => createBot(parsePolicy("beer-game", text), r));
          while (!sim.done) {
            const d: Record<string, { order: number }> = {};
            ROLE_IDS.forEach((r, i) => {
              const o = bots[i]!.decide(sim.observe(r)).order!;
              expect(Number.isInteger(o) && o >= 0 && o <= 999).toBe(true);
              d[r] = { order: o };
            });
            sim.advance(d);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
