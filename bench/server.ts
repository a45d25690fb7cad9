// Server figures with real WebSocket clients: rooms × 4 players at 1 week/s, in continuous pace and in
// lockstep, each player deciding once a week at a random moment. We measure the time from sending a
// decision to the update that shows it, the bytes each client receives per simulated week (payload as
// the client sees it, and TCP bytes from the kernel), and the server process' CPU and memory per room
// (from /proc). Then the same load against the peers (bench/peer): the simplest server one would write
// (Node and Socket.IO in memory), the simplest on our own stack (Colyseus with a schema view per
// client, in memory), and boardgame.io; and the ratios.
//
// The server runs pinned to core 0 and the load generator (bench/load.ts) in its own process pinned to
// core 1 (`taskset`, where there is one), so the figures are the server's.
//
//   PF_BENCH_ROOMS=100,500      the loads (default 100; 1000 is opt-in)
//   PF_BENCH_SECONDS=20         measured seconds per run (after PF_BENCH_WARMUP=5)
//   PF_BENCH_PACE=continuous    or lockstep, or both (default both)
//   PF_BENCH_PEER=sio,colyseus,bgio  the peers to measure (default all; 0 for none): Socket.IO and
//                               Colyseus at both paces, boardgame.io in lockstep (its only pace)
//   PF_BENCH_HOG=1              a competing CPU hog on the generator's core
//   PF_BENCH_ROOMS_PER_GENERATOR=500  rooms one generator process plays; more rooms, more processes
//   PF_BENCH_ACKS=0|1           all clients without/with `accepted` messages (default half each)
//   PF_BENCH_SERVER_DIR=…       run another checkout's server (before/after comparisons)
//   PF_BENCH_JSON=file          append every run's figures as JSON lines (PF_BENCH_LABEL tags them)
//   PF_BENCH_NODE_FLAGS=…       extra node flags for our server (experiments)
//   PF_BENCH_SERVER_FLAGS=…     instead of the flags `npm start` passes (server/node-flags.ts); "" for none
//   PF_BENCH_GC=1               our server's young-generation collections in the measured seconds:
//                               count, pauses, and what each copied and promoted (--trace-gc-nvp)
//   PF_BENCH_PROFILE=dir        each server (ours, the peers) writes a CPU profile (--cpu-prof) there
//   PF_BENCH_CAPTURE=1          the server's own reaction time from the kernel's packet timestamps,
//                               without the load generator's delays (tcpdump; bench/capture.ts): ours
//                               and the Socket.IO and Colyseus peers'

import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { SERVER_NODE_FLAGS } from "../server/node-flags.ts";
import { type Capture, COLYSEUS_FRAMES, colyseusFrames, SOCKET_IO_FRAMES, startCapture } from "./capture.ts";
import {
  type LoadConfig,
  type LoadResult,
  mergeLoadResults,
  PEERS,
  type PeerName,
  type System,
  splitRooms,
} from "./load-common.ts";
import { pinned, pinning } from "./pin.ts";
import { profileFlags } from "./profile.ts";
import {
  type PerRoomWeek,
  perRoomWeek,
  type YoungCollectionFigures,
  YoungCollections,
} from "./young-collections.ts";

/** CPU time in user mode and in the kernel, in clock ticks (100 per second on Linux). */
function clockTicks(pid: number): { user: number; kernel: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { user: Number(fields[11]), kernel: Number(fields[12]) };
}

/** Machine-wide jiffies: [busy, steal, total]. Steal is time the hypervisor gave our vCPUs to others. */
function machineTicks(): [number, number, number] {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return [total - (f[3] ?? 0) - (f[4] ?? 0), f[7] ?? 0, total];
}

/**
 * Read- and write-type system calls the process has made (read, recv, pread… / write, writev, pwrite…,
 * from /proc/PID/io): sockets and SQLite together. A count, so it means the same on a machine whose
 * system calls cost more (a virtual machine's, say), where CPU time does not.
 */
function ioCalls(pid: number): { reads: number; writes: number; bytesWritten: number } {
  const io = readFileSync(`/proc/${pid}/io`, "utf8");
  const field = (name: string) => Number(new RegExp(`${name}: (\\d+)`).exec(io)?.[1] ?? Number.NaN);
  return { reads: field("syscr"), writes: field("syscw"), bytesWritten: field("wchar") };
}

