// `debrief:*` messages → core debrief commands (validated here; allowed or not by checkDebrief).

import {
  DEBRIEF_MESSAGES,
  ghostRequestSchema,
  leadMessageSchema,
  noteMessageSchema,
  revealMessageSchema,
  sketchMessageSchema,
} from "../../shared/protocol/debrief.ts";
import type { DebriefCommand } from "../../shared/round/check.ts";

type Parsed = { ok: true; command: DebriefCommand; hostToken?: string } | { ok: false; reason: string };

export function debriefCommandOf(type: string, payload: unknown): Parsed {
  switch (type) {
    case DEBRIEF_MESSAGES.sketch: {
      const p = sketchMessageSchema.safeParse(payload);
      if (!p.success) return { ok: false, reason: p.error.issues[0]?.message ?? "bad sketch" };
      return { ok: true, command: { type: "sketch", ...p.data } };
    }
    case DEBRIEF_MESSAGES.reveal: {
      const p = revealMessageSchema.safeParse(payload);
      if (!p.success) return { ok: false, reason: "reveal needs the host token" };
      return { ok: true, command: { type: "reveal" }, hostToken: p.data.hostToken };
    }
    case DEBRIEF_MESSAGES.lead: {
      const p = leadMessageSchema.safeParse(payload);
      if (!p.success) return { ok: false, reason: p.error.issues[0]?.message ?? "bad lead" };
      const { hostToken, follow, panel, loop } = p.data;
      return { ok: true, command: { type: "lead", follow, panel, loop }, hostToken };
    }
    case DEBRIEF_MESSAGES.note: {
      const p = noteMessageSchema.safeParse(payload);
      if (!p.success) return { ok: false, reason: p.error.issues[0]?.message ?? "bad note" };
      const { hostToken, ...note } = p.data;
      return { ok: true, command: { type: "note", ...note }, ...(hostToken ? { hostToken } : {}) };
    }
    case DEBRIEF_MESSAGES.ghost: {
      const p = ghostRequestSchema.safeParse(payload);
      if (!p.success) return { ok: false, reason: p.error.issues[0]?.message ?? "bad ghost request" };
      const { hostToken, ...request } = p.data;
      return { ok: true, command: { type: "ghost", request }, ...(hostToken ? { hostToken } : {}) };
    }
    default:
      return { ok: false, reason: `unknown debrief message "${type}"` };
  }
}
