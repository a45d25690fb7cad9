import type { Client } from "@colyseus/core";
import { describe, expect, it } from "vitest";
import { attachDebrief, type DebriefContext } from "../../server/debrief/index.ts";
import type { StoredEvent } from "../../server/storage/types.ts";
import { beliefTargets } from "../../shared/debrief/belief-target.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import { DEBRIEF_MESSAGES, type DebriefState, type GhostResult } from "../../shared/protocol/debrief.ts";
import type { RoundRecord } from "../../shared/protocol/messages.ts";
import { beerGame } from "../../shared/scenarios/beer-game/index.ts";

const HOST = "host-token-123";

function recordedRound(): RoundRecord {
  const sim = new Simulation(beerGame, { weeks: 12 }, 5);
  while (!sim.done)
    sim.advance(Object.fromEntries(sim.roles.map((r) => [r, { order: sim.week < 6 ? 4 : 9 }])));
  const i = sim.inputs();
  return {
    id: "r1",
    code: "ABCDEF",
    scenario: i.scenario,
    version: i.version,
    title: beerGame.title,
    options: i.options,
    seed: i.seed,
    horizon: 12,
    createdAt: "",
    endedAt: null,
    decisions: i.decisions,
    sources: [],
    shocks: [],
    hashes: sim.hashes,
    seats: sim.roles.map((r) => ({
      role: r,
      name: r === "retailer" || r === "factory" ? r.toUpperCase() : "",
      policy: "sterman",
    })),
  };
}

type Sent = { to: string; type: string; payload: unknown };

/** A room stand-in: two players (retailer, factory) and the host as a spectator, an in-memory log. */
function fakeRoom(log: StoredEvent[]) {
  const sent: Sent[] = [];
  const client = (id: string) => ({ sessionId: id }) as unknown as Client;
  const members = [
    { client: client("ret"), role: "retailer", name: "Ann" },
    { client: client("fac"), role: "factory", name: "Bo" },
    { client: client("host"), role: null, name: "Host" },
  ];
  const round = recordedRound();
  const ctx: DebriefContext = {
    roundId: "r1",
    code: "ABCDEF",
    scenario: beerGame,
    record: () => round,
    humanRoles: () => ["retailer", "factory"],
    members: () => members,
    memberOf: (c) => members.find((m) => m.client === c),
    isHostToken: (t) => t === HOST,
    reveal: () => sent.push({ to: "*", type: "reveal", payload: null }),
    send: (c, type, payload) => sent.push({ to: c.sessionId, type, payload }),
    broadcast: (type, payload) => sent.push({ to: "*", type, payload }),
    error: (c, request, code, reason) =>
      sent.push({ to: c.sessionId, type: "error", payload: { request, code, reason } }),
    append: async (type, data) => {
      log.push({ seq: log.length + 1, at: 0, type, data: JSON.parse(JSON.stringify(data)) });
    },
    events: async () => log.filter((e) => e.type.startsWith("debrief:")),
  };
  const by = (id: string) => members.find((m) => m.client.sessionId === id)!.client;
  return { ctx, sent, by, round };
}

const settle = () => new Promise((r) => setTimeout(r, 5));
const lastState = (sent: Sent[], to: string) =>
  [...sent].reverse().find((s) => s.to === to && s.type === DEBRIEF_MESSAGES.state)?.payload as DebriefState;
const lastError = (sent: Sent[], to: string) =>
  [...sent].reverse().find((s) => s.to === to && s.type === "error")?.payload as { code: string } | undefined;

