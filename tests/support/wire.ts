// A role's observation as the wire carries it, written by the server's own SlotWriter: for tests that
// hand a client a decoded state.

import { NumberSlots, SlotWriter, slotsOf } from "../../shared/protocol/state.ts";

export function observationOnSlots(entries: Iterable<readonly [string, number]>): {
  observation: NumberSlots;
  observationKeys: string;
} {
  const observation = new NumberSlots();
  let observationKeys = "";
  const w = new SlotWriter(observation, (keys) => {
    observationKeys = keys;
  });
  w.begin();
  for (const [k, v] of entries) w.put(k, v);
  w.end();
  return { observation, observationKeys };
}

/** A decoded role entry's observation entries (without a `week` the wire left out). */
export function wireObservation(role: { observation: object; observationKeys: string }): [string, number][] {
  return slotsOf(role.observation, role.observationKeys);
}
