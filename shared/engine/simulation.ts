import { DecisionLog } from "./decision-log.ts";
import { checkDecision, defaultDecision } from "./decisions.ts";
import { withRoom } from "./grow.ts";
import { hashState, isVersion1Hash, LayoutHasher } from "./hash.ts";
import { deriveLayout, type StateLayout } from "./layout.ts";
import { createRng, type RngState, seedRng } from "./rng.ts";
import type {
  AnyScenario,
  Decision,
  Decisions,
  Policy,
  RoleId,
  RoundInputs,
  ShockEvent,
  ToldHorizon,
} from "./types.ts";
import { WeekStates } from "./week-states.ts";

/** What is hashed each week: the model state and the random stream's position (version 1's shape). */
export interface SimState<S> {
  week: number;
  rng: RngState;
  model: S;
}

/**
 * Runs one round of a scenario week by week, keeping every week's state, its hash and the inputs
 * that produced it. The same inputs give the same states and hashes, bit for bit.
 */
export class Simulation<Sc extends AnyScenario = AnyScenario> {
  readonly scenario: Sc;
  readonly options: ReturnType<Sc["parseOptions"]>;
  readonly seed: number;
  /** Every week's model state (week 0: the initial state), packed where the layout allows. */
  private readonly weeks: WeekStates<ReturnType<Sc["init"]>>;
  private readonly packedViews: Sc["packedViews"] | null;
  /** The scenario's step on numbers, where its layout builds weeks back (see advance). */
  private readonly packedStep: Sc["packedStep"] | null;
  private readonly initial: ReturnType<Sc["init"]>;
  /** hashes[t] = hash of the SimState after week t (version 2: the model's numbers in its layout). */
  readonly hashes: string[] = [];
  /**
   * The random stream's position after each week (four numbers from week t × 4), for version-1 hashes
   * of recorded rounds: packed, as the weeks are, since a round keeps them for its whole life.
   */
  private rngs = new Float64Array(4 * 16);
  private readonly layout: StateLayout<ReturnType<Sc["init"]>>;
  /** Every week's checked decisions, packed (see decisionLog, decisionsOf). */
  private readonly decisions: DecisionLog;
  readonly injectedShocks: ShockEvent[] = [];
  /** The scenario's roles, in its order. */
  readonly roles: readonly RoleId[];
  private readonly scheduled: readonly ShockEvent[];
  private rngState: RngState;

  /** The weekly hash's hasher; null when weeks are not hashed (runs nobody will replay: replications, sweeps). */
  private readonly hasher: LayoutHasher | null;

  constructor(scenario: Sc, options: unknown, seed: number, { hash = true }: { hash?: boolean } = {}) {
    this.scenario = scenario;
    this.roles = scenario.roles.map((r) => r.id);
    this.options = scenario.parseOptions(options ?? {}) as ReturnType<Sc["parseOptions"]>;
    this.seed = seed >>> 0;
    this.rngState = seedRng(this.seed);
    this.scheduled = scenario.scheduledShocks(this.options);
    const s0 = scenario.init(this.options, createRng(this.rngState));
    this.layout = scenario.stateLayout?.(this.options) ?? deriveLayout(s0);
    // Packed views read the scenario's own layout, never a derived one.
    this.packedViews = scenario.stateLayout ? (scenario.packedViews ?? null) : null;
    this.packedStep = scenario.stateLayout && this.layout.unpack ? (scenario.packedStep ?? null) : null;
    this.hasher = hash ? new LayoutHasher(this.layout.keys) : null;
    this.initial = s0;
    this.weeks = new WeekStates(this.layout, s0, scenario.horizon(this.options) + 1);
    this.decisions = new DecisionLog(
      this.roles,
      this.roles.map((role) => scenario.decisions(role, this.options).map((d) => d.id)),
    );
    this.hashes.push(this.hashNow());
  }

  /**
   * decisionLog[t] = every role's decision that made week t + 1, as checked (missing ids at their
   * defaults). Built afresh on each read (the weeks are kept packed), so the caller owns what it
   * gets: read it once, not per week.
   */
  get decisionLog(): Decisions[] {
    return this.decisions.all();
  }

