import type { DebriefModel } from "../../shared/debrief/model.ts";
import type { AnyScenario } from "../../shared/engine/types.ts";
import type { DebriefBrief, DebriefPanel, DebriefState, GhostResult } from "../../shared/protocol/debrief.ts";
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
  /** What is known before the reveal: the scenario, the weeks played, the series to sketch, the seats. */
  brief: DebriefBrief;
  record: RoundRecord;
  model: DebriefModel;
  state: DebriefState;
  ghosts: GhostView[];
  /** A branch's original round (its parent's whole run), re-simulated; null for other rounds. */
  original: DebriefModel | null;
  /** A play-again round's previous round (the same team's), re-simulated; null for other rounds. */
  previous: DebriefModel | null;
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

/**
 * The belief panel is drawn before the record arrives (the server sends it on the reveal): until
 * then it has only the brief, and no record or model.
 */
export type BeliefContext = Omit<PanelContext, "record" | "model"> & {
  record: RoundRecord | null;
  model: DebriefModel | null;
};

type Names = Pick<PanelContext, "scenario" | "brief">;

export function roleLabel(ctx: Names, role: string): string {
  return ctx.scenario.roles.find((r) => r.id === role)?.label ?? role;
}

export function playerName(ctx: Names, role: string): string {
  return ctx.brief.seats.find((s) => s.role === role)?.name ?? "";
}
