// Which of my decisions counted, read from my role's synchronised state instead of `accepted`
// messages (the browser joins with `acks: false`, which saves about 50 bytes a player a week). Pure.
//
// The state shows the decision in for the open week (`mine.decision`, source "human"; in continuous
// pace the standing one). It cannot show a decision that closed its week in the same turn — the last
// player to decide in lockstep, or in timed pace before the clock — because the week advances and the
// field clears in one patch. Such a week's entry carries no `recorded` decision (the player's own
// counted), so it was the first of my decisions for that week still awaiting an answer: the server
// answers in order, and the refusals of earlier ones arrive before the patch that closed the week.

import type { ErrorCode } from "../../shared/protocol/errors.ts";

export interface Decided {
  week: number;
  decision: Record<string, number>;
  source: "human";
}

/** What the ledger reads of my role's entry (see `OwnDesk`). */
export interface OwnEntry {
  /** The last simulated week; the open week is `week + 1`. */
  week: number;
  decision: Readonly<Record<string, number>>;
  source: string;
  /** The decision recorded for `week` when a bot or the default made it; null when mine counted. */
  recorded: unknown | null;
}

function same(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

export class DecisionLedger {
  /** My decisions the server knows, by week: the open week's and those of closed weeks. */
  private readonly decided = new Map<number, Decided>();
  /** Sent and not yet seen in the state nor refused, oldest first. */
  private outbox: { week: number; decision: Record<string, number> }[] = [];
  /** The last simulated week seen, or null before the first entry. */
  private week: number | null = null;

  /** Decisions that counted (or stand, for the open week), for the history's decision column. */
  get known(): ReadonlyMap<number, Decided> {
    return this.decided;
  }

  /**
   * A decision sent for `week`. Returns it as decided at once when it repeats the one the state
   * already shows for that open week: the server takes it without a change to send.
   */
  sent(week: number, decision: Readonly<Record<string, number>>): Decided | null {
    const shown = this.week !== null && week === this.week + 1 ? this.decided.get(week) : undefined;
    if (shown && same(shown.decision, decision) && !this.outbox.some((s) => s.week === week)) {
      return { ...shown, decision: { ...shown.decision } };
    }
    this.outbox.push({ week, decision: { ...decision } });
    return null;
  }

  /** A `decide` was refused: forget the oldest unanswered send the error's code can belong to. */
  refused(code: ErrorCode): void {
    const open = (this.week ?? -1) + 1;
    const fits = (w: number) =>
      code === "week_closed" ? w < open : code === "week_not_open" ? w > open : w === open;
    const i = this.outbox.findIndex((s) => fits(s.week));
    if (i >= 0) this.outbox.splice(i, 1);
  }

  /** Reads my role's entry after a state change. Returns a decision of mine newly known to count. */
  observe(mine: OwnEntry): Decided | null {
    let news: Decided | null = null;
    if (this.week !== null && mine.week > this.week) {
      const closed = mine.week;
      if (closed >= 1 && mine.recorded === null && !this.decided.has(closed)) {
        const first = this.outbox.find((s) => s.week === closed);
        if (first) {
          news = { week: closed, decision: first.decision, source: "human" };
          this.decided.set(closed, news);
        }
      }
    }
    if (this.week === null || mine.week > this.week) {
      this.week = mine.week;
      // Anything still unanswered for a closed week will be refused as closed; nothing to wait for.
      this.outbox = this.outbox.filter((s) => s.week > mine.week);
    }
    const open = mine.week + 1;
    if (mine.source === "human" && Object.keys(mine.decision).length > 0) {
      const shown: Decided = { week: open, decision: { ...mine.decision }, source: "human" };
      const held = this.decided.get(open);
      if (!held || !same(held.decision, shown.decision)) this.decided.set(open, shown);
      const waiting = this.outbox.length;
      // Every send of this very decision is answered: a repeat changes nothing, so no patch names it.
      this.outbox = this.outbox.filter((s) => !(s.week === open && same(s.decision, shown.decision)));
      if (this.outbox.length < waiting) news = shown;
    }
    return news;
  }
}