  /** The decisions that made week `week` (1 …), built afresh; undefined for a week not played. */
  decisionsOf(week: number): Decisions | undefined {
    return this.decisions.at(week - 1);
  }

  /** Re-simulates recorded inputs. Throws if `expectedHashes` is given and a week differs. */
  static replay<Sc extends AnyScenario>(
    scenario: Sc,
    inputs: RoundInputs,
    expectedHashes?: readonly string[],
  ): Simulation<Sc> {
    if (inputs.scenario !== scenario.id) {
      throw new Error(`recorded round is of scenario "${inputs.scenario}", not "${scenario.id}"`);
    }
    if (inputs.version !== scenario.version) {
      throw new Error(
        `recorded round ran on ${scenario.id} version ${inputs.version}; this build has ${scenario.version}`,
      );
    }
    const sim = new Simulation(scenario, inputs.options, inputs.seed);
    for (const shock of inputs.shocks) sim.inject(shock);
    const check = (t: number) => {
      const want = expectedHashes?.[t];
      if (want !== undefined && !sim.hashMatches(t, want)) {
        throw new Error(`replay diverged at week ${t}: hash ${sim.hashes[t]} ≠ recorded ${want}`);
      }
    };
    check(0);
    for (const d of inputs.decisions) {
      sim.advance(d);
      check(sim.week);
    }
    return sim;
  }

  get week(): number {
    return this.weeks.length - 1;
  }

  /**
   * history[t] = model state after week t (history[0] = initial state). Built afresh on each read
   * (past weeks are kept packed): read it once, not per week.
   */
  get history(): ReturnType<Sc["init"]>[] {
    return this.weeks.all();
  }

  /** The model state after week t (for the current week, the same object on reads in a row: see WeekStates). */
  stateAt(t: number): ReturnType<Sc["init"]> | undefined {
    return this.weeks.at(t);
  }

  /** The week this round really ends (drawn per seed in some scenarios: not for players' eyes). */
  get horizon(): number {
    return this.scenario.endWeek?.(this.initial, this.options) ?? this.scenario.horizon(this.options);
  }

  /** The length players are told while they play. */
  get told(): ToldHorizon {
    return (
      this.scenario.told?.(this.options) ?? { weeks: this.scenario.horizon(this.options), approximate: false }
    );
  }

  get done(): boolean {
    return this.week >= this.horizon;
  }

  get state(): ReturnType<Sc["init"]> {
    return this.weeks.last;
  }

  /** Every shock that applies to this round, scheduled and injected, in application order. */
  get shocks(): ShockEvent[] {
    return [...this.scheduled, ...this.injectedShocks];
  }

  /** A role's default decision (what a missing decision becomes). */
  defaultDecision(role: RoleId): Decision {
    return defaultDecision(this.scenario.decisions(role, this.options));
  }

  /** Validates a decision for `role`; see checkDecision. */
  checkDecision(role: RoleId, input: unknown) {
    if (!this.roles.includes(role)) {
      return { ok: false as const, field: "", reason: `unknown role "${role}"` };
    }
    return checkDecision(this.scenario.decisions(role, this.options), input);
  }

  /** Schedules a live shock for a week not yet simulated. */
  inject(shock: ShockEvent): void {
    const spec = this.scenario.shocks.find((s: { name: string }) => s.name === shock.name);
    if (!spec) throw new Error(`unknown shock "${shock.name}"`);
    if (!Number.isInteger(shock.week) || shock.week <= this.week || shock.week > this.horizon) {
      throw new Error(`shock week must be a future week (${this.week + 1}…${this.horizon})`);
    }
    this.injectedShocks.push(shock);
  }

