// Replications and sweeps on the bare path and on worker threads: the same figures as the Simulation
// path, whatever the number of threads; the grid, its best point, hashes only when asked.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type BatchSpec,
  type ChunkQueue,
  type ChunkResult,
  runBatchHere,
  startWorker,
  taskCount,
  type WorkerData,
} from "../../cli/batch.ts";
import { main } from "../../cli/sim.ts";
import { summarize } from "../../shared/analytics/stats.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import { createBot, parsePolicy } from "../../shared/policies/index.ts";
import { beerGameCli } from "../../shared/scenarios/beer-game/cli.ts";
import { findScenarioModule, getScenario } from "../../shared/scenarios/index.ts";
import { productLaunchCli } from "../../shared/scenarios/product-launch/cli.ts";

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

  it("give the product launch's Simulation figures on its bare runner, hashes too, on one thread and on two", async () => {
    const args = [
      "--scenario",
      "product-launch",
      "--policy",
      "sales=systemic",
      "--policy",
      "purchasing=departmental:supplyLineWeight=0.8",
      "--replications",
      "6",
      "--seed",
      "3",
      "--hash",
    ];
    const one = await json(...args, "--threads", "1");
    const two = await json(...args, "--threads", "2");
    expect(two).toEqual(one);
    // Each run's figures by "team.KEY" or "ROLE.KEY".
    const runs: Record<string, number>[] = [];
    const hashes: string[] = [];
    for (let seed = 3; seed < 9; seed++) {
      const s = new Simulation(getScenario("product-launch"), {}, seed);
      const choice = (r: string) =>
        parsePolicy(
          "product-launch",
          r === "sales"
            ? "systemic"
            : r === "purchasing"
              ? "departmental:supplyLineWeight=0.8"
              : "departmental",
        );
      s.playOut(Object.fromEntries(s.roles.map((r) => [r, createBot(choice(r), r)])));
      const m = productLaunchCli.report(s, { fit: false, loops: false }).metrics;
      const flat: Record<string, number> = {};
      for (const [k, v] of Object.entries(m.team)) flat[`team.${k}`] = v ?? Number.NaN;
      for (const [role, x] of Object.entries(m.roles))
        for (const [k, v] of Object.entries(x)) flat[`${role}.${k}`] = v ?? Number.NaN;
      runs.push(flat);
      hashes.push(s.hashes[s.week]!);
    }
    const keys = Object.keys(runs[0]!);
    expect(keys.filter((k) => k.startsWith("team.")).map((k) => k.slice(5))).toEqual(Object.keys(one.team));
    for (const key of keys) {
      const [where, k] = key.split(".") as [string, string];
      const got = where === "team" ? one.team[k] : one.roles[where][k];
      expect(got, key).toEqual(summarize(runs.map((r) => r[key]!).filter(Number.isFinite)));
    }
    expect(one.finalHashes).toEqual(hashes);
    // …and the bare runner takes these bots, so this is its path (its figures equal the Simulation's
    // by construction, so they cannot tell the two apart: tests/unit/product-launch-bare.test.ts does).
    const scenario = getScenario("product-launch");
    const choices = Object.fromEntries(
      scenario.roles.map((r) => [
        r.id,
        parsePolicy("product-launch", r.id === "sales" ? "systemic" : "departmental"),
      ]),
    );
    expect(
      findScenarioModule("product-launch")!.bare!.prepare(scenario.parseOptions({}), choices, []),
    ).not.toBeNull();
  });

  it("run decisions written down in advance through the Simulation, on worker threads too", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pf-batch-"));
    const file = join(dir, "decisions.json");
    writeFileSync(file, JSON.stringify({ sales: { "3": { promotion: 10 } } }));
    const args = ["--scenario", "product-launch", "--decisions", file, "--replications", "4", "--seed", "3"];
    const one = await json(...args, "--threads", "1");
    const two = await json(...args, "--threads", "2");
    expect(two).toEqual(one);
    const plain = await json("--scenario", "product-launch", "--replications", "4", "--seed", "3");
    expect(one.roles.sales.bookings).not.toEqual(plain.roles.sales.bookings);
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints a progress line and the rate on stderr", async () => {
    const r = await sim("--replications", "4000", "--threads", "2");
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/replications: 4000\/4000 in [\d.]+ s \([\d,]+ team-weeks\/s, 2 threads\)\n$/);
  });
});

/**
 * A worker thread alone on a batch's queue (the main thread takes no chunk): what it writes into the
 * shared table and reports back. On the command line this thread takes chunks too, and may finish a
 * small batch before a worker has loaded.
 */
async function onOneWorker(spec: BatchSpec, metrics: WorkerData["metrics"], chunk: number) {
  const total = taskCount(spec);
  const values = new Float64Array(new SharedArrayBuffer(total * metrics.length * 8));
  const queue: ChunkQueue = { next: new Int32Array(new SharedArrayBuffer(4)), total, chunk };
  const worker = startWorker({ spec, metrics, values, queue });
  const reports: ChunkResult[] = [];
  worker.on("message", (r: ChunkResult) => reports.push(r));
  const exit = new Promise<number>((resolve) => worker.on("exit", resolve));
  // It ends by itself once the queue is empty.
  expect(await exit).toBe(0);
  const hashes: string[] = [];
  for (const r of reports) for (const [i, h] of (r.hashes ?? []).entries()) hashes[r.from + i] = h;
  return { values, reports, hashes };
}

describe("a worker thread", () => {
  const beerGame = getScenario("beer-game");
  const batch = (policy: string, more: Partial<BatchSpec>): BatchSpec => ({
    scenario: "beer-game",
    options: beerGame.parseOptions({ demand: { kind: "normal", mean: 8, sd: 3 } }),
    points: [Object.fromEntries(beerGame.roles.map((r) => [r.id, policy]))],
    shocks: [],
    script: {},
    seed: 7,
    replications: 23,
    hash: true,
    ...more,
  });

  it("takes every chunk of the queue and writes the rows and hashes this thread writes", async () => {
    const spec = batch("sterman:theta=0.5", {});
    const here = runBatchHere(spec);
    const there = await onOneWorker(spec, here.metrics, 5);
    expect(there.reports.map((r) => [r.from, r.to])).toEqual([
      [0, 5],
      [5, 10],
      [10, 15],
      [15, 20],
      [20, 23],
    ]);
    expect(there.reports.reduce((w, r) => w + r.weeks, 0)).toBe(here.weeks);
    expect([...there.values]).toEqual([...here.values]);
    expect(there.hashes).toEqual(here.hashes);
  });

  it("runs the Simulation path the same way (decisions written down in advance)", async () => {
    const spec = batch("sterman", { script: { factory: { 3: { order: 20 } } }, replications: 3 });
    const here = runBatchHere(spec);
    const there = await onOneWorker(spec, here.metrics, 2);
    expect([...there.values]).toEqual([...here.values]);
    expect(there.hashes).toEqual(here.hashes);
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
