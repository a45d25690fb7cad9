// Latency diagnosis (PF_LOOP_STATS): how long messages and timers waited behind other work, and how
// much of that was garbage collection.

import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";

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
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  setInterval(() => {
    log(
      `event loop delay p50 ${ms(h.percentile(50))} ms, p99 ${ms(h.percentile(99))} ms, max ${ms(h.max)} ms; ` +
        `GC pauses max ${gcMax.toFixed(1)} ms, total ${gcTotal.toFixed(0)} ms`,
    );
    h.reset();
    gcMax = 0;
    gcTotal = 0;
  }, everySeconds * 1000).unref();
}
