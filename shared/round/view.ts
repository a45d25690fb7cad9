// Who may see what, decided once. Every exit of the server asks viewFor: the per-client room state
// (which roles' private entries a client receives), the debrief state and opening message, and the
// HTTP exports.
//
// The rule: a role's own numbers go to its seat; everyone's numbers, every sketch and the complete
// record go to everyone once the debrief has revealed the truth (or the room has closed for good);
// the host may export the record at any time. Before the reveal a player gets the brief (what the belief panel needs, nothing hidden).

import { briefOf } from "../debrief/brief.ts";
import type { AnyScenario, RoleId, ToldHorizon } from "../engine/types.ts";
import type { DebriefBrief, DebriefState } from "../protocol/debrief.ts";
import type { RoundRecord } from "../protocol/messages.ts";
import type { Phase } from "../protocol/room.ts";

export type Viewer =
  | { kind: "seat"; role: RoleId }
  | { kind: "spectator" }
  /** Proved the host token (an export, a trainer's screen). */
  | { kind: "host" };

/** What visibility depends on; a Round has all of it. */
export interface Visible {
  readonly roles: readonly RoleId[];
  readonly phase: Phase;
  readonly debrief: DebriefState;
  /** The room closed for good (absent: still open). */
  readonly closed?: boolean;
}

export interface RoundView {
  /** Roles whose private entry (observation, KPIs, decision) this viewer receives. */
  roles: RoleId[];
  /** May have the complete record (`round` message, export.json/csv). */
  record: boolean;
  /** The debrief state as this viewer may see it. */
  debrief: DebriefState;
}

export const viewerOf = (role: RoleId | null): Viewer =>
  role ? { kind: "seat", role } : { kind: "spectator" };

export function viewFor(round: Visible, viewer: Viewer): RoundView {
  const revealed = round.closed === true || (round.phase === "debrief" && round.debrief.revealed);
  const own = viewer.kind === "seat" ? viewer.role : null;
  return {
    roles: revealed ? [...round.roles] : own ? [own] : [],
    record: revealed || viewer.kind === "host",
    debrief: revealed ? round.debrief : onlyOwnBeliefs(round.debrief, own),
  };
}

/**
 * The round's length as it may leave the server: what the players were told while the round runs
 * (a drawn end stays hidden until it comes), the real last week once play has ended.
 */
export function horizonShown(round: {
  readonly phase: Phase;
  readonly sim: { readonly horizon: number; readonly told: ToldHorizon };
}): ToldHorizon {
  return round.phase === "debrief" ? { weeks: round.sim.horizon, approximate: false } : round.sim.told;
}

/**
 * Before the reveal, a player sees only their own sketch (others show as "in") and their own
 * hypothesis: beliefs stay independent.
 */
function onlyOwnBeliefs(state: DebriefState, role: RoleId | null): DebriefState {
  const own = <T>(all: Record<string, T>): Record<string, T> => {
    const mine = role !== null ? all[role] : undefined;
    return mine !== undefined && role !== null ? { [role]: mine } : {};
  };
  return { ...state, sketches: own(state.sketches), hypotheses: own(state.hypotheses) };
}

/** What a client gets when the debrief opens for it: the record once it may have it, else the brief. */
export function openingFor(
  view: RoundView,
  record: () => RoundRecord,
  scenario: AnyScenario,
): { type: "round"; payload: RoundRecord } | { type: "brief"; payload: DebriefBrief } {
  const rec = record();
  return view.record ? { type: "round", payload: rec } : { type: "brief", payload: briefOf(rec, scenario) };
}

/** A log event as it may leave the server: token hashes and the replay link's secret stay inside. */
export function publicEvent<E extends { data: unknown }>(e: E): E {
  const data = e.data;
  if (typeof data !== "object" || data === null || Array.isArray(data)) return e;
  const { tokenHash: _t, hostTokenHash: _h, replaySecret: _r, ...rest } = data as Record<string, unknown>;
  return { ...e, data: rest };
}
