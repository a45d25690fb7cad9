// Is this an export of a round, and does it re-simulate to its own hashes? A file from another
// server is trusted only as far as the core can prove it: every week is re-simulated, and the first
// week that does not match (or is missing) is named.

import { z } from "zod";
import { Simulation } from "../engine/simulation.ts";
import type { RoundRecord } from "../protocol/messages.ts";
import { findScenarioModule, getScenario } from "../scenarios/index.ts";

const numbers = z.record(z.string(), z.number());
const shockList = z.array(z.object({ name: z.string(), week: z.number().int(), params: numbers.optional() }));
const exportSchema = z.object({
  id: z.string(),
  code: z.string(),
  scenario: z.string().min(1),
  version: z.number().int(),
  title: z.string(),
  options: z.unknown(),
  seed: z.number().int().min(0).max(0xffffffff),
  horizon: z.number().int().min(1),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
  decisions: z.array(z.record(z.string(), numbers)),
  sources: z.array(z.record(z.string(), z.enum(["human", "bot", "default"]))),
  shocks: shockList,
  hashes: z.array(z.string()).min(1),
  seats: z.array(z.object({ role: z.string(), name: z.string(), policy: z.string() })),
  parent: z
    .object({
      id: z.string(),
      week: z.number().int(),
      decisions: z.array(z.record(z.string(), numbers)).optional(),
      shocks: shockList.optional(),
    })
    .optional(),
});

export type ImportVerdict =
  | { ok: true; record: RoundRecord }
  /** `week`: the first week that is wrong or missing; null when the file is wrong as a whole. */
  | { ok: false; error: string; week: number | null };

const refuse = (error: string, week: number | null = null): ImportVerdict => ({ ok: false, error, week });

export function checkExport(input: unknown): ImportVerdict {
  const parsed = exportSchema.safeParse(input);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    const where = i.path.length ? `${i.path.map(String).join(".")}: ` : "";
    return refuse(`not a round export: ${where}${i.message}`);
  }
  const rec = parsed.data as RoundRecord;
  if (!findScenarioModule(rec.scenario)) return refuse(`unknown scenario "${rec.scenario}"`);
  const scenario = getScenario(rec.scenario);
  if (rec.version !== scenario.version) {
    return refuse(
      `the round ran on ${rec.scenario} version ${rec.version}; this server has ${scenario.version}`,
    );
  }
  if (rec.decisions.length > rec.horizon) {
    return refuse(
      `${rec.decisions.length} weeks recorded, more than the horizon ${rec.horizon}`,
      rec.horizon + 1,
    );
  }
  let sim: Simulation;
  try {
    sim = new Simulation(scenario, rec.options, rec.seed);
  } catch (e) {
    return refuse(`options: ${message(e)}`);
  }
  for (const shock of rec.shocks) {
    try {
      sim.inject(shock);
    } catch (e) {
      return refuse(`shock ${shock.name}: ${message(e)}`, shock.week);
    }
  }
  if (!sim.hashMatches(0, rec.hashes[0]!)) return refuse("week 0 does not match its hash", 0);
  const weeks = Math.max(rec.decisions.length, rec.hashes.length - 1);
  for (let t = 1; t <= weeks; t++) {
    const decisions = rec.decisions[t - 1];
    if (!decisions) return refuse(`week ${t} has a hash but no decisions (the file is cut short)`, t);
    if (!rec.sources[t - 1]) return refuse(`week ${t} has no decision sources`, t);
    const hash = rec.hashes[t];
    if (hash === undefined) return refuse(`week ${t} has no hash (the file is cut short)`, t);
    try {
      sim.advance(decisions);
    } catch (e) {
      return refuse(message(e), t);
    }
    if (!sim.hashMatches(t, hash)) return refuse(`week ${t} does not re-simulate to its recorded hash`, t);
  }
  return { ok: true, record: rec };
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
