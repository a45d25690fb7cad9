// The `rounds` table's columns as both SQL backends return them, and their mapping to RoundRow.

import type { RoundRow, RoundStatus } from "./types.ts";

export interface RoundDbRow {
  id: string;
  code: string;
  scenario: string;
  version: number;
  title: string;
  status: string;
  week: number;
  horizon: number;
  cohort: string | null;
  created_at: number;
  ended_at: number | null;
}

export function toRoundRow(r: RoundDbRow): RoundRow {
  return {
    id: r.id,
    code: r.code,
    scenario: r.scenario,
    version: r.version,
    title: r.title,
    status: r.status as RoundStatus,
    week: r.week,
    horizon: r.horizon,
    cohort: r.cohort ?? null,
    createdAt: r.created_at,
    endedAt: r.ended_at,
  };
}
