// Where each week's decisions came from, per role, for the whole round: one code a role a week in a
// growing byte array, built back as objects when read. Kept as one object a week they lived as long as
// the round and were copied and promoted by the scavenges of a busy server (see DecisionLog).

import { withRoom } from "../engine/grow.ts";
import type { DecisionSource, RoleId } from "../engine/types.ts";

/** 0: no source recorded for the role that week. */
const CODES: readonly (DecisionSource | undefined)[] = [undefined, "human", "bot", "default"];
const FIRST_WEEKS = 16;

export class SourceLog {
  private readonly roles: readonly RoleId[];
  private codes: Uint8Array;
  private count = 0;

  constructor(roles: readonly RoleId[]) {
    this.roles = roles;
    this.codes = new Uint8Array(Math.max(1, roles.length) * FIRST_WEEKS);
  }

  /** Weeks held. */
  get length(): number {
    return this.count;
  }

  /** Appends a week's sources (roles the round does not have are refused). */
  push(sources: Readonly<Record<RoleId, DecisionSource>>): void {
    const width = this.roles.length;
    this.codes = withRoom(this.codes, (this.count + 1) * width);
    for (const role of Object.keys(sources)) {
      if (!this.roles.includes(role)) throw new Error(`week ${this.count + 1}: unknown role "${role}"`);
    }
    for (let r = 0; r < width; r++) {
      const s = sources[this.roles[r]!];
      const code = s === undefined ? 0 : CODES.indexOf(s);
      if (code < 0) throw new Error(`week ${this.count + 1}: unknown source "${s}" for ${this.roles[r]}`);
      this.codes[this.count * width + r] = code;
    }
    this.count++;
  }

  /** Where `role`'s decision for week `week` (1 …) came from; undefined if none was recorded. */
  of(week: number, role: RoleId): DecisionSource | undefined {
    const t = week - 1;
    const r = this.roles.indexOf(role);
    if (r < 0 || !Number.isInteger(t) || t < 0 || t >= this.count) return undefined;
    return CODES[this.codes[t * this.roles.length + r]!];
  }

  /** Every week's sources, in order (built afresh; a role without one that week is left out). */
  all(): Record<RoleId, DecisionSource>[] {
    const out: Record<RoleId, DecisionSource>[] = [];
    for (let t = 0; t < this.count; t++) {
      const week: Record<RoleId, DecisionSource> = {};
      for (const role of this.roles) {
        const s = this.of(t + 1, role);
        if (s !== undefined) week[role] = s;
      }
      out.push(week);
    }
    return out;
  }
}
