import { describe, expect, it } from "vitest";
import { buildDebriefModel } from "../../shared/debrief/model.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import { policies } from "../../shared/policies/index.ts";
import {
  checkConservation,
  costParts,
  costsByDesk,
  productLaunch,
} from "../../shared/scenarios/product-launch/index.ts";
import {
  departmental,
  productLaunchPolicies,
  systemic,
} from "../../shared/scenarios/product-launch/policies/index.ts";
import { decisionSpecs, roleIds } from "../../shared/scenarios/product-launch/roles.ts";
import {
  amplification,
  progressGap,
  runWithBots,
  summarize,
} from "../../shared/scenarios/product-launch/run.ts";

const SEEDS = Array.from({ length: 100 }, (_, i) => i + 1);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1));

const runs = (policy: string, options: Record<string, unknown> = {}) =>
  SEEDS.map((seed) => summarize(runWithBots({ seed, policy, options })));

describe("product-launch bots", () => {
  it("are registered for the scenario, departmental first", () => {
    expect(Object.keys(productLaunchPolicies)).toEqual(["departmental", "systemic", "fixed"]);
    expect(policies["product-launch"]).toBe(productLaunchPolicies);
  });

  it("give every desk a valid, whole-number decision from its own observation only", () => {
    const sim = new Simulation(productLaunch, {}, 5);
    for (const spec of [departmental, systemic]) {
      for (const role of roleIds) {
        const bot = spec.create(
          role,
          Object.fromEntries(Object.entries(spec.params).map(([k, p]) => [k, p.default])),
        );
        const d = bot.decide(sim.observe(role));
        expect(sim.checkDecision(role, d)).toEqual({ ok: true, decision: d });
        expect(Object.keys(d).sort()).toEqual(decisionSpecs[role].map((s) => s.id).sort());
      }
    }
    expect(() => departmental.create("retailer", {})).toThrow(/no role/);
  });

  it("answer a re-sent observation the same way", () => {
    const sim = new Simulation(productLaunch, {}, 9);
    const bot = departmental.create("sales", { push: 1.5, padding: 0.25, supplyLineWeight: 0.3 });
    for (let t = 0; t < 8; t++) {
      const obs = sim.observe("sales");
      const first = bot.decide(obs);
      expect(bot.decide(obs)).toEqual(first);
      sim.advance({ sales: first });
    }
  });

  it("systemic Manufacturing hires toward its need faster than the crew drifts, and not for starts lost to a kit shortage", () => {
    const defaults = Object.fromEntries(Object.entries(systemic.params).map(([k, p]) => [k, p.default]));
    const decide = (params: Record<string, number>, change: Record<string, number>) => {
      const obs = { ...new Simulation(productLaunch, {}, 1).observe("manufacturing"), ...change };
      return systemic.create("manufacturing", { ...defaults, ...params }).decide(obs);
    };
    // A busy week: a long order backlog and a crew below it.
    const busy = { orderBacklog: 300, capacity: 100 };
    const drift = decide({ crewWeeks: 8 }, busy);
    const hire = decide({}, busy);
    expect(drift["capacityTarget"]).toBeGreaterThan(100);
    expect(hire["capacityTarget"]).toBeGreaterThan(drift["capacityTarget"]!);
    // The same week, short of kits: the starts lost are no reason for more crew or overtime.
    const short = { ...busy, shortage: 30 };
    const blind = decide({ shortageAware: 0 }, short);
    const aware = decide({}, short);
    expect(aware["capacityTarget"]).toBeLessThan(blind["capacityTarget"]!);
    expect(aware["overtime"]).toBeLessThan(blind["overtime"]!);
    expect(aware["production"]).toBe(blind["production"]);
  });

  it("stay near the starting equilibrium when nothing happens", () => {
    for (const policy of ["departmental", "systemic"]) {
      const sim = runWithBots({ seed: 1, policy, options: { noise: 0, shocks: [], boom: null } });
      for (const s of sim.history.filter((x) => x.week <= x.endWeek)) {
        expect(s.flow.orders).toBeGreaterThan(85);
        // systemic protects more up-front work than the starting decisions: better designs win a few orders
        expect(s.flow.orders).toBeLessThan(96);
        expect(s.hidden + s.known).toBeLessThan(1.3 * s.ref.openDefects);
      }
    }
  });
});

