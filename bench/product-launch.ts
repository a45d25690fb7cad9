// Product-launch figures: the model's own step with bots (no Simulation; the bare runner's figure is
// in bench/engine.ts), whole 40-week rounds with bots through the Simulation runner (validation and
// hashing included), and the 2 × 100-seed calibration.

import { createRng, seedRng } from "../shared/engine/rng.ts";
import type { Decision } from "../shared/engine/types.ts";
import { productLaunch } from "../shared/scenarios/product-launch/index.ts";
import { departmental } from "../shared/scenarios/product-launch/policies/index.ts";
import { roleIds } from "../shared/scenarios/product-launch/roles.ts";
import { runWithBots, summarize } from "../shared/scenarios/product-launch/run.ts";

const options = productLaunch.parseOptions({});
const defaults = (spec: { params: Record<string, { default: number }> }) =>
  Object.fromEntries(Object.entries(spec.params).map(([k, p]) => [k, p.default]));

function modelRound(seed: number): number {
  const rng = createRng(seedRng(seed));
  const bots = roleIds.map((r) => departmental.create(r, defaults(departmental)));
  let s = productLaunch.init(options, rng);
  for (let week = 1; week <= options.weeks; week++) {
    const d: Record<string, Decision> = {};
    roleIds.forEach((r, i) => {
      d[r] = bots[i]!.decide(productLaunch.observe(s, r, options));
    });
    s = productLaunch.step(s, d, { week, options, rng });
  }
  return s.profit;
}

function time(n: number, f: (i: number) => unknown): number {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f(i);
  return (performance.now() - t0) / 1000;
}

export async function run(): Promise<void> {
  time(50, modelRound);
  const model = time(2000, modelRound);
  const full = time(500, (i) => runWithBots({ seed: i + 1, policy: "departmental" }));
  const calibration = time(1, () => {
    for (const policy of ["departmental", "systemic"]) {
      for (let seed = 1; seed <= 100; seed++) summarize(runWithBots({ seed, policy }));
    }
  });
  console.log("product-launch");
  console.log(`  model step with departmental bots: ${Math.round((2000 * options.weeks) / model)} weeks/s`);
  console.log(
    `  40-week round via Simulation (checks, hashes): ${((full / 500) * 1000).toFixed(2)} ms → ${Math.round(500 / full)} rounds/s`,
  );
  console.log(`  calibration, 2 policies × 100 seeds with summaries: ${(calibration * 1000).toFixed(0)} ms`);
}

if (import.meta.main) await run();
