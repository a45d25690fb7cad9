import { describe, expect, it } from "vitest";
import { emptyLoadResult, type LoadResult, mergeLoadResults, splitRooms } from "../../bench/load-common.ts";

const result = (over: Partial<LoadResult>): LoadResult => ({ ...emptyLoadResult(), ...over });

describe("the bench's load split over generator processes", () => {
  it("splits rooms into as few even parts as the per-process limit allows", () => {
    expect(splitRooms(500, 500)).toEqual([500]);
    expect(splitRooms(1000, 500)).toEqual([500, 500]);
    expect(splitRooms(1001, 500)).toEqual([334, 334, 333]);
    expect(splitRooms(7, 3)).toEqual([3, 2, 2]);
    expect(splitRooms(0, 500)).toEqual([0]);
  });

  it("adds samples and counts, and keeps the longest times and worst delays", () => {
    const a = result({
      latencies: [1, 2],
      pings: [3],
      withoutAcks: { bytes: 100, patchBytes: 90, frames: 4, weeksSeen: 2 },
      weeksSeen: 2,
      errors: 1,
      errorCodes: { stale: 1 },
      setupSeconds: 4,
      elapsed: 20.1,
      cpuSeconds: 3,
      lagP99: 6,
      lagMax: 40,
    });
    const b = result({
      latencies: [5],
      ackLatencies: [7],
      withoutAcks: { bytes: 50, patchBytes: 40, frames: 2, weeksSeen: 1 },
      weeksSeen: 1,
      errors: 2,
      errorCodes: { stale: 1, full: 1 },
      setupSeconds: 6,
      elapsed: 20.0,
      cpuSeconds: 2,
      lagP99: 9,
      lagMax: 12,
    });
    const m = mergeLoadResults([a, b]);
    expect(m.latencies).toEqual([1, 2, 5]);
    expect(m.ackLatencies).toEqual([7]);
    expect(m.pings).toEqual([3]);
    expect(m.withoutAcks).toEqual({ bytes: 150, patchBytes: 130, frames: 6, weeksSeen: 3 });
    expect(m.weeksSeen).toBe(3);
    expect(m.errors).toBe(3);
    expect(m.errorCodes).toEqual({ stale: 2, full: 1 });
    expect(m.setupSeconds).toBe(6);
    expect(m.elapsed).toBe(20.1);
    expect(m.cpuSeconds).toBe(5);
    expect(m.lagP99).toBe(9);
    expect(m.lagMax).toBe(40);
  });
});
