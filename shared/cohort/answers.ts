// What people answer in a cohort that the numbers cannot show: who they blamed before the reveal,
// and what they expected and kept to themselves at the mid-round pause. Zod schemas for what a
// desk sends, plain types for what a round records and the cohort debrief reads.

import { z } from "zod";
import {
  BLAME_CATEGORIES,
  type BlameCategory,
  MAX_CAUSE_CHARS,
  MAX_NOTE_CHARS,
} from "../protocol/debrief.ts";

export { BLAME_CATEGORIES, type BlameCategory };

export const BLAME_LABELS: Readonly<Record<BlameCategory, string>> = {
  demand: "Customers / demand",
  "other-department": "Another department",
  "own-mistakes": "My own mistakes",
  structure: "The structure (delays, what each desk could see)",
};

/** "What caused the trouble, and where?": a category to pick, and the free text as before. */
export const causeAnswerSchema = z.object({
  category: z.enum(BLAME_CATEGORIES).nullable().default(null),
  text: z.string().max(MAX_CAUSE_CHARS).default(""),
});

/** One player's answer, given before the truth was revealed. */
export interface CauseAnswer {
  role: string;
  name: string;
  /** null when the player wrote text only (answers recorded before categories existed). */
  category: BlameCategory | null;
  text: string;
}

/** The mid-round pause asks every desk, privately. */
export const PAUSE_QUESTIONS = [
  "What do you expect to happen in the next 5 weeks?",
  "What are you thinking but not saying to your team?",
] as const;

/** Weeks after the pause that the first answer is set against. */
export const PAUSE_LOOKAHEAD = 5;

export const pauseAnswerSchema = z.object({
  /** Answer to PAUSE_QUESTIONS[0]. */
  expect: z.string().max(MAX_NOTE_CHARS).default(""),
  /** Answer to PAUSE_QUESTIONS[1] (Argyris' left-hand column). */
  unsaid: z.string().max(MAX_NOTE_CHARS).default(""),
});
export type PauseAnswerMessage = z.input<typeof pauseAnswerSchema>;

/** One desk's answers at a pause, as the round records them. */
export interface PauseReflection {
  /** The last simulated week when the pause began; "the next 5 weeks" are week + 1 … week + 5. */
  week: number;
  role: string;
  name: string;
  expect: string;
  unsaid: string;
}
