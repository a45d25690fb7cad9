import { describe, expect, it } from "vitest";
import { beliefSentence, compareBelief, sketchToSeries } from "../../shared/debrief/belief.ts";
import { decomposeCosts, weekly } from "../../shared/debrief/costs.ts";
import { amplification, phaseLag, roleDynamics } from "../../shared/debrief/dynamics.ts";
import { ghostRun } from "../../shared/debrief/ghost.ts";
import { largestEachWeek, loopReports, loopSentence, toSpans } from "../../shared/debrief/loops.ts";
import { inferProfile } from "../../shared/debrief/profile.ts";
import { readAnchorRule, TYPICAL_PLAYER } from "../../shared/debrief/rules.ts";
import { readSeries, TEAM, weekTable } from "../../shared/debrief/table.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import { passThrough, toy } from "./debrief-toy-scenario.ts";

function toyRun(orders: [number, number][]) {
  const sim = new Simulation(toy, {}, 7);
  for (const [shop, plant] of orders) sim.advance({ shop: { order: shop }, plant: { order: plant } });
  return sim;
}

describe("series and the hover table", () => {
  it("reads every declared series for weeks 1…N from the run's states", () => {
    const sim = toyRun([
      [4, 4],
      [6, 5],
      [9, 8],
    ]);
    const series = readSeries(toy, sim.history);
    const orders = series.find((s) => s.id === "orders")!;
    expect(orders.values["shop"]).toEqual([4, 6, 9]);
    expect(orders.values["plant"]).toEqual([4, 5, 8]);
    expect(series.find((s) => s.id === "demand")!.values[TEAM]).toEqual([4, 4, 8]);
  });

  it("shows every role's numbers for the hovered week", () => {
    const sim = toyRun([
      [4, 4],
      [6, 5],
    ]);
    const rows = weekTable(readSeries(toy, sim.history), 2);
    const stock = rows.find((r) => r.series === "stock")!;
    // week 1: shop 10 + 4 − 4 = 10; week 2: 10 + 4 − 4 = 10; plant week 1: 10 + 4 − 4, week 2: 10 + 5 − 4 (last week's shop order) = 11
    expect(stock.values).toEqual({ shop: 10, plant: 11 });
    expect(rows.find((r) => r.series === "orders")!.values).toEqual({ shop: 6, plant: 5 });
    expect(rows.find((r) => r.series === "demand")!.values).toEqual({ team: 4 });
    expect(weekTable(readSeries(toy, sim.history), 9).every((r) => Object.keys(r.values).length === 0)).toBe(
      true,
    );
  });
});

describe("amplification, peak and phase lag", () => {
  it("amplification is the variance ratio", () => {
    // Var([4, 8]) = 4, Var([2, 10]) = 16
    expect(amplification([2, 10], [4, 8])).toBe(4);
    expect(amplification([1, 2], [5, 5])).toBeNaN();
  });

  it("finds the lag at which a series repeats the reference", () => {
    const ref = [0, 0, 1, 5, 2, 0, 0, 0, 0, 0];
    const late = [0, 0, 0, 0, 0, 1, 5, 2, 0, 0];
    expect(phaseLag(ref, late)).toBe(3);
    expect(phaseLag(ref, ref)).toBe(0);
    expect(phaseLag([1, 1, 1, 1], late)).toBeNull();
  });

  it("reports the first peak, its week, and its lag behind the reference's peak", () => {
    const d = roleDynamics("shop", [4, 4, 12, 16, 16, 8], [4, 8, 8, 8, 8, 8]);
    expect(d.peak).toBe(16);
    expect(d.peakWeek).toBe(4);
    expect(d.peakLag).toBe(2);
  });

  it("measures phase lag against the role's own input when one is given", () => {
    const input = [4, 4, 9, 4, 4, 4, 4, 4];
    const orders = [4, 4, 4, 4, 12, 4, 4, 4];
    expect(roleDynamics("x", orders, [4, 8, 8, 8, 8, 8, 8, 8], input).phaseLag).toBe(2);
  });
});

describe("belief against truth", () => {
  it("interpolates a sketch linearly and holds it flat outside the drawn points", () => {
    expect(
      sketchToSeries(
        [
          { week: 4, value: 8 },
          { week: 2, value: 4 },
        ],
        6,
      ),
    ).toEqual([4, 4, 6, 8, 8, 8]);
    expect(sketchToSeries([], 3)).toEqual([]);
  });

  it("measures error, bias and shape", () => {
    const c = compareBelief([4, 8, 12, 16], [4, 8, 8, 8]);
    expect(c.meanAbsError).toBe(3); // (0 + 0 + 4 + 8) / 4
    expect(c.bias).toBe(3);
    expect(c.beliefMax).toBe(16);
    expect(c.truthMax).toBe(8);
    expect(c.beliefPeakWeek).toBe(4);
    expect(c.truthPeakWeek).toBe(2);
    expect(beliefSentence(c, "customer demand", "cases")).toMatch(/far more swing/);
    expect(beliefSentence(compareBelief([4, 8, 8, 8], [4, 8, 8, 8]), "x", "u")).toMatch(/close to the truth/);
    expect(beliefSentence(compareBelief([4, 4, 4, 4], [4, 4, 16, 16]), "x", "u")).toMatch(/moved more/);
    expect(beliefSentence(compareBelief([4, 4, 4, 8, 8, 8], [4, 8, 8, 8, 8, 8]), "x", "u")).toMatch(
      /not the timing/,
    );
  });
});

