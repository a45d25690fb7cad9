// `npm run sim -- --replay FILE.json [--from-week W --policy ROLE=…]`: an exported round re-simulated
// headless (every week proved by its hash), or branched at week W with bots from there on: the
// seats named by --policy play that policy, the others their recorded decisions.

import { readFileSync } from "node:fs";
import type { Simulation } from "../shared/engine/simulation.ts";
import { planBranch } from "../shared/round/branch.ts";
import { checkExport } from "../shared/round/import-check.ts";
import { Round } from "../shared/round/round.ts";
import { Timeline } from "../shared/round/timeline.ts";
import { getScenario } from "../shared/scenarios/index.ts";

export interface ReplayRun {
  sim: Simulation;
  /** Each seat's policy as the run played it (`recorded` for the file's own decisions). */
  policies: Record<string, string>;
}

/** Throws an Error whose message is the one line to print. */
export function replayFile(
  file: string,
  fromWeek: number | undefined,
  policyFlags: readonly string[],
): ReplayRun {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`--replay ${file}: ${(e as Error).message}`);
  }
  const verdict = checkExport(json);
  if (!verdict.ok) {
    throw new Error(
      `--replay ${file}: ${verdict.error}${verdict.week !== null ? ` (week ${verdict.week})` : ""}`,
    );
  }
  const rec = verdict.record;
  const roles = getScenario(rec.scenario).roles.map((r) => r.id);
  const seats: Record<string, string> = {};
  for (const spec of policyFlags) {
    const eq = spec.indexOf("=");
    const role = spec.slice(0, eq).trim();
    if (eq < 0 || (role !== "all" && !roles.includes(role))) {
      throw new Error(
        `--policy takes ROLE=NAME[:key=value,...] with ROLE one of: all, ${roles.join(", ")}; got "${spec}"`,
      );
    }
    for (const r of role === "all" ? roles : [role]) seats[r] = spec.slice(eq + 1);
  }
  if (fromWeek === undefined) {
    if (policyFlags.length)
      throw new Error("--policy with --replay needs --from-week: the week the bots take over");
    return { sim: new Timeline(rec).sim, policies: Object.fromEntries(roles.map((r) => [r, "recorded"])) };
  }
  const setup = planBranch(rec, fromWeek, seats);
  const round = new Round("replay", getScenario(rec.scenario), {
    ...setup.created,
    code: rec.code,
    pace: { mode: "lockstep", secondsPerWeek: 60 },
    graceSeconds: 0,
    hostTokenHash: "",
  });
  while (!round.sim.done) round.closeWeek();
  return {
    sim: round.sim,
    policies: Object.fromEntries([...round.seats.values()].map((s) => [s.role, s.bot.name])),
  };
}
