// What the console shows of one team: phase, week, the team KPI, and each seat's status.

import type { AnyScenario } from "../../shared/engine/types.ts";
import type { ConsoleTeam, SeatStatus } from "../../shared/protocol/cohort.ts";
import { replayIdOf } from "../replay/access.ts";
import type { TeamRoom } from "../team-room.ts";

export function teamSnapshot(
  code: string,
  index: number,
  room: TeamRoom | undefined,
  scenario: AnyScenario,
): ConsoleTeam {
  if (!room) {
    // Closed (everyone left long ago): its record stays in storage, the console shows it finished.
    return {
      code,
      index,
      phase: "debrief",
      week: 0,
      horizon: 0,
      paused: false,
      openSince: 0,
      kpi: { label: "", value: 0 },
      replay: "",
      seats: scenario.roles.map((r) => ({
        role: r.id,
        label: r.label,
        control: "empty",
        name: "",
        connected: false,
        status: "empty",
      })),
    };
  }
  const r = room.round;
  const kpi = r.scenario.teamKpis(r.sim.state)[0];
  return {
    code,
    index,
    phase: r.phase,
    week: r.sim.week,
    horizon: r.sim.horizon,
    paused: r.paused,
    openSince: r.phase === "play" ? r.weekOpenedAt : 0,
    kpi: { label: kpi?.label ?? "", value: kpi?.value ?? 0 },
    replay: replayIdOf(r) ?? "",
    seats: [...r.seats.values()].map((s) => {
      const control = r.control(s);
      let status: SeatStatus;
      if (control === "empty") status = "empty";
      else if (control === "bot") status = "bot";
      else if (!s.connected) status = "offline";
      // Play is over: nobody is still thinking.
      else if (r.phase === "debrief") status = "decided";
      // In the lobby a ready player counts as decided.
      else if (r.phase === "lobby") status = s.ready ? "decided" : "thinking";
      else status = r.pending.has(s.role) ? "decided" : "thinking";
      return {
        role: s.role,
        label: s.label,
        control,
        name: s.human?.name ?? "",
        connected: s.connected,
        status,
      };
    }),
  };
}
