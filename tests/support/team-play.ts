// A team of four SDK players for fault tests: they play a Beer Game round in continuous pace, each
// deciding for every week it sees open, and remember what the server acknowledged and what it
// showed. `checkRoundLog` then holds the round's log against that: every acknowledged decision is in
// it, its weeks are contiguous, its export re-simulates, no fault closed it, and nothing was shown
// that it does not hold.

import { expect } from "vitest";
import type { RoundExport } from "../../server/record.ts";
import { replayRecord } from "../../server/record.ts";
import type { Harness } from "../server/harness.ts";
import { Player } from "../server/harness.ts";

const ROLES = ["retailer", "wholesaler", "distributor", "factory"] as const;

export interface Acked {
  role: string;
  week: number;
  decision: Record<string, number>;
}

export interface TeamPlay {
  code: string;
  hostToken: string;
  players: Player[];
  /** Highest week any player was shown. */
  maxWeekSeen(): number;
  /** The week the host's desk shows now. */
  week(): number;
  /** The hold reason the host's desk shows now ("" for none). */
  hold(): string;
  /** Every decision the server acknowledged (`accepted`). */
  acked(): Acked[];
  /** Refusals by code. */
  refusals(): Record<string, number>;
  /** Waits until pred holds for the host's view of the state. */
  until(
    pred: (s: { week: number; hold: string; phase: string }) => boolean,
    timeoutMs: number,
  ): Promise<void>;
  /** The host ends play and reveals the debrief; resolves with the round's id from its record. */
  end(): Promise<string>;
  leave(): Promise<void>;
}

/** Four players in a continuous-pace round of `weeks` weeks at `secondsPerWeek`. */
export async function playTeam(
  server: { url: string; http: string },
  opts: { weeks: number; secondsPerWeek: number },
): Promise<TeamPlay> {
  const h = server as unknown as Harness;
  const host = await Player.create(h, {
    scenario: "beer-game",
    options: { weeks: opts.weeks, warmupWeeks: 0 },
    name: "Ann",
    role: "retailer",
    seed: 11,
    pace: { mode: "continuous", secondsPerWeek: opts.secondsPerWeek },
  });
  const code = host.state.code as string;
  const players = [host];
  for (const role of ROLES.slice(1)) players.push(await Player.join(h, code, { name: `${role}-p`, role }));
  let maxSeen = 0;
  for (const [i, p] of players.entries()) {
    let decidedFor = 0;
    p.room.onStateChange((s: { phase: string; week: number }) => {
      maxSeen = Math.max(maxSeen, s.week);
      const open = s.week + 1;
      if (s.phase !== "play" || open <= decidedFor) return;
      decidedFor = open;
      p.send("decide", { week: open, decision: { order: orderOf(i, open) } });
    });
  }
  const hostToken = host.w.hostToken!;
  host.send("host", { hostToken, action: "start" });
  await host.until((s) => s.phase === "play", 10_000);
  return {
    code,
    hostToken,
    players,
    maxWeekSeen: () => maxSeen,
    week: () => host.state.week,
    hold: () => host.state.hold,
    acked: () =>
      players.flatMap((p, i) =>
        p.log
          .filter((m) => m.type === "accepted")
          .map((m) => {
            const a = m.payload as { week: number; decision: Record<string, number> };
            return { role: ROLES[i]!, week: a.week, decision: a.decision };
          }),
      ),
    refusals: () => {
      const out: Record<string, number> = {};
      for (const p of players)
        for (const m of p.log)
          if (m.type === "error") {
            const code = (m.payload as { code: string }).code;
            out[code] = (out[code] ?? 0) + 1;
          }
      return out;
    },
    until: (pred, timeoutMs) => host.until(pred, timeoutMs),
    end: async () => {
      host.send("host", { hostToken, action: "end" });
      await host.until((s) => s.phase === "debrief", 30_000);
      // The record reaches the players once the debrief reveals the truth.
      host.send("debrief:reveal", { hostToken });
      const rec = await host.next("round", () => true, 30_000);
      return rec.id;
    },
    leave: async () => {
      await Promise.all(players.map((p) => p.leave()));
    },
  };
}

/** A player's order for a week: distinct per role and week, so a misplaced one shows. */
export function orderOf(player: number, week: number): number {
  return 1 + player + (week % 7) * 4;
}

/**
 * The invariant of every storage fault: every acknowledged decision is in the log, the weeks are
 * 1…N without a gap or a repeat, the export re-simulates to its hashes, the fault did not close the
 * round, and no player was shown a week the log does not hold. Returns the figures.
 */
export async function checkRoundLog(
  http: string,
  roundId: string,
  hostToken: string,
  team: Pick<TeamPlay, "acked" | "maxWeekSeen">,
): Promise<{ weeks: number; acked: number; decisionEvents: number }> {
  const res = await fetch(`${http}/api/rounds/${roundId}/export.json`, {
    headers: { authorization: `Bearer ${hostToken}` },
  });
  expect(res.status).toBe(200);
  const rec = (await res.json()) as RoundExport;
  const weeks = rec.events.filter((e) => e.type === "week").map((e) => (e.data as { week: number }).week);
  expect(weeks).toEqual(weeks.map((_, i) => i + 1));
  const seqs = rec.events.map((e) => e.seq);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  // PostgreSQL's jsonb keeps keys in its own order: compare by content.
  const key = (d: Acked) =>
    `${d.week}/${d.role}/${JSON.stringify(Object.entries(d.decision).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
  const decided = rec.events.filter((e) => e.type === "decision").map((e) => key(e.data as Acked));
  const inLog = new Set(decided);
  const acked = team.acked();
  const missing = acked.filter((a) => !inLog.has(key(a)));
  expect(missing).toEqual([]);
  expect(() => replayRecord(rec)).not.toThrow();
  expect(replayRecord(rec).hashes).toEqual(rec.hashes);
  expect(rec.status).not.toBe("closed");
  expect(rec.events.some((e) => e.type === "closed")).toBe(false);
  expect(team.maxWeekSeen()).toBeLessThanOrEqual(weeks.length);
  return { weeks: weeks.length, acked: acked.length, decisionEvents: decided.length };
}