describe("product-launch calibration under the standard shock (100 seeds)", () => {
  const dept = runs("departmental");
  const sys = runs("systemic");
  const profit = (r: typeof dept) => r.map((x) => x.team.profit);

  it("whole-system bots earn markedly more team profit", () => {
    const d = profit(dept);
    const s = profit(sys);
    // reported in docs/scenarios/product-launch.md
    expect(mean(s) - mean(d)).toBeGreaterThan(2 * Math.max(sd(s), 10_000));
    expect(mean(s)).toBeGreaterThan(1.5 * mean(d));
    expect(SEEDS.filter((_, i) => s[i]! > d[i]!).length).toBeGreaterThanOrEqual(95);
  });

  it("both teams amplify customer orders into purchase orders; the departmental team's amplification is far less predictable", () => {
    const d = dept.map((x) => x.team.amplification);
    const s = sys.map((x) => x.team.amplification);
    // reported in docs/scenarios/product-launch.md: the means are alike, the spread is not
    for (const a of [...d, ...s]) expect(a).toBeGreaterThan(1);
    expect(sd(d)).toBeGreaterThan(1.5 * sd(s));
  });

  it("departmental bots raise a rework wave, reported progress running ahead of true progress; systemic bots damp it", () => {
    const d = dept.map((x) => x.team.reworkWave);
    const s = sys.map((x) => x.team.reworkWave);
    expect(mean(d)).toBeGreaterThan(1.5);
    expect(d.filter((w) => w > 1.2).length).toBeGreaterThanOrEqual(55);
    expect(Math.max(...s)).toBeLessThan(1.3);
    expect(SEEDS.filter((_, i) => s[i]! < d[i]!).length).toBeGreaterThanOrEqual(90);

    const gap = (policy: string) =>
      mean(SEEDS.slice(0, 30).map((seed) => progressGap(runWithBots({ seed, policy }).history)));
    expect(gap("departmental")).toBeGreaterThan(5);
    expect(gap("systemic")).toBeLessThan(1);
  });

  it("keep every stock balanced and non-negative, week by week, on every seed", () => {
    for (const policy of ["departmental", "systemic"]) {
      for (const seed of SEEDS) {
        const h = runWithBots({ seed, policy }).history;
        for (let t = 1; t < h.length; t++) expect(checkConservation(h[t - 1]!, h[t]!)).toEqual([]);
      }
    }
  });

  it("splits the costs by desk so that they and the revenue add up to the profit", () => {
    for (const seed of [1, 2, 3]) {
      const h = runWithBots({ seed, policy: "departmental" }).history;
      const c = costsByDesk(h);
      const last = h.at(-1)!;
      const discounts = c.sales.discounts!;
      const costs =
        Object.values(c).reduce((a, d) => a + Object.values(d).reduce((x, y) => x + y, 0), 0) - discounts;
      // the rest of the profit is the stocks' value at the round's end
      expect(last.revenue - costs + last.endValue).toBeCloseTo(last.profit, 6);
      expect(last.endValue).not.toBe(0);
      expect(discounts).toBeGreaterThan(0);
      for (const part of costParts) expect(c[part.desk]).toHaveProperty(part.id);
    }
  });

  it("the summary carries team, roles with decisions and stocks per week, and loop activity", () => {
    const r = dept[0]!;
    const sim = runWithBots({ seed: 1, policy: "departmental" });
    // the round ends at the week drawn for the seed, inside the window around the 40 weeks players are told
    expect(r.weeks).toBe(sim.state.endWeek);
    expect(r.weeks).toBeGreaterThanOrEqual(36);
    expect(r.weeks).toBeLessThanOrEqual(44);
    // nothing is simulated past the drawn end
    expect(r.roles.purchasing.decisions).toHaveLength(sim.state.endWeek);
    expect(r.roles.engineering.stocks[0]).toHaveProperty("hiddenDefects");
    expect(r.loops.length).toBeGreaterThanOrEqual(6);
    for (const l of r.loops) expect(l.activity).toHaveLength(sim.state.endWeek);
    expect(r.team.amplification).toBe(amplification(sim.history.slice(0, sim.state.endWeek + 1)));
    // One definition: the same figure the debrief shows for Purchasing over the weeks traded.
    const traded = sim.history.slice(0, sim.state.endWeek + 1);
    const debrief = buildDebriefModel(productLaunch, traded, sim.options);
    expect(debrief.dynamics.find((d) => d.role === "purchasing")!.amplification).toBeCloseTo(
      r.team.amplification,
      9,
    );
  });
});
