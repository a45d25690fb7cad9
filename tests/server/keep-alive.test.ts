// Keep-alive pings: a client heard from since the last look is pinged only every few looks; a silent one
// every other look; one that answers no ping is cut off.

import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { keepAlive, type PingedSocket, PROOF_LOOKS, SpreadPingTransport } from "../../server/transport.ts";

function fakeSocket(): PingedSocket & { pings: number; terminated: boolean } {
  const s = {
    pingCount: 0,
    pings: 0,
    terminated: false,
    _socket: { bytesRead: 100 },
    ping() {
      s.pings++;
    },
    terminate() {
      s.terminated = true;
    },
  };
  return s;
}

/** What the stock transport does when a pong arrives (heartbeat), and the pong's bytes. */
function pong(s: PingedSocket): void {
  s.pingCount = 0;
  s._socket!.bytesRead += 6;
}

describe("keepAlive", () => {
  it("pings a client that keeps sending only every few looks", () => {
    const s = fakeSocket();
    const seen: string[] = [];
    for (let look = 1; look <= 2 * PROOF_LOOKS; look++) {
      s._socket!.bytesRead += 20;
      const r = keepAlive(s, 2);
      seen.push(r);
      if (r === "pinged") pong(s);
    }
    expect(s.pings).toBe(2);
    expect(seen[PROOF_LOOKS - 1]).toBe("pinged");
    expect(seen.at(-1)).toBe("pinged");
    expect(s.terminated).toBe(false);
  });

  it("pings a silent client, and cuts it off when nothing comes back", () => {
    const s = fakeSocket();
    expect(keepAlive(s, 2)).toBe("heard"); // the first look: what it sent to connect
    expect(keepAlive(s, 2)).toBe("pinged");
    expect(keepAlive(s, 2)).toBe("pinged");
    expect(keepAlive(s, 2)).toBe("terminated");
    expect(s.pings).toBe(2);
    expect(s.terminated).toBe(true);
  });

  it("counts the pong as hearing from a silent client, which is then pinged every other look", () => {
    const s = fakeSocket();
    keepAlive(s, 2);
    const seen: string[] = [];
    for (let look = 0; look < 6; look++) {
      const r = keepAlive(s, 2);
      seen.push(r);
      if (r === "pinged") pong(s);
    }
    expect(seen).toEqual(["pinged", "heard", "pinged", "heard", "pinged", "heard"]);
  });

  it("cuts off a client that vanishes right after sending within four looks (docs/protocol.md: 12 s)", () => {
    const s = fakeSocket();
    keepAlive(s, 2);
    s._socket!.bytesRead += 20; // its last message, then nothing more
    expect([keepAlive(s, 2), keepAlive(s, 2), keepAlive(s, 2), keepAlive(s, 2)]).toEqual([
      "heard",
      "pinged",
      "pinged",
      "terminated",
    ]);
  });

  it("cuts off a client that keeps sending but never answers a ping (it does not read)", () => {
    const s = fakeSocket();
    const seen: string[] = [];
    for (let look = 1; look <= PROOF_LOOKS + 2; look++) {
      s._socket!.bytesRead += 20;
      seen.push(keepAlive(s, 2));
    }
    expect(seen.slice(-3)).toEqual(["pinged", "pinged", "terminated"]);
    expect(s.terminated).toBe(true);
  });

  it("pings as before a socket whose byte count it cannot read", () => {
    const s = fakeSocket();
    s._socket = null;
    expect(keepAlive(s, 1)).toBe("pinged");
    expect(keepAlive(s, 1)).toBe("terminated");
  });
});

/** The transport, with its WebSocket server in reach of the test. */
class Observed extends SpreadPingTransport {
  onConnected(f: (ws: WebSocket) => void): void {
    this.wss.on("connection", f);
  }
}

describe("SpreadPingTransport on real sockets", () => {
  let transport: Observed | undefined;
  afterEach(async () => {
    await transport?.shutdown();
    transport = undefined;
  });

  it("pings only the silent client, and terminates the one that never answers", async () => {
    transport = new Observed({ pingInterval: 100, pingMaxRetries: 2 });
    const serverSide: WebSocket[] = [];
    transport.onConnected((ws) => serverSide.push(ws));
    const server = transport.server!;
    await new Promise<void>((resolve) => transport!.listen(0, "127.0.0.1", undefined, resolve));
    const port = (server.address() as AddressInfo).port;
    // Connections without a room: the transport keeps them about a second and answers their messages.
    const open = async () => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
      await new Promise((resolve, reject) => {
        ws.once("open", resolve);
        ws.once("error", reject);
      });
      const seen = { pings: 0 };
      ws.on("ping", () => seen.pings++);
      return { ws, seen };
    };
    const chatty = await open();
    const silent = await open();
    const dead = await open();
    // The third stops reading: it neither sees the pings nor answers them.
    (dead.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const talking = setInterval(() => chatty.ws.send(new Uint8Array([1])), 10);
    // Nominally: every client heard at the first look (100 ms), the dead one pinged at 200 and 300 ms
    // and cut off at 400 ms; the silent one pinged every other look, its pong heard at the look between;
    // the one that keeps sending not pinged before its fifth look.
    const deadline = Date.now() + 900;
    while (serverSide[2]?.readyState !== WebSocket.CLOSED && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    clearInterval(talking);
    await new Promise((r) => setTimeout(r, 20));

    expect(serverSide).toHaveLength(3);
    expect(serverSide[2]!.readyState).toBe(WebSocket.CLOSED);
    // Pinged as often as the dead one, the silent one is still there: its pongs count as answers.
    expect(silent.seen.pings).toBeGreaterThanOrEqual(1);
    expect(serverSide[1]!.readyState).toBe(WebSocket.OPEN);
    // The one that keeps sending is pinged less (not at all, unless a stalled test process lets a look
    // pass with nothing read).
    expect(chatty.seen.pings).toBeLessThan(silent.seen.pings);
    expect(serverSide[0]!.readyState).toBe(WebSocket.OPEN);
    for (const c of [chatty, silent, dead]) c.ws.terminate();
  });
});
