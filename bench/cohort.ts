// Cohort figures: the cross-team debrief a trainer's browser computes for 100 teams of 36 weeks,
// and the XLSX workbook the server builds for the same cohort.

import { cohortWorkbook } from "../server/cohort-export.ts";
import { buildCohortDebrief, type CohortTeam } from "../shared/cohort/debrief.ts";
import { Simulation } from "../shared/engine/simulation.ts";
import { createBot, parsePolicy } from "../shared/policies/index.ts";
import { getScenario } from "../shared/scenarios/index.ts";
import { recordOf } from "../tests/unit/cohort-fixtures.ts";

const TEAMS = 100;

function cohort(): CohortTeam[] {
  const beer = getScenario("beer-game");
  return Array.from({ length: TEAMS }, (_, team) => {
    const sim = new Simulation(beer, {}, 7);
    // Teams differ the way people do: each plays Sterman's rule with its own supply-line weight.
    const c = parsePolicy("beer-game", `sterman:beta=${((team % 10) / 10).toFixed(1)}`);
    sim.playOut(Object.fromEntries(sim.roles.map((r) => [r, createBot(c, r)])));
    return { team, record: recordOf(sim, `T${team}`, { retailer: `Player ${team}` }) };
  });
}

export async function run(): Promise<void> {
  console.log("\n# Cohort");
  const beer = getScenario("beer-game");
  const teams = cohort();
  const times: number[] = [];
  let debrief = buildCohortDebrief(beer, teams);
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    debrief = buildCohortDebrief(beer, teams);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const t0 = performance.now();
  const bytes = await cohortWorkbook(beer, teams, debrief);
  const xlsx = performance.now() - t0;
  console.log(
    `cohort debrief, ${TEAMS} teams × 36 weeks (replay + every figure + rule fits): ${times[2]!.toFixed(0)} ms median (target ≤ 500); ` +
      `XLSX workbook: ${xlsx.toFixed(0)} ms, ${(bytes.byteLength / 1024).toFixed(0)} KB (target ≤ 3000 ms); ` +
      `factory swung > ${debrief.pattern.upstream!.threshold}× demand in ${debrief.pattern.upstream!.count} of ${TEAMS} teams`,
  );
}
