import { describe, expect, it } from "vitest";
import { cycleOrder, findCycle, wrap } from "../../client/debrief/loop-diagram.ts";
import { beerGame } from "../../shared/scenarios/beer-game/index.ts";
import { productLaunch } from "../../shared/scenarios/product-launch/index.ts";

describe("causal-loop diagram layout", () => {
  it("finds each declared loop's cycle and closes it", () => {
    for (const loop of [...beerGame.loops, ...productLaunch.loops]) {
      const cycle = findCycle(loop);
      expect(cycle.length, loop.id).toBeGreaterThanOrEqual(2);
      // Consecutive cycle nodes are linked, and the last links back to the first.
      for (let i = 0; i < cycle.length; i++) {
        const from = cycle[i]!;
        const to = cycle[(i + 1) % cycle.length]!;
        expect(
          loop.edges.some((e) => e.from === from && e.to === to),
          `${loop.id}: ${from}→${to}`,
        ).toBe(true);
      }
      expect(new Set(cycleOrder(loop))).toEqual(new Set(loop.nodes.map((n) => n.id)));
    }
  });

  it("leaves side inputs off the cycle", () => {
    const supply = productLaunch.loops.find((l) => l.id === "supply-line")!;
    expect(findCycle(supply)).not.toContain("plan");
    expect(cycleOrder(supply).at(-1)).toBe("plan");
  });

  it("wraps long labels into at most three lines", () => {
    expect(wrap("Effective inventory")).toEqual(["Effective", "inventory"]);
    expect(wrap("Orders")).toEqual(["Orders"]);
    expect(wrap("one two three four five six seven eight nine ten", 6).length).toBe(3);
  });
});
