// What each scenario's desk shows beyond its board: the history columns, from the scenario module's
// data. The boards themselves are Phaser scenes (client/scenes), loaded with the desk.

import type { DecisionSpec } from "../../shared/engine/types.ts";
import { findScenarioModule, type HistoryColumnSpec } from "../../shared/scenarios/index.ts";
import { tData } from "../strings/index.ts";
import type { HistoryColumn } from "../view/history.ts";

const decisionColumns = (decisions: readonly DecisionSpec[]): HistoryColumn[] =>
  decisions.map((d) => ({ id: d.id, label: d.label, unit: d.unit, from: "decision", chart: true }));

/** The columns a scenario lists, labels translated by key (`history.<scenario>.<field>`). */
function fromSpec(
  scenario: string,
  specs: readonly HistoryColumnSpec[],
  decisions: readonly DecisionSpec[],
): HistoryColumn[] {
  return specs.flatMap((c) =>
    c.from === "decisions"
      ? decisionColumns(decisions)
      : [{ ...c, label: tData(`history.${scenario}.${c.id}`, c.label) }],
  );
}

/** A desk without its own columns lists its decisions and KPIs. */
const generic = (
  decisions: readonly DecisionSpec[],
  kpis: readonly { id: string; label: string; unit: string }[],
): HistoryColumn[] => [
  ...decisionColumns(decisions),
  ...kpis.map((k) => ({ id: k.id, label: k.label, unit: k.unit, from: "kpi" as const, chart: false })),
];

export function historyColumns(
  scenario: string,
  decisions: readonly DecisionSpec[],
  kpis: readonly { id: string; label: string; unit: string }[],
): HistoryColumn[] {
  const specs = findScenarioModule(scenario)?.client?.history;
  return specs ? fromSpec(scenario, specs, decisions) : generic(decisions, kpis);
}
