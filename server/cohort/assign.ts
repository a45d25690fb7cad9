// Where a new participant sits: which team, which desk. Kept behind one function so the rule can be
// replaced by the shared assignment model without touching the cohort.

export interface TeamSeats {
  code: string;
  index: number;
  phase: "lobby" | "play" | "debrief";
  /** In the scenario's seat order; `taken` when a participant holds or is promised the seat. */
  seats: { role: string; taken: boolean }[];
}

export interface AssignRule {
  /** "auto" fills a team before the next; a fixed count spreads people evenly. */
  teams: number | "auto";
  lateJoin: boolean;
  avoidOwnDepartment: boolean;
}

export type Placement = { team: string; role: string } | { newTeam: true } | null;

/**
 * Free seats of teams still in their lobby come first (and, when late arrivals are allowed, seats a
 * bot plays in a running team); among them the emptiest team with a fixed count (the fullest with
 * "auto"), then a desk that is not the participant's own department, then team and seat order.
 * With "auto" and no free seat, a new team is wanted.
 */
export function assignSeat(teams: readonly TeamSeats[], rule: AssignRule, department?: string): Placement {
  let best: { key: number[]; team: string; role: string } | null = null;
  for (const t of teams) {
    const open = t.phase === "lobby" || (t.phase === "play" && rule.lateJoin);
    if (!open) continue;
    const filled = t.seats.filter((s) => s.taken).length;
    t.seats.forEach((s, i) => {
      if (s.taken) return;
      const own = rule.avoidOwnDepartment && department !== undefined && s.role === department ? 1 : 0;
      const key = [t.phase === "lobby" ? 0 : 1, rule.teams === "auto" ? -filled : filled, own, t.index, i];
      if (!best || less(key, best.key)) best = { key, team: t.code, role: s.role };
    });
  }
  const chosen = best as { key: number[]; team: string; role: string } | null;
  if (chosen) return { team: chosen.team, role: chosen.role };
  return rule.teams === "auto" ? { newTeam: true } : null;
}

function less(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}
