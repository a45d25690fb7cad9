import { describe, expect, it } from "vitest";
import { formatNamedParams, parseParams, splitName } from "../../shared/format/named-params.ts";

const bad = (part: string): never => {
  throw new Error(`bad part "${part}"`);
};

describe("splitName", () => {
  it("splits at the first colon and trims both sides", () => {
    expect(splitName(" sterman : theta=0.3 ")).toEqual({ name: "sterman", rest: "theta=0.3" });
    expect(splitName("list:4,4:8")).toEqual({ name: "list", rest: "4,4:8" });
    expect(splitName("pass-through")).toEqual({ name: "pass-through", rest: "" });
  });
});

describe("parseParams", () => {
  it("reads key=number pairs, the later of a repeated key winning", () => {
    expect(parseParams("theta=0.36, alpha = .26,theta=1e-1", bad)).toEqual({ theta: 0.1, alpha: 0.26 });
    expect(parseParams("", bad)).toEqual({});
    expect(parseParams("k=-4", bad)).toEqual({ k: -4 });
  });
  it("hands the first part that is not key=number to the caller's error", () => {
    expect(() => parseParams("theta", bad)).toThrow('bad part "theta"');
    expect(() => parseParams("=1", bad)).toThrow('bad part "=1"');
    expect(() => parseParams("k=", bad)).toThrow('bad part "k="');
    expect(() => parseParams("k=x", bad)).toThrow('bad part "k=x"');
    expect(() => parseParams("k=1=2", bad)).toThrow('bad part "k=1=2"');
    expect(() => parseParams("k=1,", bad)).toThrow('bad part ""');
    expect(() => parseParams("k=Infinity", bad)).toThrow("bad part");
  });
  it("reads true and false only where switches are allowed", () => {
    expect(parseParams("continuous=true,x=false", bad, { flags: true })).toEqual({ continuous: 1, x: 0 });
    expect(() => parseParams("continuous=true", bad)).toThrow('bad part "continuous=true"');
  });
});

describe("formatNamedParams", () => {
  it("writes the notation back so it parses to the same thing", () => {
    const text = formatNamedParams("sterman", { theta: 0.36, sprime: 17 });
    expect(text).toBe("sterman:theta=0.36,sprime=17");
    const { name, rest } = splitName(text);
    expect(name).toBe("sterman");
    expect(parseParams(rest, bad)).toEqual({ theta: 0.36, sprime: 17 });
    expect(formatNamedParams("pass-through", {})).toBe("pass-through");
  });
});
