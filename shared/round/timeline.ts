// A recorded round laid out for replay: any week of any department's desk, at once. The round is
// re-simulated once with every hash checked (the simulation keeps every week's state); a desk's
// week is read from that state on first asking and kept, so scrubbing back and forth costs a lookup.

import { Simulation } from "../engine/simulation.ts";
import type { Decision, DecisionSource, Kpi, Observation, RoleId } from "../engine/types.ts";
import type { RoundRecord } from "../protocol/messages.ts";
import { getScenario } from "../scenarios/index.ts";

/** What one department's desk showed at the end of week `week`, and what it decided next. */
export interface DeskFrame {
  week: number;
  role: RoleId;
  observation: Observation;
  kpis: Kpi[];
  /** The decision taken on seeing this desk: the one for week `week + 1` (null after the last week). */
  decided: { week: number; decision: Decision; source: DecisionSource; by: string } | null;
}

export class Timeline {
  readonly record: RoundRecord;
  readonly sim: Simulation;
  private readonly frames = new Map<string, DeskFrame>();

  /** Throws if the record does not re-simulate to its own hashes. */
  constructor(record: RoundRecord) {
    this.record = record;
    this.sim = Simulation.replay(
      getScenario(record.scenario),
      {
        scenario: record.scenario,
        version: record.version,
        options: record.options,
        seed: record.seed,
        decisions: record.decisions,
        shocks: record.shocks,
      },
      record.hashes,
    );
  }

  /** The last recorded week. */
  get weeks(): number {
    return this.sim.week;
  }

  get roles(): readonly RoleId[] {
    return this.sim.roles;
  }

  /** `role`'s desk at `week` (0 … weeks); throws a RangeError naming the range otherwise. */
  frame(week: number, role: RoleId): DeskFrame {
    if (!Number.isInteger(week) || week < 0 || week > this.weeks) {
      throw new RangeError(`week must be from 0 to ${this.weeks}, not ${week}`);
    }
    if (!this.roles.includes(role)) throw new RangeError(`unknown role "${role}"`);
    const key = `${week}/${role}`;
    let f = this.frames.get(key);
    if (!f) {
      f = this.read(week, role);
      this.frames.set(key, f);
    }
    return f;
  }

  /** Every department's desk at `week`: the whole-system view. */
  system(week: number): DeskFrame[] {
    return this.roles.map((r) => this.frame(week, r));
  }

  private read(week: number, role: RoleId): DeskFrame {
    const decision = this.record.decisions[week]?.[role];
    const source = this.record.sources[week]?.[role];
    const name = this.record.seats.find((s) => s.role === role)?.name ?? "";
    return {
      week,
      role,
      observation: this.sim.observe(role, week),
      kpis: [...this.sim.kpis(role, week)],
      decided:
        decision && source
          ? { week: week + 1, decision, source, by: source === "human" && name ? name : source }
          : null,
    };
  }
}
