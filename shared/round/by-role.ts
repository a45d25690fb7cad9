// Values kept per role of a round, for maps that are emptied often (every week, every patch). A Map's
// clear() puts a new table in at once, and a round or a room lives long enough to be in the old
// generation: each new table then outlived the next scavenge of the young generation. These slots are
// emptied in place.

import type { RoleId } from "../engine/types.ts";

export class ByRole<V> {
  private readonly roles: readonly RoleId[];
  private readonly values: (V | undefined)[];

  constructor(roles: readonly RoleId[]) {
    this.roles = roles;
    this.values = roles.map(() => undefined);
  }

  get(role: RoleId): V | undefined {
    const i = this.roles.indexOf(role);
    return i < 0 ? undefined : this.values[i];
  }

  has(role: RoleId): boolean {
    return this.get(role) !== undefined;
  }

  set(role: RoleId, value: V): void {
    const i = this.roles.indexOf(role);
    if (i < 0) throw new Error(`unknown role "${role}"; roles: ${this.roles.join(", ")}`);
    this.values[i] = value;
  }

  delete(role: RoleId): void {
    const i = this.roles.indexOf(role);
    if (i >= 0) this.values[i] = undefined;
  }

  clear(): void {
    this.values.fill(undefined);
  }

  /** [role, value] for every role that has one, in the round's order. */
  *[Symbol.iterator](): IterableIterator<[RoleId, V]> {
    for (let i = 0; i < this.roles.length; i++) {
      const v = this.values[i];
      if (v !== undefined) yield [this.roles[i]!, v];
    }
  }

  get size(): number {
    let n = 0;
    for (const v of this.values) if (v !== undefined) n++;
    return n;
  }
}
