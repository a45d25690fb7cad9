// Client messages → core commands. The message is validated here (zod); whether it is allowed is
// the core's check (shared/round/check.ts).

import { AGAIN_MESSAGES } from "../../shared/protocol/again.ts";
import { REFLECT_ANSWER } from "../../shared/protocol/cohort.ts";
import type { Pace } from "../../shared/protocol/room.ts";
import type { Command } from "../../shared/round/check.ts";

type Parsed = Record<string, unknown>;

/** A validated `seat`, `ready`, `decide`, `host`, `again:hypothesis` or `reflect:answer` message as a command (and the host token it carries). */
export function commandOf(type: string, m: Parsed): { command: Command; hostToken?: string } | null {
  switch (type) {
    case "seat":
      return { command: { type: "seat", role: m.role as string } };
    case "ready":
      return { command: { type: "ready", ready: m.ready as boolean } };
    case "decide":
      return {
        command: {
          type: "decide",
          week: m.week as number,
          ...(m.role !== undefined ? { role: m.role as string } : {}),
          decision: m.decision,
        },
      };
    case "host":
      return { command: hostCommand(m), hostToken: m.hostToken as string };
    case AGAIN_MESSAGES.hypothesis:
      return { command: { type: "hypothesis", text: m.text as string } };
    case REFLECT_ANSWER:
      return {
        command: { type: "reflect", id: m.id as string, answers: m.answers as { expect?: string } },
      };
    default:
      return null;
  }
}

/** A host action (hostActionSchema's shape) as a command: from a host's client or a cohort's console. */
export function hostCommand(m: Parsed): Command {
  switch (m.action) {
    case "speed":
    case "pace":
      return {
        type: "pace",
        ...(m.mode !== undefined ? { mode: m.mode as Pace["mode"] } : {}),
        ...(m.secondsPerWeek !== undefined ? { secondsPerWeek: m.secondsPerWeek as number } : {}),
      };
    case "shock":
      return {
        type: "shock",
        shock: {
          name: m.name as string,
          week: m.week as number,
          ...(m.params ? { params: m.params as Record<string, number> } : {}),
        },
      };
    default:
      return { type: m.action as "start" | "pause" | "resume" | "end" };
  }
}
