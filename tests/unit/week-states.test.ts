// A round keeps its past weeks packed in the state's layout and builds them back when read. What is
// read back must be the state the model returned, key for key and in the same key order, for every
// scenario and every kind of week.

import { describe, expect, it } from "vitest";
import { deriveLayout } from "../../shared/engine/layout.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import type { AnyScenario } from "../../shared/engine/types.ts";
import { WeekStates } from "../../shared/engine/week-states.ts";
import { createBot, parsePolicy } from "../../shared/policies/index.ts";
import { beerGame } from "../../shared/scenarios/beer-game/index.ts";
import { productLaunch } from "../../shared/scenarios/product-launch/index.ts";

/** The scenario with its step wrapped so every state the model returns is kept as returned. */
function recording<Sc extends AnyScenario>(scenario: Sc): { scenario: Sc; stepped: unknown[] } {
  const stepped: unknown[] = [];
  const step: Sc["step"] = (s, d, ctx) => {
    const next = scenario.step(s, d, ctx);
    stepped.push(next);
    return next;
  };
  return { scenario: { ...scenario, step }, stepped };
}

describe("past weeks kept packed", () => {
  const stermanBots = (sim: Simulation) =>
    Object.fromEntries(sim.roles.map((r) => [r, createBot(parsePolicy("beer-game", "sterman"), r)]));

  it("give back the Beer Game's states as the model returned them, bots ordering", () => {
    // Stepped as objects (without its packed step) so that every state the model returns is seen.
    const { scenario, stepped } = recording({ ...beerGame, packedStep: undefined });
    const sim = new Simulation(scenario, { weeks: 30 }, 11);
    sim.playOut(stermanBots(sim));
    const history = sim.history;
    expect(history).toHaveLength(31);
    expect(JSON.stringify(history.slice(1))).toBe(JSON.stringify(stepped));
    // the numbers are the same floats, -0 included
    expect(history.slice(1)).toStrictEqual(stepped);
    // the current week is the model's own object (caches key on its identity)
    expect(sim.stateAt(sim.week)).toBe(stepped.at(-1));
    expect(sim.state).toBe(stepped.at(-1));
  });

  it("step the Beer Game in its numbers to the very states its object step returns", () => {
    for (const [options, seed] of [
      [{ weeks: 40 }, 11],
      [{ weeks: 36, demand: { kind: "normal", mean: 8, sd: 3 }, wholeCases: false }, 7],
    ] as const) {
      const play = (scenario: typeof beerGame) => {
        const sim = new Simulation(scenario, options, seed);
        sim.playOut(stermanBots(sim));
        return sim;
      };
      const { scenario: asObjects, stepped } = recording({ ...beerGame, packedStep: undefined });
      const objects = play(asObjects);
      const { scenario: withPackedStep, stepped: objectSteps } = recording(beerGame);
      const packed = play(withPackedStep);
      expect(stepped).toHaveLength(options.weeks);
      // Not one week went through the object step.
      expect(objectSteps).toHaveLength(0);
      expect(packed.history).toStrictEqual(objects.history);
      expect(packed.hashes).toEqual(objects.hashes);
      expect(packed.decisionLog).toEqual(objects.decisionLog);
    }
  });

  it("give back the product launch's states through shocks", () => {
    const { scenario, stepped } = recording(productLaunch);
    const sim = new Simulation(
      scenario,
      {
        shocks: [
          { name: "scope-change", week: 4, params: {} },
          { name: "supplier-outage", week: 9, params: {} },
        ],
      },
      5,
    );
    while (!sim.done) sim.advance({});
    expect(sim.week).toBe(sim.state.endWeek);
    expect(JSON.stringify(sim.history.slice(1))).toBe(JSON.stringify(stepped));
    expect(sim.history.slice(1)).toStrictEqual(stepped);
  });

  it("hash to what the same weeks kept as objects hash to", () => {
    const { unpack: _, ...packOnly } = beerGame.stateLayout!(beerGame.parseOptions({}));
    const asObjects = { ...beerGame, stateLayout: () => packOnly };
    const play = (scenario: typeof beerGame) => {
      const sim = new Simulation(scenario, { weeks: 20 }, 4);
      while (!sim.done) {
        const o = (sim.week * 7) % 13;
        sim.advance(Object.fromEntries(sim.roles.map((r, i) => [r, { order: o + i }])));
      }
      return sim.hashes;
    };
    const packed = play(beerGame);
    expect(new Set(packed).size).toBe(21);
    expect(play(asObjects)).toEqual(packed);
  });
});

