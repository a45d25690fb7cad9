// Copies a Round into the synchronised Colyseus state. Only changed values travel; which client
// receives which role's private entry is viewFor's answer (see syncViews).

import type { Client } from "@colyseus/core";
import type { RoleId } from "../../shared/engine/types.ts";
import {
  decidedMask,
  kpisOnWire,
  observationOnWire,
  RoleSlots,
  RoleState,
  SeatState,
  sourceCode,
  type TeamState,
} from "../../shared/protocol/state.ts";
import type { Round } from "../../shared/round/round.ts";
import { horizonShown, type Viewer, viewFor } from "../../shared/round/view.ts";
import { clientView } from "./view-frames.ts";

/** Creates one public seat entry and one private role entry per role. */
export function buildState(st: TeamState, r: Round): void {
  st.code = r.created.code;
  st.scenario = r.scenario.id;
  st.title = r.scenario.title;
  for (const [index, s] of [...r.seats.values()].entries()) {
    const seat = new SeatState();
    seat.role = s.role;
    seat.label = s.label;
    seat.index = index;
    st.seats.set(s.role, seat);
    const role = new RoleState();
    role.role = s.role;
    st.roles.set(s.role, role);
  }
  syncPublic(st, r);
  syncRoles(st, r);
}

/** The round's public data: phase, week, pace and every seat. */
export function syncPublic(st: TeamState, r: Round): void {
  st.phase = r.phase;
  st.week = r.sim.week;
  const horizon = horizonShown(r);
  st.horizon = horizon.weeks;
  st.horizonApproximate = horizon.approximate;
  st.pace = r.pace.mode;
  st.secondsPerWeek = r.pace.secondsPerWeek;
  st.paused = r.paused;
  st.next = r.next?.code ?? "";
  st.nextBy = r.next?.by ?? "";
  const decided: number[] = [];
  for (const s of r.seats.values()) {
    const seat = st.seats.get(s.role)!;
    seat.control = r.control(s);
    seat.name = s.human?.name ?? "";
    seat.connected = s.connected;
    seat.ready = s.ready;
    seat.policy = s.bot.name;
    if (r.phase === "play" && r.hasDecided(s)) decided.push(seat.index);
  }
  st.decided = decidedMask(decided);
}

/** Each role's private entry: observation and KPIs of the current week, the decision in force. */
export function syncRoles(st: TeamState, r: Round): void {
  for (const role of r.roles) {
    const rs = st.roles.get(role)!;
    const obs = r.sim.observe(role);
    // Written straight into the synchronised slots (this runs for every role of every room every week).
    const slots = slotsOf(rs);
    slots.begin("observation");
    const observationWeek = observationOnWire(obs, r.sim.week, (k, v) => slots.put(k, v));
    slots.end();
    rs.observationWeek = observationWeek;
    // KPIs are compared with the observation as the client rebuilds it (observationOf): the slots, and
    // the week it was told apart.
    const kpis = kpisOnWire(r.sim.kpis(role), {
      get: (id) => (observationWeek && id === "week" ? (obs.week as number) : slots.get("observation", id)),
    });
    putAll(slots, "kpis", kpis.values);
    rs.kpisInObservation = kpis.inObservation;
    syncDecision(st, r, role);
    syncRecorded(st, r, role);
  }
}

const roleSlots = new WeakMap<RoleState, RoleSlots>();

function slotsOf(rs: RoleState): RoleSlots {
  let w = roleSlots.get(rs);
  if (!w) {
    w = new RoleSlots(rs);
    roleSlots.set(rs, w);
  }
  return w;
}

function putAll(
  slots: RoleSlots,
  part: "kpis" | "decision" | "recorded",
  values: Record<string, number>,
): void {
  slots.begin(part);
  for (const k in values) slots.put(k, values[k]!);
  slots.end();
}

export function syncDecision(st: TeamState, r: Round, role: RoleId): void {
  const rs = st.roles.get(role)!;
  const d = r.inForce(role);
  // Without a decision the slots keep the last one's values (source 0 says they are not in force).
  if (d) putAll(slotsOf(rs), "decision", d);
  rs.source = sourceCode(d ? "human" : "");
}

/** A week the player did not decide (a bot covered, or nothing came in time): what was recorded. */
function syncRecorded(st: TeamState, r: Round, role: RoleId): void {
  const rs = st.roles.get(role)!;
  const t = r.sim.week;
  const by = r.sourceOf(t, role);
  const mine = !by || by === "human";
  putAll(slotsOf(rs), "recorded", mine ? NONE : (r.sim.decisionsOf(t)?.[role] ?? NONE));
  rs.recordedBy = sourceCode(mine ? "" : by);
}

const NONE: Record<string, number> = Object.freeze({});

/** Gives the client exactly the role entries viewFor allows it (added or removed as that changes). */
export function syncView(st: TeamState, r: Round, client: Client, viewer: Viewer): void {
  if (!client.view) client.view = clientView();
  const allowed = new Set(viewFor(r, viewer).roles);
  for (const [role, rs] of st.roles) {
    if (allowed.has(role)) client.view.add(rs);
    else if (client.view.has(rs)) client.view.remove(rs);
  }
}
