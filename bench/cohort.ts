// Cohort figures: the cross-team debrief a trainer's browser computes for 100 teams of 36 weeks,
// and the XLSX workbook the server builds for the same cohort.

import { cohortWorkbook } from "../server/cohort-export.ts";
import { cohortRows } from "../shared/cohort/csv.ts";
import { buildCohortDebrief, type CohortTeam } from "../shared/cohort/debrief.ts";
import { simulatedRecord } from "../shared/cohort/simulated-record.ts";
import { debriefHooks } from "../shared/debrief/hooks.ts";
import { Simulation } from "../shared/engine/simulation.ts";
import { createBot, parsePolicy } from "../shared/policies/index.ts";
import { getScenario } from "../shared/scenarios/index.ts";

const TEAMS = 100;

function cohort(): CohortTeam[] {
  const beer = getScenario("beer-game");
  return Array.from({ length: TEAMS }, (_, team) => {
    const sim = new Simulation(beer, {}, 7);
    // Teams differ the way people do: each plays Sterman's rule with its own supply-line weight.
    const c = parsePolicy("beer-game", `sterman:beta=${((team % 10) / 10).toFixed(1)}`);
    sim.playOut(Object.fromEntries(sim.roles.map((r) => [r, createBot(c, r)])));
    return { team, record: simulatedRecord(sim, `T${team}`, { retailer: `Player ${team}` }) };
  });
}

interface Timing {
  /** Wall-clock ms, the figure the targets are set in. */
  wall: number;
  /** Process CPU ms: on a machine shared with other work, the steadier reading of the code's cost. */
  cpu: number;
}

/** Medians of `runs` timed calls, after one untimed call that warms the code up. */
async function median(runs: number, f: () => unknown): Promise<Timing> {
  await f();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await f();
    const c = process.cpuUsage(c0);
    wall.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  const mid = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(runs / 2)]!;
  return { wall: mid(wall), cpu: mid(cpu) };
}

const sum = (a: Timing, b: Timing): Timing => ({ wall: a.wall + b.wall, cpu: a.cpu + b.cpu });
const ms = (t: Timing) => `${t.wall.toFixed(0)} ms (CPU ${t.cpu.toFixed(0)} ms)`;
const verdict = (t: Timing, target: number) =>
  `${ms(t)} median, target ≤ ${target} ms: ${t.wall <= target ? "met" : "MISSED"}`;

export async function run(): Promise<void> {
  console.log("\n# Cohort");
  const beer = getScenario("beer-game");
  const teams = cohort();
  const debrief = buildCohortDebrief(beer, teams);
  const debriefMs = await median(5, () => buildCohortDebrief(beer, teams));
  const fitRule = debriefHooks(beer.id).fitRule!;
  const sims = teams.map((t) => Simulation.replay(beer, t.record, t.record.hashes));
  const fitMs = await median(5, () => {
    for (const sim of sims) for (const role of sim.roles) fitRule(sim.history, sim.options, role);
  });
  const rows = cohortRows(beer, teams);
  const rowsMs = await median(3, () => cohortRows(beer, teams));
  let bytes: Uint8Array = new Uint8Array();
  const bookMs = await median(3, async () => {
    bytes = await cohortWorkbook(debrief, rows);
  });
  const seats = teams.length * beer.roles.length;
  console.log(
    `cohort debrief, ${TEAMS} teams × 36 weeks (replay + every figure + rule fits): ${verdict(debriefMs, 500)}; ` +
      `rule fits alone ${ms(fitMs)}, ${((fitMs.wall / seats) * 1000).toFixed(0)} µs a seat`,
  );
  console.log(
    `cohort XLSX, same cohort: rows (replay, desk, KPIs) + workbook ${verdict(sum(rowsMs, bookMs), 3000)} ` +
      `(rows ${ms(rowsMs)}, workbook ${ms(bookMs)}), ${(bytes.byteLength / 1024).toFixed(0)} KB; ` +
      `factory swung > ${debrief.pattern.upstream!.threshold}× demand in ${debrief.pattern.upstream!.count} of ${TEAMS} teams`,
  );
}
