import { describe, expect, it } from "vitest";
import { Simulation } from "../../shared/engine/simulation.ts";
import type { Decisions } from "../../shared/engine/types.ts";
import {
  type BeerGameState,
  beerGame,
  casesInSystem,
  parseDemand,
  parseOptions,
  ROLE_IDS,
} from "../../shared/scenarios/beer-game/index.ts";
import { leadTime, settle } from "../../shared/scenarios/beer-game/model.ts";
import { getScenario } from "../../shared/scenarios/index.ts";

const orders = (o: readonly number[]): Decisions =>
  Object.fromEntries(ROLE_IDS.map((r, i) => [r, { order: o[i]! }]));

/** A deterministic, varied ordering pattern. */
const wiggle = (week: number, r: number): number => (week * 7 + r * 13) % 17;

describe("beer game board", () => {
  it("is registered under its id", () => {
    expect(getScenario("beer-game")).toBe(beerGame);
  });

  it("starts from the board's initial state", () => {
    const sim = new Simulation(beerGame, {}, 1);
    const s = sim.state;
    expect(s.inventory).toEqual([12, 12, 12, 12]);
    expect(s.backlog).toEqual([0, 0, 0, 0]);
    expect(s.near).toEqual([4, 4, 4, 4]);
    expect(s.far).toEqual([4, 4, 4, 4]);
    expect(s.mailNext).toEqual([4, 4, 4, 4]);
    expect(s.mailLater).toEqual([4, 4, 4, 0]);
    const o = sim.observe("wholesaler");
    expect(o).toMatchObject({
      week: 1,
      warmup: 1,
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
      totalCost: 6,
    });
    expect(o.customerDemand).toBeUndefined();
    const f = sim.observe("factory");
    expect(f).toMatchObject({ nearBox: 4, farBox: 4, orderInMail: 0, onOrder: 8 });
  });

  it("holds the steady state when demand and every order stay at 4", () => {
    const sim = new Simulation(beerGame, { demand: { kind: "constant", k: 4 }, warmupWeeks: 0 }, 1);
    while (!sim.done) sim.advance(orders([4, 4, 4, 4]));
    for (const s of sim.history.slice(1)) {
      expect(s.inventory).toEqual([12, 12, 12, 12]);
      expect(s.backlog).toEqual([0, 0, 0, 0]);
      expect(s.cost).toEqual([6, 6, 6, 6]);
    }
    expect(sim.state.totalCost).toEqual([6 * 36, 6 * 36, 6 * 36, 6 * 36]);
  });

  it("charges $0.50 per case held and $1 per case owed, after shipping", () => {
    const sim = new Simulation(beerGame, {}, 1);
    while (sim.week < 8) sim.advance(orders([4, 4, 4, 4]));
    // Retailer: 12 on hand; weeks 5–8 receive 4 and face 8 → 8, 4, 0, backlog 4.
    expect(sim.history.slice(5).map((s) => s.inventory[0])).toEqual([8, 4, 0, 0]);
    expect(sim.history.slice(5).map((s) => s.backlog[0])).toEqual([0, 0, 0, 4]);
    expect(sim.history.slice(5).map((s) => s.cost[0])).toEqual([4, 2, 0, 4]);
    expect(sim.state.holdingTotal[0]).toBe(0.5 * (12 * 4 + 8 + 4));
    expect(sim.state.backlogTotal[0]).toBe(4);
  });

  it("ignores decisions during the warm-up and says so", () => {
    const sim = new Simulation(beerGame, {}, 1);
    for (let w = 1; w <= 6; w++) {
      expect(sim.observe("retailer").warmup).toBe(w <= 4 ? 1 : 0);
      sim.advance(orders([20, 30, 40, 50]));
    }
    expect(sim.history.slice(1).map((s) => s.order[0])).toEqual([4, 4, 4, 4, 20, 20]);
    expect(sim.history[6]!.order).toEqual([20, 30, 40, 50]);
  });

  it("delays orders two weeks by mail and shipments two weeks by truck", () => {
    const sim = new Simulation(beerGame, { demand: { kind: "constant", k: 0 }, warmupWeeks: 0 }, 1);
    // Week 1: the retailer orders 9 once; everyone else orders nothing.
    sim.advance(orders([9, 0, 0, 0]));
    while (sim.week < 8) sim.advance(orders([0, 0, 0, 0]));
    const h = sim.history;
    expect(h.map((s) => s.incoming[1])).toEqual([0, 4, 4, 9, 0, 0, 0, 0, 0]);
    expect(h[3]!.shipped[1]).toBe(9);
    expect(h.map((s) => s.received[0])).toEqual([0, 4, 4, 4, 4, 9, 0, 0, 0]);
  });

  it("brews the factory's request in three weeks", () => {
    const sim = new Simulation(beerGame, { demand: { kind: "constant", k: 0 }, warmupWeeks: 0 }, 1);
    sim.advance(orders([0, 0, 0, 7]));
    while (sim.week < 6) sim.advance(orders([0, 0, 0, 0]));
    expect(sim.history.map((s) => s.received[3])).toEqual([0, 4, 4, 4, 7, 0, 0]);
    expect(sim.history.map((s) => s.produced)).toEqual([0, 4, 7, 0, 0, 0, 0]);
  });

  it("conserves cases: only the brewery adds them, only the retailer's shipments remove them", () => {
    const sim = new Simulation(beerGame, {}, 1);
    while (!sim.done) sim.advance(orders(ROLE_IDS.map((_, r) => wiggle(sim.week, r))));
    for (let t = 1; t < sim.history.length; t++) {
      const prev = sim.history[t - 1]!;
      const s = sim.history[t]!;
      expect(casesInSystem(s)).toBe(casesInSystem(prev) + s.produced - s.shipped[0]!);
    }
  });

  it("keeps each echelon's on-order equal to its slips in the mail, its boxes and its supplier's backlog", () => {
    const sim = new Simulation(beerGame, {}, 3);
    const check = (s: BeerGameState) => {
      for (let r = 0; r < 4; r++) {
        const mail = s.mailNext[r]! + s.mailLater[r]!;
        const owed = r < 3 ? s.backlog[r + 1]! : 0;
        expect(s.onOrder[r]).toBe(mail + s.near[r]! + s.far[r]! + owed);
      }
    };
    check(sim.state);
    while (!sim.done) {
      for (const role of ROLE_IDS) {
        const o = sim.observe(role);
        expect(o.onOrder).toBeGreaterThanOrEqual(o.orderInMail + o.nearBox + o.farBox);
      }
      sim.advance(orders(ROLE_IDS.map((_, r) => wiggle(sim.week, r))));
      check(sim.state);
    }
  });

  it("shows customer demand to everyone only when information is shared", () => {
    const open = new Simulation(beerGame, { infoSharing: true }, 1);
    while (open.week < 5) open.advance({});
    expect(open.observe("factory").customerDemand).toBe(8);
    expect(open.observe("factory", 3).customerDemand).toBe(4);
    const closed = new Simulation(beerGame, {}, 1);
    expect("customerDemand" in closed.observe("factory")).toBe(false);
  });

  it("ends with the board of the last week", () => {
    const sim = new Simulation(beerGame, { weeks: 10 }, 1);
    while (!sim.done) sim.advance(orders([6, 6, 6, 6]));
    const o = sim.observe("retailer");
    expect(o.final).toBe(1);
    expect(o.week).toBe(10);
    expect(o.lastOrder).toBe(6);
    expect(o.totalCost).toBe(sim.state.totalCost[0]);
    expect(o.onOrder).toBe(sim.observe("retailer", 9).onOrder);
  });

  it("draws seeded normal demand, whole and non-negative", () => {
    const a = new Simulation(beerGame, { demand: "normal:mean=8,sd=3" }, 42);
    const b = new Simulation(beerGame, { demand: "normal:mean=8,sd=3" }, 42);
    const c = new Simulation(beerGame, { demand: "normal:mean=8,sd=3" }, 43);
    for (const s of [a, b, c]) while (!s.done) s.advance({});
    const da = a.history.slice(1).map((s) => s.demand);
    expect(da).toEqual(b.history.slice(1).map((s) => s.demand));
    expect(da).not.toEqual(c.history.slice(1).map((s) => s.demand));
    expect(da.every((d) => Number.isInteger(d) && d >= 0)).toBe(true);
    expect(new Set(da).size).toBeGreaterThan(3);
  });

  it("plays an explicit demand list and repeats its last value", () => {
    const sim = new Simulation(beerGame, { demand: "list:1,2,3", weeks: 5 }, 1);
    while (!sim.done) sim.advance({});
    expect(sim.history.slice(1).map((s) => s.demand)).toEqual([1, 2, 3, 3, 3]);
  });

  it("validates options, naming the bad field", () => {
    expect(parseOptions({})).toEqual(beerGame.defaultOptions);
    expect(() => parseOptions({ weeks: 0 })).toThrow(/weeks: must be between 1/);
    expect(() => parseOptions({ weeks: 10, warmupWeeks: 11 })).toThrow(/warmupWeeks/);
    expect(() => parseOptions({ colour: 1 })).toThrow(/colour: unknown option; expected weeks/);
    expect(() => parseOptions({ demand: "wave:x=1" })).toThrow(/unknown pattern "wave"/);
    expect(() => parseOptions({ demand: "constant:k=4.5" })).toThrow(/whole cases/);
    expect(parseOptions({ demand: "constant:k=4.5", wholeCases: false }).demand).toEqual({
      kind: "constant",
      k: 4.5,
    });
    expect(parseDemand("step:to=12")).toEqual({ kind: "step", from: 4, to: 12, week: 5 });
    expect(() => parseDemand("step:to")).toThrow(/not key=number/);
    expect(() => parseDemand("normal:k=1")).toThrow(/normal takes mean, sd/);
    expect(() => parseDemand("list:4,x")).toThrow(/comma-separated numbers/);
  });

  it("refuses orders outside 0…999 whole cases", () => {
    const sim = new Simulation(beerGame, {}, 1);
    expect(sim.checkDecision("retailer", { order: 1000 }).ok).toBe(false);
    expect(sim.checkDecision("retailer", { order: 2.5 }).ok).toBe(false);
    expect(sim.checkDecision("retailer", { order: 999 }).ok).toBe(true);
    expect(() => beerGame.decisions("brewer", beerGame.defaultOptions)).toThrow(/unknown role/);
  });

  it("reads every series and loop from a run", () => {
    const sim = new Simulation(beerGame, {}, 1);
    while (!sim.done) sim.advance(orders(ROLE_IDS.map((_, r) => wiggle(sim.week, r))));
    for (const spec of beerGame.series) {
      for (const role of spec.perRole ? ROLE_IDS : [null]) {
        const v = sim.history.map((s) => spec.value(s, role));
        expect(v.every(Number.isFinite)).toBe(true);
      }
    }
    for (const loop of beerGame.loops) {
      const a = loop.activity(sim.history);
      expect(a).toHaveLength(36);
      expect(a.every((x) => x >= 0)).toBe(true);
      expect(Math.max(...a)).toBeGreaterThan(0);
    }
    const team = beerGame.teamKpis(sim.state).find((k) => k.id === "teamCost")!;
    expect(team.value).toBe(sim.state.totalCost.reduce((a, x) => a + x, 0));
  });
});

