// Seat status as the lobby and the desk's team strip show it: who sits where and whether they have
// decided — never anyone else's numbers. Pure.

import { splitName } from "../../shared/format/named-params.ts";
import type { SeatView } from "../../shared/protocol/messages.ts";
import type { StringKey } from "../strings/index.ts";

/** The public seat fields the views read (a subset of the protocol's SeatView). */
export type SeatInfo = Pick<
  SeatView,
  "role" | "label" | "control" | "name" | "connected" | "ready" | "decided"
> &
  Partial<Pick<SeatView, "policy">>;

/** offline: dropped, the seat waits for them; covered: dropped, a bot plays until they return. */
export type TeamStatus = "decided" | "thinking" | "bot" | "offline" | "covered" | "empty";

export interface TeamRow {
  role: string;
  roleLabel: string;
  name: string;
  me: boolean;
  status: TeamStatus;
  statusKey: StringKey;
  /** A glyph next to the text, so colour is never the only cue. */
  glyph: string;
}

const STATUS: Record<TeamStatus, { key: StringKey; glyph: string }> = {
  decided: { key: "seat.decided", glyph: "✓" },
  thinking: { key: "seat.thinking", glyph: "…" },
  bot: { key: "seat.botPlaying", glyph: "⚙" },
  offline: { key: "seat.offline", glyph: "⚠" },
  covered: { key: "seat.covered", glyph: "⚠" },
  empty: { key: "seat.empty", glyph: "–" },
};

/** A person holds the seat but is not connected: a bot covers for them until they return. */
export function isOffline(seat: SeatInfo): boolean {
  return seat.control !== "empty" && seat.name !== "" && !seat.connected;
}

export function teamStatus(seat: SeatInfo): TeamStatus {
  if (isOffline(seat)) return seat.control === "bot" ? "covered" : "offline";
  if (seat.control === "empty") return "empty";
  if (seat.control === "bot") return "bot";
  return seat.decided ? "decided" : "thinking";
}

/** The desk's team strip: every seat, mine first marked, with a status word and glyph. */
export function teamRows(seats: readonly SeatInfo[], myRole: string | null): TeamRow[] {
  return seats.map((s) => {
    const status = teamStatus(s);
    return {
      role: s.role,
      roleLabel: s.label,
      name: s.name,
      me: s.role === myRole,
      status,
      statusKey: STATUS[status].key,
      glyph: STATUS[status].glyph,
    };
  });
}

export interface LobbyRow {
  role: string;
  roleLabel: string;
  kind: SeatInfo["control"];
  kindKey: StringKey;
  name: string;
  me: boolean;
  /** No person holds this seat: it can be taken (a bot chosen at creation steps aside). */
  free: boolean;
  ready: boolean;
  readyKey: StringKey | null;
  /** The bot that plays the seat when no person does. */
  policy: string;
}

export function lobbyRows(seats: readonly SeatInfo[], myRole: string | null): LobbyRow[] {
  return seats.map((s) => ({
    role: s.role,
    roleLabel: s.label,
    kind: s.control,
    kindKey: isOffline(s)
      ? s.control === "bot"
        ? "seat.covered"
        : "seat.offline"
      : s.control === "human"
        ? "seat.human"
        : s.control === "bot"
          ? "seat.bot"
          : "seat.empty",
    name: s.name,
    me: s.role === myRole,
    free: s.name === "",
    ready: s.ready,
    // "sterman:theta=0.36,…" → "sterman": the parameters are for the debrief, not the lobby.
    policy: splitName(s.policy ?? "").name,
    readyKey: s.control === "human" ? (s.ready ? "seat.ready" : "seat.notReady") : null,
  }));
}

/** Whether the host may start: at least one person seated and every seated person ready. */
export function canStart(seats: readonly SeatInfo[]): boolean {
  const humans = seats.filter((s) => s.control === "human" && s.connected);
  return humans.length > 0 && humans.every((s) => s.ready);
}
