import { describe, expect, it } from "vitest";
import { SourceLog } from "../../shared/round/source-log.ts";

describe("SourceLog: where each week's decisions came from, packed", () => {
  it("gives back each week as pushed, in the round's role order, past its first room", () => {
    const log = new SourceLog(["retailer", "wholesaler", "factory"]);
    const kinds = ["human", "bot", "default"] as const;
    const weeks = Array.from({ length: 40 }, (_, t) => ({
      retailer: kinds[t % 3]!,
      wholesaler: kinds[(t + 1) % 3]!,
      factory: kinds[(t * 2) % 3]!,
    }));
    for (const w of weeks) log.push(w);
    expect(log.length).toBe(40);
    expect(log.all()).toEqual(weeks);
    expect(log.of(1, "retailer")).toBe("human");
    expect(log.of(40, "factory")).toBe(weeks[39]!.factory);
    expect(log.of(0, "retailer")).toBeUndefined();
    expect(log.of(41, "retailer")).toBeUndefined();
    expect(log.of(1, "brewery")).toBeUndefined();
    // Each read is the caller's own: changing it leaves the log as it was.
    const read = log.all();
    read[0]!.retailer = "default";
    expect(log.all()).toEqual(weeks);
  });

  it("leaves out a role without a source that week, and refuses unknown roles and sources", () => {
    const log = new SourceLog(["retailer", "factory"]);
    log.push({ factory: "bot" });
    expect(log.all()).toEqual([{ factory: "bot" }]);
    expect(log.of(1, "retailer")).toBeUndefined();
    expect(() => log.push({ brewery: "bot" })).toThrow('week 2: unknown role "brewery"');
    expect(() => log.push({ retailer: "oracle" as "bot" })).toThrow(
      'week 2: unknown source "oracle" for retailer',
    );
    expect(log.length).toBe(1);
  });
});
