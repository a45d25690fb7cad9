// The contract between the engine, every scenario, the bots, the server and the client.
// Everything here is plain data so that states, inputs and observations survive JSON,
// and so the same code runs in Node and the browser.

import type { StateLayout } from "./layout.ts";
import type { ShockRanges } from "./options.ts";

/** The most roles a scenario may have: the room marks who has decided in one bit per seat. */
export const MAX_ROLES = 31;

export type RoleId = string;

/** One weekly decision a role makes (e.g. the Beer Game's order). */
export interface DecisionSpec {
  id: string;
  label: string;
  unit: string;
  min: number;
  max: number;
  integer: boolean;
  default: number;
  help?: string;
}

/** A role's decision for one week: decision id → value. */
export type Decision = Readonly<Record<string, number>>;
/** Every role's decision for one week. */
export type Decisions = Readonly<Record<RoleId, Decision>>;

/** Where a recorded decision came from. */
export type DecisionSource = "human" | "bot" | "default";

export interface RoleSpec {
  id: RoleId;
  label: string;
  /** One line: what this department does. */
  summary: string;
}

/**
 * What a role sees at a week. Flat numbers (and short numeric arrays) only, so it maps onto
 * wire schemas and charts. The observation is the only thing a player or bot of that role gets.
 */
export type Observation = { readonly [field: string]: number | readonly number[] };

export interface Kpi {
  id: string;
  label: string;
  unit: string;
  value: number;
  /** Whether larger is better: drives how the desk colours it. */
  better: "higher" | "lower";
  /**
   * A stock to keep neither too high nor too low (inventory: a fall toward zero with orders owed is
   * no gain): the desk says which way it moved, not whether that was better.
   */
  balance?: boolean;
}

/** A chartable series for the debrief, read from every week's state. */
export interface SeriesSpec<S> {
  id: string;
  label: string;
  unit: string;
  /** Per role (one line per role) or team-wide (one line). */
  perRole: boolean;
  value(state: S, role: RoleId | null): number;
}

/** A shock: a scheduled or live-injected change to the world at a week. */
export interface ShockSpec<S> {
  name: string;
  label: string;
  summary: string;
  /** Parameter names with their defaults; `week` is implicit. */
  params: Readonly<Record<string, number>>;
  /** Applied at the start of `week`, before that week's step. Pure. */
  apply(state: S, params: Readonly<Record<string, number>>): S;
}

export interface ShockEvent {
  name: string;
  week: number;
  params?: Readonly<Record<string, number>>;
}

/** A feedback loop declared as data, for the debrief's causal-loop diagram. */
export interface LoopSpec<S> {
  id: string;
  name: string;
  polarity: "reinforcing" | "balancing";
  nodes: readonly { id: string; label: string }[];
  edges: readonly { from: string; to: string; sign: "+" | "-"; delay?: string }[];
  teaching: string;
  /** How strongly the loop acted in each week of a run (index 0 = week 1), ≥ 0. */
  activity(history: readonly S[]): number[];
  /**
   * Whether the model's equations close the loop, or only the players' (or bots') decisions do;
   * the debrief says which. Unstated: "structure".
   */
  closedBy?: "structure" | "decisions";
  /** How to re-run the round with the loop cut, so the debrief can price it; none: not priced. */
  knockout?: LoopKnockout<S>;
}

/** A recorded run as a knockout reads it: its options, states (history[0] = week 0) and decisions. */
export interface RecordedRun<S> {
  options: unknown;
  history: readonly S[];
  /** decisions[t − 1] = every role's decision for week t. */
  decisions: readonly Decisions[];
}

/**
 * One of a loop's links held at its reference value for a re-run of the round. Any of the three
 * ways, applied together: option patches the model reads, decisions held at a reference, or a
 * re-run decision rule built from the recorded run.
 */
export interface LoopKnockout<S> {
  /** The link held, in words: "supply line → orders". */
  link: string;
  /** The reference it is held at, in words: "the supply line steady demand needs". */
  reference: string;
  /** Options merged over the round's, under which the model's own equations hold the link. */
  options?: Readonly<Record<string, unknown>>;
  /** Decisions held every week: at a value, at the decision's default, or at another decision of that week. */
  hold?: readonly {
    role: RoleId;
    decision: string;
    to: number | "default" | { role: RoleId; decision: string };
  }[];
  /**
   * The re-run's decisions for a week, given the re-run's states so far and the recorded decisions
   * of that week; null when the recorded run is too short to build it.
   */
  decide?(
    recorded: RecordedRun<S>,
  ): ((week: number, rerun: readonly S[], recordedDecisions: Decisions) => Decisions) | null;
}

/** The round's length as players hear it. */
export interface ToldHorizon {
  weeks: number;
  /** The real end is drawn per seed near `weeks` and kept hidden until it comes. */
  approximate: boolean;
}

