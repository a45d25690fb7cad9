// The bench's Socket.IO peer (bench/peer/sio-main.ts) as its load generator drives it
// (bench/peer/sio-load.ts): the same process the bench starts, real Socket.IO clients.

import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LoadConfig, Sink } from "../../bench/load-common.ts";
import { sioTarget } from "../../bench/peer/sio-load.ts";
import { startPeer } from "../../bench/peer/start.ts";

let peer: { proc: ChildProcess; port: number };
beforeAll(async () => {
  peer = await startPeer(0, "sio");
});
afterAll(() => {
  peer?.proc.kill("SIGKILL");
});

/** Four sinks that keep what each seat was shown: (open week, its order for the coming one). */
function sinks() {
  const shown: [number, number | undefined][][] = [[], [], [], []];
  const list: Sink[] = shown.map((log) => ({
    update: (week, order) => log.push([week, order]),
    bytes: () => {},
    error: () => {},
    accepted: () => {},
  }));
  return { shown, list };
}

const until = async (ok: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
};

const config = (pace: LoadConfig["pace"]): LoadConfig => ({
  target: "sio",
  url: `http://127.0.0.1:${peer.port}`,
  rooms: 1,
  seconds: 1,
  warmup: 0,
  pace,
});

describe("the Socket.IO peer", () => {
  it("in lockstep shows each order to its player, and closes the week on the fourth", async () => {
    const { shown, list } = sinks();
    const { seats } = await sioTarget(config("lockstep")).room(0, list, false);
    try {
      await until(() => shown.every((s) => s.length === 1));
      expect(shown.map((s) => s[0])).toEqual([
        [0, undefined],
        [0, undefined],
        [0, undefined],
        [0, undefined],
      ]);
      seats[0]!.decide(1, 7);
      await until(() => shown[0]!.length === 2);
      expect(shown[0]![1]).toEqual([0, 7]);
      // Only the player who ordered is told; an order for another week is refused.
      seats[1]!.decide(5, 3);
      await new Promise((r) => setTimeout(r, 100));
      expect(shown.slice(1).map((s) => s.length)).toEqual([1, 1, 1]);
      for (const i of [1, 2, 3]) seats[i]!.decide(1, 5);
      await until(() => shown.every((s) => s.at(-1)![0] === 1));
      expect(shown.map((s) => s.at(-1))).toEqual([
        [1, undefined],
        [1, undefined],
        [1, undefined],
        [1, undefined],
      ]);
    } finally {
      await Promise.all(seats.map((s) => s.close()));
    }
  });

  it("in continuous pace closes a week a second, with the orders placed", async () => {
    const { shown, list } = sinks();
    // Another generator's room of the same index is another room (the process id names it).
    const { seats } = await sioTarget(config("continuous")).room(1, list, false);
    try {
      seats[2]!.decide(1, 12);
      await until(() => shown[2]!.some(([w, o]) => w === 0 && o === 12));
      await until(() => shown.every((s) => s.at(-1)![0] >= 2), 4000);
      expect(shown[0]!.map(([w]) => w)).toEqual([...new Set(shown[0]!.map(([w]) => w))]);
    } finally {
      await Promise.all(seats.map((s) => s.close()));
    }
  });
});
