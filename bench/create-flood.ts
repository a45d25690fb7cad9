// A stranger floods the server with room creates. The first few are accepted (the per-address
// budget); every other one is refused at the door, before its body is read, so the server's memory
// stays flat: we print the RSS growth per 1,000 refused creates (target: about zero).
//
// The server's RSS includes garbage V8 has not collected yet, so a second run with the server in
// this process collects it and reports what the refusals really keep (the heap after a full GC).
//
// PF_BENCH_FLOOD=5000 npm run bench: the number of refused creates to send (default 3000).

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { startGameServer } from "../server/app.ts";
import { MemoryStorage } from "../server/storage/memory.ts";
import { rssBytes, startServer } from "./server.ts";

const BUDGET = 5;

export async function run(): Promise<void> {
  const refusals = Number(process.env.PF_BENCH_FLOOD ?? 3000);
  const dir = mkdtempSync(join(tmpdir(), "pf-flood-"));
  const { proc, port } = await startServer(dir, {
    PF_STORAGE: "memory",
    PF_CREATES_PER_MINUTE: String(BUDGET),
  });
  try {
    const statuses: number[] = [];
    const flood = flooder(port, statuses);
    await flood(BUDGET, 1);
    // Warm-up: the first refusals bring in whatever code and buffers refusing needs.
    await flood(500);
    const before = rssBytes(proc.pid!);
    const t0 = performance.now();
    await flood(refusals);
    const ms = performance.now() - t0;
    const after = rssBytes(proc.pid!);
    const accepted = statuses.filter((s) => s === 200).length;
    const refused = statuses.filter((s) => s === 429).length;
    const perThousand = ((after - before) / refusals) * 1000;
    console.log("\n== create flood (one address, budget %d a minute)", BUDGET);
    console.log(
      `creates sent           ${statuses.length} (${accepted} accepted, ${refused} refused with 429)`,
    );
    console.log(`refusal rate           ${Math.round((refusals / ms) * 1000)} /s`);
    console.log(
      `server RSS             ${(before / 2 ** 20).toFixed(1)} MB → ${(after / 2 ** 20).toFixed(1)} MB`,
    );
    console.log(
      `RSS growth per 1,000 refused creates: ${(perThousand / 1024).toFixed(1)} KB (uncollected garbage included)`,
    );
  } finally {
    proc.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
  await retainedInProcess(refusals);
}

/** Sends `n` creates, `parallel` at a time, and keeps their statuses. */
function flooder(port: number, statuses: number[]) {
  const body = JSON.stringify({ scenario: "beer-game", name: "Flood", options: { weeks: 36 } });
  const create = () =>
    fetch(`http://127.0.0.1:${port}/matchmake/create/team`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    }).then(async (r) => {
      await r.arrayBuffer();
      return r.status;
    });
  return async (n: number, parallel = 50) => {
    for (let i = 0; i < n; i += parallel) {
      statuses.push(...(await Promise.all(Array.from({ length: Math.min(parallel, n - i) }, create))));
    }
  };
}

async function retainedInProcess(refusals: number): Promise<void> {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const game = await startGameServer({
    port: 0,
    host: "127.0.0.1",
    storage: new MemoryStorage(),
    staticDir: null,
    log: () => {},
    limits: { createsPerMinutePerIp: BUDGET },
  });
  try {
    const statuses: number[] = [];
    const flood = flooder(game.port, statuses);
    await flood(BUDGET + 500);
    gc();
    const before = process.memoryUsage();
    await flood(refusals);
    gc();
    const after = process.memoryUsage();
    const kb = (bytes: number) => ((bytes / refusals) * 1000) / 1024;
    console.log(
      `kept after a full GC per 1,000 refused creates: heap ${kb(after.heapUsed - before.heapUsed).toFixed(1)} KB, ` +
        `RSS ${kb(after.rss - before.rss).toFixed(1)} KB (server and clients in one process)`,
    );
  } finally {
    await game.close();
  }
}
