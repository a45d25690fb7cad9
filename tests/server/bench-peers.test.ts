// The bench's peers (bench/peer/sio-main.ts, colyseus-main.ts) as the load generator drives them
// (their targets in bench/peer): the same processes the bench starts, each system's own client.

import type { ChildProcess } from "node:child_process";
import { Client, type Room } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LoadConfig, PeerName, Sink, Target } from "../../bench/load-common.ts";
import { colyseusTarget } from "../../bench/peer/colyseus-load.ts";
import { sioTarget } from "../../bench/peer/sio-load.ts";
import { startPeer } from "../../bench/peer/start.ts";

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

const peers: [PeerName, string, (cfg: LoadConfig) => Target][] = [
  ["sio", "http", sioTarget],
  ["colyseus", "ws", colyseusTarget],
];

describe.each(peers)("the %s peer", (name, scheme, target) => {
  let peer: { proc: ChildProcess; port: number };
  beforeAll(async () => {
    peer = await startPeer(0, name);
  });
  afterAll(() => {
    peer?.proc.kill("SIGKILL");
  });
  const config = (pace: LoadConfig["pace"]): LoadConfig => ({
    target: name,
    url: `${scheme}://127.0.0.1:${peer.port}`,
    rooms: 1,
    seconds: 1,
    warmup: 0,
    pace,
  });

  it("in lockstep shows each order to its player, and closes the week on the fourth", async () => {
    const { shown, list } = sinks();
    const { seats } = await target(config("lockstep")).room(0, list, false);
    try {
      await until(() => shown.every((s) => s.length >= 1));
      expect(shown.map((s) => s.at(-1))).toEqual([
        [0, undefined],
        [0, undefined],
        [0, undefined],
        [0, undefined],
      ]);
      seats[0]!.decide(1, 7);
      await until(() => shown[0]!.some(([w, o]) => w === 0 && o === 7));
      // No other player is shown it; an order for another week is refused.
      seats[1]!.decide(5, 3);
      await new Promise((r) => setTimeout(r, 100));
      for (const s of shown.slice(1)) expect(s.every(([, o]) => o === undefined)).toBe(true);
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
    const { seats } = await target(config("continuous")).room(1, list, false);
    try {
      seats[2]!.decide(1, 12);
      await until(() => shown[2]!.some(([w, o]) => w === 0 && o === 12));
      await until(() => shown.every((s) => s.at(-1)![0] >= 2), 4000);
      const weeks = shown[0]!.map(([w]) => w);
      expect(weeks).toEqual([...weeks].sort((a, b) => a - b));
    } finally {
      await Promise.all(seats.map((s) => s.close()));
    }
  });

  if (name === "colyseus")
    it("sends each client its own desk only (a schema view per client)", async () => {
      const table = `hidden-${process.pid}`;
      const rooms: Room[] = [];
      for (const seat of [0, 1])
        rooms.push(await new Client(config("lockstep").url).joinOrCreate("table", { table, seat }));
      try {
        // biome-ignore lint/suspicious/noExplicitAny: reflected state
        const desks = (i: number) => [...((rooms[i]!.state as any).desks?.keys() ?? [])];
        await until(() => desks(1).length > 0);
        expect(desks(0)).toEqual(["0"]);
        expect(desks(1)).toEqual(["1"]);
      } finally {
        await Promise.all(rooms.map((r) => r.leave(true)));
      }
    });
});