describe("WeekStates", () => {
  const layout = deriveLayout({ b: [0, 0], a: { y: 0, x: 0 } });

  it("grows past the room it was given, keeping every week", () => {
    const weeks = new WeekStates(layout, { b: [0, -0], a: { y: 0, x: 0 } }, 1);
    for (let t = 1; t <= 40; t++) weeks.push({ b: [t, t / 3], a: { y: -t, x: t * 1e300 } });
    expect(weeks.length).toBe(41);
    expect(weeks.at(0)).toStrictEqual({ b: [0, -0], a: { y: 0, x: 0 } });
    expect(Object.is(weeks.at(0)!.b[1], -0)).toBe(true);
    expect(weeks.at(17)).toStrictEqual({ b: [17, 17 / 3], a: { y: -17, x: 17 * 1e300 } });
    // the sample's key order, not the layout's sorted one
    expect(Object.keys(weeks.at(17)!)).toEqual(["b", "a"]);
    expect(Object.keys(weeks.at(17)!.a)).toEqual(["y", "x"]);
    expect(weeks.at(41)).toBeUndefined();
    expect(weeks.at(-1)).toBeUndefined();
    expect(weeks.all().map((s) => s.b[0])).toEqual(Array.from({ length: 41 }, (_, t) => t));
  });

  it("keeps the states themselves when the layout cannot build them back", () => {
    const { unpack: _, ...packOnly } = layout;
    const first = { b: [1, 2], a: { y: 3, x: 4 } };
    const weeks = new WeekStates(packOnly, first, 4);
    const second = { b: [5, 6], a: { y: 7, x: 8 } };
    weeks.push(second);
    expect(weeks.at(0)).toBe(first);
    expect(weeks.at(1)).toBe(second);
    // Their numbers are packed all the same, in the layout's order, for the weekly hash.
    expect([...new Float64Array(weeks.words.buffer, 4 * 8, 4)]).toEqual([8, 7, 5, 6]);
  });

  it("holds one current state for all rounds: the same object read after read, a fresh equal one after another round's", () => {
    const a = new WeekStates(layout, { b: [0, 0], a: { y: 0, x: 0 } }, 4);
    const b = new WeekStates(layout, { b: [9, 9], a: { y: 9, x: 9 } }, 4);
    const stepped = { b: [1, 2], a: { y: 3, x: 4 } };
    a.push(stepped);
    // Just after a step, the model's own object; read again, the same one (caches key on it).
    expect(a.last).toBe(stepped);
    expect(a.at(1)).toBe(stepped);
    // Another round read in between: built back, equal, and then the same object while read in a row.
    expect(b.last).toStrictEqual({ b: [9, 9], a: { y: 9, x: 9 } });
    const again = a.last;
    expect(again).not.toBe(stepped);
    expect(again).toStrictEqual(stepped);
    expect(a.last).toBe(again);
    // A state already handed out stays the week it was.
    a.push({ b: [5, 6], a: { y: 7, x: 8 } });
    expect(again).toStrictEqual({ b: [1, 2], a: { y: 3, x: 4 } });
    expect(a.last).toStrictEqual({ b: [5, 6], a: { y: 7, x: 8 } });
    expect(a.at(1)).toStrictEqual(stepped);
  });
});
