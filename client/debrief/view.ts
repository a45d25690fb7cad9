import type { DebriefModel } from "../../shared/debrief/model.ts";
import type { AnyScenario } from "../../shared/engine/types.ts";
import type { DebriefPanel, DebriefState, GhostResult } from "../../shared/protocol/debrief.ts";
import type { RoundRecord } from "../../shared/protocol/messages.ts";
import type { Chart } from "./charts.ts";
import type { Tr } from "./strings.ts";

/** A ghost run replayed by the core on this client, with the series the panels overlay. */
export interface GhostView {
  result: GhostResult;
  model: DebriefModel;
}

/** Everything a panel reads, and the few things it may do. */
export interface PanelContext {
  scenario: AnyScenario;
  record: RoundRecord;
  model: DebriefModel;
  state: DebriefState;
  ghosts: GhostView[];
  role: string | null;
  isHost: boolean;
  tr: Tr;
  /** The loop selected on the loops panel (the host's while following). */
  selectedLoop: string | null;
  selectLoop(id: string | null): void;
  send(type: string, payload: unknown): void;
  /** The charts on screen, for the PNG export. */
  charts: Chart[];
  /** A draft kept across re-renders (the sketch being drawn, a note being typed). */
  drafts: Map<string, unknown>;
  hostToken: string | null;
  go(panel: DebriefPanel): void;
}

export type Panel = (host: HTMLElement, ctx: PanelContext) => void;

export function roleLabel(ctx: PanelContext, role: string): string {
  return ctx.model.roles.find((r) => r.id === role)?.label ?? role;
}

export function playerName(ctx: PanelContext, role: string): string {
  return ctx.record.seats.find((s) => s.role === role)?.name ?? "";
}
