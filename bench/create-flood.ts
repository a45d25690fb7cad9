// A stranger floods the server with room creates. The first few are accepted (the per-address
// budget); every other one is refused at the door, before its body is read, so the server's memory
// stays flat: we print the RSS growth per 1,000 refused creates (target: about zero).
//
// PF_BENCH_FLOOD=5000 npm run bench: the number of refused creates to send (default 3000).

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
    const statuses: number[] = [];
    for (let i = 0; i < BUDGET; i++) statuses.push(await create());
    // Warm-up: the first refusals bring in whatever code and buffers refusing needs.
    const flood = async (n: number) => {
      for (let i = 0; i < n; i += 50) {
        const batch = await Promise.all(Array.from({ length: Math.min(50, n - i) }, create));
        statuses.push(...batch);
      }
    };
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
    console.log(`RSS growth per 1,000 refused creates: ${(perThousand / 1024).toFixed(1)} KB`);
  } finally {
    proc.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}
