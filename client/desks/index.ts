// What each scenario's desk shows beyond its board: the history columns. The boards themselves are
// Phaser scenes (client/scenes), loaded with the desk.

import type { DecisionSpec } from "../../shared/engine/types.ts";
import { t } from "../strings/index.ts";
import type { HistoryColumn } from "../view/history.ts";

const beerGame = (decisions: readonly DecisionSpec[]): HistoryColumn[] => [
  { id: "incomingOrder", label: t("beer.orderIn"), unit: "cases", from: "observation", chart: true },
  ...decisions.map((d) => ({
    id: d.id,
    label: d.label,
    unit: d.unit,
    from: "decision" as const,
    chart: true,
  })),
  { id: "inventory", label: t("beer.inventory"), unit: "cases", from: "observation", chart: true },
  { id: "backlog", label: t("beer.backlog"), unit: "cases", from: "observation", chart: true },
  { id: "cost", label: t("desk.cost"), unit: "$", from: "observation", chart: false },
];

/** A desk without its own columns lists its decisions and KPIs. */
const generic = (
  decisions: readonly DecisionSpec[],
  kpis: readonly { id: string; label: string; unit: string }[],
) => [
  ...decisions.map((d) => ({
    id: d.id,
    label: d.label,
    unit: d.unit,
    from: "decision" as const,
    chart: true,
  })),
  ...kpis.map((k) => ({ id: k.id, label: k.label, unit: k.unit, from: "kpi" as const, chart: false })),
];

export function historyColumns(
  scenario: string,
  decisions: readonly DecisionSpec[],
  kpis: readonly { id: string; label: string; unit: string }[],
): HistoryColumn[] {
  if (scenario === "beer-game") return beerGame(decisions);
  return generic(decisions, kpis);
}
