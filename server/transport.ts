// The WebSocket transport with its keep-alive pings spread out and spent only where needed. The stock
// transport pings every client in one go every few seconds; with thousands of clients that burst of
// socket writes stalls every room for tens of milliseconds. Here each client is looked at once per
// interval, a slice of them every 100 ms. A client that sent anything since the last look (a message or
// a pong) is pinged only every PROOF_LOOKS looks: in play every seat sends a decision a week, and each
// ping is a socket write and its pong a read, as dear as a patch. It is still pinged then, because only
// a pong shows that it reads what we send (one that sends but never reads would have its patches pile
// up here).

import { WebSocketTransport } from "@colyseus/ws-transport";

const SLICE_MS = 100;

/** A client heard from is pinged on every this-many-th look. */
export const PROOF_LOOKS = 5;

/** What keepAlive needs of a ws WebSocket (`pingCount`: pings unanswered; the stock transport zeroes it on a pong). */
export interface PingedSocket {
  pingCount: number;
  ping(cb: () => void): void;
  terminate(): void;
  /** The underlying TCP socket (ws keeps it here); its bytesRead grows with whatever the client sends. */
  _socket?: { bytesRead: number } | null;
  /** bytesRead at the last look. */
  heardBytes?: number;
  /** Looks since the last ping. */
  looksSincePing?: number;
}

const noop = () => {};

/**
 * One look at one client, once per ping interval: left alone (heard from since the last look, every
 * ping answered, and pinged not long ago), pinged, or cut off (`maxRetries` pings unanswered).
 */
export function keepAlive(c: PingedSocket, maxRetries: number): "heard" | "pinged" | "terminated" {
  const read = c._socket?.bytesRead;
  const heard = read !== undefined && read !== c.heardBytes;
  c.heardBytes = read;
  const looks = (c.looksSincePing ?? 0) + 1;
  if (heard && c.pingCount === 0 && looks < PROOF_LOOKS) {
    c.looksSincePing = looks;
    return "heard";
  }
  if (c.pingCount >= maxRetries) {
    c.terminate();
    return "terminated";
  }
  c.looksSincePing = 0;
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

/** What writeFrame needs of a ws WebSocket (ws 8's own fields, looked at on every frame). */
interface FramedSocket {
  readyState?: number;
  _socket?: { write(chunk: Uint8Array, cb?: (err?: Error) => void): boolean } | null;
  _extensions?: Record<string, unknown>;
  _sender?: { _state: number; _queue: unknown[]; _firstFragment: boolean } | null;
}

const OPEN = 1;
/** ws' sender with nothing in hand (not compressing, not reading a Blob). */
const SENDER_IDLE = 0;

/**
 * Sends a binary message as one WebSocket frame in one socket write. ws writes a server's frame as a
 * header and a payload apart: an options object and a header buffer per frame, the socket corked for
 * two buffered writes, then a writev. At four frames per client-week that was a sixth of everything the
 * server allocated (docs/performance.md, "One write per frame"). Only where ws itself would write the
 * frame at once: the connection open, no compression negotiated, nothing queued in its sender, no
 * fragmented message under way. Otherwise nothing is written and the answer is false: send it through
 * ws. The bytes are the ones ws would write (RFC 6455: FIN, binary, unmasked from a server).
 */
export function writeFrame(ws: unknown, data: Uint8Array, cb?: (err?: Error) => void): boolean {
  const w = ws as FramedSocket | null | undefined;
  const socket = w?._socket;
  const sender = w?._sender;
  if (
    w?.readyState !== OPEN ||
    !socket ||
    !sender ||
    sender._state !== SENDER_IDLE ||
    sender._queue.length !== 0 ||
    !sender._firstFragment ||
    w._extensions?.["permessage-deflate"] !== undefined
  ) {
    return false;
  }
  const n = data.length;
  const head = n < 126 ? 2 : n < 65536 ? 4 : 10;
  // Below 4 KB a slice of Node's shared pool: no ArrayBuffer of its own for the collector to track.
  const frame = Buffer.allocUnsafe(head + n);
  frame[0] = 0x82;
  if (head === 2) frame[1] = n;
  else if (head === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(n / 2 ** 32), 2);
    frame.writeUInt32BE(n >>> 0, 6);
  }
  frame.set(data, head);
  socket.write(frame, cb);
  return true;
}
