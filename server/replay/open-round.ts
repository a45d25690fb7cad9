// Starting a branch or an imported round on this server: record its creation (and, for an import,
// its whole history), and for a branch open a room for it, as a restart would.

import type { RoleId } from "../../shared/engine/types.ts";
import { parsePolicy } from "../../shared/policies/index.ts";
import type { RoundRecord } from "../../shared/protocol/messages.ts";
import type { BotChoice } from "../../shared/protocol/room.ts";
import { planBranch } from "../../shared/round/branch.ts";
import { recordOf } from "../../shared/round/record.ts";
import { replayRound } from "../../shared/round/replay.ts";
import { type CreatedData, Round, type RoundEvent } from "../../shared/round/round.ts";
import { getScenario } from "../../shared/scenarios/index.ts";
import { openHere } from "../restore.ts";
import { uniqueCode } from "../room/setup.ts";
import { services } from "../services.ts";
import { hashToken, newRoundId, newToken } from "../tokens.ts";
import { newReplaySecret, replayIdOf } from "./access.ts";

export interface OpenedBranch {
  id: string;
  code: string;
  /** Host of the branch: whoever branched (starts it, invites others). */
  hostToken: string;
  replayId: string;
  /** Seats waiting for a person. */
  humans: RoleId[];
}

/** Creates a branch of `parent` at `week` and opens its room in the lobby. Throws BranchError. */
export async function openBranch(
  parent: Round,
  week: number,
  seats: Record<string, string>,
): Promise<OpenedBranch> {
  const setup = planBranch(recordOf(parent), week, seats);
  const hostToken = newToken();
  const created: CreatedData = {
    ...setup.created,
    code: uniqueCode(),
    pace: { ...parent.created.pace },
    graceSeconds: parent.created.graceSeconds,
    hostTokenHash: hashToken(hostToken),
    cohort: parent.created.cohort ?? null,
    createdAt: Date.now(),
    replaySecret: newReplaySecret(),
  };
  // Building the round re-simulates the parent's weeks and checks them against its hashes.
  const round = new Round(newRoundId(), parent.scenario, created);
  await openNewRound(round, []);
  return { id: round.id, code: created.code, hostToken, replayId: replayIdOf(round)!, humans: setup.humans };
}

/**
 * Records a new round in its lobby (its creation, then `after`, e.g. seats held for people) and opens
 * its room here. The room restores the round from its log, the one way a room takes over a recorded
 * round; here, in the process that owns it (the matchmaker could pick another).
 */
export async function openNewRound(round: Round, after: RoundEvent[]): Promise<void> {
  const created = round.created;
  await services().storage.createRound(
    {
      id: round.id,
      code: created.code,
      scenario: round.scenario.id,
      version: round.scenario.version,
      title: round.scenario.title,
      status: "lobby",
      week: round.sim.week,
      horizon: round.sim.horizon,
      cohort: created.cohort ?? null,
    },
    [{ type: "created", data: created }, ...after],
  );
  await openHere(round.id);
}

/**
 * Records a checked export (shared/round/import-check.ts) as a finished, closed round: its creation,
 * shocks, named seats, every week and the end, re-simulated once more from the log before it is
 * stored. Returns the new round.
 */
export async function storeImport(rec: RoundRecord): Promise<Round> {
  const scenario = getScenario(rec.scenario);
  const bots: Record<RoleId, BotChoice> = {};
  for (const s of rec.seats) {
    try {
      const c = parsePolicy(rec.scenario, s.policy);
      bots[s.role] = { policy: c.spec.name, params: { ...c.params } };
    } catch {
      // A seat policy this server cannot run (e.g. `recorded`) plays no week here: the default stands in.
    }
  }
  const createdAt = Date.parse(rec.createdAt);
  const endedAt = rec.endedAt ? Date.parse(rec.endedAt) : null;
  const created: CreatedData = {
    code: uniqueCode(),
    scenario: scenario.id,
    version: scenario.version,
    title: scenario.title,
    options: rec.options,
    seed: rec.seed,
    pace: { mode: "lockstep", secondsPerWeek: 60 },
    bots,
    graceSeconds: 20,
    // Nobody hosts an imported round: it is history, open to whoever holds its replay link.
    hostTokenHash: hashToken(newToken()),
    cohort: null,
    createdAt: Number.isFinite(createdAt) ? createdAt : Date.now(),
    replaySecret: newReplaySecret(),
  };
  const weeks = rec.decisions.length;
  const events: RoundEvent[] = [
    { type: "created", data: created },
    ...rec.shocks.map((shock): RoundEvent => ({ type: "shock", data: shock })),
    ...rec.seats
      .filter((s) => s.name)
      .map(
        (s): RoundEvent => ({
          type: "claim",
          data: { role: s.role, name: s.name, tokenHash: hashToken(newToken()) },
        }),
      ),
    { type: "start", data: {} },
    ...rec.decisions.map(
      (decisions, i): RoundEvent => ({
        type: "week",
        data: { week: i + 1, decisions, sources: rec.sources[i]!, hash: rec.hashes[i + 1]! },
      }),
    ),
    {
      type: "end",
      data: {
        reason: weeks >= rec.horizon ? "horizon" : "host",
        week: weeks,
        ...(endedAt !== null && Number.isFinite(endedAt) ? { at: endedAt } : {}),
      },
    },
  ];
  const closed: RoundEvent = { type: "closed", data: { week: weeks } };
  const id = newRoundId();
  const round = replayRound(id, [...events, closed]);
  await services().storage.createRound(
    {
      id,
      code: created.code,
      scenario: scenario.id,
      version: scenario.version,
      title: scenario.title,
      status: "debrief",
      week: weeks,
      horizon: round.sim.horizon,
      cohort: null,
    },
    events,
  );
  await services().storage.append(id, [closed], { status: "closed", endedAt: round.endedAt });
  return round;
}
