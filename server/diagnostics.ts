// Latency diagnosis (PF_LOOP_STATS): how long messages and timers waited behind other work, and how
// much of that was garbage collection.

import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { formatNumber } from "../shared/format/number.ts";

export function logLoopStats(everySeconds: number, log: (line: string) => void): void {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  let gcMax = 0;
  let gcTotal = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMax = Math.max(gcMax, e.duration);
      gcTotal += e.duration;
    }
  }).observe({ entryTypes: ["gc"] });
  const ms = (ns: number) => formatNumber(ns / 1e6, { decimals: 1, fixed: true });
  setInterval(() => {
    log(
      `event loop delay p50 ${ms(h.percentile(50))} ms, p99 ${ms(h.percentile(99))} ms, max ${ms(h.max)} ms; ` +
        `GC pauses max ${formatNumber(gcMax, { decimals: 1, fixed: true })} ms, total ${formatNumber(gcTotal, { decimals: 0 })} ms`,
    );
    h.reset();
    gcMax = 0;
    gcTotal = 0;
  }, everySeconds * 1000).unref();
}
