// Browser-test plumbing for the play tests: a real game server process on a free port with its own
// database, and Debian Chromium driven by playwright-core, one persistent context per player.

import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { SERVER_NODE_FLAGS } from "../../server/node-flags.ts";

export const ROOT = resolve(import.meta.dirname, "../..");
export const ARTIFACTS = join(ROOT, "artifacts");

/** Headless Debian Chromium on a closed network: no background traffic, identical renders. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--force-device-scale-factor=1",
  "--font-render-hinting=none",
];

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

export interface GameProcess {
  url: string;
  port: number;
  dir: string;
  proc: ChildProcess;
  log: string[];
  stop(): Promise<void>;
  /** SIGKILL: no goodbye to clients, nothing flushed beyond what was already durable. */
  kill(): Promise<void>;
}

/**
 * Starts `node server/main.ts` (the built client must exist in dist/client) on a free port, or on
 * `port` with the database in `dir` — how a crashed server is started again.
 */
export async function startGame(
  dir = mkdtempSync(join(tmpdir(), "pf-e2e-")),
  fixedPort?: number,
): Promise<GameProcess> {
  const port = fixedPort ?? (await freePort());
  const log: string[] = [];
  const proc = spawn(process.execPath, [...SERVER_NODE_FLAGS, "server/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", PF_SQLITE_FILE: join(dir, "rounds.db") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc.stdout?.on("data", (d) => log.push(String(d)));
  proc.stderr?.on("data", (d) => log.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`game server exited: ${log.join("")}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`game server did not start: ${log.join("")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    dir,
    proc,
    log,
    kill: () =>
      new Promise<void>((ok) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return ok();
        proc.once("exit", () => ok());
        proc.kill("SIGKILL");
      }),
    stop: () =>
      new Promise<void>((ok) => {
        if (proc.exitCode !== null) return ok();
        proc.once("exit", () => {
          rmSync(dir, { recursive: true, force: true });
          ok();
        });
        proc.kill("SIGTERM");
      }),
  };
}

export interface Player {
  name: string;
  context: BrowserContext;
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

/** One player: a fresh browser profile (its own localStorage, so its own seat token). */
export async function openPlayer(
  name: string,
  viewport: { width: number; height: number } = { width: 1280, height: 720 },
  touch = false,
): Promise<Player> {
  const dir = mkdtempSync(join(tmpdir(), "pf-chromium-"));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    viewport,
    hasTouch: touch,
    isMobile: false,
    args: CHROMIUM_ARGS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return {
    name,
    context,
    page,
    errors,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/** Whether the desk's board is drawn and no movement is playing (read through the test handle). */
export async function waitBoardSettled(page: Page, timeout = 20_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const app = (window as unknown as { __pf?: { desk?: { boardSettled: boolean } | null } }).__pf;
      return app?.desk?.boardSettled === true;
    },
    undefined,
    { timeout },
  );
}

/** The week the desk's pace indicator announces. */
export async function deskWeek(page: Page): Promise<number> {
  const text = (await page.locator(".pace-week").textContent()) ?? "";
  return Number(/\d+/.exec(text)?.[0] ?? Number.NaN);
}

/** Types an order into the Beer Game desk's form and sends it. */
export async function placeOrder(page: Page, value: number): Promise<void> {
  const input = page.getByRole("spinbutton", { name: /Order/ });
  await input.fill(String(value));
  await input.press("Enter");
}

/** Draws a hump on the debrief's sketch pad with the mouse; `height` is its share of the pad. */
export async function drawSketch(page: Page, height = 0.4): Promise<void> {
  const pad = page.locator(".sketch-pad");
  await pad.scrollIntoViewIfNeeded();
  const b = (await pad.boundingBox())!;
  await page.mouse.move(b.x + b.width * 0.08, b.y + b.height * 0.75);
  await page.mouse.down();
  for (let i = 0; i <= 12; i++) {
    const f = i / 12;
    await page.mouse.move(
      b.x + b.width * (0.08 + 0.9 * f),
      b.y + b.height * (0.75 - height * Math.sin(f * Math.PI)),
    );
  }
  await page.mouse.up();
}

/**
 * A game server for the test file, started before its tests; the players it opens (push them onto
 * `players`) are closed and the server stopped after them, then `after` runs.
 */
export function gameForFile(after?: () => void): { game: () => GameProcess; players: Player[] } {
  let game: GameProcess | undefined;
  const players: Player[] = [];
  beforeAll(async () => {
    game = await startGame();
  });
  afterAll(async () => {
    await Promise.all(players.map((p) => p.close()));
    await game?.stop();
    after?.();
  });
  return { game: () => game!, players };
}
