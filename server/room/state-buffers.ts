// How large a room's state encoder starts. Colyseus gives every room two buffers of
// `Encoder.BUFFER_SIZE` (16 KB by default) and grows the shared one to keep that much free past each
// patch: 64 KB a team room, a sixth of what a room with four clients held in all (heap snapshot at
// 500 rooms). A team room's fullest state, a debrief with every role's entry shown, encodes to well
// under 3 KB (tests/server/state-buffers.test.ts), so team rooms start at 4 KB. A larger state still
// works: the encoder grows its buffer and logs a warning once. The cohort console's state sets its own
// size (server/cohort/room.ts).

import { Encoder } from "@colyseus/schema";

export const STATE_BUFFER_BYTES = 4 * 1024;

/** Sets the encoder size for every room created from now on (called once as the server starts). */
export function sizeStateBuffers(): void {
  Encoder.BUFFER_SIZE = STATE_BUFFER_BYTES;
}
