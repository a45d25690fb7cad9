// Debrief messages, both directions. Every type starts with DEBRIEF_PREFIX so the room routes them
// to the debrief. Client → server payloads are zod schemas (validated by the server); the server
// answers with the whole debrief state, so a client that reloads or joins late needs no history.

import { z } from "zod";
import type { Decisions } from "../engine/types.ts";
import { plainText } from "../text/plain.ts";
import type { Hypothesis } from "./again.ts";
import { DEBRIEF_PREFIX } from "./messages.ts";

/** The panels, in the order a facilitator uses them. */
export const DEBRIEF_PANELS = ["belief", "system", "loops", "rule", "ghost", "reflection"] as const;
export type DebriefPanel = (typeof DEBRIEF_PANELS)[number];

export const DEBRIEF_MESSAGES = {
  /** client → server: the debrief screen is mounted; answer with `round` and the debrief state. */
  hello: `${DEBRIEF_PREFIX}hello`,
  /** client → server: my sketch of the hidden series and what I think caused the trouble. */
  sketch: `${DEBRIEF_PREFIX}sketch`,
  /** client → server (host): overlay the truth on every sketch now. */
  reveal: `${DEBRIEF_PREFIX}reveal`,
  /** client → server (host): follow-me on/off and the panel and loop everyone follows. */
  lead: `${DEBRIEF_PREFIX}lead`,
  /** client → server: re-simulate the round with some roles played by a bot policy. */
  ghost: `${DEBRIEF_PREFIX}ghost`,
  /** client → server: the shared notes of one reflection question. */
  note: `${DEBRIEF_PREFIX}note`,
  /**
   * server → client, until the truth is revealed: what the belief panel needs and nothing of the
   * hidden numbers (the `round` record follows on the reveal).
   */
  brief: `${DEBRIEF_PREFIX}brief`,
  /** server → client: the whole debrief state as this client may see it. */
  state: `${DEBRIEF_PREFIX}state`,
  /** server → client: one question's shared note changed (`{ question, note }`); the rest did not. */
  noted: `${DEBRIEF_PREFIX}noted`,
} as const;

const finite = z.number().finite();

/** What the roles nobody replaced do in a ghost run. */
export const GHOST_OTHERS = ["recorded", "react"] as const;
export type GhostOthers = (typeof GHOST_OTHERS)[number];
const hostToken = z.string().min(8).max(100);

export const MAX_SKETCH_POINTS = 200;
export const MAX_NOTE_CHARS = 4000;
export const MAX_CAUSE_CHARS = 600;

/**
 * Where a player put the cause of the trouble, picked by the player beside the free text (not
 * guessed from it): a cohort counts these answers across its teams.
 */
export const BLAME_CATEGORIES = ["demand", "other-department", "own-mistakes", "structure"] as const;
export type BlameCategory = (typeof BLAME_CATEGORIES)[number];

export const sketchMessageSchema = z.object({
  points: z
    .array(z.object({ week: finite.min(0).max(1000), value: finite.min(-1e9).max(1e9) }))
    .min(1)
    .max(MAX_SKETCH_POINTS),
  /** "What caused the trouble, and where?" */
  cause: z.string().max(MAX_CAUSE_CHARS).default("").transform(plainText),
  /** The cause's category, when the desk offers the choice. */
  category: z.enum(BLAME_CATEGORIES).optional(),
});

export const revealMessageSchema = z.object({ hostToken });

export const leadMessageSchema = z.object({
  hostToken,
  follow: z.boolean(),
  panel: z.enum(DEBRIEF_PANELS),
  /** The selected loop id on the loops panel (null for none). */
  loop: z.string().max(60).nullable().default(null),
});

