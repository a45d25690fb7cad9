// Every week's decisions of a round. A round keeps them all for its debrief, and kept as objects (one
// per role and one per week) they were the largest part of what each young-generation collection of a
// busy server copied and then promoted. Packed, they are one row of numbers a week in a growing
// Float64Array: each role's decision ids in the order of its specs, which is the order a checked
// decision has its keys in. A week is built back as objects when someone reads it.

import { withRoom } from "./grow.ts";
import type { Decisions, RoleId } from "./types.ts";

/** Weeks made room for at first; the room doubles as the round goes on. */
const FIRST_WEEKS = 16;

export class DecisionLog {
  private readonly roles: readonly RoleId[];
  private readonly ids: readonly (readonly string[])[];
  private readonly width: number;
  private rows: Float64Array;
  private count = 0;

  /** `ids[i]`: the decision ids of `roles[i]`, in the order of its specs. */
  constructor(roles: readonly RoleId[], ids: readonly (readonly string[])[]) {
    this.roles = roles;
    this.ids = ids;
    this.width = ids.reduce((n, row) => n + row.length, 0);
    this.rows = new Float64Array(Math.max(1, this.width) * FIRST_WEEKS);
  }

  /** Weeks held. */
  get length(): number {
    return this.count;
  }

  /** Appends a week's checked decisions: every role, every id. */
  push(week: Decisions): void {
    this.rows = withRoom(this.rows, (this.count + 1) * this.width);
    let at = this.count * this.width;
    for (let r = 0; r < this.roles.length; r++) {
      const d = week[this.roles[r]!];
      for (const id of this.ids[r]!) {
        const v = d?.[id];
        if (v === undefined) throw new Error(`week ${this.count + 1}: no ${id} for ${this.roles[r]}`);
        this.rows[at++] = v;
      }
    }
    this.count++;
  }

  /** The decisions of the week with index t (week t + 1), built afresh; undefined past the log. */
  at(t: number): Decisions | undefined {
    if (!Number.isInteger(t) || t < 0 || t >= this.count) return undefined;
    const out: Record<RoleId, Record<string, number>> = {};
    let at = t * this.width;
    for (let r = 0; r < this.roles.length; r++) {
      const d: Record<string, number> = {};
      for (const id of this.ids[r]!) d[id] = this.rows[at++]!;
      out[this.roles[r]!] = d;
    }
    return out;
  }

  /** Every week's decisions, in order (built afresh). */
  all(): Decisions[] {
    const out: Decisions[] = [];
    for (let t = 0; t < this.count; t++) out.push(this.at(t)!);
    return out;
  }
}
