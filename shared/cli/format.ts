// Plain-text tables and CSV, for the command line and the round exports.

import { toCsv } from "../format/csv.ts";
import { formatNumber } from "../format/number.ts";

export interface Table {
  title?: string;
  headers: string[];
  rows: (string | number | null)[][];
}

/** Numbers with at most `digits` decimals and no thousands separators, so columns parse back. */
export function num(x: number | null, digits = 2): string {
  return formatNumber(x, { decimals: digits, group: false });
}

function cell(v: string | number | null): string {
  return typeof v === "number" || v === null ? num(v) : v;
}

/** Columns right-aligned except the first. */
export function renderTable(t: Table): string {
  const cells = [t.headers, ...t.rows.map((r) => r.map(cell))];
  const widths = t.headers.map((_, j) => Math.max(...cells.map((r) => (r[j] ?? "").length)));
  const line = (r: string[]) =>
    r
      .map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!)))
      .join("  ")
      .trimEnd();
  const out = [line(cells[0]!), widths.map((w) => "─".repeat(w)).join("  "), ...cells.slice(1).map(line)];
  if (t.title) out.unshift(t.title);
  return out.join("\n");
}

/** The table as CSV, ending in CRLF like every record. */
export function renderCsv(t: Table): string {
  return toCsv([t.headers, ...t.rows]);
}