describe("the debrief on the server", () => {
  it("answers hello with the brief before the reveal, and with the round after it", async () => {
    const { ctx, sent, by, round } = fakeRoom([]);
    const d = await attachDebrief(ctx);
    d.onMessage(by("ret"), DEBRIEF_MESSAGES.hello, {});
    await settle();
    expect(sent.map((s) => s.type)).toEqual([DEBRIEF_MESSAGES.brief, DEBRIEF_MESSAGES.state]);
    expect(sent[0]!.payload).toEqual({
      code: "ABCDEF",
      scenario: "beer-game",
      title: beerGame.title,
      horizon: 12,
      weeks: 12,
      belief: { id: "demand", label: "Customer demand", unit: "cases/week" },
      beliefs: beliefTargets(beerGame),
      seats: round.seats.map((s) => ({ role: s.role, name: s.name })),
    });
    expect(lastState(sent, "ret").revealed).toBe(false);
    // A ghost run would carry the others' decisions: not before the reveal.
    d.onMessage(by("ret"), DEBRIEF_MESSAGES.ghost, { policy: "sterman" });
    await settle();
    expect(lastError(sent, "ret")?.code).toBe("wrong_phase");
    sent.length = 0;
    d.onMessage(by("host"), DEBRIEF_MESSAGES.reveal, { hostToken: HOST });
    await settle();
    // The room widens every view, then the record goes to everyone, then the revealed state.
    expect(sent.slice(0, 2).map((s) => [s.to, s.type])).toEqual([
      ["*", "reveal"],
      ["*", "round"],
    ]);
    expect(lastState(sent, "ret").revealed).toBe(true);
    sent.length = 0;
    d.onMessage(by("fac"), DEBRIEF_MESSAGES.hello, {});
    await settle();
    expect(sent.map((s) => s.type)).toEqual(["round", DEBRIEF_MESSAGES.state]);
    // A debrief restored from its log is revealed at once: the room widens the views on attaching.
    const log = [...(await ctx.events())];
    const again = fakeRoom(log);
    await attachDebrief(again.ctx);
    expect(again.sent.map((s) => s.type)).toEqual(["reveal"]);
  });

  it("keeps sketches private until every player's is in, then reveals them all", async () => {
    const { ctx, sent, by } = fakeRoom([]);
    const d = await attachDebrief(ctx);
    d.onMessage(by("ret"), DEBRIEF_MESSAGES.sketch, {
      points: [{ week: 1, value: 4 }],
      cause: "the factory",
    });
    await settle();
    expect(Object.keys(lastState(sent, "fac").sketches)).toEqual([]);
    expect(lastState(sent, "fac").sketched).toEqual(["retailer"]);
    expect(Object.keys(lastState(sent, "ret").sketches)).toEqual(["retailer"]);
    d.onMessage(by("fac"), DEBRIEF_MESSAGES.sketch, { points: [{ week: 3, value: 12 }] });
    await settle();
    const s = lastState(sent, "host");
    expect(s.revealed).toBe(true);
    expect(s.sketches["retailer"]).toMatchObject({ name: "Ann", cause: "the factory" });
  });

  it("lets only the host reveal early and lead, and refuses bad input with a reason", async () => {
    const { ctx, sent, by } = fakeRoom([]);
    const d = await attachDebrief(ctx);
    d.onMessage(by("ret"), DEBRIEF_MESSAGES.reveal, { hostToken: "wrong-token" });
    await settle();
    expect(lastError(sent, "ret")?.code).toBe("not_host");
    d.onMessage(by("ret"), DEBRIEF_MESSAGES.sketch, { points: "nope" });
    d.onMessage(by("host"), DEBRIEF_MESSAGES.sketch, { points: [{ week: 1, value: 1 }] });
    d.onMessage(by("host"), DEBRIEF_MESSAGES.lead, {
      hostToken: HOST,
      follow: true,
      panel: "loops",
      loop: "nope",
    });
    await settle();
    expect(lastError(sent, "ret")?.code).toBe("invalid_message");
    expect(
      sent
        .filter((s) => s.to === "host" && s.type === "error")
        .map((s) => (s.payload as { code: string }).code),
    ).toEqual(["no_seat", "bad_request"]);
    d.onMessage(by("host"), DEBRIEF_MESSAGES.reveal, { hostToken: HOST });
    d.onMessage(by("host"), DEBRIEF_MESSAGES.lead, {
      hostToken: HOST,
      follow: true,
      panel: "loops",
      loop: "supply-line",
    });
    await settle();
    expect(lastState(sent, "ret")).toMatchObject({
      revealed: true,
      lead: { follow: true, panel: "loops", loop: "supply-line" },
    });
  });

  it("runs a ghost with the core's policy and records it", async () => {
    const { ctx, sent, by, round } = fakeRoom([]);
    const d = await attachDebrief(ctx);
    d.onMessage(by("host"), DEBRIEF_MESSAGES.reveal, { hostToken: HOST });
    d.onMessage(by("ret"), DEBRIEF_MESSAGES.ghost, { roles: ["wholesaler"], policy: "pass-through" });
    d.onMessage(by("ret"), DEBRIEF_MESSAGES.ghost, { policy: "no-such-bot" });
    await settle();
    const g = lastState(sent, "fac").ghosts[0] as GhostResult;
    expect(g.roles).toEqual(["wholesaler"]);
    expect(g.decisions).toHaveLength(12);
    expect(g.decisions.map((w) => w["retailer"])).toEqual(round.decisions.map((w) => w["retailer"]));
    expect(lastError(sent, "ret")?.code).toBe("bad_request");
  });

  it("restores sketches, reveal, lead, notes and ghosts from the log after a restart", async () => {
    const log: StoredEvent[] = [];
    const first = fakeRoom(log);
    const d = await attachDebrief(first.ctx);
    d.onMessage(first.by("ret"), DEBRIEF_MESSAGES.sketch, { points: [{ week: 1, value: 4 }] });
    d.onMessage(first.by("host"), DEBRIEF_MESSAGES.reveal, { hostToken: HOST });
    d.onMessage(first.by("host"), DEBRIEF_MESSAGES.lead, {
      hostToken: HOST,
      follow: true,
      panel: "reflection",
    });
    d.onMessage(first.by("fac"), DEBRIEF_MESSAGES.note, { question: 1, text: "We all over-ordered." });
    d.onMessage(first.by("fac"), DEBRIEF_MESSAGES.ghost, { policy: "sterman" });
    await settle();
    const before = lastState(first.sent, "host");
    d.dispose();

    const again = fakeRoom(log);
    const d2 = await attachDebrief(again.ctx);
    d2.onJoin(again.by("host"));
    const after = lastState(again.sent, "host");
    expect(after).toEqual(before);
    expect(after.notes["1"]).toEqual({ text: "We all over-ordered.", by: "Bo" });
    expect(after.ghosts[0]!.roles).toEqual(["retailer", "wholesaler", "distributor", "factory"]);
  });
});
