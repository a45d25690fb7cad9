// A simulated round recorded the way the server records a played one, so cohorts of bot-played or
// scripted rounds (tests, the cohort bench) go through the same debrief and exports as real ones.
import type { Simulation } from "../engine/simulation.ts";
import type { DecisionSource } from "../engine/types.ts";
import type { RoundRecord } from "../protocol/messages.ts";

/** The recorded round of `sim` as it stands, every decision credited to `source`. */
export function simulatedRecord(
  sim: Simulation,
  code: string,
  names: Record<string, string>,
  source: DecisionSource = "human",
): RoundRecord {
  const i = sim.inputs();
  return {
    id: `round-${code}`,
    code,
    scenario: i.scenario,
    version: i.version,
    title: sim.scenario.title,
    options: i.options,
    seed: i.seed,
    horizon: sim.horizon,
    createdAt: "2026-11-02T09:00:00.000Z",
    endedAt: "2026-11-02T10:00:00.000Z",
    decisions: i.decisions,
    sources: i.decisions.map((d) => Object.fromEntries(Object.keys(d).map((r) => [r, source]))),
    shocks: i.shocks,
    hashes: [...sim.hashes],
    seats: sim.roles.map((r) => ({ role: r, name: names[r] ?? "", policy: "default" })),
  };
}
