import { describe, expect, it } from "vitest";
import { memoryStore, SeatStore } from "../../client/net/seat-store.ts";
import { snapshot } from "../../client/net/snapshot.ts";
import {
  type BeerBoard,
  beerMovements,
  boardFromObservation,
  boardNeighbours,
} from "../../client/view/beer-board.ts";
import { kpiRows } from "../../client/view/kpi.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import { flattenObservation } from "../../shared/protocol/observation.ts";
import { sourceCode } from "../../shared/protocol/state.ts";
import { beerGame } from "../../shared/scenarios/beer-game/index.ts";
import { roleOnSlots } from "../support/wire.ts";

const board = (over: Partial<BeerBoard>): BeerBoard => ({
  week: 1,
  inventory: 12,
  backlog: 0,
  near: 4,
  far: 4,
  incomingOrder: 4,
  mail: [4],
  received: 4,
  shipped: 4,
  lastOrder: 4,
  ...over,
});

describe("Beer Game board", () => {
  it("reads the board from a real observation of every role", () => {
    const sim = new Simulation(beerGame, {}, 7);
    for (let w = 0; w < 6; w++) sim.advance({ retailer: { order: 9 } });
    for (const role of sim.roles) {
      const obs = sim.observe(role);
      const b = boardFromObservation(obs, role);
      expect(b.inventory).toBe(obs.inventory);
      expect(b.backlog).toBe(obs.backlog);
      expect(b.near).toBe(obs.nearBox);
      expect(b.far).toBe(obs.farBox);
      expect(b.incomingOrder).toBe(obs.incomingOrder);
      expect(b.mail).toEqual(role === "factory" ? [] : [obs.orderInMail]);
      expect(b.week).toBe(obs.week);
    }
  });

  it("animates the week's movements in board order, and nothing when weeks are not consecutive", () => {
    const prev = board({ week: 5, far: 6, mail: [7] });
    const next = board({ week: 6, received: 4, near: 6, far: 8, incomingOrder: 8, shipped: 8, mail: [10] });
    const m = beerMovements(prev, next);
    expect(m.map((x) => [x.from, x.to, x.amount, x.stage])).toEqual([
      ["near", "inventory", 4, 0],
      ["far", "near", 6, 1],
      ["supplier", "far", 8, 1],
      ["customer", "desk", 8, 2],
      ["inventory", "customer", 8, 2],
      ["mail0", "supplier", 7, 3],
      ["desk", "mail0", 10, 3],
    ]);
    expect(beerMovements(prev, board({ week: 8 }))).toEqual([]);
    // Nothing shipped or received: no empty crates travel.
    const quiet = beerMovements(
      board({ week: 1, far: 0 }),
      board({ week: 2, received: 0, shipped: 0, far: 0, mail: [] }),
    );
    expect(quiet.filter((x) => x.what === "cases")).toEqual([]);
  });

  it("puts the downstream role as customer and the upstream as supplier", () => {
    const roles = beerGame.roles;
    expect(boardNeighbours(roles, "retailer")).toEqual({ customer: null, supplier: "Wholesaler" });
    expect(boardNeighbours(roles, "distributor")).toEqual({ customer: "Wholesaler", supplier: "Factory" });
    expect(boardNeighbours(roles, "factory")).toEqual({ customer: "Distributor", supplier: null });
  });
});

