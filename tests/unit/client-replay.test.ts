// The replay page's and "My rounds"' pure logic: the clock, the read-only desk built from a checked
// re-simulation, the branch request, the rows of the library and the browser's saved seats.

import { describe, expect, it, vi } from "vitest";
import { type MyRound, openReplay } from "../../client/net/replay-api.ts";
import { memoryStore, SeatStore } from "../../client/net/seat-store.ts";
import { historyTable } from "../../client/view/history.ts";
import { myRoundRows } from "../../client/view/my-rounds.ts";
import {
  clockAt,
  msPerWeek,
  seek,
  setSpeed,
  step,
  tick,
  togglePlay,
} from "../../client/view/replay-clock.ts";
import {
  branchSeats,
  deskHistory,
  mySeatInBranch,
  systemSeries,
  whoDecided,
} from "../../client/view/replay-desk.ts";
import { Timeline } from "../../shared/round/timeline.ts";
import { botRound } from "./round-fixtures.ts";

describe("the replay clock", () => {
  it("steps, seeks and clamps to weeks 0 … last", () => {
    let c = clockAt(8, 3);
    expect(c.week).toBe(3);
    c = step(c, 1);
    expect(c.week).toBe(4);
    expect(step(c, 100).week).toBe(8);
    expect(step(c, -100).week).toBe(0);
    expect(seek(c, 5.6).week).toBe(6);
    expect(seek(c, Number.NaN).week).toBe(0);
    expect(clockAt(8, 99).week).toBe(8);
  });

  it("plays one week a tick and stops at the last, starting over when played from the end", () => {
    let c = togglePlay(clockAt(3, 1));
    expect(c.playing).toBe(true);
    c = tick(c);
    expect(c).toMatchObject({ week: 2, playing: true });
    c = tick(c);
    expect(c).toMatchObject({ week: 3, playing: false });
    expect(tick(c).week).toBe(3);
    expect(togglePlay(c)).toMatchObject({ week: 0, playing: true });
    // A step while playing pauses, so the week stepped to stays on screen.
    expect(step(togglePlay(clockAt(3, 1)), 1)).toMatchObject({ week: 2, playing: false });
  });

  it("plays faster at a higher speed and ignores speeds it does not offer", () => {
    const c = clockAt(10);
    expect(msPerWeek(setSpeed(c, 4))).toBe(msPerWeek(c) / 4);
    expect(setSpeed(c, 3).speed).toBe(1);
  });
});

