import { en, type StringKey } from "./en.ts";

export type { StringKey };
export type Vars = Readonly<Record<string, string | number>>;
/** A translation: every key of the English table. */
export type StringTable = Readonly<Record<StringKey, string>>;

let table: StringTable = en;
/** Keys outside the table (scenario roles, decisions, KPIs) may be translated too; English comes from data. */
let extra: Readonly<Record<string, string>> = {};

export function useStrings(next: StringTable, more: Readonly<Record<string, string>> = {}): void {
  table = next;
  extra = more;
}

export function fill(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined ? whole : String(v);
  });
}

/** The text for `key`. */
export function t(key: StringKey, vars?: Vars): string {
  return fill(table[key], vars);
}

/** Text that has an English original in scenario data (a role's label, a decision's help). */
export function tData(key: string, english: string, vars?: Vars): string {
  return fill(extra[key] ?? english, vars);
}

/** Looser accessor for modules that receive keys as plain strings (the debrief). */
export function tAny(key: string, vars?: Vars): string {
  const s = (table as Record<string, string>)[key] ?? extra[key];
  return s === undefined ? key : fill(s, vars);
}

/**
 * A bot policy parameter's label and one-line help, from the strings table by its id; a parameter
 * the table does not name (a fixed policy's decision) keeps its spec's own help.
 */
export function paramText(id: string, spec: { help: string }): { label: string; help: string } {
  const t = table as Record<string, string>;
  return { label: t[`param.${id}`] ?? spec.help, help: t[`param.${id}.help`] ?? spec.help };
}
