import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/sim.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import { parseShock } from "../../shared/scenarios/product-launch/cli.ts";
import { productLaunch } from "../../shared/scenarios/product-launch/index.ts";

function sim(...argv: string[]) {
  let out = "";
  let err = "";
  const code = main(argv, { out: (t) => (out += t), err: (t) => (err += t), errIsTTY: false });
  return { code, out, err };
}

describe("sim CLI: product launch", () => {
  it("shows the lesson with no other flag: the standard shock and departmental bots", () => {
    const r = sim("--scenario", "product-launch");
    expect(r.code).toBe(0);
    // the round runs to the week drawn for the seed; the boom's week is drawn per seed too (4–16)
    const end = new Simulation(productLaunch, {}, 1).horizon;
    expect(end).toBeLessThan(44);
    expect(r.out).toContain(`Product launch · ${end} weeks · seed 1`);
    expect(r.out).toMatch(
      /Team profit -?\$[\d,]+ · purchase amplification \(variance ratio to customer orders\) [\d.]+ · rework wave ×[\d.]+ · shocks: market-boom@([4-9]|1[0-6])\b/,
    );
    expect(r.out).toContain("Phantom ordering");
    expect(r.out).toMatch(/sales: departmental/);
  });

  it("writes team, per-week decisions and stocks per desk, and loop activity as JSON", () => {
    const fixedRound = ["--boom", "week=6,size=0.35", "--end", "40-40"];
    const r = sim("--scenario", "product-launch", ...fixedRound, "--format", "json", "--seed", "4");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ scenario: "product-launch", weeks: 40, seed: 4 });
    expect(typeof j.team.profit).toBe("number");
    expect(j.shocks).toEqual([{ name: "market-boom", week: 6, params: { size: 0.35 } }]);
    expect(Object.keys(j.roles)).toEqual(["sales", "engineering", "manufacturing", "purchasing"]);
    expect(j.roles.purchasing.decisions).toHaveLength(40);
    expect(Object.keys(j.roles.purchasing.decisions[0])).toEqual(["order", "dearShare"]);
    expect(j.roles.manufacturing.stocks[39]).toHaveProperty("finishedGoods");
    expect(j.loops.length).toBeGreaterThanOrEqual(6);
    for (const l of j.loops) {
      expect(Object.keys(l)).toEqual(["id", "name", "polarity", "activity", "closedBy", "knockout"]);
      expect(l.activity).toHaveLength(40);
      expect(["structure", "decisions"]).toContain(l.closedBy);
      if (l.knockout) expect(l.knockout.dollars).toBeCloseTo(l.knockout.actual - l.knockout.held, 6);
    }
    expect(j.loops.filter((l: { knockout: unknown }) => l.knockout).length).toBeGreaterThanOrEqual(4);
    // same seed, same run
    expect(sim("--scenario", "product-launch", ...fixedRound, "--format", "json", "--seed", "4").out).toBe(
      r.out,
    );
    // left to chance, the boom and the end differ between seeds within their ranges
    const drawn = [1, 2, 3, 4, 5, 6].map((seed) =>
      JSON.parse(sim("--scenario", "product-launch", "--format", "json", "--seed", String(seed)).out),
    );
    const weeks = new Set(drawn.map((d) => d.shocks[0].week));
    const ends = new Set(drawn.map((d) => d.team && d.shocks && d.roles && d.loops && d.weeks));
    expect(weeks.size).toBeGreaterThan(1);
    for (const d of drawn) {
      expect(d.shocks[0].week).toBeGreaterThanOrEqual(4);
      expect(d.shocks[0].week).toBeLessThanOrEqual(16);
      expect(d.shocks[0].params.size).toBeGreaterThanOrEqual(0.1);
      expect(d.shocks[0].params.size).toBeLessThanOrEqual(0.6);
    }
    expect(ends.size).toBeGreaterThan(1);
    for (const end of ends) expect(end >= 36 && end <= 44).toBe(true);
  });

  it("summarizes replications with team.profit as mean, sd, min, max", () => {
    const r = sim(
      "--scenario",
      "product-launch",
      "--replications",
      "12",
      "--policy",
      "all=systemic",
      "--format",
      "json",
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j.team.profit)).toEqual(["mean", "sd", "min", "max"]);
    expect(j.team.profit.min).toBeLessThanOrEqual(j.team.profit.mean);
    expect(j.team.profit.sd).toBeGreaterThan(0);
    expect(j.policies.engineering).toMatch(/^systemic/);
  });

  it("takes --shock (repeatable) and --no-default-shocks", () => {
    const quiet = JSON.parse(
      sim("--scenario", "product-launch", "--no-default-shocks", "--format", "json").out,
    );
    expect(quiet.shocks).toEqual([]);
    const r = sim(
      "--scenario",
      "product-launch",
      "--no-default-shocks",
      "--shock",
      "supplier-outage:week=5,severity=1,weeks=3",
      "--shock",
      "scope-change:tasks=80",
      "--format",
      "json",
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.shocks).toEqual([
      { name: "supplier-outage", week: 5, params: { severity: 1, weeks: 3 } },
      { name: "scope-change", week: 6, params: { tasks: 80 } },
    ]);
    expect(j.team.profit).not.toBe(quiet.team.profit);
    const both = JSON.parse(
      sim("--scenario", "product-launch", "--shock", "engineer-leaves:week=20", "--format", "json").out,
    );
    expect(both.shocks.map((s: { name: string }) => s.name)).toEqual(["market-boom", "engineer-leaves"]);
  });

  it("plays a fixed policy and decisions written in a file over the bots; a bad file exits 2 naming the fault", () => {
    const dir = mkdtempSync(join(tmpdir(), "decisions-"));
    const file = join(dir, "plan.json");
    writeFileSync(
      file,
      JSON.stringify({
        purchasing: { "3": { order: 0 }, "999": { order: 5 } },
        engineering: { "2": { reportShare: 0 } },
      }),
    );
    const base = [
      "--scenario",
      "product-launch",
      "--format",
      "json",
      "--policy",
      "engineering=fixed:upfrontShare=0,fixShare=50",
    ];
    const j = JSON.parse(sim(...base, "--decisions", file).out);
    const plain = JSON.parse(sim(...base).out);
    // fixed: the ids given every week, the rest at their defaults
    for (const d of j.roles.engineering.decisions.slice(2)) {
      expect(d).toEqual({ fixShare: 50, upfrontShare: 0, qualityGate: 60, reportShare: 100 });
    }
    expect(j.roles.engineering.decisions[1]).toEqual({
      fixShare: 50,
      upfrontShare: 0,
      qualityGate: 60,
      reportShare: 0,
    });
    // the file's week 3 overrides the departmental buyer; the weeks around it are the bot's
    expect(j.roles.purchasing.decisions[2].order).toBe(0);
    expect(j.roles.purchasing.decisions[3].order).toBeGreaterThan(0);
    expect(plain.roles.purchasing.decisions[2].order).toBeGreaterThan(0);
    expect(j.roles.purchasing.decisions[2].dearShare).toBe(plain.roles.purchasing.decisions[2].dearShare);

    const bad = (content: unknown, pattern: RegExp) => {
      writeFileSync(file, JSON.stringify(content));
      const r = sim(...base, "--decisions", file);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(pattern);
    };
    bad({ marketing: { "1": { order: 1 } } }, /unknown role "marketing"/);
    bad({ purchasing: { "1": { orders: 1 } } }, /purchasing week 1: unknown decision "orders"/);
    bad({ purchasing: { "1": { order: 9999 } } }, /purchasing week 1: order must be a number from 0 to 600/);
    bad({ purchasing: { "1": { order: 2.5 } } }, /order must be a whole number/);
    bad({ purchasing: { x: { order: 1 } } }, /week "x"/);
    writeFileSync(file, "{ not json");
    expect(sim(...base, "--decisions", file).code).toBe(2);
  });

  it("refuses bad shocks on one line with exit code 2", () => {
    for (const [arg, msg] of [
      ["meteor", /unknown shock "meteor"; choose one of: market-boom/],
      ["market-boom:size", /"size" is not key=number/],
      ["market-boom:tasks=3", /unknown parameter "tasks"; expected week, size/],
      ["market-boom:week=99", /week/],
    ] as const) {
      const r = sim("--scenario", "product-launch", "--shock", arg);
      expect(r.code, arg).toBe(2);
      expect(r.err).toMatch(msg);
      expect(r.err.trim().split("\n")).toHaveLength(1);
    }
    expect(sim("--scenario", "beer-game", "--shock", "market-boom").code).toBe(2);
    expect(() => parseShock("scope-change:tasks=x")).toThrow(/not key=number/);
  });
});