describe("the read-only desk of a recorded round", () => {
  const local = botRound("beer-game", { options: { weeks: 12 }, seed: 5, weeks: 10 });
  const rec = local.recordOf();
  // One seat decided by a person: the record names them.
  rec.sources = rec.sources.map((s, i) => (i === 3 ? { ...s, retailer: "human" } : s));
  rec.seats = rec.seats.map((s) => (s.role === "retailer" ? { ...s, name: "Ada" } : s));
  const tl = new Timeline(rec);

  it("lays out a department's weeks as its live desk kept them: week t with the decision for week t", () => {
    const weeks = deskHistory(tl, "wholesaler", 6);
    expect(weeks.map((w) => w.week)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(weeks[0]?.decision).toBeUndefined();
    for (const w of weeks.slice(1)) {
      expect(w.decision).toEqual(rec.decisions[w.week - 1]?.wholesaler);
      expect(w.source).toBe(rec.sources[w.week - 1]?.wholesaler);
      expect(w.observation).toEqual(tl.frame(w.week, "wholesaler").observation);
    }
    // The desk's own table reads it: newest week first, only played weeks.
    const table = historyTable(weeks, [
      { id: "orders", label: "o", unit: "cases", from: "decision", chart: true },
    ]);
    expect(table.rows.map((r) => r.week)).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it("says who made each decision: the person by name, a bot, nothing after the last week", () => {
    expect(whoDecided(tl, "retailer", 3)).toMatchObject({ week: 4, source: "human", name: "Ada" });
    expect(whoDecided(tl, "factory", 3)).toMatchObject({ week: 4, source: "bot", name: null });
    expect(whoDecided(tl, "factory", tl.weeks)).toBeNull();
  });

  it("gives the whole-system chart one line per department, weeks 1 … last", () => {
    const kpi = tl.frame(1, "retailer").kpis[0]!.id;
    const lines = systemSeries(tl, kpi);
    expect(lines.map((l) => l.role)).toEqual(tl.roles);
    for (const l of lines) {
      expect(l.values).toHaveLength(tl.weeks);
      expect(l.values[4]).toBe(tl.frame(5, l.role).kpis.find((k) => k.id === kpi)?.value);
    }
  });
});

describe("a branch request", () => {
  const roles = ["retailer", "wholesaler", "distributor", "factory"];

  it("gives me my own seat and replays the others unless chosen otherwise", () => {
    expect(branchSeats(roles, "wholesaler", {})).toEqual({
      retailer: "recorded",
      wholesaler: "me",
      distributor: "recorded",
      factory: "recorded",
    });
    const seats = branchSeats(roles, "wholesaler", {
      wholesaler: "recorded",
      factory: "me",
      retailer: "sterman",
    });
    expect(seats).toMatchObject({ retailer: "sterman", wholesaler: "recorded", factory: "me" });
    expect(mySeatInBranch(seats, "wholesaler")).toBe("factory");
    expect(mySeatInBranch(branchSeats(roles, "retailer", {}), "retailer")).toBe("retailer");
    expect(mySeatInBranch(branchSeats(roles, null, {}), null)).toBeNull();
  });
});

describe("my rounds", () => {
  const round = (id: string, created: string, over: Partial<MyRound> = {}): MyRound => ({
    id,
    replayId: `${id}-secret`,
    code: id.toUpperCase(),
    scenario: "beer-game",
    title: "Beer Game",
    status: "closed",
    week: 8,
    horizon: 8,
    createdAt: Date.parse(created),
    role: "retailer",
    host: false,
    trainer: false,
    parent: null,
    team: { label: "Team cost", value: 120, unit: "$" },
    ...over,
  });

  it("lists newest first with each branch under its parent, and no link before the replay opens", () => {
    const rows = myRoundRows(
      [
        round("a", "2026-11-01T10:00:00Z"),
        round("c", "2026-11-03T10:00:00Z", { parent: { id: "a", week: 5 }, role: null, host: true }),
        round("b", "2026-11-02T10:00:00Z", { replayId: null, status: "play", week: 3 }),
        round("d", "2026-11-04T10:00:00Z", { parent: { id: "gone", week: 2 } }),
      ],
      (_s, r) => r.toUpperCase(),
      (ms) => new Date(ms).toISOString().slice(0, 10),
    );
    expect(rows.map((r) => [r.id, r.depth])).toEqual([
      ["d", 0],
      ["b", 0],
      ["a", 0],
      ["c", 1],
    ]);
    expect(rows[1]).toMatchObject({ href: null, weeks: "3/8", status: "play" });
    const trainer = myRoundRows(
      [round("t", "2026-11-05T10:00:00Z", { role: null, trainer: true })],
      (_s, r) => r,
      String,
    );
    expect(trainer[0]?.role).toBe("trainer");
    expect(rows[2]).toMatchObject({ href: "/replay/a-secret", role: "RETAILER", date: "2026-11-01" });
    expect(rows[3]).toMatchObject({ role: "host", parentWeek: 5 });
  });

  it("reads every seat the browser keeps, newest first, dropping expired ones", () => {
    let now = 1_000;
    const seats = new SeatStore(memoryStore(), () => now);
    seats.save({ code: "old", name: "A", role: "retailer", seatToken: "s1", hostToken: null });
    now = 2_000;
    seats.save({ code: "new", name: "A", role: null, seatToken: null, hostToken: "h" });
    expect(seats.all().map((s) => s.code)).toEqual(["NEW", "OLD"]);
    now += 8 * 24 * 3600 * 1000;
    expect(seats.all()).toEqual([]);
  });
});

describe("opening a replay link before the reveal", () => {
  const seats = [
    { code: "HOSTED", name: "Ann", role: null, seatToken: null, hostToken: "host-token", savedAt: 1 },
    { code: "PLAYED", name: "Ann", role: "retailer", seatToken: "seat-token", hostToken: null, savedAt: 1 },
  ];
  /** A server that opens `id` only to `allowed`, and lists the browser's rounds. */
  function server(allowed: string, cohort?: string) {
    const asked: (string | null)[] = [];
    const fetch = async (path: string, init?: RequestInit) => {
      if (path === "/api/rounds/mine") {
        const rows = [
          { code: "HOSTED", replayId: "r1-secret" },
          { code: "PLAYED", replayId: "r2-secret" },
        ];
        return new Response(JSON.stringify(rows), { status: 200 });
      }
      const auth = new Headers(init?.headers).get("authorization");
      const token = auth ? auth.slice("Bearer ".length) : null;
      asked.push(token);
      return token === allowed
        ? new Response(JSON.stringify({ record: {}, access: "host" }), { status: 200 })
        : new Response(
            JSON.stringify({ error: "only its host and trainer", ...(cohort ? { cohort } : {}) }),
            {
              status: 403,
            },
          );
    };
    return { fetch, asked };
  }

  it("asks again with the host token this browser holds for that round", async () => {
    const s = server("host-token");
    vi.stubGlobal("fetch", s.fetch);
    try {
      await expect(openReplay("r1-secret", seats, () => null)).resolves.toMatchObject({ access: "host" });
      expect(s.asked).toEqual([null, "host-token"]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("asks again with the trainer's key of the cohort the refusal names", async () => {
    const s = server("trainer-key", "c-7");
    vi.stubGlobal("fetch", s.fetch);
    try {
      await expect(
        openReplay("other-secret", seats, (c) => (c === "c-7" ? "trainer-key" : null)),
      ).resolves.toBeTruthy();
      expect(s.asked).toEqual([null, "trainer-key"]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("shows the server's refusal when nothing it holds opens the round", async () => {
    const s = server("nobody's");
    vi.stubGlobal("fetch", s.fetch);
    try {
      await expect(openReplay("r2-secret", seats, () => null)).rejects.toThrow(/only its host and trainer/);
      expect(s.asked).toEqual([null, "seat-token"]);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
