import { describe, expect, it } from "vitest";
import { reactionTimes, SOCKET_IO_FRAMES } from "../../bench/capture.ts";

const SERVER = 2567;

/** A pcap file (microsecond timestamps, Ethernet) holding the given TCP payloads on the loopback. */
function pcap(packets: { ms: number; from: number; to: number; payload: Buffer }[]): Buffer {
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(65535, 16);
  head.writeUInt32LE(1, 20);
  const parts = [head];
  for (const p of packets) {
    const eth = Buffer.alloc(14);
    eth.writeUInt16BE(0x0800, 12);
    const ip = Buffer.alloc(20);
    ip[0] = 0x45;
    ip[9] = 6;
    const tcp = Buffer.alloc(20);
    tcp.writeUInt16BE(p.from, 0);
    tcp.writeUInt16BE(p.to, 2);
    tcp[12] = 5 << 4;
    const body = Buffer.concat([eth, ip, tcp, p.payload]);
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(Math.floor(p.ms / 1000), 0);
    rec.writeUInt32LE(Math.round((p.ms % 1000) * 1000), 4);
    rec.writeUInt32LE(body.length, 8);
    rec.writeUInt32LE(body.length, 12);
    parts.push(rec, body);
  }
  return Buffer.concat(parts);
}

/** A client's masked binary frame: a room message of `type` (msgpack string) and a body. */
function clientMessage(type: string): Buffer {
  const msg = Buffer.concat([
    Buffer.from([13, 0xa0 | type.length]),
    Buffer.from(type),
    Buffer.from([0x81, 0xa1, 0x77, 3]),
  ]);
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const masked = Buffer.from(msg.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from([0x82, 0x80 | msg.length]), mask, masked]);
}

/** A server's frame: message code `code` and `n` more bytes (past 125 the length takes two more bytes). */
function serverFrame(code: number, n = 4): Buffer {
  const payload = Buffer.concat([Buffer.from([code]), Buffer.alloc(n, 7)]);
  const len = payload.length;
  const header = len < 126 ? Buffer.from([0x82, len]) : Buffer.from([0x82, 126, len >> 8, len & 255]);
  return Buffer.concat([header, payload]);
}

/** A text frame: a client's (masked) or the server's. */
function textFrame(text: string, masked: boolean): Buffer {
  const payload = Buffer.from(text);
  const len = payload.length;
  if (!masked) return Buffer.concat([Buffer.from([0x81, len]), payload]);
  const mask = Buffer.from([0xa1, 0x07, 0x3c, 0xee]);
  return Buffer.concat([
    Buffer.from([0x81, 0x80 | len]),
    mask,
    Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!)),
  ]);
}

const T = 1_700_000_000_000;

describe("reactionTimes (bench/capture.ts)", () => {
  it("pairs each decision with the next patch sent to the same client, from the kernel's timestamps", () => {
    const file = pcap([
      { ms: T + 10, from: 50001, to: SERVER, payload: clientMessage("decide") },
      { ms: T + 10.2, from: 50002, to: SERVER, payload: clientMessage("decide") },
      // Not a patch: a message to the first client does not end its wait.
      { ms: T + 10.5, from: SERVER, to: 50001, payload: serverFrame(13) },
      { ms: T + 11, from: SERVER, to: 50002, payload: serverFrame(15, 300) },
      { ms: T + 12.5, from: SERVER, to: 50001, payload: serverFrame(15) },
      // A second patch to the same client is not paired again.
      { ms: T + 13, from: SERVER, to: 50001, payload: serverFrame(15) },
    ]);
    expect(reactionTimes(file, SERVER, T, T + 100).map((x) => Math.round(x * 1000) / 1000)).toEqual([
      0.8, 2.5,
    ]);
  });

  it("ignores other messages, and decisions sent outside the measured window", () => {
    const file = pcap([
      { ms: T + 1, from: 50001, to: SERVER, payload: clientMessage("decide") },
      { ms: T + 2, from: SERVER, to: 50001, payload: serverFrame(15) },
      { ms: T + 20, from: 50001, to: SERVER, payload: clientMessage("dcide!") },
      { ms: T + 21, from: 50001, to: SERVER, payload: clientMessage("notes") },
      { ms: T + 22, from: SERVER, to: 50001, payload: serverFrame(15) },
      { ms: T + 30, from: 50001, to: SERVER, payload: clientMessage("decide") },
      { ms: T + 34, from: SERVER, to: 50001, payload: serverFrame(15) },
      { ms: T + 200, from: 50001, to: SERVER, payload: clientMessage("decide") },
      { ms: T + 201, from: SERVER, to: 50001, payload: serverFrame(15) },
    ]);
    expect(reactionTimes(file, SERVER, T + 10, T + 100)).toEqual([4]);
  });

  it("reads the Socket.IO peer's text frames: an order in, the next view out", () => {
    const file = pcap([
      { ms: T + 10, from: 50001, to: SERVER, payload: textFrame('42["order",{"week":3,"order":9}]', true) },
      // Another event from the client, and a binary frame: neither is a decision.
      { ms: T + 11, from: 50002, to: SERVER, payload: textFrame('42["join",{"room":"a"}]', true) },
      { ms: T + 11.5, from: 50002, to: SERVER, payload: clientMessage("decide") },
      // Not a view: an Engine.IO ping does not end the wait.
      { ms: T + 12, from: SERVER, to: 50001, payload: textFrame("2", false) },
      { ms: T + 13.5, from: SERVER, to: 50001, payload: textFrame('42["view",{"week":3}]', false) },
      { ms: T + 14, from: SERVER, to: 50002, payload: textFrame('42["view",{"week":3}]', false) },
    ]);
    expect(reactionTimes(file, SERVER, T, T + 100, SOCKET_IO_FRAMES)).toEqual([3.5]);
    // Read as ours, the same capture holds one decision and no patch.
    expect(reactionTimes(file, SERVER, T, T + 100)).toEqual([]);
  });
});
