import { describe, expect, it } from "vitest";
import { perRoomWeek, YoungCollections } from "../../bench/young-collections.ts";

// Trimmed from a real `--trace-gc-nvp` run of the server (Node 24): a scavenge, then a mark-compact.
const scavenge = (pause: number, survived: number, promoted: number, rate = 50579.7) =>
  `[8924:0x3b506000:0]    25251 ms: pause=${pause} mutator=2630.2 gc=s reduce_memory=0 scavenge=33.52 ` +
  `scavenge.parallel=10.79 background.scavenge.parallel=77.82 nodes_promoted=1 allocated=53044504 ` +
  `promoted=${promoted} new_space_survived=${survived} nodes_died_in_new=1 promotion_ratio=5.2% new_space_allocation_throughput=${rate} allocation_throughput=50736.6`;
const markCompact =
  "[25878:0x18430000:0]      689 ms: pause=8.6 mutator=28.6 gc=mc reduce_memory=0 promoted=0 new_space_survived=0";

describe("the bench's young-generation figures from --trace-gc-nvp", () => {
  it("counts only scavenges while measuring, and averages their pauses, copies and promotions", () => {
    const y = new YoungCollections();
    y.line(scavenge(40, 9_000_000, 9_000_000)); // start-up: not measured
    y.start();
    y.line(scavenge(10, 2 * 2 ** 20, 2 ** 20, 40_000));
    y.line(markCompact);
    y.line('{"level":"info","msg":"listening"}');
    y.line(scavenge(30, 4 * 2 ** 20, 3 * 2 ** 20, 60_000));
    const f = y.summary();
    expect(f.count).toBe(2);
    expect(f.meanPauseMs).toBe(20);
    expect(f.maxPauseMs).toBe(30);
    expect(f.survivedBytes).toBe(3 * 2 ** 20);
    expect(f.promotedBytes).toBe(2 * 2 ** 20);
    // The young generation's allocation rate (the new space's, not the whole heap's), averaged.
    expect(f.allocatedBytesPerMs).toBe(50_000);
    // After the run, nothing more is counted.
    y.line(scavenge(99, 1, 1));
    expect(y.summary().count).toBe(2);
  });

  it("says n/a rather than zero when no collection happened", () => {
    const y = new YoungCollections();
    y.start();
    const f = y.summary();
    expect(f.count).toBe(0);
    expect(f.meanPauseMs).toBeNaN();
    expect(f.promotedBytes).toBeNaN();
    expect(f.allocatedBytesPerMs).toBeNaN();
  });

  it("comes to KB per room-week: allocated over the measured seconds, copied and promoted over every collection", () => {
    const y = new YoungCollections();
    y.start();
    y.line(scavenge(10, 3 * 2 ** 20, 2 ** 20, 51_200)); // 50 KB a millisecond
    y.line(scavenge(10, 1 * 2 ** 20, 3 * 2 ** 20, 51_200));
    // 20 s at 100 room-weeks a second.
    const w = perRoomWeek(y.summary(), 20, 2_000);
    expect(w.allocatedKb).toBeCloseTo((50 * 20_000) / 2_000);
    expect(w.copiedKb).toBeCloseTo((8 * 1024) / 2_000);
    expect(w.promotedKb).toBeCloseTo((4 * 1024) / 2_000);
  });
});
