// The core runs identically in Node and in the browser, bit for bit: rounds simulated here (every
// scenario, bots in every seat, scheduled and live-injected shocks, many seeds) re-simulate in
// Chromium with every week's hash equal, and the core's ln, exp, pow and cos give the same bits there.
// (Engines' own Math.log, Math.cos and ** differ in the last bit; a debrief re-simulates in the player's
// browser what the server recorded, so one differing bit is a debrief that cannot be shown.)

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { build } from "rolldown";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Simulation } from "../../shared/engine/simulation.ts";
import type { Decision, RoleId, RoundInputs } from "../../shared/engine/types.ts";
import { cosTurns, exp, ln, pow } from "../../shared/math/deterministic.ts";
import { scenarioModule, scenarios } from "../../shared/scenarios/index.ts";
import { CHROMIUM_ARGS, ROOT } from "./play-harness.ts";

const dir = mkdtempSync(join(tmpdir(), "pf-determinism-"));
let bundle = "";

beforeAll(async () => {
  // The same modules the client bundles, exposed to the page.
  const entry = join(dir, "entry.ts");
  writeFileSync(
    entry,
    [
      `import { Simulation } from ${JSON.stringify(join(ROOT, "shared/engine/simulation.ts"))};`,
      `import { getScenario } from ${JSON.stringify(join(ROOT, "shared/scenarios/index.ts"))};`,
      `import * as m from ${JSON.stringify(join(ROOT, "shared/math/deterministic.ts"))};`,
      "globalThis.core = { Simulation, getScenario, math: m };",
    ].join("\n"),
  );
  const out = await build({ input: entry, output: { format: "iife" }, write: false });
  bundle = out.output[0].code;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Recorded {
  inputs: RoundInputs;
  hashes: string[];
}

/** Rounds played by each scenario's bots, with each of its shocks injected live at a week open then. */
function recordedRounds(seeds: number): Recorded[] {
  const rounds: Recorded[] = [];
  for (const id of Object.keys(scenarios)) {
    const m = scenarioModule(id);
    const sc = m.scenario;
    const policies = Object.values(m.policies ?? {});
    const shockNames = [null, ...sc.shocks.map((s) => s.name)];
    // The Beer Game draws random numbers only for a noisy demand.
    const options = sc.id === "beer-game" ? { demand: { kind: "normal", mean: 8, sd: 3 } } : {};
    for (let seed = 1; seed <= seeds; seed++) {
      const shock = shockNames[seed % shockNames.length];
      const sim = new Simulation(sc, options, seed * 2654435761);
      const policy = policies[seed % Math.max(1, policies.length)];
      const bots = Object.fromEntries(sim.roles.map((r) => [r, policy?.create(r, {})] as const)) as Record<
        RoleId,
        ReturnType<NonNullable<typeof policy>["create"]> | undefined
      >;
      const injectAt = 1 + (seed % 4);
      while (!sim.done) {
        if (shock && sim.week + 1 === injectAt) sim.inject({ name: shock, week: injectAt });
        const d: Record<RoleId, Decision> = {};
        for (const r of sim.roles) {
          const bot = bots[r];
          if (bot) d[r] = bot.decide(sim.observe(r));
        }
        sim.advance(d);
      }
      rounds.push({ inputs: sim.inputs(), hashes: [...sim.hashes] });
    }
  }
  return rounds;
}

it("rounds recorded in Node re-simulate in Chromium with every week's hash equal", async () => {
  const rounds = recordedRounds(80);
  expect(new Set(rounds.map((r) => r.inputs.scenario)).size).toBe(Object.keys(scenarios).length);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ content: bundle });
    const diverged = await page.evaluate((recs) => {
      // biome-ignore lint/suspicious/noExplicitAny: the bundle's global, untyped in the page
      const core = (globalThis as any).core;
      const bad: string[] = [];
      for (const r of recs) {
        try {
          core.Simulation.replay(core.getScenario(r.inputs.scenario), r.inputs, r.hashes);
        } catch (e) {
          bad.push(`${r.inputs.scenario} seed ${r.inputs.seed}: ${(e as Error).message}`);
        }
      }
      return bad;
    }, rounds);
    expect(diverged).toEqual([]);

    // The functions themselves, on the inputs a round feeds them and far beyond.
    const inputs = Array.from({ length: 50_000 }, (_, i) => {
      const u = ((i * 2654435761) >>> 0) / 2 ** 32;
      return [u, u * 3, (u - 0.5) * 1400, u * 4 - 2] as const;
    });
    const here = inputs.map(([u, x, big, y]) => [ln(u || 1), cosTurns(u), exp(big), pow(x, y)]);
    const there = await page.evaluate((xs) => {
      // biome-ignore lint/suspicious/noExplicitAny: the bundle's global, untyped in the page
      const m = (globalThis as any).core.math;
      return xs.map(([u, x, big, y]) => [m.ln(u || 1), m.cosTurns(u), m.exp(big), m.pow(x, y)]);
    }, inputs);
    const differing = here.flatMap((row, i) =>
      row.some((v, k) => !Object.is(v, there[i]![k])) ? [inputs[i]] : [],
    );
    expect(differing).toEqual([]);
  } finally {
    await browser.close();
  }
});
