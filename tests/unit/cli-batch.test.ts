// Replications and sweeps on the bare path and on worker threads: the same figures as the Simulation
// path, whatever the number of threads; the grid, its best point, hashes only when asked.

import { describe, expect, it } from "vitest";
import { main } from "../../cli/sim.ts";
import { summarize } from "../../shared/analytics/stats.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import { createBot, parsePolicy } from "../../shared/policies/index.ts";
import { beerGameCli } from "../../shared/scenarios/beer-game/cli.ts";
import { getScenario } from "../../shared/scenarios/index.ts";

async function sim(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t), errIsTTY: false });
  return { code, out, err };
}

const json = async (...argv: string[]) => {
  const r = await sim(...argv, "--format", "json");
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out);
};

/** The replication summary computed the old way: a Simulation per seed and the adapter's report. */
function slowSummary(policy: string, options: Record<string, unknown>, seed: number, n: number) {
  const costs: number[] = [];
  const amp: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = new Simulation(getScenario("beer-game"), options, seed + i);
    const choice = parsePolicy("beer-game", policy);
    s.playOut(Object.fromEntries(s.roles.map((r) => [r, createBot(choice, r)])));
    const m = beerGameCli.report(s, { fit: false, loops: false }).metrics;
    costs.push(m.team.totalCost!);
    amp.push(m.roles.factory!.amplification!);
  }
  return { totalCost: summarize(costs), factoryAmplification: summarize(amp) };
}

describe("replications on the bare path", () => {
  it("give the Simulation path's figures, on one thread and on two", async () => {
    const args = [
      "--demand",
      "normal:mean=8,sd=3",
      "--policy",
      "all=sterman:theta=0.5",
      "--seed",
      "40",
      "--replications",
      "30",
    ];
    const one = await json(...args, "--threads", "1");
    const two = await json(...args, "--threads", "2");
    expect(two).toEqual(one);
    const want = slowSummary("sterman:theta=0.5", { demand: { kind: "normal", mean: 8, sd: 3 } }, 40, 30);
    expect(one.totalCost).toEqual(want.totalCost);
    expect(one.roles.factory.amplification).toEqual(want.factoryAmplification);
  });

  it("report each run's last hash only when asked, equal to the Simulation's", async () => {
    const plain = await json("--replications", "3", "--seed", "9", "--demand", "normal:mean=8,sd=2");
    expect(plain.finalHashes).toBeUndefined();
    const hashed = await json(
      "--replications",
      "3",
      "--seed",
      "9",
      "--demand",
      "normal:mean=8,sd=2",
      "--hash",
      "--threads",
      "2",
    );
    const want = [9, 10, 11].map((seed) => {
      const s = new Simulation(
        getScenario("beer-game"),
        { demand: { kind: "normal", mean: 8, sd: 2 } },
        seed,
      );
      const choice = parsePolicy("beer-game", "sterman");
      s.playOut(Object.fromEntries(s.roles.map((r) => [r, createBot(choice, r)])));
      return s.hashes[s.week];
    });
    expect(hashed.finalHashes).toEqual(want);
    expect(hashed.hashFingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(hashed.totalCost).toEqual(plain.totalCost);
  });

  it("run a scenario without a bare runner through the Simulation, on worker threads too", async () => {
    const args = ["--scenario", "product-launch", "--replications", "4", "--seed", "3"];
    const one = await json(...args, "--threads", "1");
    const two = await json(...args, "--threads", "2");
    expect(two).toEqual(one);
    expect(one.team.profit.min).toBeLessThanOrEqual(one.team.profit.max);
  });

  it("prints a progress line and the rate on stderr", async () => {
    const r = await sim("--replications", "4000", "--threads", "2");
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/replications: 4000\/4000 in [\d.]+ s \([\d,]+ team-weeks\/s, 2 threads\)\n$/);
  });
});

describe("--sweep", () => {
  it("runs the grid, each point's replications equal to a run with those parameters, and names the best", async () => {
    const j = await json(
      "--sweep",
      "theta=0:1:0.5",
      "--sweep",
      "retailer.alpha=0.1:0.3:0.2",
      "--demand",
      "normal:mean=8,sd=2",
      "--replications",
      "4",
      "--threads",
      "2",
    );
    expect(j.sweep).toMatchObject({ keys: ["theta", "retailer.alpha"], points: 6, replications: 4 });
    expect(j.points.map((p: Record<string, number>) => [p.theta, p["retailer.alpha"]])).toEqual([
      [0, 0.1],
      [0, 0.3],
      [0.5, 0.1],
      [0.5, 0.3],
      [1, 0.1],
      [1, 0.3],
    ]);
    for (const p of [j.points[1], j.points[4]]) {
      const single = await json(
        "--policy",
        `all=sterman:theta=${p.theta}`,
        "--policy",
        `retailer=sterman:theta=${p.theta},alpha=${p["retailer.alpha"]}`,
        "--demand",
        "normal:mean=8,sd=2",
        "--replications",
        "4",
      );
      expect(p.totalCost).toEqual(single.totalCost);
    }
    const means = j.points.map((p: { totalCost: { mean: number } }) => p.totalCost.mean);
    expect(j.best.totalCost.mean).toBe(Math.min(...means));
    const r = await sim("--sweep", "theta=0:1:0.5", "--sweep", "retailer.alpha=0.1:0.3:0.2");
    expect(r.out).toMatch(/sweep of 6 points × 1 replications/);
    expect(r.out).toMatch(/Best \(lower totalCost is better\): theta=[\d.]+, retailer\.alpha=[\d.]+ → mean/);
  });

  it("ranks the product launch by profit, higher better", async () => {
    const j = await json("--scenario", "product-launch", "--sweep", "push=0:3:1.5", "--replications", "2");
    const profits = j.points.map((p: { profit: { mean: number } }) => p.profit.mean);
    expect(profits).toHaveLength(3);
    expect(j.best.profit.mean).toBe(Math.max(...profits));
    const r = await sim("--scenario", "product-launch", "--sweep", "push=0:3:1.5", "--replications", "2");
    expect(r.out).toMatch(/Best \(higher profit is better\): push=/);
  });

  it.each([
    [["--sweep", "theta"], /--sweep takes key=from:to:step/],
    [["--sweep", "theta=0:1:0"], /step must be above 0/],
    [["--sweep", "theta=1:0:0.1"], /to must not be below from/],
    [["--sweep", "gamma=0:1:0.5"], /has no parameter "gamma"/],
    [["--sweep", "shop.theta=0:1:0.5"], /unknown role "shop"/],
    [["--sweep", "theta=0:2:1"], /theta must be between 0 and 1/],
    [["--threads", "0", "--replications", "2"], /--threads must be a whole number from 1/],
  ])("refuses %j with one line and exit code 2", async (argv, message) => {
    const r = await sim(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split("\n")).toHaveLength(1);
  });
});
