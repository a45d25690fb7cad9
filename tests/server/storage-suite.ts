// One behavioural suite for every storage backend: SQLite and memory here, PostgreSQL in tests/services.

import { describe, expect, it } from "vitest";
import type { Storage } from "../../server/storage/types.ts";

export function storageSuite(name: string, open: () => Promise<Storage>, prefix = "") {
  describe(`storage: ${name}`, () => {
    const row = (id: string, cohort: string | null = null) => ({
      id: prefix + id,
      code: id.slice(0, 6).toUpperCase(),
      scenario: "beer-game",
      version: 1,
      title: "Beer Game",
      status: "lobby" as const,
      week: 0,
      horizon: 36,
      cohort,
    });

    it("creates a round with its first events and reads them back in order", async () => {
      const s = await open();
      try {
        await s.createRound(row("r1"), [{ type: "created", data: { seed: 7, options: { a: [1, 2] } } }]);
        await s.append(prefix + "r1", [
          { type: "join", data: { role: "retailer", name: "Ann" } },
          { type: "decision", data: { week: 1, role: "retailer", decision: { order: 4 }, source: "human" } },
        ]);
        const ev = await s.events(prefix + "r1");
        expect(ev.map((e) => [e.seq, e.type])).toEqual([
          [1, "created"],
          [2, "join"],
          [3, "decision"],
        ]);
        expect(ev[0]!.data).toEqual({ seed: 7, options: { a: [1, 2] } });
        expect(ev[2]!.data).toEqual({ week: 1, role: "retailer", decision: { order: 4 }, source: "human" });
        expect(typeof ev[0]!.at).toBe("number");
        expect(Math.abs(ev[0]!.at - Date.now())).toBeLessThan(60_000);
      } finally {
        await s.close();
      }
    });

    it("filters by seq and by type prefix", async () => {
      const s = await open();
      try {
        await s.createRound(row("r2"), [{ type: "created", data: {} }]);
        await s.append(prefix + "r2", [
          { type: "debrief:sketch", data: { role: "a" } },
          { type: "week", data: { week: 1 } },
          { type: "debrief:note", data: { text: "x" } },
        ]);
        expect((await s.events(prefix + "r2", { afterSeq: 2 })).map((e) => e.seq)).toEqual([3, 4]);
        expect((await s.events(prefix + "r2", { typePrefix: "debrief:" })).map((e) => e.type)).toEqual([
          "debrief:sketch",
          "debrief:note",
        ]);
        expect(await s.events(prefix + "nope")).toEqual([]);
      } finally {
        await s.close();
      }
    });

    it("keeps the order of many concurrent appends to one round", async () => {
      const s = await open();
      try {
        await s.createRound(row("r3"), []);
        await Promise.all(
          Array.from({ length: 50 }, (_, i) => s.append(prefix + "r3", [{ type: "n", data: i }])),
        );
        const ev = await s.events(prefix + "r3");
        expect(ev.map((e) => e.data)).toEqual(Array.from({ length: 50 }, (_, i) => i));
        expect(ev.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      } finally {
        await s.close();
      }
    });

    it("patches the round index and lists rounds by status", async () => {
      const s = await open();
      try {
        await s.createRound(row("r4"), []);
        await s.createRound(row("r5"), []);
        await s.append(prefix + "r4", [{ type: "week", data: { week: 3 } }], { status: "play", week: 3 });
        await s.append(prefix + "r5", [], { status: "closed", endedAt: 1234 });
        const r4 = await s.getRound(prefix + "r4");
        expect(r4).toMatchObject({
          status: "play",
          week: 3,
          endedAt: null,
          scenario: "beer-game",
          horizon: 36,
        });
        expect(await s.getRound(prefix + "r5")).toMatchObject({ status: "closed", endedAt: 1234 });
        const playing = (await s.listRounds({ status: ["play"] })).map((r) => r.id);
        expect(playing).toContain(prefix + "r4");
        expect(playing).not.toContain(prefix + "r5");
        expect(await s.getRound(prefix + "missing")).toBeUndefined();
        await expect(s.append(prefix + "missing", [], { week: 1 })).rejects.toThrow();
      } finally {
        await s.close();
      }
    });

    it("lists the rounds of a cohort", async () => {
      const s = await open();
      try {
        const cohort = `${prefix}morning-${Date.now()}`;
        await s.createRound(row("c1", cohort), []);
        await s.createRound(row("c2", cohort), []);
        await s.createRound(row("c3", "other"), []);
        const ids = (await s.listRounds({ cohort })).map((r) => r.id).sort();
        expect(ids).toEqual([prefix + "c1", prefix + "c2"]);
        expect((await s.getRound(prefix + "c1"))!.cohort).toBe(cohort);
        expect((await s.getRound(prefix + "c3"))!.cohort).toBe("other");
      } finally {
        await s.close();
      }
    });

    it("refuses a second round with the same id and leaves the first intact", async () => {
      const s = await open();
      try {
        await s.createRound(row("r6"), [{ type: "created", data: 1 }]);
        await expect(s.createRound(row("r6"), [{ type: "created", data: 2 }])).rejects.toThrow();
        expect((await s.events(prefix + "r6")).map((e) => e.data)).toEqual([1]);
      } finally {
        await s.close();
      }
    });
    it("saves a cohort document, replaces it in call order, and finds it by id and by code", async () => {
      const s = await open();
      try {
        const id = `${prefix}cohort-${Date.now()}`;
        const code = `K${Date.now().toString(36).slice(-5).toUpperCase()}`;
        await s.saveCohort({ id, code, data: { teams: ["AAAAAA"], assignments: [] } });
        await Promise.all(
          Array.from({ length: 20 }, (_, i) => s.saveCohort({ id, code, data: { teams: [], n: i } })),
        );
        const got = await s.getCohort(id);
        expect(got).toMatchObject({ id, code, data: { teams: [], n: 19 } });
        expect(got!.updatedAt).toBeGreaterThanOrEqual(got!.createdAt);
        expect((await s.findCohortByCode(code))?.id).toBe(id);
        expect(await s.getCohort(`${id}-missing`)).toBeUndefined();
        expect(await s.findCohortByCode("ZZZZZZ")).toBeUndefined();
        expect((await s.listCohorts()).map((c) => c.id)).toContain(id);
      } finally {
        await s.close();
      }
    });
  });
}
