// How large a room's state encoder starts. Colyseus gives every room two buffers of
// `Encoder.BUFFER_SIZE` (16 KB by default) and grows the shared one to keep that much free past each
// patch: 64 KB a team room, a sixth of what a room with four clients held in all (heap snapshot at
// 500 rooms). A team room's fullest state, a debrief with every role's entry shown, encodes to well
// under 3 KB (tests/server/state-buffers.test.ts), so team rooms start at 4 KB (the shared buffer then
// grows once, to 8 KB, at the first client's own patch: Colyseus keeps a whole BUFFER_SIZE free past the
// shared part). A larger state still works: the encoder grows its buffer and logs a warning once. A room whose state is larger (the cohort
// console) sets its state inside `withStateBuffers`.

import { Encoder } from "@colyseus/schema";

export const STATE_BUFFER_BYTES = 4 * 1024;

/**
 * Sets the encoder size for every room created from now on (called once as the server starts). It is
 * the global, not a per-room size, because Colyseus also reads it at every patch, as the room it keeps
 * free past the shared part before writing each client's own.
 */
export function sizeStateBuffers(): void {
  Encoder.BUFFER_SIZE = STATE_BUFFER_BYTES;
}

/**
 * Runs `setState` with the encoder sized to `bytes`: the buffers are made when the state is set, so
 * this room's encoder starts at that size and rooms created after it keep the usual one.
 */
export function withStateBuffers(bytes: number, setState: () => void): void {
  const usual = Encoder.BUFFER_SIZE;
  Encoder.BUFFER_SIZE = bytes;
  try {
    setState();
  } finally {
    Encoder.BUFFER_SIZE = usual;
  }
}