  /**
   * Simulates the next week (`state` reads it). Roles without a decision get their default. A scenario
   * with a packed step steps the round's numbers in place and builds no state object for it.
   */
  advance(decisions: Decisions): void {
    if (this.done) throw new Error(`the round is over (week ${this.week} of ${this.horizon})`);
    const week = this.week + 1;
    const full: Record<RoleId, Decision> = {};
    for (const role of this.roles) {
      const d = decisions[role];
      if (d === undefined) {
        full[role] = this.defaultDecision(role);
        continue;
      }
      const c = this.checkDecision(role, d);
      if (!c.ok) throw new Error(`week ${week}, ${role}: ${c.reason}`);
      full[role] = c.decision;
    }
    const rng = createRng(this.rngState);
    const ctx = { week, options: this.options, rng };
    const packedStep = this.packedStep;
    // A week with a shock is stepped as objects: shocks change a state object.
    if (packedStep && !this.shockedIn(week)) {
      this.weeks.pushPacked((x, from, to) => packedStep(x, from, to, full, ctx));
    } else {
      let state = this.state;
      for (const shock of this.shocks) {
        if (shock.week !== week) continue;
        const spec = this.scenario.shocks.find((s: { name: string }) => s.name === shock.name)!;
        state = spec.apply(state, { ...spec.params, ...shock.params });
      }
      this.weeks.push(this.scenario.step(state, full, ctx));
    }
    this.decisions.push(full);
    this.hashes.push(this.hashNow());
  }

  private shockedIn(week: number): boolean {
    for (const s of this.scheduled) if (s.week === week) return true;
    for (const s of this.injectedShocks) if (s.week === week) return true;
    return false;
  }

  /** Plays the remaining weeks with a bot in every seat, each deciding from its own observation. */
  playOut(bots: Readonly<Record<RoleId, Policy>>): this {
    const roles = this.roles;
    for (const role of roles) if (!bots[role]) throw new Error(`no bot for the ${role} seat`);
    while (!this.done) {
      const d: Record<RoleId, Decision> = {};
      for (const role of roles) d[role] = bots[role]!.decide(this.observe(role));
      this.advance(d);
    }
    return this;
  }

  observe(role: RoleId, week = this.week) {
    const packed = this.packedViews;
    if (packed) {
      return packed.observe(this.weeks.numbers, this.offsetOf(week), role, this.options) as ReturnType<
        Sc["observe"]
      >;
    }
    return this.scenario.observe(this.stateOf(week), role, this.options) as ReturnType<Sc["observe"]>;
  }

  /** `role`'s KPIs at `week`, matching `observe(role, week)`. */
  kpis(role: RoleId, week = this.week) {
    const packed = this.packedViews;
    if (packed) {
      return packed.roleKpis(this.weeks.numbers, this.offsetOf(week), role, this.options) as ReturnType<
        Sc["roleKpis"]
      >;
    }
    return this.scenario.roleKpis(this.stateOf(week), role, this.options) as ReturnType<Sc["roleKpis"]>;
  }

  private stateOf(week: number): ReturnType<Sc["init"]> {
    const s = this.weeks.at(week);
    if (s === undefined) throw new Error(`no state for week ${week}`);
    return s;
  }

  private offsetOf(week: number): number {
    const at = this.weeks.offsetOf(week);
    if (at < 0) throw new Error(`no state for week ${week}`);
    return at;
  }

  inputs(): RoundInputs {
    return {
      scenario: this.scenario.id,
      version: this.scenario.version,
      options: this.options,
      seed: this.seed,
      decisions: this.decisionLog,
      shocks: [...this.injectedShocks],
    };
  }

  /**
   * Whether week t re-simulated to a recorded hash: a version-2 hash against `hashes[t]`, a version-1
   * hash (rounds recorded before record format 2) against that week's state hashed the old way.
   */
  hashMatches(t: number, recorded: string): boolean {
    if (t < 0 || t > this.week) return false;
    if (!isVersion1Hash(recorded)) return this.hashes[t] === recorded;
    const r = this.rngs;
    const rng: RngState = [r[4 * t]!, r[4 * t + 1]!, r[4 * t + 2]!, r[4 * t + 3]!];
    const s: SimState<unknown> = { week: t, rng, model: this.weeks.at(t) };
    return hashState(s) === recorded;
  }

  private hashNow(): string {
    const rng = this.rngState;
    this.rngs = withRoom(this.rngs, 4 * this.week + 4);
    this.rngs.set(rng, 4 * this.week);
    const hasher = this.hasher;
    if (!hasher) return "";
    hasher.hash(this.week, rng, this.weeks.words, this.week * hasher.size);
    return hasher.text();
  }
}
