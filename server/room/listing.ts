// A room that closes here while another process already lists the same id (it adopted the round or
// the cohort): Colyseus removes a disposed room's listing by the listing's `roomId`
// (MatchMaker disposeRoom), so a listing without one stays — the adopter's.

import type { Room } from "@colyseus/core";

/** Makes this room's disposal leave the matchmaker's listing of its id alone. */
export function keepListingOnDispose(room: Room): void {
  (room as unknown as { _listing: { roomId?: string } })._listing.roomId = undefined;
}
