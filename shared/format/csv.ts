// CSV as RFC 4180 has it, for the command line and the round export: spreadsheets and R's read.csv
// open both the same way.

/** One field: quoted when it holds a quote, comma, CR or LF, with quotes doubled; empty for none. */
export function csvField(v: unknown): string {
  const s = v === undefined || v === null ? "" : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Records joined by commas, each ended by CRLF (the last one too). */
export function toCsv(records: readonly (readonly unknown[])[]): string {
  return records.map((r) => `${r.map(csvField).join(",")}\r\n`).join("");
}
