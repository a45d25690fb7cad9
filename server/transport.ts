// The WebSocket transport with its keep-alive pings spread out. The stock transport pings every
// client in one go every few seconds; with thousands of clients that burst of socket writes stalls
// every room for tens of milliseconds. Here each client is still pinged once per interval, a slice of
// them every 100 ms.

import { WebSocketTransport } from "@colyseus/ws-transport";

const SLICE_MS = 100;

interface PingedSocket {
  pingCount: number;
  ping(cb: () => void): void;
  terminate(): void;
}

export class SpreadPingTransport extends WebSocketTransport {
  protected override autoTerminateUnresponsiveClients(pingInterval: number, pingMaxRetries: number): void {
    const slices = Math.max(1, Math.round(pingInterval / SLICE_MS));
    let slice = 0;
    this.pingInterval = setInterval(() => {
      let i = 0;
      for (const client of this.wss.clients as Set<unknown>) {
        if (i++ % slices !== slice) continue;
        const c = client as PingedSocket;
        if (c.pingCount >= pingMaxRetries) {
          c.terminate();
          continue;
        }
        c.pingCount++;
        c.ping(() => {});
      }
      slice = (slice + 1) % slices;
    }, pingInterval / slices);
  }
}
