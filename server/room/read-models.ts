// What the room tells one client outside the synchronised state: the welcome, a role's own history,
// and the lookup answer for the join-code endpoint. Read from the Round only.

import type { RoleId } from "../../shared/engine/types.ts";
import type { HistoryMessage, WelcomeMessage } from "../../shared/protocol/messages.ts";
import { joinLink, type RoomLookup } from "../../shared/protocol/room.ts";
import { policyNames } from "../../shared/round/bots.ts";
import type { Round } from "../../shared/round/round.ts";
import { horizonShown, type Viewer, viewFor } from "../../shared/round/view.ts";

export function welcomeOf(
  r: Round,
  who: { role: RoleId | null; seatToken: string | null; hostToken: string | null; resumed: boolean },
): WelcomeMessage {
  return {
    code: r.created.code,
    link: joinLink(r.created.code),
    scenario: r.scenario.id,
    title: r.scenario.title,
    role: who.role,
    seatToken: who.seatToken,
    hostToken: who.hostToken,
    resumed: who.resumed,
    roles: r.scenario.roles.map((x) => ({ ...x })),
    decisions: who.role ? [...r.scenario.decisions(who.role, r.sim.options)] : [],
    kpis: who.role ? r.sim.kpis(who.role).map(({ value: _v, ...k }) => ({ ...k })) : [],
    policies: policyNames(r.scenario.id),
  };
}

/** The viewer's own role's weeks so far, if viewFor gives it that role's entries; null otherwise. */
export function historyFor(r: Round, viewer: Viewer): HistoryMessage | null {
  const role = viewer.kind === "seat" ? viewer.role : null;
  return role && viewFor(r, viewer).roles.includes(role) ? historyOf(r, role) : null;
}

/** One role's weeks so far, as its own desk shows them. */
function historyOf(r: Round, role: RoleId): HistoryMessage {
  const weeks: HistoryMessage["weeks"] = [];
  for (let t = 0; t <= r.sim.week; t++) {
    const kpis: Record<string, number> = {};
    for (const k of r.sim.kpis(role, t)) kpis[k.id] = k.value;
    const w: HistoryMessage["weeks"][number] = {
      week: t,
      observation: r.sim.observe(role, t) as Record<string, number | number[]>,
      kpis,
    };
    if (t >= 1) {
      w.decision = { ...r.sim.decisionsOf(t)![role] };
      w.source = r.sourceOf(t, role)!;
    }
    weeks.push(w);
  }
  return { role, weeks };
}

export function lookupOf(r: Round, roomId: string): RoomLookup {
  return {
    code: r.created.code,
    cohort: r.created.cohort ?? null,
    roomId,
    scenario: r.scenario.id,
    title: r.scenario.title,
    phase: r.phase,
    week: r.sim.week,
    horizon: horizonShown(r).weeks,
    seats: [...r.seats.values()].map((s) => ({
      role: s.role,
      label: s.label,
      control: r.control(s),
      name: s.human?.name ?? "",
      connected: s.connected,
    })),
  };
}
