// Server figures with real WebSocket clients (the official SDK): rooms × 4 players in continuous pace
// at 1 week/s. Each player decides once a week at a random moment; we measure the time from sending
// the decision to the patch that shows it, the bytes each client receives per simulated week, and the
// server process' CPU and memory per room (read from /proc).
//
// Short by default. Full size: PF_BENCH_ROOMS=1000 PF_BENCH_SECONDS=60 npm run bench

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { Client, type Room } from "@colyseus/sdk";

const ROLES = ["retailer", "wholesaler", "distributor", "factory"];

interface Bytes {
  bytes: number;
  /** Of which state patches. */
  patchBytes: number;
  frames: number;
  weeksSeen: number;
}

interface Stats {
  latencies: number[];
  /** Colyseus ping round trips (no game logic on the way), for comparison. */
  pings: number[];
  /** Clients that ask for `accepted` messages, and clients that read their state (as the browser does). */
  withAcks: Bytes;
  withoutAcks: Bytes;
  weeksSeen: number;
  errors: number;
  errorCodes: Record<string, number>;
}

function clockTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime, in clock ticks (100 per second on Linux).
  return Number(fields[11]) + Number(fields[12]);
}

/** Machine-wide jiffies: [busy, steal, total]. Steal is time the hypervisor gave our vCPUs to others. */
function machineTicks(): [number, number, number] {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return [total - (f[3] ?? 0) - (f[4] ?? 0), f[7] ?? 0, total];
}

