import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { writeFrame } from "../../server/transport.ts";

/** A ws server and a real client connected to it; `received` collects what the client gets, in order. */
async function pair(opts: { perMessageDeflate?: boolean } = {}) {
  const wss = new WebSocketServer({
    port: 0,
    host: "127.0.0.1",
    perMessageDeflate: opts.perMessageDeflate ?? false,
  });
  await new Promise<void>((r) => wss.once("listening", () => r()));
  const port = (wss.address() as AddressInfo).port;
  const serverSide = new Promise<WebSocket>((r) => wss.once("connection", r));
  const client = new WebSocket(`ws://127.0.0.1:${port}`, {
    perMessageDeflate: opts.perMessageDeflate ?? false,
  });
  const received: { data: Buffer; binary: boolean }[] = [];
  const pings: number[] = [];
  client.on("message", (data, binary) => received.push({ data: data as Buffer, binary }));
  client.on("ping", () => pings.push(received.length));
  await new Promise((r) => client.once("open", r));
  const ws = await serverSide;
  const until = async (n: number) => {
    while (received.length < n) await new Promise((r) => setTimeout(r, 5));
  };
  const close = async () => {
    client.terminate();
    await new Promise((r) => wss.close(r));
  };
  return { ws, client, received, pings, until, close };
}

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe("writeFrame", () => {
  it("delivers binary messages of every header size byte for byte, in order with ws' own sends and pings", async () => {
    const p = await pair();
    cleanup = p.close;
    // 125/126 and 65535/65536 are where the frame's length field changes width.
    const sizes = [0, 1, 125, 126, 200, 4095, 4096, 65535, 65536, 70000];
    const sent: Uint8Array[] = [];
    let called = 0;
    for (const [i, n] of sizes.entries()) {
      const data = bytes(n, i);
      sent.push(data);
      expect(writeFrame(p.ws, data, () => called++)).toBe(true);
      // ws' own writes go to the same socket: the order holds across both.
      const own = bytes(3, 100 + i);
      sent.push(own);
      p.ws.send(own);
      if (i === 2) p.ws.ping();
    }
    await p.until(sent.length);
    expect(p.received.map((r) => r.binary)).toEqual(sent.map(() => true));
    expect(p.received.map((r) => [...r.data])).toEqual(sent.map((d) => [...d]));
    expect(p.pings).toEqual([6]);
    await new Promise((r) => setImmediate(r));
    expect(called).toBe(sizes.length);
  });

  it("leaves a frame to ws where ws must do more than write it", async () => {
    const p = await pair({ perMessageDeflate: true });
    cleanup = p.close;
    // Compression negotiated: ws frames (and may compress) the message itself.
    expect(writeFrame(p.ws, bytes(10, 1))).toBe(false);
    const q = await pair();
    const closeQ = q.close;
    cleanup = async () => {
      await p.close();
      await closeQ();
    };
    // A fragmented message under way: the next frame must be its continuation.
    q.ws.send(bytes(4, 2), { fin: false });
    expect(writeFrame(q.ws, bytes(10, 3))).toBe(false);
    q.ws.send(bytes(4, 4), { fin: true });
    expect(writeFrame(q.ws, bytes(5, 5))).toBe(true);
    await q.until(2);
    expect([...q.received[0]!.data]).toEqual([...bytes(4, 2), ...bytes(4, 4)]);
    expect([...q.received[1]!.data]).toEqual([...bytes(5, 5)]);
    // Closing: nothing more goes out this way.
    q.ws.close();
    expect(writeFrame(q.ws, bytes(5, 6))).toBe(false);
    // Not a ws socket at all (a test double, another transport).
    expect(writeFrame(undefined, bytes(5, 7))).toBe(false);
    expect(writeFrame({ readyState: 1 }, bytes(5, 7))).toBe(false);
  });
});
