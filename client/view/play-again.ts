// "Play again" from the debrief: the new round's create options from the finished one — same
// scenario and bots, the same or a new seed, information sharing switched on if asked. Pure.

import { parsePolicy } from "../../shared/policies/index.ts";
import type { CreateOptions } from "../../shared/protocol/index.ts";
import type { RoundRecord } from "../../shared/protocol/messages.ts";

export interface PlayAgainChoice {
  name: string;
  role: string | null;
  sameSeed: boolean;
  /** The Beer Game's transparent round: every desk also sees customer demand. */
  infoSharing: boolean;
}

export function playAgainOptions(rec: RoundRecord, choice: PlayAgainChoice): CreateOptions {
  const bots: NonNullable<CreateOptions["bots"]> = {};
  for (const s of rec.seats) {
    // A seat that replayed a parent's decisions has nothing to replay in a fresh round: the default bot plays it.
    if (s.role === choice.role || !s.policy || s.policy.startsWith("recorded")) continue;
    // The record keeps the policy as text (NAME:key=value,…); a seat is created from name and numbers.
    const p = parsePolicy(rec.scenario, s.policy);
    bots[s.role] = { policy: p.spec.name, params: { ...p.params } };
  }
  const options = { ...((rec.options as Record<string, unknown> | null) ?? {}) };
  if (choice.infoSharing) options.infoSharing = true;
  return {
    scenario: rec.scenario,
    options,
    bots,
    name: choice.name,
    ...(choice.role ? { role: choice.role } : { spectate: true }),
    ...(choice.sameSeed ? { seed: rec.seed } : {}),
  };
}

/** Whether the scenario has the information-sharing switch. */
export function offersInfoSharing(rec: RoundRecord): boolean {
  return typeof (rec.options as Record<string, unknown> | null)?.infoSharing === "boolean";
}
