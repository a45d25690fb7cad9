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

/**
 * Roles whose private entry reached a client, from its decoder's refs (any path of the decoded state).
 * An observation's fields (a NumberSlots: `s0`…) decoded without their role's entry count as "?": the
 * values alone are another department's numbers.
 */
export function privateRolesIn(refs: Iterable<unknown>): string[] {
  const seen = new Set<string>();
  const owned = new Set<unknown>();
  const slots: unknown[] = [];
  for (const ref of refs) {
    if (!ref || typeof ref !== "object") continue;
    const r = ref as { role?: unknown; observation?: unknown };
    if ("observation" in r && typeof r.role === "string") {
      seen.add(r.role);
      owned.add(r.observation);
    } else if ("s0" in r) slots.push(r);
  }
  if (slots.some((s) => !owned.has(s))) seen.add("?");
  return [...seen].sort();
}

/** How many observations' fields (NumberSlots) a client's decoder holds. */
export function slotsDecoded(refs: Iterable<unknown>): number {
  let n = 0;
  for (const ref of refs) if (ref && typeof ref === "object" && "s0" in ref) n++;
  return n;
}
