// One behavioural suite for every storage backend: SQLite and memory here, PostgreSQL in tests/services.

import { describe, expect, it } from "vitest";
import { FencedError, type Storage } from "../../server/storage/types.ts";

/**
 * `open` gives a storage on the backend's data; `peer`, when the backend's data can be shared, opens
 * one more storage (another process) on the same data with the given lease.
 */
/** A round in play, as the SQLite tests create them outside the suite. */
export const roundInPlay = (id: string) => ({
  id,
  code: id.toUpperCase(),
  scenario: "s",
  version: 1,
  title: "t",
  status: "play" as const,
  week: 0,
  horizon: 3,
  cohort: null,
});

export function storageSuite(
  name: string,
  open: () => Promise<Storage>,
  prefix = "",
  peer?: (leaseMs: number) => Promise<Storage>,
) {
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

    describe.runIf(peer)("round ownership (several processes on one log)", () => {
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const ids = (rounds: { id: string }[]) => rounds.map((r) => r.id);
      const uniq = (base: string) =>
        `${base}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

      it("no peer adopts or appends to a round whose owner holds its lease", async () => {
        const a = await peer!(60_000);
        const b = await peer!(60_000);
        try {
          const id = uniq("own1");
          await a.createRound(row(id), [{ type: "created", data: 1 }]);
          expect(a.ownedRounds()).toContain(prefix + id);
          expect(ids(await b.adoptRounds(1000))).not.toContain(prefix + id);
          await expect(b.append(prefix + id, [{ type: "x", data: 2 }])).rejects.toBeInstanceOf(FencedError);
          await a.append(prefix + id, [{ type: "x", data: 3 }]);
          expect(await a.renewLeases()).toEqual([]);
          expect((await a.events(prefix + id)).map((e) => e.data)).toEqual([1, 3]);
        } finally {
          await b.close();
          await a.close();
        }
      });

      it("a peer adopts a round whose lease ran out; the old owner is fenced and told it lost it", async () => {
        const a = await peer!(150);
        const b = await peer!(60_000);
        try {
          const id = uniq("own2");
          await a.createRound(row(id), [{ type: "created", data: 1 }]);
          await a.append(prefix + id, [{ type: "x", data: 2 }], { status: "play" });
          await sleep(300);
          const adopted = (await b.adoptRounds(1000)).find((r) => r.id === prefix + id);
          expect(adopted).toMatchObject({ id: prefix + id, code: row(id).code, epoch: 2 });
          // A second adoption finds it owned.
          expect(ids(await b.adoptRounds(1000))).not.toContain(prefix + id);
          expect(await a.renewLeases()).toEqual([prefix + id]);
          await expect(a.append(prefix + id, [{ type: "stale", data: 0 }])).rejects.toBeInstanceOf(
            FencedError,
          );
          await b.append(prefix + id, [{ type: "x", data: 3 }]);
          const log = await b.events(prefix + id);
          expect(log.map((e) => e.data)).toEqual([1, 2, 3]);
          expect(log.map((e) => e.seq)).toEqual([1, 2, 3]);
          expect(b.ownedRounds()).toContain(prefix + id);
          expect(a.ownedRounds()).not.toContain(prefix + id);
        } finally {
          await b.close();
          await a.close();
        }
      });

      it("an owner that was cut off and comes back cannot interleave with the adopter", async () => {
        const a = await peer!(100);
        const b = await peer!(60_000);
        try {
          const id = uniq("own3");
          await a.createRound(row(id), [{ type: "created", data: 0 }]);
          await sleep(200);
          expect(ids(await b.adoptRounds(1000))).toContain(prefix + id);
          // Both copies append at once, many times: only the adopter's land, in order.
          const results = await Promise.allSettled(
            Array.from({ length: 20 }, (_, i) => [
              a.append(prefix + id, [{ type: "a", data: i }]),
              b.append(prefix + id, [{ type: "b", data: i }]),
            ]).flat(),
          );
          expect(results.filter((r) => r.status === "rejected")).toHaveLength(20);
          // The cut-off owner learns at its next renewal that the round is gone.
          expect(await a.renewLeases()).toEqual([prefix + id]);
          expect(a.ownedRounds()).not.toContain(prefix + id);
          const log = await b.events(prefix + id);
          expect(log.map((e) => e.type)).toEqual(["created", ...Array(20).fill("b")]);
          expect(log.map((e) => e.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
        } finally {
          await b.close();
          await a.close();
        }
      });

      it("a released round is adopted at once, a closed one never; closing a storage releases its rounds", async () => {
        const a = await peer!(60_000);
        const b = await peer!(60_000);
        try {
          const [released, closed, left] = [uniq("rel"), uniq("clo"), uniq("left")];
          for (const id of [released, closed, left]) await a.createRound(row(id), []);
          await a.append(prefix + closed, [{ type: "closed", data: {} }], { status: "closed" });
          expect(a.ownedRounds()).not.toContain(prefix + closed);
          await a.releaseRound(prefix + released);
          await expect(a.append(prefix + released, [{ type: "late", data: 1 }])).resolves.toBeUndefined();
          const first = ids(await b.adoptRounds(1000));
          expect(first).toContain(prefix + released);
          expect(first).not.toContain(prefix + closed);
          expect(first).not.toContain(prefix + left);
          // Released and adopted: the releaser's late appends are refused.
          await expect(a.append(prefix + released, [{ type: "late", data: 2 }])).rejects.toBeInstanceOf(
            FencedError,
          );
          await a.close();
          expect(ids(await b.adoptRounds(1000))).toContain(prefix + left);
        } finally {
          await b.close();
          await a.close().catch(() => {});
        }
      });

      it("peers adopting at the same moment take each round once", async () => {
        const a = await peer!(100);
        const b = await peer!(60_000);
        const c = await peer!(60_000);
        try {
          const mine = Array.from({ length: 8 }, (_, i) => prefix + uniq(`many${i}`));
          for (const id of mine) await a.createRound(row(id.slice(prefix.length)), []);
          await sleep(200);
          const [fromB, fromC] = await Promise.all([b.adoptRounds(1000), c.adoptRounds(1000)]);
          const got = [...ids(fromB), ...ids(fromC)].filter((id) => mine.includes(id));
          expect(got.sort()).toEqual([...mine].sort());
        } finally {
          await c.close();
          await b.close();
          await a.close();
        }
      });
    });
  });
}
