// Plain snapshots of the decoded room state, so the views never touch schema instances. Pure.

import type { DecisionSource } from "../../shared/engine/types.ts";
import { unflattenObservation } from "../../shared/protocol/observation.ts";
import type { HoldReason, PaceMode, Phase } from "../../shared/protocol/room.ts";
import {
  isDecided,
  kpisOf,
  type MapLike,
  observationOf,
  roleEntries,
  type SeatView,
  sourceOf,
  type TeamStateView,
} from "../../shared/protocol/state.ts";

/** The decoded room state as the SDK exposes it: the protocol's schema, read as plain data. */
export type DecodedState = TeamStateView;

export interface OwnDesk {
  role: string;
  week: number;
  observation: Record<string, number | number[]>;
  kpis: Record<string, number>;
  /** The decision in for the open week (empty if none). */
  decision: Record<string, number>;
  source: DecisionSource | "";
  /** The decision recorded for `week` when a bot or the default made it (null after the player's own). */
  recorded: { decision: Record<string, number>; source: DecisionSource } | null;
}

export interface TeamSnapshot {
  code: string;
  scenario: string;
  title: string;
  phase: Phase;
  week: number;
  horizon: number;
  /** The round ends at a hidden week near `horizon`: say "about". */
  horizonApproximate: boolean;
  pace: PaceMode;
  secondsPerWeek: number;
  paused: boolean;
  /** The server holds play by itself ("recording": the log cannot be written; it resumes by itself). */
  hold: HoldReason | null;
  deadline: number;
  /** In seat order. */
  seats: SeatView[];
  /** My role's private entry, when the server has sent it. */
  mine: OwnDesk | null;
  /** Play again: the team's next round, started from this round's debrief. */
  next: { code: string; by: string } | null;
}

function entries<V>(m: MapLike<V> | undefined): [string, V][] {
  const out: [string, V][] = [];
  m?.forEach((v, k) => {
    out.push([k, v]);
  });
  return out;
}

const PHASES: readonly Phase[] = ["lobby", "play", "debrief"];
const PACES: readonly PaceMode[] = ["lockstep", "timed", "continuous"];
const HOLD_REASONS: readonly HoldReason[] = ["recording"];

/**
 * @param roleOrder the scenario's roles in seat order (from `welcome`); seats not listed follow.
 * @param myRole the seat this client holds, or null for a spectator.
 */
export function snapshot(
  state: DecodedState,
  roleOrder: readonly string[],
  myRole: string | null,
): TeamSnapshot {
  const seats: SeatView[] = entries(state.seats).map(([, s]) => ({
    role: s.role,
    label: s.label,
    control: s.control,
    name: s.name,
    connected: s.connected,
    ready: s.ready,
    index: s.index,
    decided: isDecided(state.decided, s.index),
    policy: s.policy,
  }));
  const rank = (role: string) => {
    const i = roleOrder.indexOf(role);
    return i < 0 ? roleOrder.length : i;
  };
  seats.sort((a, b) => rank(a.role) - rank(b.role));
  const own = myRole === null ? undefined : state.roles.get(myRole);
  const onWire = roleEntries(own);
  const observation = observationOf(onWire.observation, own?.observationWeek ?? 0, state.week);
  const mine: OwnDesk | null = own
    ? {
        role: own.role,
        // The week the observation is of: the team's, published with it.
        week: state.week,
        observation: unflattenObservation(observation),
        kpis: kpisOf(onWire.kpis, own.kpisInObservation, new Map(observation)),
        // Source 0: no decision in force (the slots hold the last one's values).
        decision: own.source ? Object.fromEntries(onWire.decision) : {},
        source: sourceOf(own.source),
        recorded: own.recordedBy
          ? {
              decision: Object.fromEntries(onWire.recorded),
              source: sourceOf(own.recordedBy) as DecisionSource,
            }
          : null,
      }
    : null;
  return {
    code: state.code,
    scenario: state.scenario,
    title: state.title,
    phase: PHASES.includes(state.phase as Phase) ? (state.phase as Phase) : "lobby",
    week: state.week,
    horizon: state.horizon,
    horizonApproximate: state.horizonApproximate === true,
    pace: PACES.includes(state.pace as PaceMode) ? (state.pace as PaceMode) : "lockstep",
    secondsPerWeek: state.secondsPerWeek,
    paused: state.paused,
    hold: HOLD_REASONS.includes(state.hold as HoldReason) ? (state.hold as HoldReason) : null,
    deadline: state.deadline,
    seats,
    mine,
    next: state.next ? { code: state.next, by: state.nextBy } : null,
  };
}
