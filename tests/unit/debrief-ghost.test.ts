import { describe, expect, it } from "vitest";
import { runGhost } from "../../server/debrief/index.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import type { Decisions } from "../../shared/engine/types.ts";
import { createBot, parsePolicy } from "../../shared/policies/index.ts";
import type { RoundRecord } from "../../shared/protocol/messages.ts";
import { ghostKey } from "../../shared/round/check.ts";
import { beerGame } from "../../shared/scenarios/beer-game/index.ts";

function run(order: (week: number) => number | null) {
  const sim = new Simulation(beerGame, { weeks: 30 }, 5);
  const bots = Object.fromEntries(
    sim.roles.map((r) => [r, createBot(parsePolicy("beer-game", "sterman"), r)]),
  );
  while (!sim.done) {
    const t = sim.week + 1;
    const d: Record<string, Decisions[string]> = {};
    for (const r of sim.roles) {
      const o = order(t);
      d[r] = o === null ? bots[r]!.decide(sim.observe(r)) : { order: o };
    }
    sim.advance(d);
  }
  return sim;
}

/** A team that panics: orders 4 until week 8, then 20 for six weeks, then nothing. */
const panic = () => run((t) => (t < 8 ? 4 : t < 14 ? 20 : 0));

function record(sim: Simulation): RoundRecord {
  const i = sim.inputs();
  return { ...i, code: "ABCDEF", title: "t", horizon: sim.horizon, seats: [] } as unknown as RoundRecord;
}

/** The panicking team's round re-run with the retailer played by `policy`. */
const retailerGhost = (team: Simulation, policy: string, others?: "recorded" | "react") =>
  runGhost(
    beerGame,
    record(team),
    { roles: ["retailer"], policy, params: {}, ...(others ? { others } : {}) },
    1,
  ).decisions;

const orders = (d: readonly Decisions[], role: string) => d.map((w) => w[role]!["order"]);

describe("the ghost run names the question it answers", () => {
  it("others frozen as recorded: every role not replaced orders exactly what it ordered", () => {
    const team = panic();
    const g = retailerGhost(team, "sterman", "recorded");
    for (const r of ["wholesaler", "distributor", "factory"])
      expect(orders(g, r)).toEqual(orders(team.decisionLog, r));
    expect(orders(g, "retailer")).not.toEqual(orders(team.decisionLog, "retailer"));
  });

  it("a request recorded before the choice existed is read as frozen", () => {
    const team = panic();
    const old = retailerGhost(team, "pass-through");
    const frozen = retailerGhost(team, "pass-through", "recorded");
    expect(old).toEqual(frozen);
  });

  it("others react: the others are their bots, answering the ghost world, not what the team did", () => {
    const team = panic();
    const g = retailerGhost(team, "sterman", "react");
    // With the default bot in the replaced seat too, the ghost is the bots' own round, whatever the team did.
    const bots = run(() => null);
    expect(g).toEqual(bots.decisionLog);
    expect(orders(g, "factory")).not.toEqual(orders(team.decisionLog, "factory"));
    // And the reacting others do not replay the frozen ghost's orders.
    const frozen = retailerGhost(team, "sterman", "recorded");
    expect(orders(g, "wholesaler")).not.toEqual(orders(frozen, "wholesaler"));
  });

  it("asking the other question is a new run; asking the same one again is not", () => {
    const base = { roles: ["retailer"], policy: "sterman", params: {} };
    expect(ghostKey({ ...base, others: "react" })).not.toBe(ghostKey({ ...base, others: "recorded" }));
    expect(ghostKey(base)).toBe(ghostKey({ ...base, others: "recorded" }));
  });
});