describe("snapshots of the decoded state", () => {
  const seat = (role: string, label: string, index: number) => ({
    role,
    label,
    control: "human" as const,
    name: role.toUpperCase(),
    connected: true,
    ready: true,
    index,
    policy: "sterman",
  });
  it("orders seats as the scenario does and unflattens only my own observation", () => {
    const sim = new Simulation(beerGame, {}, 1);
    const obs = sim.observe("wholesaler");
    const state = {
      code: "ABCDEF",
      scenario: "beer-game",
      title: "The Beer Game",
      phase: "play" as const,
      week: 0,
      horizon: 36,
      horizonApproximate: false,
      pace: "timed" as const,
      secondsPerWeek: 30,
      paused: false,
      hold: "" as const,
      deadline: 123,
      // Retailer (bit 0) and factory (bit 3) have decided.
      decided: 0b1001,
      next: "",
      nextBy: "",
      seats: new Map([
        ["factory", seat("factory", "Factory", 3)],
        ["retailer", seat("retailer", "Retailer", 0)],
        ["wholesaler", seat("wholesaler", "Wholesaler", 1)],
      ]),
      roles: new Map([
        [
          "wholesaler",
          {
            role: "wholesaler",
            // The observation's week is the team's + 1 (the open week): the wire leaves it out.
            // Inventory and backlog are the observation's entries; the cost is sent as a value.
            ...roleOnSlots({
              observation: flattenObservation(obs).filter(([k]) => k !== "week"),
              kpis: [["totalCost", 7.5]],
              decision: [["order", 6]],
            }),
            observationWeek: 2,
            kpisInObservation: "inventory,backlog",
            source: sourceCode("human"),
            recordedBy: 0,
          },
        ],
      ]),
    };
    const s = snapshot(state, ["retailer", "wholesaler", "distributor", "factory"], "wholesaler");
    expect(s.seats.map((x) => x.role)).toEqual(["retailer", "wholesaler", "factory"]);
    expect(s.mine?.observation).toEqual(obs);
    expect(s.mine?.kpis).toEqual({ totalCost: 7.5, inventory: obs.inventory, backlog: obs.backlog });
    expect(s.seats.map((x) => x.decided)).toEqual([true, false, true]);
    expect(s.mine?.decision).toEqual({ order: 6 });
    expect(s.mine?.source).toBe("human");
    // Source 0: no decision in force; the slots' values are the last decision's and mean nothing.
    const none = { ...state.roles.get("wholesaler")!, source: 0 };
    const after = snapshot({ ...state, roles: new Map([["wholesaler", none]]) }, [], "wholesaler");
    expect(after.mine?.decision).toEqual({});
    expect(after.mine?.source).toBe("");
    expect(s.pace).toBe("timed");
    // The server holding play by itself reaches the desk as its reason; anything else as none.
    expect(s.hold).toBeNull();
    expect(snapshot({ ...state, hold: "recording" }, [], null).hold).toBe("recording");
    expect(snapshot({ ...state, hold: "later" as "recording" }, [], null).hold).toBeNull();
    expect(snapshot(state, [], "retailer").mine).toBeNull();
    expect(snapshot(state, [], null).mine).toBeNull();
  });
});

describe("seat tokens kept in the browser", () => {
  it("saves per code, keeps the host token across a reconnect, and forgets stale ones", () => {
    let now = 1_000;
    const store = new SeatStore(memoryStore(), () => now);
    store.save({ code: "abcdef", name: "Ann", role: "retailer", seatToken: "s1", hostToken: "h1" });
    store.save({ code: "ABCDEF", name: "Ann", role: "retailer", seatToken: "s1", hostToken: null });
    expect(store.get("ABCDEF")).toMatchObject({ seatToken: "s1", hostToken: "h1", role: "retailer" });
    expect(store.lastName()).toBe("Ann");
    expect(store.get("ZZZZZZ")).toBeNull();
    now += 8 * 24 * 3600 * 1000;
    expect(store.get("ABCDEF")).toBeNull();
  });
  it("survives garbage in storage", () => {
    const mem = memoryStore();
    mem.setItem("pf.seat.ABCDEF", "{not json");
    expect(new SeatStore(mem).get("ABCDEF")).toBeNull();
  });
});

describe("KPI rows", () => {
  const specs = [
    { id: "totalCost", label: "Cost so far", unit: "$", better: "lower" as const },
    { id: "service", label: "Service", unit: "%", better: "higher" as const },
  ];
  it("says which way each KPI moved and whether that is good, in words and arrows", () => {
    const rows = kpiRows(specs, { totalCost: 30, service: 90 }, { totalCost: 20, service: 95 });
    expect(rows.map((r) => [r.arrow, r.trendKey, r.good])).toEqual([
      ["▲", "desk.trend.up", false],
      ["▼", "desk.trend.down", false],
    ]);
    expect(kpiRows(specs, { totalCost: 20 }, { totalCost: 20 })[0]).toMatchObject({ arrow: "=", good: null });
    expect(kpiRows(specs, { totalCost: 20 }, null)[0]).toMatchObject({ arrow: "", change: null });
  });
  it("does not call a falling inventory better: a stock to balance moves without a verdict", () => {
    const inventory = {
      id: "inventory",
      label: "Inventory",
      unit: "cases",
      better: "lower" as const,
      balance: true,
    };
    const [row] = kpiRows([inventory], { inventory: 0 }, { inventory: 6 });
    expect(row).toMatchObject({
      arrow: "▼",
      trendKey: "desk.trend.down",
      good: null,
      betterKey: "desk.better.balance",
    });
  });
  it("reads the Beer Game's inventory as a stock to balance, from the scenario", async () => {
    const { beerGame } = await import("../../shared/scenarios/beer-game/index.ts");
    const { Simulation } = await import("../../shared/engine/simulation.ts");
    const sim = new Simulation(beerGame, {}, 1);
    expect(sim.kpis("retailer").find((k) => k.id === "inventory")?.balance).toBe(true);
  });
});
