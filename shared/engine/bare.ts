// The bare path: whole games with bots at full speed, for replications and sweeps. A scenario may
// bring a bare runner (in its own folder) that plays exactly what the Simulation plays with the same
// bots — the same equations, the same states bit for bit — without history, validation objects or
// hashing unless asked, and without allocating per week.

import type { RngState } from "./rng.ts";
import type { RoleId, ShockEvent } from "./types.ts";

/** A policy as the bare runner receives it: the spec (checked by identity) and its parameters. */
export interface BarePolicy {
  spec: { name: string };
  params: Readonly<Record<string, number>>;
}

/** A figure a bare game reports: team-wide (role null) or a role's. */
export interface BareMetric {
  role: RoleId | null;
  key: string;
}

/** Called after week 0 and after every week with the state in the scenario's layout and the random stream. */
export type BareWatch = (week: number, state: Float64Array, rng: RngState) => void;

export interface BareGame {
  /** The figures `play` writes, in order (the same as the scenario's command-line metrics). */
  readonly metrics: readonly BareMetric[];
  /** The number of weeks a game runs (its horizon); where each seed draws its own end, the last game's. */
  readonly weeks: number;
  /** Plays the game of `seed`, writing its metrics to out[at … at + metrics.length − 1] (NaN for none). */
  play(seed: number, out: Float64Array, at: number, watch?: BareWatch): void;
}

export interface BareScenario {
  /**
   * A bare game for parsed options, a policy per role and live shocks; null when something has no
   * bare form (a policy it does not know, a shock), and the caller runs the Simulation instead.
   */
  prepare(
    options: unknown,
    policies: Readonly<Record<RoleId, BarePolicy>>,
    shocks: readonly ShockEvent[],
  ): BareGame | null;
}
