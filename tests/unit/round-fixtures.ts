// Recorded rounds for replay tests: whole rounds played by bots through the core, stopped at any week.

import type { RoleId } from "../../shared/engine/types.ts";
import type { BotChoice } from "../../shared/protocol/room.ts";
import { LocalRound } from "../../shared/round/local.ts";
import type { CreatedData } from "../../shared/round/round.ts";
import { getScenario } from "../../shared/scenarios/index.ts";

export function createdFor(scenarioId: string, over: Partial<CreatedData> = {}): CreatedData {
  const s = getScenario(scenarioId);
  return {
    code: "REPLAY",
    scenario: s.id,
    version: s.version,
    title: s.title,
    options: {},
    seed: 7,
    pace: { mode: "timed", secondsPerWeek: 10 },
    bots: {},
    graceSeconds: 20,
    hostTokenHash: "h",
    createdAt: 1_000,
    ...over,
  };
}

/** A round of bots played for `weeks` weeks (the horizon ends it in the debrief). */
export function botRound(
  scenarioId: string,
  opts: {
    seed?: number;
    weeks?: number;
    bots?: Record<RoleId, BotChoice>;
    options?: unknown;
    id?: string;
  } = {},
): LocalRound {
  const local = new LocalRound(
    getScenario(scenarioId),
    createdFor(scenarioId, {
      seed: opts.seed ?? 7,
      bots: opts.bots ?? {},
      ...(opts.options !== undefined ? { options: opts.options } : {}),
    }),
    opts.id ?? "parent",
  );
  local.send(local.host, { type: "start" });
  const weeks = opts.weeks ?? local.round.sim.horizon;
  local.advanceClock(10_000, weeks);
  return local;
}