export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
}

/**
 * TCP payload bytes the server has sent on each established connection (from the kernel), by peer.
 * A socket dump can come back short on a busy machine: asked again until it lists `expect` sockets.
 */
function tcpBytesSent(port: number, expect: number): Map<string, number> {
  let best = new Map<string, number>();
  for (let attempt = 0; attempt < 5 && best.size < expect; attempt++) {
    const m = ssOnce(port);
    if (m.size > best.size) best = m;
  }
  return best;
}

function ssOnce(port: number): Map<string, number> {
  const sent = new Map<string, number>();
  try {
    const out = execFileSync("ss", ["-tinH", "state", "established", `( sport = :${port} )`], {
      encoding: "utf8",
      maxBuffer: 64 * 2 ** 20,
    });
    let peer = "";
    for (const line of out.split("\n")) {
      const head = /^\S+\s+\S+\s+(\S+)\s+(\S+)/.exec(line);
      if (head) peer = head[2]!;
      const m = /bytes_sent:(\d+)/.exec(line);
      if (m && peer) sent.set(peer, Number(m[1]));
    }
  } catch {
    // no ss: the figure is n/a
  }
  return sent;
}

/** Bytes sent between two snapshots on the connections open at the end (closed ones left out). */
function tcpDelta(before: Map<string, number>, after: Map<string, number>): number {
  if (after.size === 0) return Number.NaN;
  let sum = 0;
  for (const [peer, n] of after) sum += n - (before.get(peer) ?? 0);
  return sum;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const entries = new Map<string, string>();

/**
 * What `npm start` runs: the server compiled to dist/node (compiled once per bench); the sources for a
 * checkout without that build.
 */
function serverEntry(root: string): string {
  const known = entries.get(root);
  if (known) return known;
  let entry = join(root, "server/main.ts");
  if (existsSync(join(root, "server/tsconfig.dist.json"))) {
    const tsc = spawnSync(
      process.execPath,
      [join(root, "node_modules/typescript/bin/tsc"), "-p", "server/tsconfig.dist.json"],
      {
        cwd: root,
        encoding: "utf8",
      },
    );
    if (tsc.status !== 0) throw new Error(`compiling the server failed: ${tsc.stdout}${tsc.stderr}`);
    entry = join(root, "dist/node/server/main.js");
  }
  entries.set(root, entry);
  return entry;
}

export async function startServer(
  dir: string,
  env: Record<string, string> = {},
  opts: { core?: number; root?: string } = {},
): Promise<{ proc: ChildProcess; port: number; young?: YoungCollections }> {
  const prof = profileFlags();
  const root = opts.root ?? join(import.meta.dirname, "..");
  const young = process.env.PF_BENCH_GC === "1" ? new YoungCollections() : undefined;
  // The server runs as `npm start` runs it, unless PF_BENCH_SERVER_FLAGS says otherwise.
  const words = (v: string | undefined) => (v ?? "").split(" ").filter(Boolean);
  const flags = [
    ...(process.env.PF_BENCH_SERVER_FLAGS !== undefined
      ? words(process.env.PF_BENCH_SERVER_FLAGS)
      : SERVER_NODE_FLAGS),
    ...words(process.env.PF_BENCH_NODE_FLAGS),
  ];
  if (young) flags.push("--trace-gc-nvp");
  const args = [...flags, ...prof, serverEntry(root)];
  const [cmd, argv] =
    opts.core === undefined ? [process.execPath, args] : pinned(opts.core, process.execPath, args);
  const proc = spawn(cmd, argv, {
    cwd: root,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      PF_STATIC_DIR: "/nonexistent",
      // One address creates every room of the bench.
      PF_CREATES_PER_MINUTE: "1000000",
      PF_SQLITE_FILE: benchDb(dir),
      ...env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  let listening = false;
  const port = await new Promise<number>((resolve, reject) => {
    proc.stdout!.on("data", (d) => {
      if (process.env.PF_LOOP_STATS) process.stdout.write(String(d));
      if (listening) return;
      out += d;
      const m = /listening on http:\/\/localhost:(\d+)/.exec(out);
      if (m) {
        listening = true;
        resolve(Number(m[1]));
      }
    });
    proc.on("exit", (c) => reject(new Error(`bench server exited (${c}): ${out}`)));
  });
  if (young) createInterface({ input: proc.stdout! }).on("line", (line) => young.line(line));
  return { proc, port, ...(young ? { young } : {}) };
}

const benchDb = (dir: string) => process.env.PF_BENCH_DB ?? join(dir, "bench.db");

/** The size of the SQLite log beside the bench's database, in MB (NaN without one). */
function logMB(dir: string): number {
  try {
    return statSync(`${benchDb(dir)}-wal`).size / 2 ** 20;
  } catch {
    return Number.NaN;
  }
}

export interface Figures {
  system: System;
  pace: LoadConfig["pace"];
  rooms: number;
  seconds: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  decisions: number;
  /** Decision → `accepted` (clients with acks), p50 and p99. */
  ackP50: number;
  ackP99: number;
  /** Server CPU, ms per room per second. */
  cpuPerRoomSecond: number;
  /** Server CPU, ms per simulated room-week: the same figure when a starved server falls behind. */
  cpuPerRoomWeek: number;
  cpuCorePercent: number;
  /**
   * The kernel's part of the server's CPU (system calls, the loopback's TCP). On a shared virtual
   * machine it is what moves most from day to day; compute alone (the engine bench) need not.
   */
  kernelCpuPercent: number;
  rssIdleMB: number;
  rssMB: number;
  kbPerRoom: number;
  /** The SQLite log (…-wal) at the end of the run: it starts over past RESTART_FRAMES, about 34 MB. */
  logMB: number;
  /** The server's read- and write-type system calls per client-week (sockets and storage; /proc/PID/io). */
  readCallsPerClientWeek: number;
  writeCallsPerClientWeek: number;
  /** KB those write calls carried per client-week: the WebSocket frames and, mostly, SQLite's log and checkpoints. */
  kbWrittenPerClientWeek: number;
  /** Payload per client-week as the client library sees it (ours only). */
  payloadPerClientWeek: number;
  /** TCP payload the server sent, per client-week (kernel counters). */
  tcpPerClientWeek: number;
  weeksPerClient: number;
  /** Load generator processes (all on core 1), and their CPU together. */
  generators: number;
  generatorCorePercent: number;
  generatorLagP99: number;
  machineBusy: number;
  load: string;
  hog: boolean;
  /**
   * Our server's own decision → update time (PF_BENCH_CAPTURE=1), from the kernel's timestamps: a
   * decision frame's arrival to the next patch sent to its client. The figures above add the load
   * generator's own delays to it.
   */
  reaction?: { p50: number; p90: number; p99: number; max: number; decisions: number; dropped: number };
  /** Our server's young-generation collections while measured (PF_BENCH_GC=1). */
  young?: YoungCollectionFigures;
  /**
   * From them, per room-week (so runs of different lengths and loads compare): KB allocated, and KB the
   * collections copied, of which promoted. Figures that do not move with the machine's speed.
   */
  perRoomWeek?: PerRoomWeek;
}

/** Rooms one generator process plays at most: past it, one process' own pauses showed in our latency. */
const ROOMS_PER_GENERATOR = Number(process.env.PF_BENCH_ROOMS_PER_GENERATOR ?? 500);

/** One load generator process pinned to core 1, and its stdout a line at a time. */
function generator(cfg: LoadConfig) {
  const [cmd, argv] = pinned(1, process.execPath, [
    join(import.meta.dirname, "load.ts"),
    JSON.stringify(cfg),
  ]);
  const proc = spawn(cmd, argv, { stdio: ["pipe", "pipe", "inherit"] });
  const messages = (async function* () {
    for await (const line of createInterface({ input: proc.stdout! })) {
      if (line.startsWith("{")) yield JSON.parse(line) as { ready?: true; result?: LoadResult };
    }
  })();
  const next = async () => {
    const m = await messages.next();
    if (m.done) throw new Error("a load generator ended without its figures");
    return m.value;
  };
  const stop = () =>
    new Promise((r) => {
      if (proc.exitCode !== null) r(null);
      else {
        proc.once("exit", r);
        setTimeout(() => proc.kill("SIGKILL"), 10_000).unref();
      }
    });
  return { proc, next, say: (line: string) => proc.stdin!.write(`${line}\n`), stop };
}

/**
 * Runs the load against a server already listening: one generator process per ROOMS_PER_GENERATOR
 * rooms, all pinned to core 1, measuring the same seconds; returns their figures together.
 */
async function drive(
  cfg: LoadConfig,
  server: ChildProcess,
  port: number,
  young?: YoungCollections,
  capture?: Capture,
): Promise<{
  young?: YoungCollectionFigures;
  reactions?: { times: number[]; dropped: number };
  r: LoadResult;
  cpu: number;
  kernelCpu: number;
  tcp: number;
  machine: number;
  load: string;
  rssLoaded: number;
  rssEnd: number;
  generators: number;
  io: { reads: number; writes: number; bytesWritten: number };
}> {
  const parts = splitRooms(cfg.rooms, ROOMS_PER_GENERATOR);
  const gens = parts.map((rooms) => generator({ ...cfg, rooms }));
  const killGens = () => {
    for (const g of gens) g.proc.kill("SIGKILL");
  };
  process.once("exit", killGens);
  const pid = server.pid!;
  try {
    for (const g of gens) if (!(await g.next()).ready) throw new Error("a load generator was not ready");
    const rssLoaded = rssBytes(pid);
    const cpu0 = clockTicks(pid);
    const io0 = ioCalls(pid);
    const tcp0 = tcpBytesSent(port, cfg.rooms * 4);
    const machine0 = machineTicks();
    const load0 = readFileSync("/proc/loadavg", "utf8").split(" ")[0]!;
    young?.start();
    const wentAt = Date.now();
    for (const g of gens) g.say("go");
    const results: LoadResult[] = [];
    for (const g of gens) {
      const m = await g.next();
      if (!m.result) throw new Error("a load generator answered without its figures");
      results.push(m.result);
    }
    const captured = await capture?.stop(wentAt, Date.now());
    const cpu1 = clockTicks(pid);
    const kernelCpu = (cpu1.kernel - cpu0.kernel) / 100;
    const cpu = (cpu1.user - cpu0.user) / 100 + kernelCpu;
    const io1 = ioCalls(pid);
    const tcp = tcpDelta(tcp0, tcpBytesSent(port, cfg.rooms * 4));
    const machine1 = machineTicks();
    const load1 = readFileSync("/proc/loadavg", "utf8").split(" ")[0]!;
    const figures = {
      r: mergeLoadResults(results),
      cpu,
      kernelCpu,
      tcp,
      machine: (machine1[0] - machine0[0]) / (machine1[2] - machine0[2]),
      load: `${load0} → ${load1}`,
      rssLoaded,
      rssEnd: rssBytes(pid),
      generators: gens.length,
      io: {
        reads: io1.reads - io0.reads,
        writes: io1.writes - io0.writes,
        bytesWritten: io1.bytesWritten - io0.bytesWritten,
      },
      ...(young ? { young: young.summary() } : {}),
      ...(captured ? { reactions: { times: captured.reactions, dropped: captured.dropped } } : {}),
    };
    // Counters read: the generators may close their connections.
    for (const g of gens) g.say("close");
    return figures;
  } finally {
    process.off("exit", killGens);
    await Promise.all(gens.map((g) => g.stop()));
  }
}

/** One measured run: a fresh server (ours or the peer), the generator on the other core. */
export async function measure(system: System, pace: LoadConfig["pace"], rooms: number): Promise<Figures> {
  const seconds = Number(process.env.PF_BENCH_SECONDS ?? 20);
  const warmup = Number(process.env.PF_BENCH_WARMUP ?? 5);
  const dir = mkdtempSync(join(tmpdir(), "pf-bench-"));
  const { proc, port, young }: { proc: ChildProcess; port: number; young?: YoungCollections } =
    system === "ours"
      ? await startServer(
          dir,
          {},
          { core: 0, ...(process.env.PF_BENCH_SERVER_DIR ? { root: process.env.PF_BENCH_SERVER_DIR } : {}) },
        )
      : await (await import("./peer/start.ts")).startPeer(0, system);
  const killServer = () => proc.kill("SIGKILL");
  process.once("exit", killServer);
  const hog = process.env.PF_BENCH_HOG === "1";
  const hogProc = hog
    ? spawn(...pinned(1, process.execPath, ["-e", "for(;;){}"]), { stdio: "ignore" })
    : undefined;
  const killHog = () => hogProc?.kill("SIGKILL");
  process.once("exit", killHog);
  let capture: Capture | undefined;
  try {
    await new Promise((r) => setTimeout(r, 500));
    const rssBase = rssBytes(proc.pid!);
    const cfg: LoadConfig = {
      target: system,
      url: system === "ours" || system === "colyseus" ? `ws://127.0.0.1:${port}` : `http://127.0.0.1:${port}`,
      rooms,
      seconds,
      warmup,
      pace,
      ...(process.env.PF_BENCH_ACKS !== undefined
        ? { acks: process.env.PF_BENCH_ACKS }
        : system === "ours"
          ? {}
          : { acks: "0" }),
    };
    // boardgame.io's frames (its whole state, patched) are not told apart here: no capture for it.
    const frames = {
      ours: COLYSEUS_FRAMES,
      sio: SOCKET_IO_FRAMES,
      colyseus: colyseusFrames("order"),
      bgio: undefined,
    }[system];
    capture =
      process.env.PF_BENCH_CAPTURE === "1" && frames ? await startCapture(port, dir, frames) : undefined;
    const d = await drive(cfg, proc, port, young, capture);
    const reactions = d.reactions ? [...d.reactions.times].sort((a, b) => a - b) : undefined;
    const r = d.r;
    const lat = [...r.latencies].sort((a, b) => a - b);
    const acked = [...r.ackLatencies].sort((a, b) => a - b);
    const clients = rooms * 4;
    const f: Figures = {
      system,
      pace,
      rooms,
      seconds: r.elapsed,
      p50: percentile(lat, 50),
      p90: percentile(lat, 90),
      p99: percentile(lat, 99),
      max: lat.at(-1) ?? Number.NaN,
      decisions: lat.length,
      ackP50: percentile(acked, 50),
      ackP99: percentile(acked, 99),
      cpuPerRoomSecond: ((d.cpu / r.elapsed) * 1000) / rooms,
      cpuPerRoomWeek: (d.cpu * 1000) / (r.weeksSeen / 4),
      cpuCorePercent: (d.cpu / r.elapsed) * 100,
      kernelCpuPercent: (d.kernelCpu / d.cpu) * 100,
      rssIdleMB: rssBase / 2 ** 20,
      rssMB: d.rssEnd / 2 ** 20,
      kbPerRoom: (d.rssLoaded - rssBase) / rooms / 1024,
      logMB: system === "ours" ? logMB(dir) : Number.NaN,
      payloadPerClientWeek: r.withoutAcks.weeksSeen
        ? r.withoutAcks.bytes / r.withoutAcks.weeksSeen
        : Number.NaN,
      tcpPerClientWeek: d.tcp / r.weeksSeen,
      readCallsPerClientWeek: d.io.reads / r.weeksSeen,
      writeCallsPerClientWeek: d.io.writes / r.weeksSeen,
      kbWrittenPerClientWeek: d.io.bytesWritten / 1024 / r.weeksSeen,
      weeksPerClient: r.weeksSeen / clients,
      generators: d.generators,
      generatorCorePercent: (r.cpuSeconds / r.elapsed) * 100,
      generatorLagP99: r.lagP99,
      machineBusy: d.machine * 100,
      load: d.load,
      hog,
      ...(reactions && d.reactions
        ? {
            reaction: {
              p50: percentile(reactions, 50),
              p90: percentile(reactions, 90),
              p99: percentile(reactions, 99),
              max: reactions.at(-1) ?? Number.NaN,
              decisions: reactions.length,
              dropped: d.reactions.dropped,
            },
          }
        : {}),
      ...(d.young ? { young: d.young, perRoomWeek: perRoomWeek(d.young, r.elapsed, r.weeksSeen / 4) } : {}),
    };
    print(f, r);
    if (process.env.PF_BENCH_JSON)
      appendFileSync(
        process.env.PF_BENCH_JSON,
        `${JSON.stringify({ label: process.env.PF_BENCH_LABEL ?? "", ...f })}\n`,
      );
    return f;
  } finally {
    capture?.abort();
    killHog();
    process.off("exit", killHog);
    if (process.env.PF_BENCH_PROFILE) {
      // A profile is written on a clean exit.
      proc.kill("SIGTERM");
      await new Promise((r) => proc.once("exit", r));
    } else proc.kill("SIGKILL");
    process.off("exit", killServer);
    rmSync(dir, { recursive: true, force: true });
  }
}

const SYSTEM_NAMES: Record<System, string> = {
  ours: "server",
  sio: "Socket.IO peer",
  colyseus: "Colyseus peer",
  bgio: "boardgame.io peer",
};

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");

function print(f: Figures, r: LoadResult): void {
  const name = SYSTEM_NAMES[f.system];
  console.log(
    `\n${name}: ${f.rooms} rooms × 4 clients, ${f.pace} at 1 week/s, ${fmt(f.seconds, 0)} s measured${f.hog ? ", CPU hog on the generator's core" : ""}${pinning() ? " (server on core 0, load generator on core 1)" : ""}`,
  );
  console.log(`  set-up                      ${fmt(r.setupSeconds)} s for ${f.rooms * 4} joins`);
  console.log(
    `  decision → update latency   p50 ${fmt(f.p50)} ms, p90 ${fmt(f.p90)} ms, p99 ${fmt(f.p99)} ms, max ${fmt(f.max)} ms (${f.decisions} decisions)`,
  );
  if (f.reaction) {
    const x = f.reaction;
    console.log(
      `  the server's own part       p50 ${fmt(x.p50)} ms, p90 ${fmt(x.p90)} ms, p99 ${fmt(x.p99)} ms, max ${fmt(x.max)} ms (${x.decisions} decisions: kernel timestamps, decision in → next patch out${x.dropped ? `; ${x.dropped} packets not captured` : ""})`,
    );
  }
  if (r.ackLatencies.length)
    console.log(
      `  decision → accepted         p50 ${fmt(f.ackP50)} ms, p99 ${fmt(f.ackP99)} ms (${r.ackLatencies.length} acknowledgements: durable in SQLite)`,
    );
  if (r.pings.length) {
    const pings = [...r.pings].sort((a, b) => a - b);
    console.log(
      `  ping round trip             p50 ${fmt(percentile(pings, 50))} ms, p99 ${fmt(percentile(pings, 99))} ms, max ${fmt(pings.at(-1) ?? Number.NaN)} ms (${pings.length} pings: the transport alone)`,
    );
  }
  const perWeek = (label: string, g: LoadResult["withAcks"]) => {
    const w = g.weeksSeen;
    if (w === 0) return;
    console.log(
      `  bytes per client per week   ${fmt(g.bytes / w)} payload, ${fmt((g.bytes + 2 * g.frames) / w)} with WebSocket framing, ${label} (${fmt(g.frames / w)} frames; state patches ${fmt(g.patchBytes / w)}, messages ${fmt((g.bytes - g.patchBytes) / w)})`,
    );
  };
  if (f.system === "ours") {
    perWeek("acks on ", r.withAcks);
    perWeek("acks off", r.withoutAcks);
  }
  console.log(`  TCP bytes per client-week   ${fmt(f.tcpPerClientWeek)} (server → client, kernel counters)`);
  console.log(`  weeks simulated per client  ${fmt(f.weeksPerClient)} in ${fmt(f.seconds, 0)} s`);
  console.log(
    `  server CPU                  ${fmt(f.cpuCorePercent)}% of one core in total, ${fmt(f.cpuPerRoomSecond, 2)} ms per room per second, ${fmt(f.cpuPerRoomWeek, 2)} ms per room-week; ${fmt(f.kernelCpuPercent, 0)}% of it in the kernel`,
  );
  console.log(
    `  server system calls         ${fmt(f.readCallsPerClientWeek, 2)} reads and ${fmt(f.writeCallsPerClientWeek, 2)} writes per client-week (sockets and storage), ${fmt(f.kbWrittenPerClientWeek, 1)} KB written`,
  );
  console.log(
    `  server memory               RSS ${fmt(f.rssMB, 0)} MB (idle ${fmt(f.rssIdleMB, 0)} MB); ${fmt(f.kbPerRoom, 0)} KB per room (with 4 clients)`,
  );
  if (f.young) {
    const y = f.young;
    console.log(
      `  young-generation GC         ${y.count} collections, pause mean ${fmt(y.meanPauseMs)} ms, longest ${fmt(y.maxPauseMs)} ms; each copied ${fmt(y.survivedBytes / 2 ** 20, 2)} MB and promoted ${fmt(y.promotedBytes / 2 ** 20, 2)} MB`,
    );
  }
  if (f.perRoomWeek) {
    const w = f.perRoomWeek;
    console.log(
      `  allocation per room-week    ${fmt(w.allocatedKb, 1)} KB allocated, ${fmt(w.copiedKb, 2)} KB copied by collections (${fmt(w.promotedKb, 2)} KB of it promoted)`,
    );
  }
  if (Number.isFinite(f.logMB))
    console.log(
      `  SQLite log at the end       ${fmt(f.logMB, 0)} MB (the -wal file; it starts over near 34 MB)`,
    );
  console.log(
    `  load generator              ${f.generators > 1 ? `${f.generators} processes, ` : ""}${fmt(f.generatorCorePercent)}% of its core; event-loop delay p99 ${fmt(r.lagP99)} ms, max ${fmt(r.lagMax)} ms (adds to the latency above)`,
  );
  if (r.errors)
    console.log(
      `  errors received             ${r.errors} (${Object.entries(r.errorCodes)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")}; week_closed: the decision arrived after its week closed)`,
    );
  console.log(
    `  machine                     ${fmt(f.machineBusy)}% busy, load average ${f.load} on ${availableParallelism()} cores`,
  );
}

export async function run(): Promise<void> {
  // Interrupted, the bench takes its servers, generators and hogs with it (see `measure`'s exit hooks).
  const onSignal = (signal: NodeJS.Signals) => process.exit(signal === "SIGINT" ? 130 : 143);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    await runAll();
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

async function runAll(): Promise<void> {
  const loads = (process.env.PF_BENCH_ROOMS ?? "100").split(",").map(Number);
  const paceEnv = process.env.PF_BENCH_PACE ?? "both";
  const paces: LoadConfig["pace"][] =
    paceEnv === "both" ? ["continuous", "lockstep"] : [paceEnv as LoadConfig["pace"]];
  const peers = peersToMeasure(process.env.PF_BENCH_PEER);
  const rows: [Figures, Figures][] = [];
  for (const rooms of loads) {
    for (const pace of paces) {
      const ours = await measure("ours", pace, rooms);
      for (const peer of peers)
        if (peer !== "bgio" || pace === "lockstep") rows.push([ours, await measure(peer, pace, rooms)]);
    }
  }
  if (rows.length === 0) return;
  console.log(
    "\nours ÷ peer (same load generator; ours ran just before the peers at each load and pace; below 1 is better for us)",
  );
  console.log(
    "  peer               pace        rooms  CPU/room-s  CPU/room-week  TCP bytes/client-week  p50     p99     own p99",
  );
  for (const [a, b] of rows)
    console.log(
      `  ${SYSTEM_NAMES[b.system].padEnd(17)}  ${a.pace.padEnd(10)}  ${String(a.rooms).padEnd(5)}  ${fmt(a.cpuPerRoomSecond / b.cpuPerRoomSecond, 2).padEnd(10)}  ${fmt(a.cpuPerRoomWeek / b.cpuPerRoomWeek, 2).padEnd(13)}  ${fmt(a.tcpPerClientWeek / b.tcpPerClientWeek, 3).padEnd(21)}  ${fmt(a.p50 / b.p50, 2).padEnd(6)}  ${fmt(a.p99 / b.p99, 2).padEnd(6)}  ${a.reaction && b.reaction ? fmt(a.reaction.p99 / b.reaction.p99, 2) : "n/a"}`,
    );
}

/** The peers PF_BENCH_PEER names (all by default, "0" for none); an unknown name is an error. */
export function peersToMeasure(setting: string | undefined): PeerName[] {
  if (setting === undefined || setting === "" || setting === "1") return [...PEERS];
  if (setting === "0") return [];
  return setting.split(",").map((name) => {
    const peer = PEERS.find((p) => p === name.trim());
    if (!peer)
      throw new Error(`PF_BENCH_PEER: unknown peer "${name.trim()}" (${PEERS.join(", ")}, or 0 for none)`);
    return peer;
  });
}

if (import.meta.main) await run();
