// The complete round record: what the `round` message carries and what export.json starts from.
// One function, read from the round itself, so the live message and the export cannot disagree.

import type { RoundRecord } from "../protocol/messages.ts";
import type { Round } from "./round.ts";

export function recordOf(round: Round): RoundRecord {
  const sim = round.sim;
  return {
    id: round.id,
    code: round.created.code,
    scenario: round.scenario.id,
    version: round.scenario.version,
    title: round.scenario.title,
    options: sim.options,
    seed: sim.seed,
    horizon: sim.horizon,
    createdAt: new Date(round.createdAt).toISOString(),
    endedAt: round.endedAt === null ? null : new Date(round.endedAt).toISOString(),
    decisions: sim.decisionLog,
    sources: round.sources,
    shocks: [...sim.injectedShocks],
    hashes: [...sim.hashes],
    // The seat's policy in its canonical text (NAME:key=value,…), as the seat shows it.
    seats: [...round.seats.values()].map((s) => ({
      role: s.role,
      name: s.human?.name ?? "",
      policy: s.bot.name,
    })),
    // A branch carries its parent's whole run (decisions and shocks), so its debrief can show the
    // original beside it without asking for a round its players may not open.
    ...(round.created.parent
      ? {
          parent: {
            id: round.created.parent.id,
            week: round.created.parent.week,
            decisions: round.created.parent.decisions.map((d) => ({ ...d })),
            shocks: [...round.created.parent.shocks],
          },
        }
      : {}),
    // Play again: the team's finished round this one follows, with its run for the debrief to show
    // beside this one, and what each player wrote they would do differently.
    ...(round.created.previous
      ? {
          previous: {
            ...round.created.previous,
            decisions: round.created.previous.decisions.map((d) => ({ ...d })),
            shocks: [...round.created.previous.shocks],
            hashes: [...round.created.previous.hashes],
            seats: round.created.previous.seats.map((s) => ({ ...s })),
          },
          hypotheses: Object.values(round.debrief.hypotheses).map((h) => ({ ...h })),
        }
      : {}),
    // Where the team went after this round's debrief.
    ...(round.next ? { next: { ...round.next } } : {}),
  };
}
