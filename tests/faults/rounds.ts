// Rounds played through real server processes in the fault tests, and the invariant every fault
// must keep: every acknowledged decision is in the log, weeks contiguous, the export re-simulates,
// no round closed by the fault.

import pg from "pg";
import { expect } from "vitest";
import { type Harness, Player } from "../server/harness.ts";
import { getJson, type ServerProcess } from "../support/processes.ts";

export const asHarness = (p: Pick<ServerProcess, "url" | "http">) => p as unknown as Harness;

export interface TestRound {
  code: string;
  host: Player;
  guest: Player;
  /** The creator's host token (a rejoined host's welcome does not repeat it). */
  hostToken: string;
  /** Acknowledged orders by week: [host's, guest's]. */
  acked: Map<number, [number, number]>;
}

/** A Beer Game round in lockstep: the host (retailer) on `a`, a guest (factory) through `b`, started. */
export async function startRound(a: ServerProcess, b: ServerProcess, weeks = 20): Promise<TestRound> {
  const host = await Player.create(asHarness(a), {
    scenario: "beer-game",
    options: { weeks, warmupWeeks: 0 },
    name: "Host",
    role: "retailer",
  });
  const code = host.state.code as string;
  const guest = await Player.join(asHarness(b), code, { name: "Guest", role: "factory" });
  await host.until((s) => s.seats.get("factory")?.connected);
  host.send("host", { hostToken: host.w.hostToken!, action: "start" });
  await host.until((s) => s.phase === "play");
  return { code, host, guest, hostToken: host.w.hostToken!, acked: new Map() };
}

/** Both humans decide `week` and wait for both acknowledgements and the week to close. */
export async function playWeek(r: TestRound, week: number, timeoutMs = 15_000): Promise<void> {
  const orders: [number, number] = [(week % 7) + 1, (week % 5) + 2];
  const acks = [r.host, r.guest].map((p) => p.next("accepted", (m) => m.week === week, timeoutMs));
  r.host.send("decide", { week, decision: { order: orders[0] } });
  r.guest.send("decide", { week, decision: { order: orders[1] } });
  await Promise.all(acks);
  r.acked.set(week, orders);
  await r.host.until((s) => s.week >= week, timeoutMs);
}

/** The invariant, read from PostgreSQL and the export. */
export async function expectNothingLost(databaseUrl: string, http: string, r: TestRound): Promise<void> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows: rounds } = await c.query("SELECT id, status, week FROM rounds WHERE code = $1", [r.code]);
    expect(rounds).toHaveLength(1);
    const { id, status } = rounds[0];
    expect(status).not.toBe("closed");
    const { rows } = await c.query("SELECT seq, type, data FROM events WHERE round_id = $1 ORDER BY seq", [
      id,
    ]);
    expect(rows.map((e) => e.seq)).toEqual(rows.map((_, i) => i + 1));
    const weeks = rows.filter((e) => e.type === "week").map((e) => e.data);
    expect(weeks.map((w) => w.week)).toEqual(weeks.map((_, i) => i + 1));
    for (const [week, [h, g]] of r.acked) {
      const w = weeks.find((x) => x.week === week);
      expect(w, `week ${week} recorded`).toBeDefined();
      expect(w.decisions.retailer).toEqual({ order: h });
      expect(w.decisions.factory).toEqual({ order: g });
    }
    const exp = await getJson(`${http}/api/rounds/${id}/export.json`, {
      headers: { authorization: `Bearer ${r.hostToken}` },
    });
    expect(exp.status).toBe(200);
    // One hash per state: week 0 and every recorded week.
    expect(exp.body.hashes.length).toBe(weeks.length + 1);
  } finally {
    await c.end();
  }
}
