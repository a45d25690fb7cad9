// What the replay's read-only desk shows, built from the checked re-simulation (shared/round/
// timeline.ts): a department's own history up to the chosen week in the shape the live desk keeps it
// (so the desk's table, chart and KPI view models serve unchanged), who made each decision, and the
// whole-system series the side-by-side view draws. Pure.

import type { DecisionSource } from "../../shared/engine/types.ts";
import type { OwnWeek } from "../../shared/protocol/messages.ts";
import type { Timeline } from "../../shared/round/timeline.ts";

/** `role`'s weeks 0 … `week` as its desk recorded them: week t's decision is the one made for week t. */
export function deskHistory(tl: Timeline, role: string, week: number): OwnWeek[] {
  const out: OwnWeek[] = [];
  for (let w = 0; w <= week; w++) {
    const f = tl.frame(w, role);
    const decision = w >= 1 ? tl.record.decisions[w - 1]?.[role] : undefined;
    const source = w >= 1 ? tl.record.sources[w - 1]?.[role] : undefined;
    out.push({
      week: w,
      // The frame is the timeline's own cache: the desk's copy may be handed to code that keeps it.
      observation: structuredClone(f.observation) as OwnWeek["observation"],
      kpis: Object.fromEntries(f.kpis.map((k) => [k.id, k.value])),
      ...(decision ? { decision: { ...decision } } : {}),
      ...(source ? { source } : {}),
    });
  }
  return out;
}

export interface WhoDecided {
  /** The week the decision was for. */
  week: number;
  decision: Readonly<Record<string, number>>;
  source: DecisionSource;
  /** The player's name for a human decision, else null. */
  name: string | null;
}

/** The decision `role` made on seeing week `week`'s desk, and who made it; null after the last week. */
export function whoDecided(tl: Timeline, role: string, week: number): WhoDecided | null {
  const d = tl.frame(week, role).decided;
  if (!d) return null;
  return { week: d.week, decision: d.decision, source: d.source, name: d.source === "human" ? d.by : null };
}

/** One KPI of every department, weeks 1 … last: the whole-system chart's lines. */
export function systemSeries(tl: Timeline, kpiId: string): { role: string; values: number[] }[] {
  return tl.roles.map((role) => ({
    role,
    values: Array.from(
      { length: tl.weeks },
      (_, i) => tl.frame(i + 1, role).kpis.find((k) => k.id === kpiId)?.value ?? 0,
    ),
  }));
}

/** The seat choices a branch offers: mine, the recorded decisions, or a bot policy. */
export type SeatChoice = "me" | "recorded" | string;

/**
 * The request's `seats`: each role as chosen, else mine as "me" (a person: me, or someone I invite)
 * and the others playing their recorded decisions.
 */
export function branchSeats(
  roles: readonly string[],
  mine: string | null,
  chosen: Readonly<Record<string, SeatChoice>>,
): Record<string, SeatChoice> {
  return Object.fromEntries(roles.map((r) => [r, chosen[r] ?? (r === mine ? "me" : "recorded")]));
}

/** The seat the one who branched takes in the new lobby: their own if it waits for a person, else the first that does. */
export function mySeatInBranch(
  seats: Readonly<Record<string, SeatChoice>>,
  mine: string | null,
): string | null {
  if (mine && seats[mine] === "me") return mine;
  return Object.keys(seats).find((r) => seats[r] === "me") ?? null;
}
