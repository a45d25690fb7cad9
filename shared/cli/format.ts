// Plain-text tables and CSV, for the command line and the round exports.

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

/** One CSV field (RFC 4180): quoted when it holds a quote, comma or line break; empty for none. */
export function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? "" : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderCsv(t: Table): string {
  return [t.headers, ...t.rows].map((r) => r.map(csvCell).join(",")).join("\n");
}
