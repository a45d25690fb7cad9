// What a scenario contributes to the command line (in its module): its own flags, how flags become
// its options, and how a finished run becomes JSON, tables and CSV. The pure part of the command
// line lives here; the program itself (cli/sim.ts) is generic.

import type { Simulation } from "../engine/simulation.ts";
import type { PolicyChoice } from "../policies/index.ts";
import type { Table } from "./format.ts";

export interface CliFlag {
  /** Commander flag syntax, e.g. "--demand <pattern>" or "--info-sharing". */
  flags: string;
  description: string;
  /** Commander's attribute name for it (e.g. "infoSharing"). */
  key: string;
  /** Repeatable flags collect their values in a list. */
  repeatable?: boolean;
}

export interface RunSummaryMetrics {
  /** Team-wide figures, summarized over replications (e.g. totalCost). */
  team: Record<string, number | null>;
  /** Per-role figures (e.g. cost, amplification). */
  roles: Record<string, Record<string, number | null>>;
}

export interface RunOutput {
  /** The scenario's part of a run's JSON (after scenario, weeks, seed). */
  json: Record<string, unknown>;
  metrics: RunSummaryMetrics;
  /** Tables printed for `--format table`, in order. */
  tables: Table[];
  /** One row per week for `--format csv`. */
  csv: Table;
}

export interface ScenarioCli {
  flags: readonly CliFlag[];
  /** The scenario's options from the common flags and its own; throws a one-line error. */
  options(
    common: { weeks?: number },
    own: Record<string, unknown>,
    policies: Record<string, PolicyChoice>,
  ): unknown;
  /** Live shocks to inject before the run (scenarios with shocks). */
  shocks?(own: Record<string, unknown>): { name: string; week: number; params?: Record<string, number> }[];
  /** `loops: false` skips pricing the loops (a re-run per loop), for replications that keep only metrics. */
  report(sim: Simulation, extra: { fit: boolean; loops?: boolean }): RunOutput;
  /** Replication JSON keeps team figures under `team` (e.g. team.profit.mean) instead of at the top. */
  nestTeam?: boolean;
  /** The team figure a sweep ranks its grid points by; the first team figure, lower better, when not given. */
  objective?: { metric: string; better: "higher" | "lower" };
}
