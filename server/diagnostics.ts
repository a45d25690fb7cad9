// Latency diagnosis (PF_LOOP_STATS): how long messages and timers waited behind other work, how much
// of that was garbage collection, and where the process' memory is (the young generation's committed
// size moves the RSS by tens of MB with load).

import { constants, monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { getHeapSpaceStatistics } from "node:v8";
import { formatNumber } from "../shared/format/number.ts";

export function logLoopStats(everySeconds: number, log: (line: string) => void): void {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  let gcMax = 0;
  let gcTotal = 0;
  // Which collections pause longest: young-generation scavenges, or the full mark-compact's final pause.
  const kinds = new Map<string, { n: number; max: number }>();
  const kindName = (k: number) =>
    k === constants.NODE_PERFORMANCE_GC_MAJOR
      ? "major"
      : k === constants.NODE_PERFORMANCE_GC_MINOR
        ? "minor"
        : k === constants.NODE_PERFORMANCE_GC_INCREMENTAL
          ? "incremental"
          : "other";
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMax = Math.max(gcMax, e.duration);
      gcTotal += e.duration;
      const name = kindName((e as PerformanceEntry & { detail?: { kind: number } }).detail?.kind ?? 0);
      const k = kinds.get(name) ?? { n: 0, max: 0 };
      k.n++;
      k.max = Math.max(k.max, e.duration);
      kinds.set(name, k);
    }
  }).observe({ entryTypes: ["gc"] });
  const ms = (ns: number) => formatNumber(ns / 1e6, { decimals: 1, fixed: true });
  setInterval(() => {
    log(
      `event loop delay p50 ${ms(h.percentile(50))} ms, p99 ${ms(h.percentile(99))} ms, max ${ms(h.max)} ms; ` +
        `GC pauses max ${formatNumber(gcMax, { decimals: 1, fixed: true })} ms, total ${formatNumber(gcTotal, { decimals: 0 })} ms` +
        ` (${[...kinds].map(([name, k]) => `${name} ${k.n}× ≤ ${formatNumber(k.max, { decimals: 1, fixed: true })} ms`).join(", ")}); ` +
        memoryLine(),
    );
    h.reset();
    kinds.clear();
    gcMax = 0;
    gcTotal = 0;
  }, everySeconds * 1000).unref();
}

const mb = (bytes: number) => formatNumber(bytes / 2 ** 20, { decimals: 0 });

function memoryLine(): string {
  const m = process.memoryUsage();
  const young = getHeapSpaceStatistics()
    .filter((s) => s.space_name.startsWith("new_"))
    .reduce((n, s) => n + s.physical_space_size, 0);
  return (
    `memory: RSS ${mb(m.rss)} MB, JS heap ${mb(m.heapUsed)} of ${mb(m.heapTotal)} MB (young generation ` +
    `${mb(young)} MB), outside it ${mb(m.external)} MB (array buffers ${mb(m.arrayBuffers)} MB)`
  );
}
