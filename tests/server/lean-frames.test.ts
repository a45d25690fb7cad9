import { type Client, Protocol } from "@colyseus/core";
import { describe, expect, it } from "vitest";
import { leanFrames } from "../../server/room/clients.ts";

/** A client whose socket records what reaches it. */
function recordingClient(): { client: Client; sent: { data: Uint8Array; rest: unknown[] }[] } {
  const sent: { data: Uint8Array; rest: unknown[] }[] = [];
  const client = {
    raw(data: Uint8Array, ...rest: unknown[]) {
      sent.push({ data, rest });
    },
  } as unknown as Client;
  return { client, sent };
}

describe("leanFrames", () => {
  it("does not send a patch that carries nothing for this client", () => {
    const { client, sent } = recordingClient();
    leanFrames(client);
    client.raw(new Uint8Array([Protocol.ROOM_STATE_PATCH]));
    expect(sent).toEqual([]);
  });

  it("sends other frames byte for byte, with their options, from the shared buffer pool", () => {
    const { client, sent } = recordingClient();
    leanFrames(client);
    const frames = [
      new Uint8Array([Protocol.ROOM_STATE_PATCH, 255, 1, 2]),
      new Uint8Array([Protocol.ROOM_DATA, 7]),
      new Uint8Array(200).fill(9),
    ];
    const cb = () => {};
    for (const f of frames) client.raw(f, undefined, cb);
    expect(sent.map((s) => [...s.data])).toEqual(frames.map((f) => [...f]));
    for (const [i, s] of sent.entries()) {
      expect(Buffer.isBuffer(s.data)).toBe(true);
      expect(s.rest).toEqual([undefined, cb]);
      // Not a wrapper of the frame's own memory: a slice of the pool many frames share.
      expect(s.data.buffer).not.toBe(frames[i]!.buffer);
      expect(s.data.buffer.byteLength).toBe(Buffer.poolSize);
    }
    expect(sent[0]!.data.buffer).toBe(sent[1]!.data.buffer);
  });

  it("passes a frame that is already a Buffer as it is", () => {
    const { client, sent } = recordingClient();
    leanFrames(client);
    const b = Buffer.from([Protocol.ROOM_DATA, 1, 2, 3]);
    client.raw(b);
    expect(sent[0]!.data).toBe(b);
  });
});

describe("leanFrames on a ws connection", () => {
  it("writes each frame to the socket itself, header and payload in one write, ws left out", () => {
    const writes: { chunk: Uint8Array; cb: unknown }[] = [];
    const ref = {
      readyState: 1,
      _socket: { write: (chunk: Uint8Array, cb?: unknown) => writes.push({ chunk, cb }) > 0 },
      _extensions: {},
      _sender: { _state: 0, _queue: [], _firstFragment: true },
    };
    const { client, sent } = recordingClient();
    (client as unknown as { ref: unknown }).ref = ref;
    leanFrames(client);
    const cb = () => {};
    client.raw(new Uint8Array([Protocol.ROOM_STATE_PATCH, 1, 2]), undefined, cb);
    client.raw(new Uint8Array([Protocol.ROOM_STATE_PATCH]));
    expect(sent).toEqual([]);
    expect(writes.map((w) => [...w.chunk])).toEqual([[0x82, 3, Protocol.ROOM_STATE_PATCH, 1, 2]]);
    expect(writes[0]!.cb).toBe(cb);
    // A closing connection: through ws, which knows what to do with it.
    ref.readyState = 2;
    client.raw(new Uint8Array([Protocol.ROOM_DATA, 4]));
    expect(sent.map((s) => [...s.data])).toEqual([[Protocol.ROOM_DATA, 4]]);
    expect(writes).toHaveLength(1);
  });
});
