// The SQLite log alone, as a busy server drives it: rounds × (four decisions and one week) a second,
// each append in its own turn of the event loop, the process pinned to one core (as the bench pins the
// server). Prints append → durable p50/p99/max (what a decision waits before it may be shown) and the
// process' CPU per round-second. Settings: PF_BENCH_STORAGE_ROUNDS (200,500), PF_BENCH_SECONDS (20).

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteStorage } from "../server/storage/sqlite.ts";
import { pinned } from "./pin.ts";
import { percentile } from "./server.ts";

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(2));

async function child(rounds: number, seconds: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "pf-bench-storage-"));
  const storage = new SqliteStorage(join(dir, "bench.db"));
  const ids: string[] = [];
  for (let i = 0; i < rounds; i++) {
    const id = `bench-${i}`;
    await storage.createRound(
      {
        id,
        code: `B${i}`,
        scenario: "beer-game",
        version: 1,
        title: "Bench",
        status: "play",
        week: 0,
        horizon: 36,
        cohort: null,
      },
      [{ type: "created", data: { seed: i } }],
    );
    ids.push(id);
  }
  const latencies: number[] = [];
  let measuring = false;
  let week = 0;
  const decision = (i: number) => ({ role: "retailer", week, decision: { order: 4 + (i % 9) } });
  // A week event carries about what the Beer Game's does: every role's decision and source.
  const weekEvent = () => ({ week, at: Date.now(), sources: { retailer: "human", wholesaler: "human" } });
  let stop = false;
  const each = (ms: number, f: () => void) => {
    const tick = () => {
      if (stop) return;
      f();
      setTimeout(tick, ms * (0.5 + Math.random()));
    };
    setTimeout(tick, Math.random() * ms);
  };
  const time = (p: Promise<void>) => {
    const t0 = performance.now();
    void p.then(() => {
      if (measuring) latencies.push(performance.now() - t0);
    });
  };
  // Each round: four decisions and one week a second, at random moments.
  for (const [i, id] of ids.entries()) {
    each(250, () => time(storage.append(id, [{ type: "decide", data: decision(i) }])));
    each(1000, () => time(storage.append(id, [{ type: "week", data: weekEvent() }], { week: ++week })));
  }
  await new Promise((r) => setTimeout(r, 3000));
  measuring = true;
  const cpu0 = process.cpuUsage();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu = process.cpuUsage(cpu0);
  measuring = false;
  stop = true;
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `  ${String(rounds).padStart(5)} rounds  append → durable p50 ${fmt(percentile(latencies, 50))} ms, p99 ${fmt(percentile(latencies, 99))} ms, max ${fmt(latencies.at(-1) ?? Number.NaN)} ms (${latencies.length} appends); CPU ${fmt(cpuMs / seconds / rounds)} ms per round-second (all threads)`,
  );
}

export async function run(): Promise<void> {
  const loads = (process.env.PF_BENCH_STORAGE_ROUNDS ?? "200,500").split(",").map(Number);
  const seconds = Number(process.env.PF_BENCH_SECONDS ?? 20);
  console.log(
    `\nstorage: SQLite log alone, rounds × (4 decisions + 1 week) a second, pinned to one core, ${seconds} s each`,
  );
  for (const rounds of loads) {
    const [cmd, args] = pinned(0, process.execPath, [
      import.meta.filename,
      "--child",
      String(rounds),
      String(seconds),
    ]);
    await new Promise<void>((resolve, reject) => {
      const p = spawn(cmd, args, { stdio: "inherit" });
      p.on("exit", (c) => (c === 0 ? resolve() : reject(new Error(`storage bench exited ${c}`))));
    });
  }
}

if (import.meta.main) {
  if (process.argv[2] === "--child") await child(Number(process.argv[3]), Number(process.argv[4]));
  else await run();
}
