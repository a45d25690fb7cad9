import { describe, expect, it } from "vitest";
import { parseCohortSettings, teamCreateOptions, teamSeed } from "../../shared/cohort/settings.ts";
import { createOptionsSchema } from "../../shared/protocol/room.ts";

describe("cohort settings", () => {
  it("completes a minimal cohort with the defaults and the scenario's parsed options", () => {
    const r = parseCohortSettings({ scenario: "beer-game" });
    if (!r.ok) throw new Error(r.error);
    expect(r.settings).toMatchObject({
      scenario: "beer-game",
      title: "The Beer Game",
      teams: "auto",
      seeds: "same",
      lateJoin: true,
      avoidOwnDepartment: true,
      teamSize: 4,
      pace: { mode: "lockstep" },
    });
    expect((r.settings.options as { weeks: number }).weeks).toBe(36);
  });

  it("applies weeks to the scenario's options", () => {
    const r = parseCohortSettings({ scenario: "product-launch", weeks: 20, teams: 5, seeds: "different" });
    if (!r.ok) throw new Error(r.error);
    expect((r.settings.options as { weeks: number }).weeks).toBe(20);
    expect(r.settings.teams).toBe(5);
  });

  it.each([
    [{ scenario: "chess" }, "scenario"],
    [{ scenario: "beer-game", teams: 0 }, "teams"],
    [{ scenario: "beer-game", teams: "many" }, "teams"],
    [{ scenario: "beer-game", seeds: "random" }, "seeds"],
    [{ scenario: "beer-game", weeks: 9999 }, "weeks"],
    // The warm-up must end before the last week: the option that conflicts is named.
    [{ scenario: "beer-game", weeks: 2, options: { warmupWeeks: 4 } }, "options.warmupWeeks"],
    [{ scenario: "beer-game", weeks: 0 }, "weeks"],
    // Beyond the scenario's own limit: reported where the trainer typed it.
    [{ scenario: "product-launch", weeks: 300 }, "weeks"],
    [{ scenario: "beer-game", options: { holdingCost: -1 } }, "options.holdingCost"],
    [{ scenario: "product-launch", options: { weeks: 2 } }, "options.weeks"],
    [{ scenario: "beer-game", bots: { brewer: { policy: "sterman" } } }, "bots.brewer"],
    [{ scenario: "beer-game", bots: { factory: { policy: "genius" } } }, "bots.factory.policy"],
    [
      { scenario: "beer-game", bots: { factory: { policy: "sterman", params: { beta: 3 } } } },
      "bots.factory.policy",
    ],
    [{ scenario: "beer-game", pace: { mode: "warp" } }, "pace.mode"],
    [{ scenario: "beer-game", team: 3 }, "team"],
  ])("refuses %j naming the field %s in one line", (input, field) => {
    const r = parseCohortSettings(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.field).toBe(field);
    expect(r.error).not.toContain("\n");
    expect(r.error.length).toBeGreaterThan(field.length);
  });

  it("seeds: the same for every team, or derived from the cohort seed and the team index", () => {
    expect([0, 1, 7].map((i) => teamSeed("same", 42, i))).toEqual([42, 42, 42]);
    const diff = Array.from({ length: 50 }, (_, i) => teamSeed("different", 42, i));
    expect(new Set(diff).size).toBe(50);
    expect(diff.every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32)).toBe(true);
    expect(teamSeed("different", 42, 3)).toBe(diff[3]);
    expect(teamSeed("different", 43, 3)).not.toBe(diff[3]);
    expect(() => teamSeed("same", 1, -1)).toThrow(/index/);
  });

  it("builds each team's create options that the team room accepts", () => {
    const r = parseCohortSettings({
      scenario: "beer-game",
      seeds: "different",
      bots: { factory: { policy: "pass-through" } },
    });
    if (!r.ok) throw new Error(r.error);
    const o = teamCreateOptions(r.settings, "cohort-1", 5, 2);
    const parsed = createOptionsSchema.parse(o);
    expect(parsed).toMatchObject({ spectate: true, cohort: "cohort-1", seed: teamSeed("different", 5, 2) });
    expect(parsed.bots["factory"]!.policy).toBe("pass-through");
  });
});
