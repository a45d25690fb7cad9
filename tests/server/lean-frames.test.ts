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
