// The event-sourced round: replaying its recorded events rebuilds the same round, bots included,
// so a round restored after a crash goes on exactly as the original would have.

import fc from "fast-check";
import { expect, it } from "vitest";
import { check } from "../../shared/round/check.ts";
import { type CreatedData, Round, type RoundEvent } from "../../shared/round/round.ts";
import { getScenario } from "../../shared/scenarios/index.ts";

function created(seed: number, mode: "lockstep" | "continuous"): CreatedData {
  return {
    code: "ABCDEF",
    scenario: "beer-game",
    version: getScenario("beer-game").version,
    title: "Beer Game",
    options: { weeks: 30, warmupWeeks: 2 },
    seed,
    pace: { mode, secondsPerWeek: 1 },
    bots: { wholesaler: { policy: "sterman" }, factory: { policy: "order-up-to" } },
    graceSeconds: 20,
    hostTokenHash: "h",
  };
}

it("a round rebuilt from its events closes the next weeks exactly as the live one", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      fc.constantFrom("lockstep" as const, "continuous" as const),
      fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 8, maxLength: 8 }),
      fc.integer({ min: 1, max: 7 }),
      (seed, mode, orders, crashAfter) => {
        const c = created(seed, mode);
        const live = new Round("r", getScenario("beer-game"), c);
        const log: RoundEvent[] = [];
        const act = (e: RoundEvent) => {
          live.apply(e);
          log.push(e);
        };
        act({ type: "claim", data: { role: "retailer", name: "Ann", tokenHash: "t1" } });
        act({ type: "claim", data: { role: "distributor", name: "Bo", tokenHash: "t2" } });
        act({ type: "start", data: {} });
        const weekEvents: RoundEvent[] = [];
        for (let w = 1; w <= 8; w++) {
          act({ type: "decision", data: { week: w, role: "retailer", decision: { order: orders[w - 1]! } } });
          // Bo decides only in odd weeks: the rest are filled by his seat's policy (or his standing decision).
          if (w % 2 === 1)
            act({ type: "decision", data: { week: w, role: "distributor", decision: { order: w } } });
          if (w === 4) act({ type: "takeover", data: { role: "distributor" } });
          if (w === 6) act({ type: "handback", data: { role: "distributor" } });
          const ev = live.closeWeek();
          log.push(ev);
          weekEvents.push(ev);
          if (w === crashAfter) {
            const restored = new Round("r", getScenario("beer-game"), c);
            for (const e of log) restored.apply(e, { replay: true });
            expect(restored.sim.hashes).toEqual(live.sim.hashes);
            expect([...restored.pending]).toEqual([...live.pending]);
            // Both go on for the remaining weeks with the same human input.
            const a = restored.closeWeek();
            const b = live.closeWeek();
            expect(a).toEqual(b);
            return;
          }
        }
      },
    ),
    { numRuns: 25 },
  );
});

it("a tampered week is detected on replay", () => {
  const c = created(3, "lockstep");
  const live = new Round("r", getScenario("beer-game"), c);
  live.apply({ type: "start", data: {} });
  const ev = live.closeWeek();
  const bad = { ...ev, data: { ...ev.data, hash: "0000000000000000" } };
  const restored = new Round("r", getScenario("beer-game"), c);
  restored.apply({ type: "start", data: {} }, { replay: true });
  expect(() => restored.apply(bad, { replay: true })).toThrow(/diverged at week 1/);
});

it("sources say who decided: human, the seat's bot, or a default for a silent human", () => {
  const live = new Round("r", getScenario("beer-game"), created(9, "lockstep"));
  live.apply({ type: "claim", data: { role: "retailer", name: "Ann", tokenHash: "t" } });
  live.apply({ type: "claim", data: { role: "factory", name: "Cy", tokenHash: "u" } });
  live.apply({ type: "start", data: {} });
  live.apply({ type: "decision", data: { week: 1, role: "retailer", decision: { order: 9 } } });
  const ev = live.closeWeek();
  expect(ev.data.sources).toEqual({
    retailer: "human",
    wholesaler: "bot",
    distributor: "bot",
    factory: "default",
  });
  expect(ev.data.decisions.retailer).toEqual({ order: 9 });
  const ann = { role: "retailer", name: "Ann", host: false };
  expect(check(live, ann, { type: "decide", week: 1, decision: { order: 3 } })).toMatchObject({
    ok: false,
    code: "week_closed",
  });
  expect(check(live, ann, { type: "decide", week: 3, decision: { order: 3 } })).toMatchObject({
    ok: false,
    code: "week_not_open",
  });
  expect(check(live, ann, { type: "decide", week: 2, decision: { order: 1000 } })).toMatchObject({
    ok: false,
    code: "bad_decision",
    field: "order",
  });
});
