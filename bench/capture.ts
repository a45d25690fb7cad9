// The server's own reaction time, from the kernel's packet timestamps (PF_BENCH_CAPTURE=1): tcpdump
// records the loopback traffic of the server's port, and each decision frame a client sent is paired
// with the next state update the server sent that client (ours: a patch; the Socket.IO peer: a view). Nothing of the load generator's own delays
// is in it (its event loop, its garbage collections): those are in the decision → update figure the
// clients measure, and not the server's. It does contain the server's own queueing, since a frame
// that waits in the kernel for a busy server is stamped when it arrived.
//
// Needs tcpdump (Debian: tcpdump) and the right to capture (root, or CAP_NET_RAW); without them the
// bench says so and goes on.

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Protocol } from "@colyseus/sdk";
import { pinned } from "./pin.ts";

/**
 * How a system's WebSocket frames say what they are, from the first bytes of their payload (unmasked):
 * a player's decision (client → server), a state update (server → client).
 */
export interface FrameKinds {
  decision(payload: Uint8Array): boolean;
  update(payload: Uint8Array): boolean;
}

const startsWith = (payload: Uint8Array, prefix: Uint8Array) =>
  payload.length >= prefix.length && prefix.every((b, i) => payload[i] === b);

/** On Colyseus: the room message `type` (its type a msgpack string) is a decision; a state patch an update. */
export function colyseusFrames(type: string): FrameKinds {
  const message = Buffer.concat([Buffer.from([Protocol.ROOM_DATA, 0xa0 | type.length]), Buffer.from(type)]);
  return {
    decision: (p) => startsWith(p, message),
    update: (p) => p[0] === Protocol.ROOM_STATE_PATCH,
  };
}

/** Ours: a player's decision travels as "decide" (bench/ours-load.ts sends it). */
export const COLYSEUS_FRAMES = colyseusFrames("decide");

/** The Socket.IO peer (bench/peer/sio-main.ts): Engine.IO message, Socket.IO event, its name first. */
export const SOCKET_IO_FRAMES: FrameKinds = {
  decision: (p) => startsWith(p, Buffer.from('42["order"')),
  update: (p) => startsWith(p, Buffer.from('42["view"')),
};

export interface Capture {
  /** Stops capturing and reads the file: reaction times (ms) of decisions sent in [fromMs, toMs]. */
  stop(fromMs: number, toMs: number): Promise<{ reactions: number[]; dropped: number }>;
  /** Stops capturing, reading nothing (the run failed); does nothing once stopped. */
  abort(): void;
}

/** Starts capturing the server's port, or says why not and returns undefined. */
export async function startCapture(
  port: number,
  dir: string,
  kinds: FrameKinds = COLYSEUS_FRAMES,
): Promise<Capture | undefined> {
  if (spawnSync("tcpdump", ["--version"], { stdio: "ignore" }).status !== 0) {
    console.log("  (PF_BENCH_CAPTURE: no tcpdump here; the server's own reaction time is not measured)");
    return undefined;
  }
  const file = join(dir, "server.pcap");
  // Frames only (PSH set), their first 100 bytes: headers and the start of the WebSocket frame.
  const filter = `tcp port ${port} and (tcp[tcpflags] & tcp-push != 0)`;
  const [cmd, argv] = pinned(1, "tcpdump", ["-i", "lo", "-s", "100", "-B", "65536", "-w", file, filter]);
  const proc: ChildProcess = spawn(cmd, argv, { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  const listening = await new Promise<boolean>((resolve) => {
    proc.stderr!.on("data", (d) => {
      err += d;
      if (err.includes("listening on")) resolve(true);
    });
    proc.once("exit", () => resolve(false));
  });
  if (!listening) {
    console.log(`  (PF_BENCH_CAPTURE: tcpdump did not start: ${err.trim().split("\n").at(-1)})`);
    return undefined;
  }
  // A bench that dies leaves no capture running behind it.
  const abort = () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
  };
  process.once("exit", abort);
  return {
    abort,
    async stop(fromMs, toMs) {
      process.off("exit", abort);
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGINT");
      await exited;
      const dropped = Number(/(\d+) packets dropped by kernel/.exec(err)?.[1] ?? 0);
      const reactions = reactionTimes(readFileSync(file), port, fromMs, toMs, kinds);
      rmSync(file, { force: true });
      return { reactions, dropped };
    },
  };
}

/** Bytes of a frame's payload unmasked for `FrameKinds`: enough for the longest prefix asked. */
const PEEK = 16;

/**
 * From a pcap file (microsecond or nanosecond timestamps; Ethernet, as on Linux' loopback): for every
 * decision frame a client sent to `serverPort` within [fromMs, toMs], the time until the server's next
 * state update to that client, in ms.
 */
export function reactionTimes(
  pcap: Buffer,
  serverPort: number,
  fromMs: number,
  toMs: number,
  kinds: FrameKinds = COLYSEUS_FRAMES,
): number[] {
  const nano = pcap.readUInt32LE(0) === 0xa1b23c4d;
  const ethernet = pcap.readUInt32LE(20) === 1;
  const waiting = new Map<number, number>();
  const out: number[] = [];
  const peek = Buffer.alloc(PEEK);
  for (let off = 24; off + 16 <= pcap.length; ) {
    const t = pcap.readUInt32LE(off) * 1000 + pcap.readUInt32LE(off + 4) / (nano ? 1e6 : 1e3);
    const end = off + 16 + pcap.readUInt32LE(off + 8);
    let p = off + 16 + (ethernet ? 14 : 16);
    off = end;
    if (pcap[p]! >> 4 !== 4 || pcap[p + 9] !== 6) continue; // IPv4, TCP
    p += (pcap[p]! & 15) * 4;
    const from = pcap.readUInt16BE(p);
    const to = pcap.readUInt16BE(p + 2);
    const d = pcap.subarray(p + (pcap[p + 12]! >> 4) * 4, end);
    // A text or binary WebSocket frame's first bytes.
    if (d.length < 3 || ((d[0]! & 0x0f) !== 1 && (d[0]! & 0x0f) !== 2)) continue;
    const head = (d[1]! & 0x7f) === 126 ? 4 : 2;
    // A client's frames are masked; the server's are not.
    const masked = (d[1]! & 0x80) !== 0;
    const start = head + (masked ? 4 : 0);
    const n = Math.min(PEEK, d.length - start);
    if (n <= 0) continue;
    for (let i = 0; i < n; i++) peek[i] = masked ? d[start + i]! ^ d[head + (i % 4)]! : d[start + i]!;
    const payload = peek.subarray(0, n);
    if (to === serverPort) {
      if (masked && kinds.decision(payload) && t >= fromMs && t <= toMs) waiting.set(from, t);
    } else if (from === serverPort && !masked && kinds.update(payload)) {
      const sent = waiting.get(to);
      if (sent !== undefined) {
        out.push(t - sent);
        waiting.delete(to);
      }
    }
  }
  return out;
}
