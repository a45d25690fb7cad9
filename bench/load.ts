// The load generator of the server bench, in a process of its own (pinned to the core the server does
// not use, see bench/server.ts) so the server's figures are the server's. It plays rooms × 4 players
// against one server: this project's (`ours`, the Colyseus SDK), the boardgame.io peer (`bgio`, its own
// client), the Socket.IO peer (`sio`, Socket.IO's client) or the Colyseus peer (`colyseus`, the SDK).
// Each player decides once a week at a random moment; it times decision → the update that shows it.
// Lockstep rooms decide on a 1 s rhythm, so both paces run at 1 week/s.
//
// Talks to its parent on stdout, one JSON object a line: {"ready":…} once every room plays and the
// warm-up is over, then, once the parent answers "go" on stdin, {"result":…} after the measured
// seconds. A large load is split over several generators (bench/server.ts), which start together.

import { monitorEventLoopDelay } from "node:perf_hooks";
import { createInterface } from "node:readline";
import type { LoadConfig, Seat, Sink, Target } from "./load-common.ts";
import { emptyLoadResult, orderFor, ROLES } from "./load-common.ts";

// The parent's lines on stdin, in order: "go" (start measuring), then "close" (its counters are read).
const parentLines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
/** Waits for the parent's next line; false once stdin has closed (the parent is gone). */
const nextLine = async (): Promise<boolean> => !(await parentLines.next()).done;

export async function generate(cfg: LoadConfig, target: Target): Promise<void> {
  const stats = emptyLoadResult();
  let measuring = false;
  const acksFor = (i: number) => (cfg.acks === "1" ? true : cfg.acks === "0" ? false : i % 2 === 0);
  const seats: Seat[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const player = (seatIndex: number, acks: boolean, roomClock: { t0: number; w0: number }) => {
    const group = acks ? stats.withAcks : stats.withoutAcks;
    let lastWeek = -1;
    let pending: { value: number; week: number; t0: number } | null = null;
    let ackT0: number | null = null;
    let timer: NodeJS.Timeout | undefined;
    let seat: Seat | undefined;
    const sink: Sink = {
      bytes(n, patch) {
        if (!measuring) return;
        group.bytes += n;
        if (patch) group.patchBytes += n;
        group.frames++;
      },
      accepted() {
        if (ackT0 !== null && measuring) stats.ackLatencies.push(performance.now() - ackT0);
        ackT0 = null;
      },
      error(code) {
        if (!measuring) return;
        stats.errors++;
        stats.errorCodes[code] = (stats.errorCodes[code] ?? 0) + 1;
      },
      update(week, shown) {
        // Shown: the order is in force, or (lockstep, the last to decide) its week has closed.
        if (pending && (shown === pending.value || (cfg.pace === "lockstep" && week >= pending.week))) {
          if (measuring) stats.latencies.push(performance.now() - pending.t0);
          pending = null;
        }
        if (week === lastWeek || week < 0) return;
        lastWeek = week;
        if (measuring) {
          stats.weeksSeen++;
          group.weeksSeen++;
        }
        const next = week + 1;
        const value = orderFor(next, seatIndex);
        if (timer) {
          clearTimeout(timer);
          timers.delete(timer);
        }
        let delay = 100 + Math.random() * 600;
        if (cfg.pace === "lockstep") {
          // Week w's decisions fall in the room's w-th second, so lockstep runs at 1 week/s too.
          if (roomClock.t0 === 0) {
            roomClock.t0 = performance.now();
            roomClock.w0 = week;
          }
          const slot = roomClock.t0 + (week - roomClock.w0) * 1000;
          delay = Math.max(0, slot + 100 + Math.random() * 800 - performance.now());
        }
        timer = setTimeout(() => {
          if (timer) timers.delete(timer);
          pending = { value, week: next, t0: performance.now() };
          ackT0 = pending.t0;
          seat?.decide(next, value);
        }, delay);
        timers.add(timer);
      },
    };
    return { sink, bind: (s: Seat) => (seat = s) };
  };

  const t0 = performance.now();
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
    const clock = { t0: 0, w0: 0 };
    const players = ROLES.map((_, i) => player(i, acks, clock));
    const made = await retry(() =>
      target.room(
        index,
        players.map((p) => p.sink),
        acks,
      ),
    );
    made.seats.forEach((s, i) => {
      players[i]!.bind(s);
    });
    seats.push(...made.seats);
    // One seat in twenty also pings, to tell transport delays from the room's own.
    for (const s of made.seats)
      if (s.ping && Math.random() < 0.05) {
        const t = setInterval(() => {
          if (measuring) s.ping!((ms) => stats.pings.push(ms));
        }, 500);
        timers.add(t as unknown as NodeJS.Timeout);
      }
    made.start();
  };
  const concurrency = 8;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < cfg.rooms) await createOne(next++);
    }),
  );
  stats.setupSeconds = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, cfg.warmup * 1000));
  console.log(JSON.stringify({ ready: true }));
  // Generators sharing a load start measuring together, when the parent says so; with the parent
  // gone, nobody will read the figures.
  if (!(await nextLine())) process.exit(1);
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const cpu0 = process.cpuUsage();
  const m0 = performance.now();
  measuring = true;
  await new Promise((r) => setTimeout(r, cfg.seconds * 1000));
  measuring = false;
  stats.elapsed = (performance.now() - m0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  stats.cpuSeconds = (cpu.user + cpu.system) / 1e6;
  lag.disable();
  stats.lagP99 = lag.percentile(99) / 1e6;
  stats.lagMax = lag.max / 1e6;
  console.log(JSON.stringify({ result: stats }));
  for (const t of timers) clearTimeout(t);
  // The connections stay open until the parent has read the kernel's counters (a line on stdin).
  await Promise.race([nextLine(), new Promise((r) => setTimeout(r, 30_000).unref())]);
  process.stdin.destroy();
  await Promise.race([
    Promise.allSettled(seats.map((s) => s.close())),
    new Promise((r) => setTimeout(r, 5000)),
  ]);
}

if (import.meta.main) {
  const cfg = JSON.parse(process.argv[2]!) as LoadConfig;
  const target =
    cfg.target === "bgio"
      ? (await import("./peer/bgio-load.ts")).bgioTarget(cfg)
      : cfg.target === "sio"
        ? (await import("./peer/sio-load.ts")).sioTarget(cfg)
        : cfg.target === "colyseus"
          ? (await import("./peer/colyseus-load.ts")).colyseusTarget(cfg)
          : (await import("./ours-load.ts")).oursTarget(cfg);
  await generate(cfg, target);
  process.exit(0);
}
