// A round whose last week is drawn per seed (the product launch): it ends exactly at that week, and
// nothing that leaves the server while it runs tells the players which week that is.

import { describe, expect, it } from "vitest";
import { lookupOf } from "../../server/room/read-models.ts";
import { buildState, syncPublic } from "../../server/room/state-sync.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import { TeamState } from "../../shared/protocol/state.ts";
import { LocalRound } from "../../shared/round/local.ts";
import type { CreatedData } from "../../shared/round/round.ts";
import { getScenario } from "../../shared/scenarios/index.ts";

const launch = getScenario("product-launch");
const options = { weeks: 20 };

/** The first seed from `from` whose drawn end is neither the told length nor the window's last week. */
function seedEndingEarly(from: number): { seed: number; end: number } {
  for (let seed = from; ; seed++) {
    const sim = new Simulation(launch, options, seed);
    if (sim.horizon !== sim.told.weeks && sim.horizon < launch.horizon(sim.options))
      return { seed, end: sim.horizon };
  }
}

function created(seed: number): CreatedData {
  return {
    code: "HIDDEN",
    scenario: launch.id,
    version: launch.version,
    title: launch.title,
    options,
    seed,
    pace: { mode: "timed", secondsPerWeek: 10 },
    bots: {},
    graceSeconds: 20,
    hostTokenHash: "h",
    createdAt: 1_000,
  };
}

describe("a drawn last week", () => {
  it("the players are told about N weeks; the seed draws a week in the window", () => {
    const sim = new Simulation(launch, options, 1);
    expect(sim.told).toEqual({ weeks: 20, approximate: true });
    const [lo, hi] = sim.options.endWeeks as [number, number];
    const ends = new Set(Array.from({ length: 40 }, (_, i) => new Simulation(launch, options, i).horizon));
    for (const e of ends) expect(e >= lo && e <= hi).toBe(true);
    expect(ends.size).toBeGreaterThan(1);
  });

  it("a fixed window is told exactly", () => {
    const sim = new Simulation(launch, { weeks: 20, endWeeks: [18, 18] }, 1);
    expect(sim.told).toEqual({ weeks: 18, approximate: false });
    expect(sim.horizon).toBe(18);
  });

  it("a live round ends at its drawn week, and the state sent during play holds only the told length", () => {
    const { seed, end } = seedEndingEarly(1);
    const local = new LocalRound(launch, created(seed));
    const st = new TeamState();
    buildState(st, local.round);
    expect(local.send(local.host, { type: "start" }).ok).toBe(true);
    for (let w = 1; w < end; w++) {
      local.advanceClock(10_000);
      syncPublic(st, local.round);
      expect(local.round.phase).toBe("play");
      expect({ horizon: st.horizon, approximate: st.horizonApproximate }).toEqual({
        horizon: 20,
        approximate: true,
      });
      expect(lookupOf(local.round, "HIDDEN").horizon).toBe(20);
    }
    // The state players receive carries no trace of the drawn week: the same as another seed's.
    const other = new LocalRound(launch, created(seedEndingEarly(seed + 1).seed));
    const st2 = new TeamState();
    buildState(st2, other.round);
    expect(st2.horizon).toBe(st.horizon);

    local.advanceClock(10_000);
    expect(local.round.sim.week).toBe(end);
    expect(local.round.phase).toBe("debrief");
    expect(local.log.at(-1)).toMatchObject({ type: "end", data: { reason: "horizon", week: end } });
    // Once play is over the real last week may be shown.
    syncPublic(st, local.round);
    expect({ horizon: st.horizon, approximate: st.horizonApproximate }).toEqual({
      horizon: end,
      approximate: false,
    });
    expect(local.recordOf().horizon).toBe(end);
    expect(local.recordOf().decisions).toHaveLength(end);
  });
});
