import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/sim.ts";

function sim(...argv: string[]) {
  let out = "";
  let err = "";
  const code = main(argv, { out: (t) => (out += t), err: (t) => (err += t), errIsTTY: false });
  return { code, out, err };
}

const classic = "all=sterman:theta=0.36,alpha=0.26,beta=0.34,sprime=17";

describe("sim CLI: runs", () => {
  it("prints the classic bullwhip as a table", () => {
    const r = sim("--scenario", "beer-game", "--policy", classic);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out).toContain("The Beer Game · 36 weeks · seed 1");
    expect(r.out).toMatch(/order R\s+order W\s+order D\s+order F/);
    expect(r.out).toMatch(/^36 +8 /m);
    expect(r.out).toMatch(/Team cost \$2694 /);
    const factory = r.out.split("\n").find((l) => l.startsWith("factory "))!;
    expect(factory).toMatch(/^factory\s+737\.5\s/);
  });

  it("writes the documented JSON of one run", () => {
    const r = sim("--policy", classic, "--format", "json", "--fit", "--seed", "3");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j).slice(0, 6)).toEqual(["scenario", "weeks", "seed", "totalCost", "demand", "roles"]);
    expect(j).toMatchObject({ scenario: "beer-game", weeks: 36, seed: 3, totalCost: 2694 });
    expect(j.demand).toHaveLength(36);
    expect(Object.keys(j.roles)).toEqual(["retailer", "wholesaler", "distributor", "factory"]);
    const f = j.roles.factory;
    for (const k of ["orders", "incoming", "inventory", "backlog"]) expect(f[k]).toHaveLength(36);
    expect(f.cost).toBe(f.holdingCost + f.backlogCost);
    expect(f.amplification).toBeGreaterThan(j.roles.distributor.amplification);
    expect(f.orders[f.peakWeek - 1]).toBe(f.peakOrder);
    expect(Object.keys(f.fit)).toEqual(["theta", "alpha", "beta", "sprime", "r2", "ci", "identified"]);
    expect(Math.abs(f.fit.alpha - 0.26)).toBeLessThan(0.05);
    expect(f.fit.ci.alpha[0]).toBeLessThanOrEqual(f.fit.alpha);
    expect(f.fit.ci.alpha[1]).toBeGreaterThanOrEqual(f.fit.alpha);
    expect(f.fit.identified.alpha).toBe(true);
    // Both loops priced in the team's cost, closed by the ordering decisions.
    expect(j.loops.map((l: { id: string }) => l.id)).toEqual(["stock-adjustment", "supply-line"]);
    for (const l of j.loops) {
      expect(l.closedBy).toBe("decisions");
      expect(l.knockout.kpi).toBe("teamCost");
      expect(l.knockout.actual).toBe(2694);
      expect(l.knockout.dollars).toBeCloseTo(l.knockout.held - l.knockout.actual, 9);
    }
  });

  it("lets later --policy flags override all=", () => {
    const r = sim("--policy", classic, "--policy", "factory=pass-through", "--format", "json");
    const j = JSON.parse(r.out);
    expect(j.policies.factory).toBe("pass-through");
    expect(j.policies.retailer).toMatch(/^sterman:/);
    expect(j.roles.factory.orders).toEqual(j.roles.factory.incoming);
  });

  it("summarizes replications over seeds S…S+N−1, with progress on stderr", () => {
    const r = sim(
      "--replications",
      "5",
      "--seed",
      "10",
      "--demand",
      "normal:mean=8,sd=2",
      "--format",
      "json",
    );
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^replications: 5\/5 in [\d.]+ s \([\d,]+ team-weeks\/s, 1 thread\)\n$/);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ scenario: "beer-game", replications: 5 });
    expect(Object.keys(j.totalCost)).toEqual(["mean", "sd", "min", "max"]);
    expect(Object.keys(j.roles.retailer)).toEqual(["cost", "amplification"]);
    const costs = [10, 11, 12, 13, 14].map(
      (s) =>
        JSON.parse(sim("--seed", String(s), "--demand", "normal:mean=8,sd=2", "--format", "json").out)
          .totalCost,
    );
    expect(j.totalCost.min).toBe(Math.min(...costs));
    expect(j.totalCost.max).toBe(Math.max(...costs));
    expect(j.totalCost.mean).toBeCloseTo(costs.reduce((a, x) => a + x, 0) / 5, 9);
    expect(j.totalCost.sd).toBeGreaterThan(0);
  });

  it("writes CSV, one row per week", () => {
    const r = sim("--weeks", "8", "--format", "csv", "--policy", "all=constant:k=5");
    // RFC 4180: every record, the last one too, ends with CRLF.
    expect(r.out.endsWith("\r\n")).toBe(true);
    const lines = r.out.slice(0, -2).split("\r\n");
    expect(lines).toHaveLength(9);
    expect(lines[0]!.startsWith("week,demand,retailer_order,")).toBe(true);
    expect(lines[8]!.split(",").slice(0, 3)).toEqual(["8", "8", "5"]);
  });

  it("runs continuous research bots on a fractional board", () => {
    const r = sim("--policy", "all=sterman:continuous=1", "--format", "json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).roles.retailer.orders.some((o: number) => !Number.isInteger(o))).toBe(true);
  });
});

