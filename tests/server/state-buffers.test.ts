// Team rooms start their state encoder at STATE_BUFFER_BYTES (server/room/state-buffers.ts): every
// scenario's fullest team state must fit, or each room would grow its buffer and log a warning.

import { Encoder, StateView } from "@colyseus/schema";
import { describe, expect, it } from "vitest";
import { STATE_BUFFER_BYTES, withStateBuffers } from "../../server/room/state-buffers.ts";
import { buildState } from "../../server/room/state-sync.ts";
import { TeamState } from "../../shared/protocol/state.ts";
import { LocalRound } from "../../shared/round/local.ts";
import { scenarios } from "../../shared/scenarios/index.ts";
import { createdFor } from "../unit/round-fixtures.ts";

/** Bytes of the full state a client receives when it sees every role's entry. */
function fullStateBytes(st: TeamState): number {
  const encoder = new Encoder(st);
  const buffer = new Uint8Array(1024 * 1024);
  const it = { offset: 1 };
  encoder.encodeAll(it, buffer);
  const view = new StateView();
  for (const role of st.roles.values()) view.add(role);
  return encoder.encodeAllView(view, it.offset, { offset: it.offset }, buffer).length;
}

describe("a team room's state encoder", () => {
  for (const scenario of Object.values(scenarios)) {
    it(`holds the ${scenario.id} team's fullest state: the debrief, every role shown, every name at its longest`, () => {
      const local = new LocalRound(scenario, createdFor(scenario.id, { code: "BUFFER" }));
      for (const role of scenario.roles) local.join("ü".repeat(60), role.id);
      expect(local.send(local.host, { type: "start" }).ok).toBe(true);
      for (const role of scenario.roles) local.drop(role.id);
      while (local.round.phase === "play") local.advanceClock(10_000);
      expect(local.round.phase).toBe("debrief");
      const st = new TeamState();
      buildState(st, local.round);
      expect(st.roles.size).toBe(scenario.roles.length);
      // Played again by a player with the longest name.
      st.next = "NEXTUP";
      st.nextBy = "ü".repeat(60);
      const bytes = fullStateBytes(st);
      expect(bytes).toBeGreaterThan(1000);
      // A quarter of the buffer to spare.
      expect(bytes).toBeLessThan(STATE_BUFFER_BYTES * 0.75);
    });
  }

  it("a room with a larger state starts its encoder at its own size, and the next room at the usual one", () => {
    const usual = Encoder.BUFFER_SIZE;
    let large: Encoder | undefined;
    withStateBuffers(64 * 1024, () => {
      large = new Encoder(new TeamState());
    });
    expect(large!.sharedBuffer.byteLength).toBe(64 * 1024);
    expect(new Encoder(new TeamState()).sharedBuffer.byteLength).toBe(usual);
    expect(() =>
      withStateBuffers(64 * 1024, () => {
        throw new Error("state refused");
      }),
    ).toThrow("state refused");
    expect(Encoder.BUFFER_SIZE).toBe(usual);
  });
});
