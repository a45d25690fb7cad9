// The `cohorts` table's columns as both SQL backends return them (data: JSON text in SQLite, parsed
// JSONB in PostgreSQL), and their mapping to CohortRow.

import type { CohortRow } from "./types.ts";

export interface CohortDbRow {
  id: string;
  code: string;
  data: unknown;
  created_at: number;
  updated_at: number;
}

export function toCohortRow(r: CohortDbRow, data: unknown): CohortRow {
  return { id: r.id, code: r.code, data, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at) };
}
