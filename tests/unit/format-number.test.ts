import { describe, expect, it } from "vitest";
import {
  formatAmount,
  formatCount,
  formatMoney,
  formatNumber,
  formatPercent,
  formatRatio,
  formatReading,
  formatUnits,
  formatWeeks,
} from "../../shared/format/number.ts";

describe("formatNumber", () => {
  it("rounds half away from zero to at most the decimals asked, dropping trailing zeros", () => {
    expect(formatNumber(2.25)).toBe("2.3");
    expect(formatNumber(-2.25)).toBe("-2.3");
    expect(formatNumber(2.5, { decimals: 2 })).toBe("2.5");
    expect(formatNumber(2.5, { decimals: 2, fixed: true })).toBe("2.50");
    expect(formatNumber(1.005, { decimals: 2 })).toBe("1.01");
  });
  it("groups thousands unless told not to", () => {
    expect(formatNumber(1234567.25)).toBe("1,234,567.3");
    expect(formatNumber(1234567.25, { group: false, decimals: 2 })).toBe("1234567.25");
  });
  it("never shows a negative zero", () => {
    expect(formatNumber(-0.001, { decimals: 2 })).toBe("0");
    expect(formatNumber(-0)).toBe("0");
  });
  it("shows a dash for a missing value and ∞ for infinities", () => {
    expect(formatNumber(null)).toBe("–");
    expect(formatNumber(undefined)).toBe("–");
    expect(formatNumber(Number.NaN)).toBe("–");
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe("∞");
    expect(formatNumber(Number.NEGATIVE_INFINITY)).toBe("-∞");
  });
});

describe("formatReading", () => {
  it("keeps whole numbers plain, two places below ten and one above", () => {
    expect(formatReading(12)).toBe("12");
    expect(formatReading(1234.5)).toBe("1,234.5");
    expect(formatReading(0.5)).toBe("0.50");
    expect(formatReading(-3.456)).toBe("-3.46");
    expect(formatReading(null)).toBe("–");
  });
});

describe("formatCount", () => {
  it("counts whole things", () => {
    expect(formatCount(11.6)).toBe("12");
    expect(formatCount(2.5)).toBe("3");
    expect(formatCount(1499.5)).toBe("1,500");
  });
});

describe("formatMoney", () => {
  it("shows cents below $1,000 and whole dollars from there up", () => {
    expect(formatMoney(12.5)).toBe("$12.50");
    expect(formatMoney(999.994)).toBe("$999.99");
    expect(formatMoney(1000)).toBe("$1,000");
    expect(formatMoney(123456.7)).toBe("$123,457");
  });
  it("puts the sign before the symbol, and no sign on a zero", () => {
    expect(formatMoney(-12.5)).toBe("-$12.50");
    expect(formatMoney(-2500)).toBe("-$2,500");
    expect(formatMoney(-0.001)).toBe("$0.00");
  });
  it("shows a dash for no amount", () => {
    expect(formatMoney(Number.NaN)).toBe("–");
  });
});

describe("formatPercent and formatRatio", () => {
  it("shows a share as a percentage to fixed places", () => {
    expect(formatPercent(0.254)).toBe("25%");
    expect(formatPercent(1, 1)).toBe("100.0%");
    expect(formatPercent(0.9534, 1)).toBe("95.3%");
    expect(formatPercent(null, 1)).toBe("–");
  });
  it("shows a ratio to one place below ten and whole from ten", () => {
    expect(formatRatio(2)).toBe("2.0×");
    expect(formatRatio(2.26)).toBe("2.3×");
    expect(formatRatio(12.6)).toBe("13×");
    expect(formatRatio(Number.NaN)).toBe("–");
  });
});

describe("formatWeeks", () => {
  it("says week for one and weeks otherwise", () => {
    expect(formatWeeks(1)).toBe("1 week");
    expect(formatWeeks(0)).toBe("0 weeks");
    expect(formatWeeks(2.46)).toBe("2.5 weeks");
    expect(formatWeeks(1.04)).toBe("1 week");
  });
});

describe("formatUnits", () => {
  it("rounds things people count whole, and rates of them", () => {
    expect(formatUnits(11.6, "people")).toBe("12 people");
    expect(formatUnits(1234.4, "units")).toBe("1,234 units");
    expect(formatUnits(7.4, "kits/week")).toBe("7 kits/week");
    expect(formatAmount(7.4, "units/week")).toBe("7");
  });
  it("keeps fractions where the unit can be split", () => {
    expect(formatUnits(3.5, "cases")).toBe("3.50 cases");
    expect(formatUnits(12.25, "cases/week")).toBe("12.3 cases/week");
    expect(formatUnits(0.25, "")).toBe("0.25");
  });
  it("writes money, percentages and weeks in their own way", () => {
    expect(formatUnits(-1500, "$")).toBe("-$1,500");
    expect(formatAmount(-12.5, "$")).toBe("-12.50");
    expect(formatAmount(2500, "$")).toBe("2,500");
    expect(formatUnits(12.5, "%")).toBe("12.5%");
    expect(formatUnits(2, "weeks")).toBe("2 weeks");
  });
  it("keeps the unit beside a missing value", () => {
    expect(formatUnits(null, "units")).toBe("– units");
    expect(formatUnits(Number.NaN, "")).toBe("–");
  });
});