describe("cost decomposition", () => {
  it("splits the team's cost by role and component", () => {
    const sim = toyRun([
      [4, 4],
      [4, 9],
      [4, 4],
    ]);
    // shop stock: 10, 10, 10 + 9 − 8 = 11 → 5 + 5 + 5.5; plant: 10, 15, 15 → 5 + 7.5 + 7.5
    const series = readSeries(toy, sim.history);
    const d = decomposeCosts(series, ["holdingCost", "backlogCost"], ["shop", "plant"]);
    expect(d.roles[0]!.parts).toEqual({ holdingCost: 15.5, backlogCost: 0 });
    expect(d.roles[1]!.total).toBe(20);
    expect(d.teamTotal).toBe(35.5);
    expect(d.roles[1]!.shareOfTeam).toBeCloseTo(20 / 35.5, 12);
    expect(d.teamParts).toEqual({ holdingCost: 35.5, backlogCost: 0 });
  });
  it("turns running totals into weekly amounts", () => {
    expect(weekly([1, 3, 6])).toEqual([1, 2, 3]);
  });
});

describe("loops", () => {
  it("gives each week to the loop that moved most, in one unit, and only when one moved", () => {
    expect(
      largestEachWeek([
        [1, 0, 2, 0],
        [0, 0, 1, 3],
      ]),
    ).toEqual([0, -1, 0, 1]);
    expect(toSpans([5, 1, 2, 3, 7, 8])).toEqual([
      [1, 3],
      [5, 5],
      [7, 8],
    ]);
  });

  it("draws every loop, and without a replayable run prices none of them", () => {
    const sim = toyRun([
      [4, 4],
      [8, 4],
      [8, 4],
      [8, 12],
    ]);
    const [control, echo] = loopReports(toy, sim.history);
    expect(control!.activity).toEqual([0, 4, 0, 0]);
    expect(echo!.activity).toEqual([0, 0, 0, 8]);
    expect(control!.letter).toBe("B");
    expect(echo!.letter).toBe("R");
    expect(control!.knockout).toBeNull();
    expect(control!.closedBy).toBe("structure");
    expect(loopSentence(control!)).toBe(
      "Not priced: the model cannot hold this loop's link on its own. It acted hardest in week 2.",
    );
  });
});

describe("decision rule in plain words", () => {
  it("reads each parameter as a sentence and compares with the benchmark", () => {
    const r = readAnchorRule({ theta: 0.5, alpha: 0.3, beta: 0.2, sprime: 16.4, r2: 0.8 });
    const beta = r.lines.find((l) => l.id === "beta")!;
    expect(beta.sentence).toBe("You counted 20% of your supply line (cases ordered but not yet arrived).");
    expect(beta.benchmark).toBe(TYPICAL_PLAYER.beta);
    expect(r.lines.find((l) => l.id === "sprime")!.sentence).toContain("about 16 cases");
    expect(r.summary).toMatch(/under-counted/);
    expect(r.fitSentence).toMatch(/80%/);
    expect(readAnchorRule({ theta: 1, alpha: 0, beta: 1, sprime: 0, r2: 0.1 }).fitSentence).toMatch(
      /only 10%/,
    );
  });
});

describe("profile", () => {
  it("reads decision, reference, stocks and cost parts from the series declarations", () => {
    expect(inferProfile(toy)).toEqual({
      decision: "orders",
      reference: "demand",
      stocks: ["stock"],
      costParts: ["holdingCost", "backlogCost"],
      costCumulative: false,
    });
  });
});

describe("ghost run", () => {
  it("replays the recorded round exactly when no role is replaced", () => {
    const real = toyRun([
      [5, 4],
      [9, 7],
      [3, 12],
    ]);
    const ghost = ghostRun(toy, real.inputs(), {});
    expect(ghost.hashes).toEqual(real.hashes);
  });

  it("replaces only the chosen role and keeps the others' recorded decisions", () => {
    const real = toyRun([
      [5, 4],
      [9, 7],
      [3, 12],
    ]);
    const ghost = ghostRun(toy, real.inputs(), { shop: passThrough() });
    // The pass-through shop orders what came in last week: customer demand seen so far (4, 4, 4).
    expect(ghost.decisionLog.map((d) => d["shop"]!["order"])).toEqual([4, 4, 4]);
    expect(ghost.decisionLog.map((d) => d["plant"]!["order"])).toEqual([4, 7, 12]);
    expect(ghost.hashes[0]).toBe(real.hashes[0]);
    expect(ghost.hashes[3]).not.toBe(real.hashes[3]);
  });
});

describe("the debrief model of a recorded round", () => {
  it("derives every panel's figures from a replay of the recorded inputs", async () => {
    const { buildDebriefModel } = await import("../../shared/debrief/model.ts");
    const real = toyRun([
      [4, 4],
      [8, 4],
      [12, 16],
      [8, 8],
    ]);
    const sim = Simulation.replay(toy, JSON.parse(JSON.stringify(real.inputs())), real.hashes);
    const m = buildDebriefModel(toy, sim.history);
    expect(m.weeks).toBe(4);
    expect(m.belief.truth).toEqual([4, 4, 8, 8]);
    const shop = m.dynamics.find((d) => d.role === "shop")!;
    // Var(orders 4, 8, 12, 8) = 8, Var(demand 4, 4, 8, 8) = 4; plant: Var(4, 4, 16, 8) = 24
    expect(shop.amplification).toBe(2);
    expect(shop.peakWeek).toBe(3);
    expect(m.costs.roles.map((r) => r.role)).toEqual(["shop", "plant"]);
    expect(m.loops.map((l) => l.id)).toEqual(["stock-control", "echo"]);
    expect(m.dynamicsSentence).toMatch(/^Plant's orders placed swung 6\.0× as much as customer demand/);
    expect(JSON.parse(JSON.stringify(m)).series.length).toBe(toy.series.length);
  });
});