describe("beer game lead time", () => {
  it("is the weeks the board takes from an order to its cases: four, the Factory's three", () => {
    expect(ROLE_IDS.map((_, r) => leadTime(r))).toEqual([4, 4, 4, 3]);
    const extra = 7;
    const placed = 10;
    ROLE_IDS.forEach((_, r) => {
      const sim = new Simulation(beerGame, { demand: { kind: "constant", k: 4 }, warmupWeeks: 0 }, 1);
      const arrivals: number[] = [];
      while (sim.week < placed + 6) {
        const next = sim.week + 1;
        sim.advance(orders(ROLE_IDS.map((__, i) => (i === r && next === placed ? 4 + extra : 4))));
        if (sim.state.received[r] !== 4) arrivals.push(sim.week);
        if (sim.state.received[r] === 4 + extra) expect(sim.week).toBe(placed + leadTime(r));
      }
      expect(arrivals).toEqual([placed + leadTime(r)]);
    });
  });
});

describe("beer game scores", () => {
  it("score each echelon on the board it sees: KPIs agree with the observation every week", () => {
    const sim = new Simulation(beerGame, { weeks: 12 }, 3);
    const seen = new Set<number>();
    for (let w = 0; w <= 12; w++) {
      for (const role of ROLE_IDS) {
        const obs = sim.observe(role);
        const kpis = Object.fromEntries(sim.kpis(role).map((k) => [k.id, k.value]));
        expect(kpis).toEqual({ totalCost: obs.totalCost, inventory: obs.inventory, backlog: obs.backlog });
        seen.add(kpis.backlog!);
      }
      if (w < 12) sim.advance(orders(ROLE_IDS.map((_, r) => wiggle(w + 1, r))));
    }
    // The wiggling orders must have produced some backlog, or the comparison proves little.
    expect(Math.max(...seen)).toBeGreaterThan(0);
  });
});

