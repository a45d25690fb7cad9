// The weekly state hash changed with record format 2 (version-2 hashes: the state's numbers in its
// scenario's layout, `v2:` + 16 hex digits). Rounds recorded before, with version-1 hashes, must still
// load, replay and import: the fixture holds such rounds, recorded by the build before the change.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { HASH_PREFIX, hashState, LayoutHasher } from "../../shared/engine/hash.ts";
import { deriveLayout } from "../../shared/engine/layout.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import type { RoundRecord } from "../../shared/protocol/messages.ts";
import { checkExport } from "../../shared/round/import-check.ts";
import { type LoggedEvent, replayRound } from "../../shared/round/replay.ts";
import { getScenario } from "../../shared/scenarios/index.ts";

const fixture = JSON.parse(
  readFileSync(new URL("./fixtures/legacy-hash-v1.json", import.meta.url), "utf8"),
) as Record<string, { record: RoundRecord; log: LoggedEvent[] }>;

describe.each(Object.entries(fixture))(
  "a %s round recorded with version-1 hashes",
  (_name, { record, log }) => {
    const scenario = getScenario(record.scenario);

    it("has version-1 hashes (the fixture is what it claims)", () => {
      expect(record.hashes.every((h) => /^[0-9a-f]{16}$/.test(h))).toBe(true);
    });

    it("re-simulates against its recorded hashes, and a wrong one is caught", () => {
      const sim = Simulation.replay(scenario, record, record.hashes);
      expect(sim.week).toBe(record.decisions.length);
      expect(sim.hashes.every((h) => h.startsWith(HASH_PREFIX))).toBe(true);
      const bad = [...record.hashes];
      bad[5] = bad[6]!;
      expect(() => Simulation.replay(scenario, record, bad)).toThrow(/week 5/);
    });

    it("matches its version-1 hashes in a run that does not hash its weeks", () => {
      const sim = new Simulation(scenario, record.options, record.seed, { hash: false });
      for (const shock of record.shocks) sim.inject(shock);
      for (const d of record.decisions) sim.advance(d);
      expect(sim.hashes.every((h) => h === "")).toBe(true);
      expect(record.hashes.map((h, t) => sim.hashMatches(t, h))).toEqual(record.hashes.map(() => true));
      expect(sim.hashMatches(5, record.hashes[6]!)).toBe(false);
    });

    it("is rebuilt from its event log (server restore), and its export now carries version-2 hashes", () => {
      const round = replayRound(record.id, log);
      expect(round.sim.week).toBe(record.decisions.length);
      expect(round.sim.decisionLog).toEqual(record.decisions);
      // The migrated export proves itself with the new hashes.
      const again = Simulation.replay(scenario, record, round.sim.hashes);
      expect(again.hashes).toEqual(round.sim.hashes);
    });

    it("a tampered week event in the log is refused", () => {
      const i = log.findIndex((e) => e.type === "week" && (e.data as { week: number }).week === 3);
      const data = log[i]!.data as { hash: string };
      const tampered = [...log];
      tampered[i] = { ...log[i]!, data: { ...data, hash: record.hashes[2]! } };
      expect(() => replayRound(record.id, tampered)).toThrow(/diverged at week 3/);
    });

    it("passes the import check, and a record mixing wrong version-1 hashes fails it", () => {
      expect(checkExport(record).ok).toBe(true);
      const bad = { ...record, hashes: record.hashes.map((h, t) => (t === 4 ? "0123456789abcdef" : h)) };
      const verdict = checkExport(bad);
      expect(verdict.ok).toBe(false);
    });
  },
);

describe("version-2 hashes", () => {
  it("read the state's numbers, not its keys' order: a state parsed back from JSON in another key order hashes the same", () => {
    const sample = { b: [1, 2.5], a: { y: -0, x: 3 } };
    const layout = deriveLayout(sample);
    expect(layout.keys).toEqual(["a.x", "a.y", "b.0", "b.1"]);
    const h = new LayoutHasher(layout.keys);
    const buf = new Float64Array(layout.keys.length);
    const words = new Uint32Array(buf.buffer);
    const text = (s: typeof sample) => {
      layout.pack(s, buf);
      h.hash(3, [1, 2, 3, 4], words, 0);
      return h.text();
    };
    const one = text(sample);
    expect(text({ a: { x: 3, y: -0 }, b: [1, 2.5] })).toBe(one);
    // Every number counts, to the bit (−0 is not 0), and so do the week and the random stream.
    expect(text({ b: [1, 2.5], a: { y: 0, x: 3 } })).not.toBe(one);
    expect(text({ b: [1, 2.5000000000000004], a: { y: -0, x: 3 } })).not.toBe(one);
    layout.pack(sample, buf);
    h.hash(4, [1, 2, 3, 4], words, 0);
    expect(h.text()).not.toBe(one);
    h.hash(3, [1, 2, 3, 5], words, 0);
    expect(h.text()).not.toBe(one);
    // The layout's names are part of the hash: the same numbers under other names hash differently.
    const other = new LayoutHasher(["a.x", "a.z", "b.0", "b.1"]);
    other.hash(3, [1, 2, 3, 4], words, 0);
    expect(other.text()).not.toBe(one);
    expect(() => layout.pack({ b: [1], a: { y: 0, x: 3 } }, buf)).toThrow(/another length/);
  });

  it("differ from version 1 and are told apart by their prefix", () => {
    const sim = new Simulation(getScenario("beer-game"), {}, 1);
    expect(sim.hashes[0]).toMatch(/^v2:[0-9a-f]{16}$/);
    expect(sim.hashMatches(0, sim.hashes[0]!)).toBe(true);
    const v1 = hashState({ week: 0, rng: [0, 0, 0, 0], model: sim.state });
    expect(sim.hashMatches(0, v1)).toBe(false);
  });
});