describe("sim CLI: bad input", () => {
  const bad: [string[], RegExp][] = [
    [["--weks", "3"], /unknown option '--weks'.*valid flags: --scenario, --weeks/],
    [["--scenario", "chess"], /unknown scenario "chess"; choose one of: beer-game/],
    [
      ["--policy", "brewer=sterman"],
      /unknown role "brewer" in --policy; choose one of: all, retailer, wholesaler/,
    ],
    [["--policy", "all=panic"], /unknown policy "panic" for beer-game; choose one of: sterman, pass-through/],
    [["--policy", "sterman"], /--policy takes ROLE=NAME/],
    [["--policy", "all=sterman:theta=2"], /theta must be between 0 and 1/],
    [["--policy", "all=sterman:gamma=1"], /unknown parameter "gamma"; expected theta, alpha, beta, sprime/],
    [["--weeks", "0"], /--weeks must be a whole number from 1/],
    [["--weeks", "9999"], /weeks: must be between 1 and 520/],
    [["--seed", "x"], /--seed must be a whole number/],
    [["--replications", "0"], /--replications must be a whole number from 1/],
    [["--demand", "wave"], /unknown pattern "wave"; forms: step:/],
    [["--format", "xml"], /Allowed choices are table, json, csv/],
    [["--warmup", "50"], /warmupWeeks: must be between 0 and 36/],
    [["stray"], /too many arguments/],
  ];
  for (const [argv, message] of bad) {
    it(`refuses ${argv.join(" ")} with exit 2 and one line`, () => {
      const r = sim(...argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err).toMatch(message);
      expect(r.err.trimEnd().split("\n")).toHaveLength(1);
    });
  }

  it("exits 2 from the real command line (npm run sim, through its entry)", () => {
    const p = spawnSync("npm", ["run", "-s", "sim", "--", "--policy", "x=y"], {
      encoding: "utf8",
    });
    expect(p.status).toBe(2);
    expect(p.stderr).toMatch(/sim: unknown role "x"/);
    const ok = spawnSync("npm", ["run", "-s", "sim", "--", "--weeks", "6", "--format", "json"], {
      encoding: "utf8",
    });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).weeks).toBe(6);
  });

  it("ends quietly when its reader stops early", () => {
    // More than a pipe buffer of output, so the write outlives `head`.
    const p = spawnSync(
      "bash",
      ["-o", "pipefail", "-c", "npm run -s sim -- --weeks 520 --format json | head -c 1"],
      { encoding: "utf8" },
    );
    expect(p.stdout).toBe("{");
    expect(p.stderr).not.toMatch(/EPIPE/);
    expect(p.status).toBe(0);
  });
});

describe("sim CLI: scenarios without their own adapter", () => {
  it("reports any scenario through its KPIs and series", async () => {
    const { genericCli } = await import("../../shared/cli/generic.ts");
    const { Simulation } = await import("../../shared/engine/simulation.ts");
    const { beerGame } = await import("../../shared/scenarios/beer-game/index.ts");
    const sim = new Simulation(beerGame, { weeks: 6 }, 1);
    while (!sim.done) sim.advance({});
    const out = genericCli(beerGame).report(sim, { fit: false });
    const roles = out.json.roles as Record<
      string,
      { kpis: Record<string, number>; series: Record<string, number[]> }
    >;
    expect(roles.factory!.kpis.totalCost).toBe(sim.state.totalCost[3]);
    expect(roles.retailer!.series.orders).toEqual([4, 4, 4, 4, 4, 4]);
    expect(out.csv.rows).toHaveLength(6);
    expect(out.csv.headers).toContain("wholesaler_inventory");
    expect(out.metrics.team.teamCost).toBe(sim.state.totalCost.reduce((a, x) => a + x, 0));
  });

  it("runs every registered scenario from the command line", async () => {
    const { scenarios } = await import("../../shared/scenarios/index.ts");
    for (const id of Object.keys(scenarios)) {
      const r = sim("--scenario", id, "--format", "json");
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ scenario: id, seed: 1 });
    }
  });
});
