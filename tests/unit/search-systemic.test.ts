// The systemic bots' own coordinate search (`npm run search -- --only=systemic`): a closed-loop rule
// tuned the way blind plans are, within the policy's bounds, never ending below where it started.
import { describe, expect, it } from "vitest";
import { meanProfit, shockMixture } from "../../bench/search.ts";
import { meanOverSets, systemicTeam, tuneSystemic } from "../../bench/search-systemic.ts";
import { systemic } from "../../shared/scenarios/product-launch/policies/systemic.ts";

const SEEDS = [1, 2, 3];

describe("tuning the systemic bots' parameters", () => {
  it("writes every parameter into the policy text each desk plays", () => {
    const team = systemicTeam({ gate: 70, supplyWeeks: 4 });
    expect(team.policy.purchasing).toBe("systemic:gate=70,supplyWeeks=4");
    expect(Object.keys(team.policy)).toEqual(["sales", "engineering", "manufacturing", "purchasing"]);
  });

  it("averages over the sets of options it is given, each counting once", () => {
    const team = systemicTeam({});
    const plain = meanProfit(team, SEEDS).mean;
    const mixed = meanProfit(team, SEEDS, shockMixture).mean;
    expect(meanOverSets(team, SEEDS, [{}, shockMixture])).toBeCloseTo((plain + mixed) / 2, 6);
  });

  it("ends no lower than the defaults, within every parameter's bounds, at the mean it reports", () => {
    const t = tuneSystemic(SEEDS, 1, [{}, shockMixture]);
    expect(t.mean).toBeGreaterThanOrEqual(t.start);
    expect(t.evaluations).toBeGreaterThan(Object.keys(systemic.params).length);
    for (const [k, spec] of Object.entries(systemic.params)) {
      expect(t.params[k]).toBeGreaterThanOrEqual(spec.min);
      expect(t.params[k]).toBeLessThanOrEqual(spec.max);
    }
    expect(meanOverSets(systemicTeam(t.params), SEEDS, [{}, shockMixture])).toBeCloseTo(t.mean, 6);
  });
});