export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function startServer(
  dir: string,
  env: Record<string, string> = {},
): Promise<{ proc: ChildProcess; port: number }> {
  const prof = process.env.PF_BENCH_PROFILE
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.PF_BENCH_PROFILE}`]
    : [];
  const proc = spawn(process.execPath, [...prof, join(import.meta.dirname, "../server/main.ts")], {
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      PF_RESTORE: "0",
      PF_STATIC_DIR: "/nonexistent",
      PF_SQLITE_FILE: process.env.PF_BENCH_DB ?? join(dir, "bench.db"),
      ...env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  const port = await new Promise<number>((resolve, reject) => {
    proc.stdout!.on("data", (d) => {
      out += d;
      if (process.env.PF_LOOP_STATS) process.stdout.write(String(d));
      const m = /listening on http:\/\/localhost:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    proc.on("exit", (c) => reject(new Error(`bench server exited (${c}): ${out}`)));
  });
  return { proc, port };
}

/** One player: decides once per week at a random moment, timing decision → patch. */
function drive(room: Room, role: string, stats: Stats, acks: boolean, measuring: () => boolean): void {
  const group = acks ? stats.withAcks : stats.withoutAcks;
  // biome-ignore lint/suspicious/noExplicitAny: the SDK's transport events are internal
  const events = (room.connection as any).events as { onmessage: (ev: MessageEvent) => void };
  const orig = events.onmessage;
  events.onmessage = (ev: MessageEvent) => {
    if (measuring()) {
      const b = new Uint8Array(ev.data as ArrayBuffer);
      group.bytes += b.byteLength;
      if (b[0] === 15) group.patchBytes += b.byteLength;
      group.frames++;
    }
    orig(ev);
  };
  room.onMessage("*", (type, payload) => {
    if (type === "error" && measuring()) {
      stats.errors++;
      const code = (payload as { code?: string }).code ?? "?";
      stats.errorCodes[code] = (stats.errorCodes[code] ?? 0) + 1;
    }
  });
  let lastWeek = -1;
  let pending: { value: number; t0: number } | null = null;
  let timer: NodeJS.Timeout | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: reflected state
  room.onStateChange((state: any) => {
    const mine = state.roles?.get(role);
    if (pending && mine && mine.decision.get("order") === pending.value) {
      if (measuring()) stats.latencies.push(performance.now() - pending.t0);
      pending = null;
    }
    if (state.phase !== "play" || state.week === lastWeek) return;
    lastWeek = state.week;
    if (measuring()) {
      stats.weeksSeen++;
      group.weeksSeen++;
    }
    const week = state.week + 1;
    const value = 1 + ((week * 7 + ROLES.indexOf(role)) % 30);
    clearTimeout(timer);
    timer = setTimeout(
      () => {
        pending = { value, t0: performance.now() };
        room.send("decide", { week, decision: { order: value } });
      },
      100 + Math.random() * 600,
    );
  });
  // One client in twenty also pings, to tell transport delays from the room's own.
  const pinger =
    Math.random() < 0.05
      ? setInterval(() => {
          if (measuring()) room.ping((ms) => stats.pings.push(ms));
        }, 500)
      : undefined;
  room.onLeave(() => {
    clearTimeout(timer);
    clearInterval(pinger);
  });
}

export async function run(): Promise<void> {
  const rooms = Number(process.env.PF_BENCH_ROOMS ?? 100);
  const seconds = Number(process.env.PF_BENCH_SECONDS ?? 20);
  const warmup = Number(process.env.PF_BENCH_WARMUP ?? 5);
  // A client may ask for `accepted` acknowledgements or read acceptance from its state, as the browser
  // does. Half the rooms do each (PF_BENCH_ACKS=1 or 0: all rooms one way).
  const acksFor = (i: number) =>
    process.env.PF_BENCH_ACKS === "1" ? true : process.env.PF_BENCH_ACKS === "0" ? false : i % 2 === 0;
  const dir = mkdtempSync(join(tmpdir(), "pf-bench-"));
  const { proc, port } = await startServer(dir);
  // However this process ends, the server (and its rooms full of bots) must not outlive it.
  const killServer = () => proc.kill("SIGKILL");
  process.once("exit", killServer);
  const onSignal = (signal: NodeJS.Signals) => {
    killServer();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const url = `ws://127.0.0.1:${port}`;
  const pid = proc.pid!;
  const bytes = (): Bytes => ({ bytes: 0, patchBytes: 0, frames: 0, weeksSeen: 0 });
  const stats: Stats = {
    latencies: [],
    pings: [],
    withAcks: bytes(),
    withoutAcks: bytes(),
    weeksSeen: 0,
    errors: 0,
    errorCodes: {},
  };
  let measuring = false;
  const isMeasuring = () => measuring;
  const all: Room[] = [];
  try {
    await new Promise((r) => setTimeout(r, 500));
    const rssBase = rssBytes(pid);
    const t0 = performance.now();
    // A join can fail while the machine is saturated (seat reservations expire); try again.
    const retry = async <T>(f: () => Promise<T>): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await f();
        } catch (e) {
          if (attempt >= 5) throw e;
          await new Promise((r) => setTimeout(r, 200 * attempt));
        }
      }
    };
    const createOne = async (index: number) => {
      const acks = acksFor(index);
      const client = new Client(url);
      const host = await retry(() =>
        client.create("team", {
          scenario: "beer-game",
          options: { weeks: 520, warmupWeeks: 0 },
          pace: { mode: "continuous", secondsPerWeek: 1 },
          name: "p0",
          role: ROLES[0],
          acks,
        }),
      );
      host.onMessage("history", () => {});
      const welcome = await new Promise<{ hostToken: string; code: string }>((resolve) =>
        host.onMessage("welcome", resolve),
      );
      const team = [host];
      for (const [i, role] of ROLES.slice(1).entries()) {
        const r = await retry(() =>
          new Client(url).joinById(welcome.code, { name: `p${i + 1}`, role, acks }),
        );
        // A seat's greeting (its tokens and its history so far) is not part of the measurement.
        r.onMessage("welcome", () => {});
        r.onMessage("history", () => {});
        team.push(r);
      }
      team.forEach((r, i) => {
        drive(r, ROLES[i]!, stats, acks, isMeasuring);
      });
      all.push(...team);
      host.send("host", { hostToken: welcome.hostToken, action: "start" });
    };
    const concurrency = 8;
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < rooms) {
          await createOne(next++);
        }
      }),
    );
    const setupSeconds = (performance.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, warmup * 1000));
    const rssLoaded = rssBytes(pid);
    const { monitorEventLoopDelay } = await import("node:perf_hooks");
    const lag = monitorEventLoopDelay({ resolution: 5 });
    lag.enable();
    const selfCpu0 = process.cpuUsage();
    const cpu0 = clockTicks(pid);
    const machine0 = machineTicks();
    const m0 = performance.now();
    const load0 = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
    measuring = true;
    await new Promise((r) => setTimeout(r, seconds * 1000));
    measuring = false;
    const elapsed = (performance.now() - m0) / 1000;
    const cpuSeconds = (clockTicks(pid) - cpu0) / 100;
    const machine1 = machineTicks();
    lag.disable();
    const selfCpu = process.cpuUsage(selfCpu0);
    const clientCpuSeconds = (selfCpu.user + selfCpu.system) / 1e6;
    const rssEnd = rssBytes(pid);
    const lat = [...stats.latencies].sort((a, b) => a - b);
    const clients = rooms * 4;
    const weeksPerClient = stats.weeksSeen / clients;
    const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");
    console.log(
      `\nserver: ${rooms} rooms × 4 SDK clients, continuous pace at 1 week/s, ${f(elapsed, 0)} s measured`,
    );
    console.log(`  set-up                      ${f(setupSeconds)} s for ${clients} joins`);
    console.log(
      `  decision → patch latency    p50 ${f(percentile(lat, 50))} ms, p90 ${f(percentile(lat, 90))} ms, p99 ${f(percentile(lat, 99))} ms, max ${f(lat.at(-1) ?? Number.NaN)} ms (${lat.length} decisions)`,
    );
    const pings = [...stats.pings].sort((a, b) => a - b);
    console.log(
      `  ping round trip             p50 ${f(percentile(pings, 50))} ms, p99 ${f(percentile(pings, 99))} ms, max ${f(pings.at(-1) ?? Number.NaN)} ms (${pings.length} pings: the transport alone)`,
    );
    const perWeek = (label: string, g: Bytes) => {
      const w = g.weeksSeen;
      if (w === 0) return;
      console.log(
        `  bytes per client per week   ${f(g.bytes / w)} payload, ${f((g.bytes + 2 * g.frames) / w)} with WebSocket framing, ${label} (${f(g.frames / w)} frames; state patches ${f(g.patchBytes / w)}, messages ${f((g.bytes - g.patchBytes) / w)})`,
      );
    };
    perWeek("acks on ", stats.withAcks);
    perWeek("acks off", stats.withoutAcks);
    console.log(
      `  weeks simulated per client  ${f(weeksPerClient)} in ${f(elapsed, 0)} s (target ${f(elapsed, 0)})`,
    );
    console.log(
      `  server CPU                  ${f((cpuSeconds / elapsed) * 100)}% of one core in total, ${f(((cpuSeconds / elapsed) * 1000) / rooms, 2)} ms per room per second`,
    );
    console.log(
      `  server memory               RSS ${f(rssEnd / 2 ** 20, 0)} MB; ${f((rssLoaded - rssBase) / rooms / 1024, 0)} KB per room (with 4 clients)`,
    );
    console.log(
      `  load-generating clients     ${f((clientCpuSeconds / elapsed) * 100)}% of one core; their event-loop delay p99 ${f(lag.percentile(99) / 1e6)} ms, max ${f(lag.max / 1e6)} ms (adds to the latency above)`,
    );
    if (stats.errors)
      console.log(
        `  errors received             ${stats.errors} (${Object.entries(stats.errorCodes)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")}; week_closed: the decision arrived after its week closed)`,
      );
    const load1 = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
    const span = machine1[2] - machine0[2];
    console.log(
      `  machine CPU                 ${f(((machine1[0] - machine0[0]) / span) * 100)}% busy, ${f(((machine1[1] - machine0[1]) / span) * 100, 2)}% stolen by the hypervisor`,
    );
    console.log(
      `  machine load average        ${load0} → ${load1} on ${availableParallelism()} cores (other work competes for them)`,
    );
  } finally {
    measuring = false;
    await Promise.allSettled(all.map((r) => r.leave(true)));
    if (process.env.PF_BENCH_PROFILE) {
      // A profile is written on a clean exit.
      proc.kill("SIGTERM");
      await new Promise((r) => proc.once("exit", r));
    } else proc.kill("SIGKILL");
    process.off("exit", killServer);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) await run();
