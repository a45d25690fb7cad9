// "My rounds" on the landing page as rows: newest first, branches listed under the round they came
// from, each with what the row says and where its replay opens. Pure.

import type { MyRound } from "../net/replay-api.ts";

export interface MyRoundRow {
  id: string;
  title: string;
  code: string;
  /** The day it was created, as the browser's locale writes it. */
  date: string;
  weeks: string;
  status: string;
  /** My department, "host" when I ran it without a seat, "trainer" for my cohort's teams. */
  role: string;
  team: { label: string; value: number; unit: string } | null;
  /** `/replay/<replay id>`, or null while the round is not open to me for replay. */
  href: string | null;
  /** 0 for a round, 1 for a branch shown under its parent. */
  depth: number;
  parentWeek: number | null;
}

export function myRoundRows(
  rounds: readonly MyRound[],
  roleLabel: (scenario: string, role: string) => string,
  formatDate: (ms: number) => string,
): MyRoundRow[] {
  const newestFirst = [...rounds].sort((a, b) => b.createdAt - a.createdAt);
  const ids = new Set(newestFirst.map((r) => r.id));
  const children = new Map<string, MyRound[]>();
  for (const r of newestFirst) {
    if (r.parent && ids.has(r.parent.id))
      children.set(r.parent.id, [...(children.get(r.parent.id) ?? []), r]);
  }
  const row = (r: MyRound, depth: number): MyRoundRow => ({
    id: r.id,
    title: r.title,
    code: r.code,
    date: formatDate(r.createdAt),
    weeks: `${r.week}/${r.horizon}`,
    status: r.status,
    role: r.role ? roleLabel(r.scenario, r.role) : r.host ? "host" : r.trainer ? "trainer" : "",
    team: r.team,
    href: r.replayId ? `/replay/${r.replayId}` : null,
    depth,
    parentWeek: r.parent?.week ?? null,
  });
  const out: MyRoundRow[] = [];
  const place = (r: MyRound, depth: number) => {
    out.push(row(r, depth));
    for (const c of children.get(r.id) ?? []) place(c, depth + 1);
  };
  for (const r of newestFirst) if (!(r.parent && ids.has(r.parent.id))) place(r, 0);
  return out;
}
