// The join page's reading of GET /api/rooms/:code: a full answer as it is, anything less as a
// partial one without seats (the page then lets the player choose a seat in the lobby).

import { describe, expect, it } from "vitest";
import { lookupAnswer } from "../../client/net/session.ts";
import type { RoomLookup } from "../../shared/protocol/room.ts";

const full: RoomLookup = {
  code: "ABC123",
  cohort: null,
  roomId: "ABC123",
  scenario: "beer-game",
  title: "The Beer Game",
  phase: "lobby",
  week: 0,
  horizon: 36,
  seats: [{ role: "retailer", label: "Retailer", control: "empty", name: "", connected: false }],
};

describe("lookupAnswer", () => {
  it("keeps a full answer", () => {
    expect(lookupAnswer(full)).toEqual(full);
  });

  it("reads a partial answer (the owner did not answer) as one without seats", () => {
    const partial = {
      code: "ABC123",
      roomId: "ABC123",
      scenario: "beer-game",
      title: "The Beer Game",
      partial: true,
    };
    expect(lookupAnswer(partial)).toEqual(partial);
  });

  it("reads an older server's metadata-only answer as partial, without inventing seats", () => {
    const a = lookupAnswer({
      code: "ABC123",
      roomId: "ABC123",
      scenario: "beer-game",
      title: "T",
      cohort: null,
    });
    expect(a).toEqual({ code: "ABC123", roomId: "ABC123", scenario: "beer-game", title: "T", partial: true });
    expect(a.seats).toBeUndefined();
  });
});
