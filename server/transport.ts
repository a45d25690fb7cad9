// The WebSocket transport with its keep-alive pings spread out and spent only where needed. The stock
// transport pings every client in one go every few seconds; with thousands of clients that burst of
// socket writes stalls every room for tens of milliseconds. Here each client is looked at once per
// interval, a slice of them every 100 ms. A client that sent anything since the last look (a message or
// a pong) is known to be there and is not pinged: in play every seat sends a decision a week, and each
// ping is a socket write and its pong a read, as dear as a patch.

import { WebSocketTransport } from "@colyseus/ws-transport";

const SLICE_MS = 100;

/** What keepAlive needs of a ws WebSocket (`pingCount` is the stock transport's, reset on a pong). */
export interface PingedSocket {
  pingCount: number;
  ping(cb: () => void): void;
  terminate(): void;
  /** The underlying TCP socket (ws keeps it here); its bytesRead grows with whatever the client sends. */
  _socket?: { bytesRead: number } | null;
  /** bytesRead at the last look. */
  heardBytes?: number;
}

const noop = () => {};

/**
 * One look at one client, once per ping interval: heard from since the last look (nothing to do), or
 * pinged, or (after `maxRetries` looks in a row with nothing heard) terminated.
 */
export function keepAlive(c: PingedSocket, maxRetries: number): "heard" | "pinged" | "terminated" {
  const read = c._socket?.bytesRead;
  if (read !== undefined && read !== c.heardBytes) {
    c.heardBytes = read;
    c.pingCount = 0;
    return "heard";
  }
  if (c.pingCount >= maxRetries) {
    c.terminate();
    return "terminated";
  }
  c.pingCount++;
  c.ping(noop);
  return "pinged";
}

export class SpreadPingTransport extends WebSocketTransport {
  protected override autoTerminateUnresponsiveClients(pingInterval: number, pingMaxRetries: number): void {
    const slices = Math.max(1, Math.round(pingInterval / SLICE_MS));
    let slice = 0;
    this.pingInterval = setInterval(() => {
      let i = 0;
      for (const client of this.wss.clients as Set<unknown>) {
        if (i++ % slices !== slice) continue;
        keepAlive(client as PingedSocket, pingMaxRetries);
      }
      slice = (slice + 1) % slices;
    }, pingInterval / slices);
  }
}
