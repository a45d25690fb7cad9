// Replay figures for a 52-week Beer Game round: building the timeline (one checked re-simulation),
// seeking every desk's week cold and again, planning and building a branch at week 26, checking
// plus rebuilding an import of the export, and the replay page's cold load in headless Chromium
// (fresh profile, empty cache: from navigation to a timeline that answers its scrubber).

import type { Page } from "playwright-core";
import { planBranch } from "../shared/round/branch.ts";
import { checkExport } from "../shared/round/import-check.ts";
import { LocalRound } from "../shared/round/local.ts";
import { Round } from "../shared/round/round.ts";
import { Timeline } from "../shared/round/timeline.ts";
import { getScenario } from "../shared/scenarios/index.ts";
import { openPlayer, startGame } from "../tests/e2e/play-harness.ts";
import { buildClient, median } from "./client.ts";

const beer = getScenario("beer-game");

function recorded52() {
  const local = new LocalRound(beer, {
    code: "BENCH2",
    scenario: beer.id,
    version: beer.version,
    title: beer.title,
    options: { weeks: 52 },
    seed: 1,
    pace: { mode: "timed", secondsPerWeek: 1 },
    bots: {},
    graceSeconds: 20,
    hostTokenHash: "h",
    createdAt: 0,
  });
  local.send(local.host, { type: "start" });
  local.advanceClock(1000, 52);
  return local.recordOf();
}

const ms = (t0: number) => performance.now() - t0;
const fmt = (x: number) => `${x.toFixed(3)} ms`;

export async function run(): Promise<void> {
  const rec = recorded52();
  const reps = 20;
  let build = 0;
  let cold = 0;
  let warm = 0;
  let branch = 0;
  let imp = 0;
  const seeks = 53 * 4;
  for (let i = 0; i < reps; i++) {
    let t0 = performance.now();
    const tl = new Timeline(rec);
    build += ms(t0);
    t0 = performance.now();
    for (let w = 0; w <= 52; w++) tl.system((w * 31) % 53);
    cold += ms(t0) / seeks;
    t0 = performance.now();
    for (let w = 0; w <= 52; w++) tl.system(w);
    warm += ms(t0) / seeks;
    t0 = performance.now();
    const setup = planBranch(rec, 26, { retailer: "me" });
    new Round("b", beer, {
      ...setup.created,
      code: "B",
      pace: { mode: "lockstep", secondsPerWeek: 60 },
      graceSeconds: 20,
      hostTokenHash: "h",
    });
    branch += ms(t0);
    t0 = performance.now();
    checkExport(JSON.parse(JSON.stringify(rec)));
    imp += ms(t0);
  }
  console.log("replay (52-week Beer Game, mean of 20)");
  console.log(`  timeline build (re-simulate, hashes checked): ${fmt(build / reps)}`);
  console.log(`  seek one desk-week, cold: ${fmt(cold / reps)}; cached: ${fmt(warm / reps)}  (budget 5 ms)`);
  console.log(
    `  branch at week 26 (plan + rebuild weeks 1…26, checked): ${fmt(branch / reps)}  (budget 200 ms)`,
  );
  console.log(`  import check (parse + re-simulate 52 weeks): ${fmt(imp / reps)}  (budget 100 ms)`);
  await pageColdLoad(rec);
}

const COLD_LOADS = 5;

/** The replay page mounted its timeline (the round re-simulated) and shows its scrubber enabled. */
async function timelineInteractive(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const app = (window as unknown as { __pf?: { replayPage?: { week: number } | null } }).__pf;
      const scrubber = document.querySelector<HTMLInputElement>(".replay-clock input[type=range]");
      return app?.replayPage != null && scrubber !== null && !scrubber.disabled;
    },
    undefined,
    { timeout: 30_000, polling: "raf" },
  );
}

/**
 * The round, imported into a real server, opened by its replay link in a fresh Chromium profile each
 * time; timed from navigation until the timeline is interactive. A scrub to week 26 proves it is.
 */
async function pageColdLoad(rec: ReturnType<typeof recorded52>): Promise<void> {
  await buildClient();
  const game = await startGame();
  try {
    const res = await fetch(`${game.url}/api/rounds/import`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(rec),
    });
    if (!res.ok) throw new Error(`import refused: ${res.status} ${await res.text()}`);
    const { replayId } = (await res.json()) as { replayId: string };
    const times: number[] = [];
    for (let i = 0; i < COLD_LOADS; i++) {
      const p = await openPlayer("Bench", { width: 1440, height: 900 });
      try {
        const t0 = performance.now();
        await p.page.goto(`${game.url}/replay/${encodeURIComponent(replayId)}?test=1`);
        await timelineInteractive(p.page);
        times.push(performance.now() - t0);
        await p.page.locator(".replay-clock input[type=range]").fill("26");
        await p.page.waitForFunction(
          () => (window as unknown as { __pf: { replayPage: { week: number } } }).__pf.replayPage.week === 26,
        );
      } finally {
        await p.close();
      }
    }
    console.log(
      `  replay page cold load (fresh profile, navigation → interactive timeline): median ${median(times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms over ${COLD_LOADS}  (target ≤ 1500 ms)`,
    );
  } finally {
    await game.stop();
  }
}

if (import.meta.main) await run();
