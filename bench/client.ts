// Client figures: initial JS (what the landing page loads) and the desk's JS, gzip-compressed; time to
// an interactive desk in headless Chromium against a real server — from Start, and a player's cold
// load of their link mid-round (fresh browser profile, empty cache, seat token in the browser).

import { existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { build } from "vite";
import { openPlayer, startGame, waitBoardSettled } from "../tests/e2e/play-harness.ts";

const COLD_LOADS = 5;

/** Collects every JS response body a page loads, gzipped as a server would send it. */
function trackJs(page: Page): { gzipBytes(): number; rawBytes(): number; files(): number } {
  const seen = new Map<string, { raw: number; gz: number }>();
  page.on("response", async (res) => {
    const url = res.url();
    if (!url.endsWith(".js") || seen.has(url)) return;
    try {
      const body = await res.body();
      seen.set(url, { raw: body.length, gz: gzipSync(body).length });
    } catch {
      // navigated away before the body was read; the next load reads it again
    }
  });
  const sum = (k: "raw" | "gz") => [...seen.values()].reduce((a, x) => a + x[k], 0);
  return { gzipBytes: () => sum("gz"), rawBytes: () => sum("raw"), files: () => seen.size };
}

async function deskInteractive(page: Page): Promise<void> {
  await page.getByRole("spinbutton", { name: /Order/ }).waitFor({ state: "visible", timeout: 30_000 });
  await page.waitForFunction(
    () => !(document.querySelector("form.decision input") as HTMLInputElement)?.disabled,
  );
  await waitBoardSettled(page, 30_000);
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Builds the client into dist/client, as the game server serves it. */
export async function buildClient(): Promise<void> {
  await build({ logLevel: "silent", configFile: new URL("../vite.config.ts", import.meta.url).pathname });
}

export async function run(): Promise<void> {
  console.log("\n## client");
  const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";
  if (!existsSync(chromium)) {
    console.log(
      `(no Chromium at ${chromium}: the client's figures are not measured; apt-get install chromium)`,
    );
    return;
  }
  await buildClient();
  const game = await startGame();
  let host: Awaited<ReturnType<typeof openPlayer>> | undefined;
  try {
    host = await openPlayer("Bench");
    const page = host.page;
    const js = trackJs(page);
    const t0 = performance.now();
    await page.goto(`${game.url}/?test=1`);
    await page.locator("#create-name").waitFor();
    await page.waitForLoadState("networkidle");
    const landingMs = performance.now() - t0;
    const initialGz = js.gzipBytes();
    const initialFiles = js.files();
    console.log(`initial JS (landing): ${kb(initialGz)} gzip in ${initialFiles} files (target ≤ 420 KB)`);
    console.log(`landing interactive: ${landingMs.toFixed(0)} ms`);

    await page.locator("#create-name").fill("Bench");
    await page.getByRole("button", { name: "Create the round" }).click();
    await page.getByRole("button", { name: "Start the round" }).click();
    const t1 = performance.now();
    await deskInteractive(page);
    const startMs = performance.now() - t1;
    await page.waitForLoadState("networkidle");
    console.log(
      `desk JS (landing + Phaser + board + charts): ${kb(js.gzipBytes())} gzip in ${js.files()} files`,
    );
    console.log(`Start → interactive desk (desk chunks fetched in the lobby): ${startMs.toFixed(0)} ms`);

    // A player opening their link mid-round in a fresh profile: nothing cached, the seat token set.
    const code = new URL(page.url()).searchParams.get("join")!;
    const storage = await page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
    await host.close();
    const times: number[] = [];
    for (let i = 0; i < COLD_LOADS; i++) {
      const p = await openPlayer("Bench");
      await p.context.addInitScript((s: Record<string, string>) => {
        for (const [k, v] of Object.entries(s)) localStorage.setItem(k, v);
      }, storage);
      const t = performance.now();
      await p.page.goto(`${game.url}/?join=${code}&test=1`);
      await deskInteractive(p.page);
      times.push(performance.now() - t);
      await p.close();
    }
    console.log(
      `cold load of a seat's link → interactive desk: median ${median(times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms over ${COLD_LOADS} (target ≤ 2000 ms)`,
    );
  } finally {
    await host?.close().catch(() => {});
    await game.stop();
  }
}

if (import.meta.main) await run();
