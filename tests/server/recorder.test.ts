// The recorder between a room and its log: in order, one append at a time, retried until durable.

import { expect, it } from "vitest";
import { Recorder } from "../../server/room/recorder.ts";
import { FencedError, type NewEvent } from "../../server/storage/types.ts";

const ev = (n: number): NewEvent => ({ type: "e", data: n });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function setup(opts: { maxQueued?: number } = {}) {
  const log: number[] = [];
  const holds: boolean[] = [];
  let drained = 0;
  let failing = false;
  let writes = 0;
  const rec = new Recorder({
    write: async (events) => {
      writes++;
      await sleep(2);
      if (failing) throw new Error("disk full");
      log.push(...events.map((e) => e.data as number));
    },
    hold: (h) => holds.push(h),
    drained: () => drained++,
    log: () => {},
    retryMs: { first: 5, max: 20 },
    ...opts,
  });
  return {
    rec,
    log,
    holds,
    drained: () => drained,
    writes: () => writes,
    fail: (f: boolean) => {
      failing = f;
    },
  };
}

it("appends in call order, batching what arrives while an append is out, and says when all is durable", async () => {
  const t = setup();
  const done = [1, 2, 3, 4, 5].map((n) => t.rec.append([ev(n)]));
  expect(t.rec.idle).toBe(false);
  await Promise.all(done);
  expect(t.log).toEqual([1, 2, 3, 4, 5]);
  // The first append went alone; the four that arrived meanwhile went together.
  expect(t.writes()).toBe(2);
  expect(t.rec.idle).toBe(true);
  expect(t.drained()).toBe(1);
});

it("holds while appends fail, retries the same events first, never skips one, and releases by itself", async () => {
  const t = setup({ maxQueued: 4 });
  await t.rec.append([ev(1)]);
  t.fail(true);
  let second = false;
  const p2 = t.rec.append([ev(2)]).then(() => {
    second = true;
  });
  await sleep(10);
  expect(t.holds).toEqual([true]);
  expect(t.rec.held).toBe(true);
  const p3 = t.rec.append([ev(3), ev(4)]);
  await sleep(40);
  expect(second).toBe(false);
  expect(t.log).toEqual([1]);
  t.rec.append([ev(5)]);
  expect(t.rec.full).toBe(true);
  t.fail(false);
  await Promise.all([p2, p3, t.rec.settled()]);
  expect(t.log).toEqual([1, 2, 3, 4, 5]);
  expect(t.holds).toEqual([true, false]);
  expect(t.rec.full).toBe(false);
});

it("a fenced append (the round is owned elsewhere now) is not retried and does not hold the round", async () => {
  let writes = 0;
  const holds: boolean[] = [];
  const rec = new Recorder({
    write: async () => {
      writes++;
      throw new FencedError("r1");
    },
    hold: (h) => holds.push(h),
    drained: () => {},
    log: () => {},
    retryMs: { first: 5, max: 20 },
  });
  void rec.append([ev(1)]);
  await sleep(60);
  expect(writes).toBe(1);
  expect(rec.fenced).toBe(true);
  expect(holds).toEqual([]);
  // The room's dispose does not wait for what can never be written.
  await rec.settled();
});
