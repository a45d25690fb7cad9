// A whole round in-process, without a server: the same loop the team room runs (command → check →
// events → reducer), with a clock that moves only when told. Tests drive rounds with it, and any
// other host of rounds (a second room type, a simulator) can follow it as the reference.

import type { AnyScenario, RoleId } from "../engine/types.ts";
import type { RoundRecord } from "../protocol/messages.ts";
import { type Actor, type Command, check, type Verdict } from "./check.ts";
import { closeWeek } from "./play.ts";
import { recordOf } from "./record.ts";
import { type CreatedData, Round, type RoundEvent } from "./round.ts";
import { claimOnJoin, comeBack, coverAbsent, leave, weekCanClose } from "./seats.ts";
import { type RoundView, type Viewer, viewFor } from "./view.ts";

export interface LoggedRoundEvent {
  type: string;
  data: unknown;
  at: number;
}

export class LocalRound {
  readonly round: Round;
  /** Everything recorded, in order, as the room would append it to storage. */
  readonly log: LoggedRoundEvent[] = [];
  /** ms since the Unix epoch; moved by advanceClock. */
  now: number;
  readonly host: Actor = { role: null, name: "host", host: true };

  constructor(scenario: AnyScenario, created: CreatedData, id = "local") {
    this.now = created.createdAt ?? 0;
    this.round = new Round(id, scenario, created);
    this.record([{ type: "created", data: created }]);
  }

  /** A player joins the lobby and takes a seat (the first free one unless `role`). */
  join(name: string, role?: RoleId): Actor {
    const c = claimOnJoin(this.round, name, `token:${name}`, role);
    if (!c.ok) throw new Error(c.reason);
    this.record(c.events);
    return { role: c.seat.role, name, host: false };
  }

  /** Sends a command as `actor`: refused, or recorded; then weeks close as far as decisions allow. */
  send(actor: Actor, command: Command): Verdict {
    const v = check(this.round, actor, command);
    if (!v.ok) return v;
    this.record(v.events);
    if (v.events.length > 0 && command.type === "seat") actor.role = command.role;
    this.settle();
    return v;
  }

  /** The player's connection drops (the seat waits) or they leave for good (the bot covers in play). */
  drop(role: RoleId): void {
    this.record([{ type: "drop", data: { role } }]);
  }
  leave(role: RoleId): void {
    this.record(leave(this.round, role));
    this.settle();
  }
  /** The dropped player's grace period ran out. */
  graceOver(role: RoleId): void {
    this.record(coverAbsent(this.round, role));
    this.settle();
  }
  comeBack(role: RoleId): void {
    this.record(comeBack(this.round.seat(role)));
    this.settle();
  }

  /** Time passes: in timed and continuous pace each full period closes a week, as the room's clock does. */
  advanceClock(ms: number, weeks = 1): void {
    this.now += ms;
    const r = this.round;
    if (r.phase !== "play" || r.paused || r.pace.mode === "lockstep") return;
    for (let i = 0; i < weeks && r.phase === "play"; i++) this.closeWeek();
  }

  closeWeek(): void {
    this.log.push(...closeWeek(this.round, this.now).map((e) => ({ ...e, at: this.now })));
  }

  viewFor(viewer: Viewer): RoundView {
    return viewFor(this.round, viewer);
  }

  record(events: RoundEvent[]): void {
    for (const e of events) {
      this.round.apply(e, { at: this.now });
      this.log.push({ ...e, at: this.now });
    }
  }

  recordOf(): RoundRecord {
    return recordOf(this.round);
  }

  private settle(): void {
    while (weekCanClose(this.round)) this.closeWeek();
  }
}
