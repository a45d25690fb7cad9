import { describe, expect, it } from "vitest";
import { checkDecision, defaultDecision } from "../../shared/engine/decisions.ts";
import { hashState } from "../../shared/engine/hash.ts";
import { pipeline, shift, total } from "../../shared/engine/pipeline.ts";
import { createRng, seedRng } from "../../shared/engine/rng.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import type { DecisionSpec, Decisions } from "../../shared/engine/types.ts";
import { createBot, parsePolicy } from "../../shared/policies/index.ts";
import { beerGame, ROLE_IDS } from "../../shared/scenarios/beer-game/index.ts";

function playBots(options: object, seed: number, policy = "sterman") {
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

describe("random stream", () => {
  it("is a pure function of the seed", () => {
    const a = createRng(seedRng(7));
    const b = createRng(seedRng(7));
    const c = createRng(seedRng(8));
    const xa = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(xa);
    expect(Array.from({ length: 50 }, () => c.next())).not.toEqual(xa);
    expect(xa.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it("lives in plain data: resuming from a copied state continues the stream", () => {
    const state = seedRng(99);
    const rng = createRng(state);
    rng.next();
    const copy = JSON.parse(JSON.stringify(state));
    expect(createRng(copy).next()).toBe(rng.next());
  });

  it("draws integers in range and roughly standard normals", () => {
    const rng = createRng(seedRng(1));
    const ints = Array.from({ length: 2000 }, () => rng.int(2, 5));
    expect(new Set(ints)).toEqual(new Set([2, 3, 4, 5]));
    const zs = Array.from({ length: 20000 }, () => rng.normal());
    const m = zs.reduce((a, x) => a + x, 0) / zs.length;
    const v = zs.reduce((a, x) => a + (x - m) ** 2, 0) / zs.length;
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(Math.abs(v - 1)).toBeLessThan(0.05);
  });
});

describe("state hash", () => {
  it("is stable across JSON round trips and sensitive to every value", () => {
    const s = { a: [1, 2.5, -0], b: { c: "x", d: true, e: null } };
    expect(hashState(JSON.parse(JSON.stringify(s)))).toBe(hashState({ a: [1, 2.5, 0], b: s.b }));
    expect(hashState(s)).toMatch(/^[0-9a-f]{16}$/);
    expect(hashState({ ...s, a: [1, 2.5000000001, 0] })).not.toBe(hashState(s));
    expect(hashState({ ...s, b: { ...s.b, d: false } })).not.toBe(hashState(s));
    expect(hashState([1, [2]])).not.toBe(hashState([[1], 2]));
  });
});

describe("delay lines", () => {
  it("deliver what entered after their length, conserving the contents", () => {
    let line = pipeline(3, 0);
    const outs: number[] = [];
    for (const x of [5, 6, 7, 0, 0, 0]) {
      const r = shift(line, x);
      outs.push(r.out);
      expect(total(r.line) + r.out).toBe(total(line) + x);
      line = r.line;
    }
    expect(outs).toEqual([0, 0, 0, 5, 6, 7]);
    expect(shift([], 9)).toEqual({ out: 9, line: [] });
  });
});

describe("decisions", () => {
  const specs: DecisionSpec[] = [
    { id: "order", label: "Order", unit: "cases", min: 0, max: 10, integer: true, default: 4 },
  ];
  it("fills defaults and refuses bad values with a reason", () => {
    expect(defaultDecision(specs)).toEqual({ order: 4 });
    expect(checkDecision(specs, {})).toEqual({ ok: true, decision: { order: 4 } });
    expect(checkDecision(specs, { order: 11 })).toMatchObject({ ok: false, field: "order" });
    expect(checkDecision(specs, { order: 1.5 })).toMatchObject({ ok: false, field: "order" });
    expect(checkDecision(specs, { order: "3" })).toMatchObject({ ok: false, field: "order" });
    expect(checkDecision(specs, { price: 3 })).toMatchObject({ ok: false, field: "price" });
    expect(checkDecision(specs, [3])).toMatchObject({ ok: false });
  });
});

describe("determinism and replay", () => {
  it("gives identical states and hashes for the same seed", () => {
    for (const options of [{}, { demand: "normal:mean=8,sd=3" }]) {
      const a = playBots(options, 5);
      const b = playBots(options, 5);
      expect(b.hashes).toEqual(a.hashes);
      expect(JSON.stringify(b.history)).toBe(JSON.stringify(a.history));
    }
  });

  it("tells different seeds apart when the seed matters", () => {
    const a = playBots({ demand: "normal:mean=8,sd=3" }, 5);
    const b = playBots({ demand: "normal:mean=8,sd=3" }, 6);
    expect(b.hashes.at(-1)).not.toBe(a.hashes.at(-1));
  });

  it("re-simulates recorded inputs bit for bit, even after a JSON round trip", () => {
    const a = playBots({ demand: "normal:mean=8,sd=3", infoSharing: true }, 11);
    const inputs = JSON.parse(JSON.stringify(a.inputs()));
    const b = Simulation.replay(beerGame, inputs, a.hashes);
    expect(b.hashes).toEqual(a.hashes);
    expect(b.history.at(-1)).toEqual(a.history.at(-1));
  });

  it("detects a replay that diverges, naming the week", () => {
    const a = playBots({}, 1);
    const inputs = a.inputs();
    const changed = inputs.decisions.map((d, i) => (i === 9 ? { ...d, retailer: { order: 99 } } : d));
    expect(() => Simulation.replay(beerGame, { ...inputs, decisions: changed }, a.hashes)).toThrow(
      /replay diverged at week 10/,
    );
    const hashes = [...a.hashes];
    hashes[20] = "0000000000000000";
    expect(() => Simulation.replay(beerGame, inputs, hashes)).toThrow(/week 20/);
    expect(() => Simulation.replay(beerGame, { ...inputs, version: 999 }, a.hashes)).toThrow(/version/);
  });

  it("does not let a decision during the warm-up change the round", () => {
    const a = playBots({}, 1);
    const inputs = a.inputs();
    const changed = inputs.decisions.map((d, i) => (i === 1 ? { ...d, factory: { order: 50 } } : d));
    expect(Simulation.replay(beerGame, { ...inputs, decisions: changed }, a.hashes).hashes).toEqual(a.hashes);
  });

  it("refuses to run past the horizon and checks decisions", () => {
    const sim = new Simulation(beerGame, { weeks: 2 }, 1);
    expect(() => sim.advance({ retailer: { order: -1 } })).toThrow(/week 1, retailer/);
    sim.advance({});
    sim.advance({});
    expect(() => sim.advance({})).toThrow(/the round is over/);
  });
});

describe("playing out a round with bots", () => {
  it("gives each bot only its seat's observation, week by week, to the horizon", () => {
    const manual = playBots({ weeks: 20 }, 11);
    const sim = new Simulation(beerGame, { weeks: 20 }, 11);
    const seen: Record<string, number[]> = {};
    const bots = Object.fromEntries(
      ROLE_IDS.map((r) => {
        const inner = createBot(parsePolicy("beer-game", "sterman"), r);
        seen[r] = [];
        return [
          r,
          {
            decide: (o: Parameters<typeof inner.decide>[0]) => {
              seen[r]!.push(o.week as number);
              return inner.decide(o);
            },
          },
        ];
      }),
    );
    sim.playOut(bots);
    expect(sim.week).toBe(20);
    expect(sim.hashes).toEqual(manual.hashes);
    for (const r of ROLE_IDS)
      expect(seen[r]).toEqual(Array.from({ length: 20 }, (_, t) => sim.observe(r, t).week));
  });
  it("refuses a seat without a bot", () => {
    const sim = new Simulation(beerGame, {}, 1);
    expect(() =>
      sim.playOut({ retailer: createBot(parsePolicy("beer-game", "constant"), "retailer") }),
    ).toThrow(/no bot for the wholesaler seat/);
  });
});
