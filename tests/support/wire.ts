// A role entry's numbers as the wire carries them, written by the server's own RoleSlots: for tests
// that hand a client a decoded state.

import {
  NumberSlots,
  RoleSlots,
  type RoleSlotsOnWire,
  roleEntries,
  SLOT_PARTS,
  type SlotPart,
} from "../../shared/protocol/state.ts";

/** The slots and their names for the given parts (a part left out is empty). */
export function roleOnSlots(
  parts: Partial<Record<SlotPart, Iterable<readonly [string, number]>>>,
): RoleSlotsOnWire & {
  values: NumberSlots;
} {
  const entry = {
    values: new NumberSlots(),
    observationKeys: "",
    kpiKeys: "",
    decisionKeys: "",
    recordedKeys: "",
  };
  const w = new RoleSlots(entry);
  for (const part of SLOT_PARTS) {
    w.begin(part);
    for (const [k, v] of parts[part] ?? []) w.put(k, v);
    w.end();
  }
  return entry;
}

/** A decoded role entry's observation entries (without a `week` the wire left out). */
export function wireObservation(role: Partial<RoleSlotsOnWire>): [string, number][] {
  return roleEntries(role).observation;
}

/**
 * Roles whose private entry reached a client, from its decoder's refs (any path of the decoded state).
 * A role entry's slots (a NumberSlots: `s0`…) decoded without their role's entry count as "?": the
 * values alone are another department's numbers.
 */
export function privateRolesIn(refs: Iterable<unknown>): string[] {
  const seen = new Set<string>();
  const owned = new Set<unknown>();
  const slots: unknown[] = [];
  for (const ref of refs) {
    if (!ref || typeof ref !== "object") continue;
    const r = ref as { role?: unknown; values?: unknown };
    if ("values" in r && typeof r.role === "string") {
      seen.add(r.role);
      owned.add(r.values);
    } else if ("s0" in r) slots.push(r);
  }
  if (slots.some((s) => !owned.has(s))) seen.add("?");
  return [...seen].sort();
}

/** How many role entries' slots (NumberSlots) a client's decoder holds. */
export function slotsDecoded(refs: Iterable<unknown>): number {
  let n = 0;
  for (const ref of refs) if (ref && typeof ref === "object" && "s0" in ref) n++;
  return n;
}