/** Random stream handed to `step`. Deterministic: its state lives in the simulation state. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal. */
  normal(): number;
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number;
}

export interface StepContext<O> {
  /** The week being simulated, 1-based. */
  week: number;
  options: O;
  rng: Rng;
}

/**
 * A scenario: one module holding data, equations and what each role observes.
 * O: options (plain JSON), S: model state (plain JSON), B: observation type.
 */
export interface Scenario<O = unknown, S = unknown, B extends Observation = Observation> {
  id: string;
  /** Bumped whenever equations change, so recorded rounds know what they ran on. */
  version: number;
  title: string;
  summary: string;
  roles: readonly RoleSpec[];
  /** Defaults for every option. */
  defaultOptions: O;
  /** Validates and completes partial options; throws an Error naming the bad field. */
  parseOptions(input: unknown): O;
  /** Bounds parseOptions holds numeric options to, by option key, so forms offer the same range. */
  optionBounds?: Readonly<Record<string, { min: number; max: number }>>;
  /** The most weeks a round can run for these options (the exact length unless `endWeek` draws it). */
  horizon(options: O): number;
  /**
   * The week this round really ends, when the scenario draws it per seed into the initial state.
   * Kept from the players until it happens: they are told `told(options)`. Absent: `horizon(options)`.
   */
  endWeek?(initial: S, options: O): number;
  /** What players are told of the length: "about N weeks" when approximate. Absent: `horizon`, exact. */
  told?(options: O): ToldHorizon;
  /** The decisions a role makes each week. */
  decisions(role: RoleId, options: O): readonly DecisionSpec[];
  /** State before week 1 (week 0). */
  init(options: O, rng: Rng): S;
  /**
   * The state's numbers in a fixed order, which the weekly hash reads. Absent: derived from the
   * initial state (deriveLayout), which needs every state to have the initial state's shape.
   */
  stateLayout?(options: O): StateLayout<S>;
  /** Pure: week t−1's state and every role's decision for week t → week t's state. */
  step(state: S, decisions: Decisions, ctx: StepContext<O>): S;
  /** What `role` sees of `state` (after the week's step). */
  observe(state: S, role: RoleId, options: O): B;
  /** What `role`'s desk is scored on, at the same moment its observation of `state` shows. */
  roleKpis(state: S, role: RoleId, options: O): readonly Kpi[];
  /**
   * `observe` and `roleKpis` of a state given as its numbers in `stateLayout` (at x[at …]), without
   * building the state: what a round reads every week. Optional; each must equal its object form.
   */
  packedViews?: {
    observe(x: Float64Array, at: number, role: RoleId, options: O): B;
    roleKpis(x: Float64Array, at: number, role: RoleId, options: O): readonly Kpi[];
  };
  /**
   * `step` on the numbers of `stateLayout`: week t−1's at x[from …] and every role's decision → week
   * t's, written at x[to …], without building either week as an object: what a round does every week.
   * Optional; it must write exactly the numbers of `step` on the week built back from them.
   */
  packedStep?(x: Float64Array, from: number, to: number, decisions: Decisions, ctx: StepContext<O>): void;
  teamKpis(state: S): readonly Kpi[];
  series: readonly SeriesSpec<S>[];
  shocks: readonly ShockSpec<S>[];
  /** The documented range of every shock parameter, checked at create and live. */
  shockRanges: ShockRanges;
  /** Shocks scheduled by these options (the scenario's standard shock, if any). */
  scheduledShocks(options: O): readonly ShockEvent[];
  loops: readonly LoopSpec<S>[];
  /** Debrief reflection questions. */
  reflection: readonly string[];
  /** The series players sketch before the reveal. */
  beliefSeries: { id: string; label: string; unit: string };
}

/** Any scenario, for registries. */
// biome-ignore lint/suspicious/noExplicitAny: registries hold scenarios of every shape
export type AnyScenario = Scenario<any, any, any>;

/** A bot's decision rule. It gets its role's observations only, one week at a time. */
export interface Policy<B extends Observation = Observation> {
  decide(observation: B): Decision;
}

export interface PolicySpec<B extends Observation = Observation> {
  name: string;
  summary: string;
  /** Parameter names with defaults and bounds. */
  params: Readonly<Record<string, { default: number; min: number; max: number; help: string }>>;
  /** A fresh instance with its own memory (e.g. smoothed demand). */
  create(role: RoleId, params: Readonly<Record<string, number>>): Policy<B>;
}

/** Everything needed to re-simulate a round bit for bit. */
export interface RoundInputs {
  scenario: string;
  version: number;
  options: unknown;
  seed: number;
  /** decisions[t − 1] = every role's decision for week t. */
  decisions: Decisions[];
  /** Live-injected shocks (scheduled ones come from the options). */
  shocks: ShockEvent[];
}