describe("beer game views of the packed weeks", () => {
  // A round observes from its packed weeks (packedViews); anything else from a state object. Both must
  // show the board as `settle` leaves it at the decision point, and the last week's board as it is.
  it.each([
    { infoSharing: false, wholeCases: true },
    { infoSharing: true, wholeCases: false },
  ])("equal the object views and the settled board every week, for every echelon (%o)", (o) => {
    const options = parseOptions({ weeks: 10, warmupWeeks: 2, ...o });
    const sim = new Simulation(beerGame, options, 11);
    for (let w = 1; w <= 10; w++)
      sim.advance(orders(ROLE_IDS.map((_, r) => wiggle(w, r) + (o.wholeCases ? 0 : 0.5))));
    // Out of order, and after other weeks were read, as a busy server reads them.
    for (const t of [10, 3, 0, 7, 10, 9, 1]) {
      const s = sim.stateAt(t)!;
      const board = t < 10 ? settle(s, options) : s;
      ROLE_IDS.forEach((role, r) => {
        const packed = sim.observe(role, t);
        expect(packed).toEqual(beerGame.observe(s, role, options));
        expect(sim.kpis(role, t)).toEqual(beerGame.roleKpis(s, role, options));
        expect(packed).toMatchObject({
          // The week whose order is due: the coming one, but for the last week's board at the end.
          week: t < 10 ? t + 1 : 10,
          final: t === 10 ? 1 : 0,
          warmup: t < 10 && t + 1 <= 2 ? 1 : 0,
          inventory: board.inventory[r],
          backlog: board.backlog[r],
          incomingOrder: board.incoming[r],
          received: board.received[r],
          nearBox: board.near[r],
          farBox: board.far[r],
          shipped: board.shipped[r],
          lastOrder: board.order[r],
          // Ordered and not received; at the end the last week's order is still in that figure.
          onOrder: t < 10 ? board.onOrder[r] : board.onOrder[r]! - board.order[r]!,
          cost: board.cost[r],
          totalCost: board.totalCost[r],
        });
        expect("customerDemand" in packed).toBe(o.infoSharing);
        if (o.infoSharing) expect(packed.customerDemand).toBe(board.demand);
      });
    }
    expect(() => sim.observe("retailer", 11)).toThrow(/no state for week 11/);
    expect(() => sim.kpis("retailer", -1)).toThrow(/no state for week -1/);
  });
});
