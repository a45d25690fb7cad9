// Debrief figures: what opening the debrief costs a browser (replay the recorded round and derive
// every panel's figures, the decision-rule fit included), what a ghost run costs the server, and
// the size of what travels (the recorded round, the debrief state, one ghost run).

import { runGhost } from "../server/debrief/index.ts";
import { buildDebriefModel } from "../shared/debrief/model.ts";
import { replayDebriefEvents } from "../shared/debrief/session.ts";
import { Simulation } from "../shared/engine/simulation.ts";
import type { AnyScenario } from "../shared/engine/types.ts";
import { createBot, parsePolicy } from "../shared/policies/index.ts";
import type { DebriefEvent } from "../shared/protocol/debrief.ts";
import type { RoundRecord } from "../shared/protocol/messages.ts";
import { getScenario } from "../shared/scenarios/index.ts";

function playedRound(scenario: AnyScenario, policy: string): { sim: Simulation; record: RoundRecord } {
  const sim = new Simulation(scenario, {}, 7);
  const bots = Object.fromEntries(sim.roles.map((r) => [r, createBot(parsePolicy(scenario.id, policy), r)]));
  sim.playOut(bots);
  const i = sim.inputs();
  const record: RoundRecord = {
    id: "bench",
    code: "BENCH2",
    scenario: i.scenario,
    version: i.version,
    title: scenario.title,
    options: i.options,
    seed: i.seed,
    horizon: sim.horizon,
    createdAt: "",
    endedAt: null,
    decisions: i.decisions,
    sources: i.decisions.map((d) => Object.fromEntries(Object.keys(d).map((r) => [r, "human" as const]))),
    shocks: i.shocks,
    hashes: sim.hashes,
    seats: sim.roles.map((r) => ({ role: r, name: r, policy })),
  };
  return { sim, record };
}

function median(f: () => void, runs: number): number {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)]!;
}

const kb = (x: unknown) => (Buffer.byteLength(JSON.stringify(x)) / 1024).toFixed(1);

export async function run(): Promise<void> {
  console.log("\n# Debrief");
  for (const [id, policy, ghostPolicy] of [
    ["beer-game", "sterman", "pass-through"],
    ["product-launch", "departmental", "systemic"],
  ] as const) {
    const scenario = getScenario(id);
    const { record } = playedRound(scenario, policy);
    const open = median(() => {
      const sim = Simulation.replay(scenario, record, record.hashes);
      buildDebriefModel(scenario, sim.history, sim.options);
    }, 30);
    let ghostBytes = 0;
    const ghost = median(() => {
      const g = runGhost(scenario, record, { roles: [], policy: ghostPolicy, params: {} }, 1);
      ghostBytes = Buffer.byteLength(JSON.stringify(g));
    }, 30);
    const events: DebriefEvent[] = [
      ...scenario.roles.map((r: { id: string }) => ({
        kind: "sketch" as const,
        role: r.id,
        name: r.id,
        points: Array.from({ length: record.horizon }, (_, w) => ({ week: w + 1, value: 8 })),
        cause: "x".repeat(200),
      })),
      ...scenario.reflection.map((_q: string, i: number) => ({
        kind: "note" as const,
        question: i,
        text: "y".repeat(400),
        by: "n",
      })),
    ];
    const state = replayDebriefEvents(events, []);
    console.log(
      `${id} (${record.horizon} weeks): open the debrief (replay + every figure + rule fit) ${open.toFixed(1)} ms median; ` +
        `ghost run of every role on the server ${ghost.toFixed(2)} ms; ` +
        `round record ${kb(record)} KB, debrief state with all sketches and notes ${kb(state)} KB, one ghost run ${(ghostBytes / 1024).toFixed(1)} KB (JSON)`,
    );
  }
}
