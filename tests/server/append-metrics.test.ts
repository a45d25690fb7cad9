// Appends are timed and counted by wrapping the storage: the queue depth while appends are out, the
// latency count when they settle, and failures.
import { describe, expect, it } from "vitest";
import { instrumentStorage, scrape } from "../../server/ops/metrics.ts";
import { MemoryStorage } from "../../server/storage/memory.ts";
import type { NewEvent } from "../../server/storage/types.ts";

const value = async (series: string): Promise<number> => {
  const line = (await scrape()).body.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
};

/** Memory storage whose appends wait until let go, and fail if told to. */
class HeldStorage extends MemoryStorage {
  private held: { resolve: () => void; reject: (e: Error) => void }[] = [];
  override append(_roundId: string, _events: NewEvent[]): Promise<void> {
    return new Promise((resolve, reject) => this.held.push({ resolve, reject }));
  }
  release(fail = false): void {
    for (const h of this.held.splice(0)) fail ? h.reject(new Error("disk full")) : h.resolve();
  }
}

describe("append metrics", () => {
  it("counts appends in flight, times them when they settle, and counts the failed ones", async () => {
    const raw = new HeldStorage();
    const storage = instrumentStorage(raw);
    const depth0 = await value("pf_append_queue_depth");
    const count0 = await value("pf_append_seconds_count");
    const failures0 = await value("pf_recording_failures_total");

    const a = storage.append("r1", []);
    const b = storage.append("r2", []);
    expect(await value("pf_append_queue_depth")).toBe(depth0 + 2);
    expect(await value("pf_append_seconds_count")).toBe(count0);
    raw.release();
    await Promise.all([a, b]);
    expect(await value("pf_append_queue_depth")).toBe(depth0);
    expect(await value("pf_append_seconds_count")).toBe(count0 + 2);
    expect(await value("pf_recording_failures_total")).toBe(failures0);

    const c = storage.append("r1", []);
    expect(await value("pf_append_queue_depth")).toBe(depth0 + 1);
    raw.release(true);
    await expect(c).rejects.toThrow("disk full");
    expect(await value("pf_append_queue_depth")).toBe(depth0);
    expect(await value("pf_append_seconds_count")).toBe(count0 + 3);
    expect(await value("pf_recording_failures_total")).toBe(failures0 + 1);
  });
});
