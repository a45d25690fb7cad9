// The cohort workbook: a summary sheet with the cohort debrief's tables, then one sheet per team
// with the same rows as the cohort CSV. Built with exceljs; server-side only (it needs Node buffers).

import ExcelJS from "exceljs";
import { cohortRows } from "../shared/cohort/csv.ts";
import type { CohortDebrief, CohortTeam } from "../shared/cohort/debrief.ts";
import type { AnyScenario } from "../shared/engine/types.ts";

const bold = (row: ExcelJS.Row) => {
  row.font = { bold: true };
};

function summarySheet(wb: ExcelJS.Workbook, d: CohortDebrief): void {
  const ws = wb.addWorksheet("Summary");
  const title = (text: string) => {
    ws.addRow([]);
    bold(ws.addRow([text]));
  };
  bold(ws.addRow([`${d.scenario.title}: ${d.teams.length} teams`]));
  const decisionRoles = d.pattern.roles.map((r) => r.role);
  title(`Amplification: Var(decisions) / Var(${d.pattern.signal?.label ?? "signal"})`);
  bold(ws.addRow(["Team", ...decisionRoles]));
  for (const a of d.pattern.amplification) ws.addRow([a.team + 1, ...decisionRoles.map((r) => a.values[r])]);
  ws.addRow([
    `Reference (${d.pattern.referencePolicy})`,
    ...decisionRoles.map((r) => d.pattern.referenceAmplification[r]),
  ]);
  const u = d.pattern.upstream;
  if (u) ws.addRow([`Teams whose ${u.role} swung more than ${u.threshold}×`, u.count, `of ${u.of}`]);
  title("Who did people blame?");
  for (const [k, v] of Object.entries(d.blame.counts)) ws.addRow([k, v]);
  ws.addRow([d.blame.sentence]);
  title("Decision rules");
  const r = d.rules;
  ws.addRow([`Fits with r² ≥ ${r.thresholds.minR2} over ≥ ${r.thresholds.minWeeks} weeks`, r.fits.length]);
  ws.addRow([
    "Counted less than half their supply line (β < 0.5)",
    r.betaBelowHalf.count,
    `of ${r.betaBelowHalf.of}`,
  ]);
  bold(ws.addRow(["Team", "Role", "Player", "θ", "α", "β", "S′", "r²", "Weeks"]));
  for (const f of r.fits)
    ws.addRow([f.team + 1, f.role, f.name, f.theta, f.alpha, f.beta, f.sprime, f.r2, f.weeks]);
  title(`How far from what the structure allows (benchmark: ${d.ranking.policy})`);
  const k = d.ranking.kpi;
  if (k) {
    bold(ws.addRow(["Team", `${k.label} (${k.unit})`, "Benchmark", "Gap"]));
    for (const row of d.ranking.rows) ws.addRow([row.team + 1, row.result, row.benchmark, row.gap]);
  }
  ws.getColumn(1).width = 28;
}

/** The workbook as bytes (.xlsx). */
export async function cohortWorkbook(
  scenario: AnyScenario,
  teams: readonly CohortTeam[],
  debrief: CohortDebrief,
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  summarySheet(wb, debrief);
  for (const team of [...teams].sort((a, b) => a.team - b.team)) {
    const { header, rows } = cohortRows(scenario, [team]);
    const ws = wb.addWorksheet(`Team ${team.team + 1}`);
    bold(ws.addRow(header));
    for (const row of rows) ws.addRow(header.map((c) => row[c] ?? null));
    ws.views = [{ state: "frozen", ySplit: 1 }];
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
