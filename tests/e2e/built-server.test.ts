// `npm start` runs the compiled server (dist/node, from `npm run build`), not the TypeScript sources:
// a process without the type stripper in it, nor in its SQLite writer thread. This proves that build
// serves the client, records to SQLite through its writer thread, and plays.

import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Client } from "@colyseus/sdk";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SERVER_NODE_FLAGS } from "../../server/node-flags.ts";
import { freePort, waitFor } from "../support/processes.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const ENTRY = join(ROOT, "dist/node/server/main.js");
let proc: ChildProcess;
let url: string;
let log = "";

beforeAll(async () => {
  expect(existsSync(ENTRY), "npm run build compiles the server into dist/node").toBe(true);
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  proc = spawn(process.execPath, [...SERVER_NODE_FLAGS, ENTRY], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      PF_SQLITE_FILE: join(mkdtempSync(join(tmpdir(), "pf-built-")), "rounds.db"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc.stdout?.on("data", (d) => {
    log += d;
  });
  proc.stderr?.on("data", (d) => {
    log += d;
  });
  // A server that exits ends the wait at once (waitFor would take a thrown error for "not yet").
  await waitFor(
    async () => proc.exitCode !== null || (await fetch(`${url}/api/ready`).catch(() => null))?.status === 200,
    "the built server becomes ready",
    60_000,
  );
  if (proc.exitCode !== null) throw new Error(`the built server exited: ${log}`);
});

afterAll(() => {
  proc?.kill("SIGKILL");
});

it("serves the built client and records a decided week through its writer thread", async () => {
  const page = await (await fetch(`${url}/`)).text();
  expect(page).toMatch(/<script type="module"[^>]*src="\/assets\//);

  const host = await new Client(url).create("team", {
    scenario: "beer-game",
    options: { weeks: 6, warmupWeeks: 0 },
    pace: { mode: "lockstep" },
    name: "Ann",
    role: "retailer",
    acks: true,
  });
  const welcome = await new Promise<{ hostToken: string; code: string }>((ok) =>
    host.onMessage("welcome", ok),
  );
  const accepted = new Promise<{ week: number }>((ok) => host.onMessage("accepted", ok));
  host.onMessage("*", () => {});
  host.send("host", { hostToken: welcome.hostToken, action: "start" });
  await waitFor(() => (host.state as { phase?: string }).phase === "play", "the round starts");
  host.send("decide", { week: 1, decision: { order: 7 } });
  // Acknowledged only once the event is durable in SQLite (the writer thread runs compiled too).
  expect((await accepted).week).toBe(1);
  await waitFor(() => (host.state as { week?: number }).week === 1, "week 1 closes");
  await host.leave();
  expect(log).not.toMatch(/"level":(50|60)/);
});
