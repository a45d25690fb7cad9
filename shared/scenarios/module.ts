// Everything one scenario brings, in one object: the model, its bots, what the debrief and the
// command line read from it, and the plain data the client draws its desk from. The registry
// (index.ts) lists these modules; nothing else names a scenario by its id.

import type { ScenarioCli } from "../cli/adapter.ts";
import type { DebriefHooks } from "../debrief/hooks.ts";
import type { DebriefProfile } from "../debrief/profile.ts";
import type { BareScenario } from "../engine/bare.ts";
import type { AnyScenario, Observation, PolicySpec } from "../engine/types.ts";

// biome-ignore lint/suspicious/noExplicitAny: a table holds policies of its scenario's observation type
export type AnyPolicySpec = PolicySpec<any>;

/** Policy name → policy. */
export type PolicyTable = Readonly<Record<string, AnyPolicySpec>>;

/** One column of a desk's history table, as data: a scalar observation field, or every decision. */
export type HistoryColumnSpec =
  | { from: "observation"; id: string; label: string; unit: string; chart: boolean }
  | { from: "decisions" };

/** A number a desk observes, with its label and unit, so a desk can be drawn from data. */
export interface ObservationField {
  id: string;
  label: string;
  unit: string;
  /** Whether the desk sees it late, and by how many weeks. */
  lateWeeks?: number;
}

/** What the browser client reads from a scenario: plain data, no DOM. */
export interface ScenarioClientData {
  /**
   * The board the desk draws (a name the client maps to a scene); without one, or with a name the
   * client does not know, the desk shows its form, history and KPIs only.
   */
  board?: string;
  /** The desk's history columns; without them it lists the decisions and KPIs. */
  history?: readonly HistoryColumnSpec[];
  /** Per role, every number its desk observes. */
  observationFields?: Readonly<Record<string, readonly ObservationField[]>>;
}

export interface ScenarioModule<B extends Observation = Observation> {
  scenario: AnyScenario;
  /** Bots by name; a scenario without any is played by holding each role's default decision. */
  policies?: Readonly<Record<string, PolicySpec<B>>>;
  /** The bot for empty seats and missing decisions; the first policy when not given. */
  defaultPolicy?: string;
  /**
   * The rule a team's result is set against when many teams are compared (a cohort's ranking: "how
   * far from what the structure allows"); without one, the debrief hooks' benchmark policy.
   */
  teamBenchmark?: string;
  debrief?: {
    /** Which series play which part in the debrief; read from ids and units when not given. */
    profile?: DebriefProfile;
    hooks?: DebriefHooks;
  };
  /** Flags → options, and a finished run → JSON and tables; a generic report when not given. */
  cli?: ScenarioCli;
  /**
   * The fast runner replications and sweeps use (see engine/bare.ts); without one, or for bots it
   * does not know, they run the Simulation.
   */
  bare?: BareScenario;
  client?: ScenarioClientData;
}
