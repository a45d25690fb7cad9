// How numbers read, for the desk, the debrief and the command line: one set of rules, so the same
// quantity looks the same wherever it appears.

const DASH = "–";

export interface NumberStyle {
  /** Most decimals shown (default 1). */
  decimals?: number;
  /** Keep trailing zeros up to `decimals` (default false: 2.50 reads 2.5). */
  fixed?: boolean;
  /** Thousands separators (default true; tables for machines turn them off). */
  group?: boolean;
}

const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(decimals: number, fixed: boolean, group: boolean): Intl.NumberFormat {
  const key = `${decimals}/${fixed}/${group}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat("en", {
      maximumFractionDigits: decimals,
      minimumFractionDigits: fixed ? decimals : 0,
      useGrouping: group,
      // A value that rounds to zero reads 0, not -0.
      signDisplay: "negative",
    });
    formats.set(key, f);
  }
  return f;
}

/** A number to at most `decimals` places (half away from zero); a dash for none or NaN, ∞ for infinities. */
export function formatNumber(x: number | null | undefined, style: NumberStyle = {}): string {
  if (x === null || x === undefined || Number.isNaN(x)) return DASH;
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "-∞";
  return numberFormat(style.decimals ?? 1, style.fixed ?? false, style.group ?? true).format(x);
}

/** A reading on a gauge or table: whole numbers plain, small values to two places, larger to one. */
export function formatReading(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  if (Number.isInteger(x)) return formatNumber(x);
  return formatNumber(x, { decimals: Math.abs(x) < 10 ? 2 : 1, fixed: true });
}

/** A count of whole things (people, units, kits): rounded to a whole number. */
export function formatCount(x: number | null | undefined): string {
  return formatNumber(x, { decimals: 0 });
}

/** Dollars: whole dollars from $1,000 up, cents below; the sign before the symbol (-$12.50). */
export function formatMoney(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return formatNumber(x);
  const abs = Math.abs(x);
  const digits = abs >= 1000 ? 0 : 2;
  const body = formatNumber(abs, { decimals: digits, fixed: true });
  return x < 0 && body !== formatNumber(0, { decimals: digits, fixed: true }) ? `-$${body}` : `$${body}`;
}

/** A share (0.25) as a percentage ("25%"), always to `decimals` places so columns line up. */
export function formatPercent(share: number | null | undefined, decimals = 0): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return formatNumber(share);
  return `${formatNumber(share * 100, { decimals, fixed: true })}%`;
}

/** A ratio ("2.3×"): one decimal below 10, whole from 10 up, where the decimal no longer matters. */
export function formatRatio(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return formatNumber(x);
  return `${formatNumber(x, { decimals: Math.abs(x) >= 10 ? 0 : 1, fixed: true })}×`;
}

/** A span of weeks: "1 week", "2.5 weeks". */
export function formatWeeks(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return formatNumber(n);
  const text = formatNumber(n, { decimals: 1 });
  return `${text} ${text === "1" ? "week" : "weeks"}`;
}

/** Things people count one by one; a rate of them ("units/week") counts the same way. */
const WHOLE_THINGS = new Set(["people", "engineers", "units", "kits", "features", "tasks"]);

function countsWholeThings(unit: string): boolean {
  return WHOLE_THINGS.has(unit.split("/")[0]!.trim());
}

/** A quantity in `unit` for a cell under a heading that names the unit: by the unit's rule, without it. */
export function formatAmount(x: number | null | undefined, unit = ""): string {
  if (unit === "$") return formatMoney(x).replace("$", "");
  if (countsWholeThings(unit)) return formatCount(x);
  return formatReading(x);
}

/**
 * A quantity with its unit: money as "$1,234", percentages as "12.5%", weeks as "1 week" / "2.5 weeks",
 * whole things (people, units, kits, features, tasks, and rates of them) rounded to whole numbers,
 * anything else as a reading ("3.25 cases").
 */
export function formatUnits(x: number | null | undefined, unit: string): string {
  if (x === null || x === undefined || !Number.isFinite(x))
    return unit === "" ? formatNumber(x) : `${formatNumber(x)} ${unit}`;
  if (unit === "$") return formatMoney(x);
  if (unit === "%") return `${formatNumber(x)}%`;
  if (unit === "weeks" || unit === "week") return formatWeeks(x);
  const amount = formatAmount(x, unit);
  return unit === "" ? amount : `${amount} ${unit}`;
}
