// The cohort workbook: a summary sheet with the cohort debrief's tables, then one sheet per team
// with the same rows as the cohort CSV. Built with exceljs' streaming writer (each row goes to the
// zip as it is added, compressed by Node's zlib); server-side only.

import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import type { CohortRows } from "../shared/cohort/csv.ts";
import type { CohortDebrief } from "../shared/cohort/debrief.ts";

// exceljs looks up each cell's style when it writes the cell, unless it has seen that very style
// object before: unstyled cells share one, so the lookup is done once, not once per cell.
const PLAIN: Partial<ExcelJS.Style> = Object.freeze({});

const bold = (row: ExcelJS.Row) => {
  row.font = { bold: true };
};

function summarySheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, d: CohortDebrief): void {
  const ws = wb.addWorksheet("Summary");
  // Column widths are written before the first row, so they are set first.
  ws.getColumn(1).width = 28;
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
  ws.commit();
}

/**
 * The workbook as bytes (.xlsx), from the debrief and the cohort's rows (cohortRows: the rows the
 * CSV export has, so the rounds are not re-simulated for the workbook). Only header rows are styled:
 * every styled cell costs a style lookup when the sheet is written.
 */
export async function cohortWorkbook(debrief: CohortDebrief, rows: CohortRows): Promise<Uint8Array> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  summarySheet(wb, debrief);
  const byTeam = new Map<number, CohortRows["rows"]>();
  for (const row of rows.rows) {
    const team = Number(row.team);
    const list = byTeam.get(team) ?? [];
    if (list.length === 0) byTeam.set(team, list);
    list.push(row);
  }
  const header = rows.header;
  for (const team of [...byTeam.keys()].sort((a, b) => a - b)) {
    const ws = wb.addWorksheet(`Team ${team}`, { views: [{ state: "frozen", ySplit: 1 }] });
    bold(ws.addRow(header));
    for (const row of byTeam.get(team)!) {
      const r = ws.addRow(header.map((c) => row[c] ?? null));
      r.eachCell((cell) => {
        cell.style = PLAIN;
      });
      r.commit();
    }
    ws.commit();
  }
  await wb.commit();
  return new Uint8Array(Buffer.concat(chunks));
}