export const ghostRequestSchema = z.object({
  /** A host without a seat proves itself to ask for one. */
  hostToken: hostToken.optional(),
  /** Roles replaced by the bot; empty = every role. */
  roles: z.array(z.string().min(1).max(40)).max(16).default([]),
  policy: z.string().min(1).max(60),
  params: z.record(z.string().max(40), finite).default({}),
  /**
   * Which question the ghost answers: "recorded" keeps every other role's decisions as played (what
   * if only this rule had changed?); "react" hands the other roles to the scenario's own bots, which
   * answer the ghost world week by week (what if the others had reacted to it?).
   */
  others: z.enum(GHOST_OTHERS).default("recorded"),
});

export const noteMessageSchema = z.object({
  /** Index into the scenario's reflection questions. */
  question: z.number().int().min(0).max(50),
  text: z.string().max(MAX_NOTE_CHARS).transform(plainText),
  /** A host without a seat proves itself to write. */
  hostToken: hostToken.optional(),
});

export type SketchMessage = z.input<typeof sketchMessageSchema>;
export type RevealMessage = z.input<typeof revealMessageSchema>;
export type LeadMessage = z.input<typeof leadMessageSchema>;
/**
 * A ghost run as recorded: what to re-simulate (the host token is never kept). `others` is absent
 * from ghost runs recorded before the choice existed: those kept the others as recorded.
 */
export type GhostRequest = Omit<z.output<typeof ghostRequestSchema>, "hostToken" | "others"> & {
  others?: GhostOthers;
};
export type NoteMessage = z.input<typeof noteMessageSchema>;

export interface Sketch {
  role: string;
  name: string;
  points: { week: number; value: number }[];
  cause: string;
}

export interface Note {
  text: string;
  /** Display name of the last writer. */
  by: string;
}

export interface Lead {
  follow: boolean;
  panel: DebriefPanel;
  loop: string | null;
}

/** The debrief's shared state, rebuilt from the round's recorded debrief events. */
export interface DebriefState {
  revealed: boolean;
  /** Role ids whose sketch is in. */
  sketched: string[];
  /**
   * Sketches by role. Before the reveal a client receives only its own (beliefs stay independent);
   * after it, everyone's.
   */
  sketches: Record<string, Sketch>;
  lead: Lead;
  /** Question index → notes. */
  notes: Record<string, Note>;
  /** The ghost runs asked for so far, newest last. */
  ghosts: GhostResult[];
  /**
   * Play again: what each player wrote they would do differently, by role. Like sketches, before the
   * reveal a client receives only its own.
   */
  hypotheses: Record<string, Hypothesis>;
}

export interface GhostResult {
  /** Sequence number within the round. */
  id: number;
  request: GhostRequest;
  /** The roles actually replaced (resolved "every role"). */
  roles: string[];
  /** Who asked: the seat, or "host" (absent in rounds recorded before ghost runs were counted per seat). */
  by?: string;
  /** decisions[t − 1] = every role's decision for week t in the ghost world; replay with the core. */
  decisions: Decisions[];
}

/**
 * The round as the belief panel needs it before the reveal: which scenario, how many weeks, what to
 * sketch and who is awaited. Everything here is public during play (seat names are on the lobby).
 */
export interface DebriefBrief {
  code: string;
  scenario: string;
  title: string;
  horizon: number;
  /** Weeks played (play may have ended before the horizon). */
  weeks: number;
  /** The scenario's hidden series (what a seat without a role of its own would sketch): id, label, unit. */
  belief: { id: string; label: string; unit: string };
  /**
   * Per role, the series that role sketches: one it could not see during play (`of` names whose
   * per-role series), never its values.
   */
  beliefs: Record<string, { id: string; of?: string; label: string; unit: string; sketchMax?: number }>;
  /** Who held each seat (last human name; "" if bots only): the humans' sketches are awaited. */
  seats: { role: string; name: string }[];
}

/** What the server records in the round's event log, so a reload restores the debrief. */
export type DebriefEvent =
  | {
      kind: "sketch";
      role: string;
      name: string;
      points: { week: number; value: number }[];
      cause: string;
      category?: BlameCategory;
    }
  | { kind: "reveal" }
  | ({ kind: "lead" } & Lead)
  | { kind: "note"; question: number; text: string; by: string }
  | { kind: "ghost"; result: GhostResult };
