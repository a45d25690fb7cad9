// The engine-independent ln, exp, pow and cos: as accurate as the engine's own (within a few units in
// the last place), right at the edges, and the only transcendental functions the shared core uses.
// That they give the same bits in a browser is shown in tests/e2e/determinism.test.ts.

import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cosTurns, exp, ln, pow } from "../../shared/math/deterministic.ts";

/** |a − b| in units of b's last place. */
function ulps(a: number, b: number): number {
  if (Object.is(a, b)) return 0;
  const spacing = Math.max(Number.MIN_VALUE, Math.abs(b) * Number.EPSILON);
  return Math.abs(a - b) / spacing;
}

const positive = fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true });

describe("ln", () => {
  it("is within 1 ulp of Math.log over the positive doubles", () => {
    fc.assert(
      fc.property(positive, (x) => ulps(ln(x), Math.log(x)) <= 1),
      { numRuns: 20_000 },
    );
  });
  it("handles the edges", () => {
    expect(ln(1)).toBe(0);
    expect(ln(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(ln(-1)).toBeNaN();
    expect(ln(Number.NaN)).toBeNaN();
    expect(ln(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(ln(Math.E)).toBeCloseTo(1, 15);
    expect(ulps(ln(5e-324), Math.log(5e-324))).toBeLessThanOrEqual(1);
  });
});

describe("exp", () => {
  it("is within 1 ulp of Math.exp where the result is a normal number", () => {
    fc.assert(
      fc.property(fc.double({ min: -708, max: 709, noNaN: true }), (x) => ulps(exp(x), Math.exp(x)) <= 1),
      { numRuns: 20_000 },
    );
  });
  it("handles the edges", () => {
    expect(exp(0)).toBe(1);
    expect(ulps(exp(1), Math.E)).toBeLessThanOrEqual(1);
    expect(exp(710)).toBe(Number.POSITIVE_INFINITY);
    expect(exp(-746)).toBe(0);
    expect(exp(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(exp(Number.NaN)).toBeNaN();
    expect(exp(-740)).toBeGreaterThan(0); // a subnormal result
  });
});

describe("pow", () => {
  // exp(y ln x) magnifies ln's last-place error by |y ln x|: a few ulps for the ratios near 1 and
  // the elasticities the models use, more only for extreme ones.
  it("is within (2 + 2|y ln x|) ulps of **", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        (x, y) => ulps(pow(x, y), x ** y) <= 2 + 2 * Math.abs(y * Math.log(x)),
      ),
      { numRuns: 20_000 },
    );
  });
  it("handles the edges", () => {
    expect(pow(0, 0.5)).toBe(0);
    expect(pow(0, -0.5)).toBe(Number.POSITIVE_INFINITY);
    expect(pow(7, 0)).toBe(1);
    expect(pow(1, 123.4)).toBe(1);
    expect(pow(3.5, 1)).toBe(3.5);
    expect(pow(-2, 0.5)).toBeNaN();
  });
});

describe("cosTurns", () => {
  // Math.cos(2π·v) is itself off by up to half an ulp of the rounded angle (≈ 4e-16 near 2π).
  it("is cos(2π·turns) to within 1e-15 for the uniform draws it serves", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n) => {
        const v = n / 2 ** 32;
        return Math.abs(cosTurns(v) - Math.cos(2 * Math.PI * v)) <= 1e-15;
      }),
      { numRuns: 20_000 },
    );
  });
  it("is exact at the quarter turns and symmetric", () => {
    expect(cosTurns(0)).toBe(1);
    expect(cosTurns(0.5)).toBe(-1);
    expect(Math.abs(cosTurns(0.25))).toBe(0);
    expect(cosTurns(0.1)).toBe(cosTurns(-0.1));
    expect(cosTurns(0.375)).toBe(cosTurns(1.375));
  });
});

it("the shared core calls no engine transcendental function (they differ between browsers)", () => {
  const root = resolve(import.meta.dirname, "../../shared");
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts"));
  const engineMath =
    /Math\.(log|log2|log10|log1p|exp|expm1|pow|cos|sin|tan|acos|asin|atan|atan2|sinh|cosh|tanh|cbrt|hypot)\(/;
  // `**` with anything but a whole-number literal exponent
  const fractionalPower = /\*\*\s*(?!\d+\b(?!\.))[-\w(.]/;
  const offenders: string[] = [];
  for (const f of files) {
    if (f === join("math", "deterministic.ts")) continue;
    const lines = readFileSync(join(root, f), "utf8").split("\n");
    lines.forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, "");
      if (/^\s*(\*|\/\*)/.test(code)) return; // doc comments
      if (engineMath.test(code) || fractionalPower.test(code)) {
        offenders.push(`${relative(root, join(root, f))}:${i + 1}: ${line.trim()}`);
      }
    });
  }
  expect(offenders).toEqual([]);
});
