// `sim --replay`: an exported round re-simulated headless prints what a normal run of the same
// bots prints; branched at a week, the named seats play bots from there.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/sim.ts";
import { botRound } from "./round-fixtures.ts";

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => void out.push(t), err: (t) => void err.push(t) });
  return { code, out: out.join(""), err: err.join("") };
}

const dir = mkdtempSync(join(tmpdir(), "pf-replay-"));
const rec = botRound("beer-game", { seed: 7, bots: { retailer: { policy: "sterman" } } }).recordOf();
const file = join(dir, "export.json");
writeFileSync(file, JSON.stringify(rec));

describe("sim --replay", () => {
  it("prints the same run as the bots that played it", async () => {
    const replay = JSON.parse((await run(["--replay", file, "--format", "json"])).out);
    const live = JSON.parse((await run(["--seed", "7", "--policy", "all=sterman", "--format", "json"])).out);
    expect(replay.policies).toEqual({
      retailer: "recorded",
      wholesaler: "recorded",
      distributor: "recorded",
      factory: "recorded",
    });
    expect({ ...replay, policies: null }).toEqual({ ...live, policies: null });
  });

  it("branches at --from-week with bots for the named seats", async () => {
    const whole = JSON.parse((await run(["--replay", file, "--format", "json"])).out);
    const b = JSON.parse(
      (
        await run([
          "--replay",
          file,
          "--from-week",
          "10",
          "--policy",
          "factory=constant:k=4",
          "--format",
          "json",
        ])
      ).out,
    );
    expect(b.policies.factory).toBe("constant:k=4");
    expect(b.policies.retailer).toBe("recorded");
    expect(b.roles.factory.orders.slice(0, 10)).toEqual(whole.roles.factory.orders.slice(0, 10));
    expect(b.roles.factory.orders.slice(10).every((o: number) => o === 4)).toBe(true);
  });

  it("refuses a tampered file naming the week, and bad flags", async () => {
    const bad = join(dir, "bad.json");
    const t = structuredClone(rec) as { decisions: Record<string, unknown>[] };
    t.decisions[11]!.factory = { order: 50 };
    writeFileSync(bad, JSON.stringify(t));
    expect(await run(["--replay", bad])).toMatchObject({
      code: 2,
      err: expect.stringContaining("(week 12)"),
    });
    expect((await run(["--replay", file, "--from-week", "99"])).err).toMatch(
      /week must be a whole number from 0 to 35/,
    );
    expect((await run(["--from-week", "3"])).err).toMatch(/--from-week needs --replay/);
  });
});
