// Scripted play: decisions written down in advance for some weeks, the role's bot for the rest.
// The script is `{ "<role>": { "<week>": { "<decisionId>": value } } }`, read from a file by the
// command line so a strategy can be tested in one command.

import type { Decision, DecisionSpec, Observation, Policy, RoleId } from "../engine/types.ts";

/** Role → week → decision id → value; only what was written down. */
export type DecisionScript = Readonly<Record<RoleId, Readonly<Record<number, Decision>>>>;

/**
 * Checks a parsed JSON script against the roles and their decisions; throws a one-line error naming
 * the bad role, week, id or value. Weeks past `horizon` are dropped: the round never reaches them.
 */
export function parseDecisionScript(
  input: unknown,
  roles: readonly RoleId[],
  decisions: (role: RoleId) => readonly DecisionSpec[],
  horizon: number,
): DecisionScript {
  const isRecord = (x: unknown): x is Record<string, unknown> =>
    typeof x === "object" && x !== null && !Array.isArray(x);
  if (!isRecord(input)) throw new Error('expected { "<role>": { "<week>": { "<decisionId>": value } } }');
  const script: Record<RoleId, Record<number, Decision>> = {};
  for (const [role, weeks] of Object.entries(input)) {
    if (!roles.includes(role)) throw new Error(`unknown role "${role}"; choose one of: ${roles.join(", ")}`);
    if (!isRecord(weeks)) throw new Error(`${role}: expected { "<week>": { "<decisionId>": value } }`);
    const specs = decisions(role);
    const byWeek: Record<number, Decision> = {};
    for (const [weekText, values] of Object.entries(weeks)) {
      const week = Number(weekText);
      if (!/^\d+$/.test(weekText) || week < 1) {
        throw new Error(`${role}: week "${weekText}" is not a whole number from 1`);
      }
      if (!isRecord(values)) throw new Error(`${role} week ${week}: expected { "<decisionId>": value }`);
      const d: Record<string, number> = {};
      for (const [id, v] of Object.entries(values)) {
        const spec = specs.find((s) => s.id === id);
        if (!spec) {
          throw new Error(
            `${role} week ${week}: unknown decision "${id}"; choose one of: ${specs.map((s) => s.id).join(", ")}`,
          );
        }
        if (typeof v !== "number" || !Number.isFinite(v) || v < spec.min || v > spec.max) {
          throw new Error(
            `${role} week ${week}: ${id} must be a number from ${spec.min} to ${spec.max}, not ${JSON.stringify(v)}`,
          );
        }
        if (spec.integer && !Number.isInteger(v)) {
          throw new Error(`${role} week ${week}: ${id} must be a whole number, not ${v}`);
        }
        d[id] = v;
      }
      if (week <= horizon) byWeek[week] = d;
    }
    script[role] = byWeek;
  }
  return script;
}

/**
 * The role's bot with the script laid over it. The bot still sees every week, so its memory stays
 * what it would be; the script overrides only the ids written down for the week being decided.
 */
export function scripted<B extends Observation>(
  bot: Policy<B>,
  weeks: Readonly<Record<number, Decision>> | undefined,
): Policy<B> {
  if (!weeks || Object.keys(weeks).length === 0) return bot;
  return {
    decide(obs) {
      const own = bot.decide(obs);
      // An observation shows the week just simulated; the decision is for the one after it.
      const over = weeks[(obs["week"] as number) + 1];
      return over ? { ...own, ...over } : own;
    },
  };
}
