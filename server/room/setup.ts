// Where a room's round comes from: a fresh round from create options, or a recorded one rebuilt from
// its log after a restart.

import { refusal } from "../../shared/protocol/errors.ts";
import { createOptionsSchema } from "../../shared/protocol/room.ts";
import { replayRound } from "../../shared/round/replay.ts";
import { type CreatedData, Round } from "../../shared/round/round.ts";
import { getScenario } from "../../shared/scenarios/index.ts";
import { newReplaySecret } from "../replay/access.ts";
import { services } from "../services.ts";
import { hashToken, newJoinCode, newRoundId, newToken } from "../tokens.ts";

/** Creates and records a new round; returns it with the creator's host token. */
export async function createRound(raw: unknown): Promise<{ round: Round; hostToken: string }> {
  const parsed = createOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.map(String).join(".");
    throw new Error(refusal("bad_options", `bad create options: ${describeZod(parsed.error)}`, field));
  }
  const o = parsed.data;
  const scenario = getScenario(o.scenario);
  let options: ReturnType<typeof scenario.parseOptions>;
  try {
    options = scenario.parseOptions(o.options ?? {});
  } catch (e) {
    // The scenario's own option checks name the option first ("weeks: must be between 1 and 520").
    const reason = e instanceof Error ? e.message : String(e);
    const key = /^(\w+):/.exec(reason)?.[1];
    throw new Error(refusal("bad_options", reason, key ? `options.${key}` : undefined));
  }
  for (const role of Object.keys(o.bots)) {
    if (!scenario.roles.some((r) => r.id === role)) throw new Error(`bots: unknown role "${role}"`);
  }
  const hostToken = newToken();
  const code = uniqueCode();
  const created: CreatedData = {
    code,
    scenario: scenario.id,
    version: scenario.version,
    title: scenario.title,
    options,
    seed: o.seed ?? newSeed(),
    pace: o.pace,
    bots: o.bots,
    graceSeconds: o.graceSeconds,
    hostTokenHash: hashToken(hostToken),
    cohort: o.cohort ?? null,
    createdAt: Date.now(),
    replaySecret: newReplaySecret(),
  };
  // Creating the round validates the bot choices (unknown policies throw here, before recording).
  const round = new Round(newRoundId(), scenario, created);
  round.apply({ type: "created", data: created });
  await services().storage.createRound(
    {
      id: round.id,
      code,
      scenario: scenario.id,
      version: scenario.version,
      title: scenario.title,
      status: "lobby",
      week: 0,
      horizon: round.sim.horizon,
      cohort: created.cohort ?? null,
    },
    [{ type: "created", data: created }],
  );
  return { round, hostToken };
}

/** A seed for a round that asks for none. */
export function newSeed(): number {
  return Math.floor(Math.random() * 0x100000000);
}

/** A join code no live room of this process uses. */
export function uniqueCode(): string {
  for (;;) {
    const c = newJoinCode();
    if (!services().rooms.has(c)) return c;
  }
}

/** Rebuilds a recorded round by re-applying its events (re-simulating every week, hashes checked). */
export async function restoreRound(roundId: string): Promise<Round> {
  const round = replayRound(roundId, await services().storage.events(roundId));
  // Everyone was cut off by the crash: the seats wait for their players like after a drop.
  for (const s of round.seats.values()) s.connected = false;
  return round;
}

export function describeZod(e: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): string {
  return e.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.map(String).join(".")}: ${i.message}` : i.message))
    .join("; ");
}
