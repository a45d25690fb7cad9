// Play again with a hypothesis, with real SDK clients: two players and two bots finish a round; one
// starts the next round from the debrief and the other is told; both take their seats back with
// their seat tokens (a stranger's token takes none), write what they will do differently (kept
// from each other until the reveal), play, and the next debrief carries the previous round and both
// hypotheses. The exports link both rounds and re-simulate.

import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replayRecord } from "../../server/record.ts";
import { services } from "../../server/services.ts";
import type { TeamRoom } from "../../server/team-room.ts";
import { AGAIN_MESSAGES, type AgainNextMessage, MAX_HYPOTHESIS_CHARS } from "../../shared/protocol/again.ts";
import type { DebriefState } from "../../shared/protocol/debrief.ts";
import type { ErrorMessage, RoundRecord } from "../../shared/protocol/messages.ts";
import { previousRun } from "../../shared/round/again.ts";
import { getScenario } from "../../shared/scenarios/index.ts";
import { type Harness, Player, startHarness } from "./harness.ts";

const WEEKS = 4;
const options = { weeks: WEEKS, warmupWeeks: 0 };
const ANN_SAYS = "Order what the customer orders, not what the backlog shouts.";
const BO_SAYS = "Count the supply line before ordering more.";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function get(path: string, token?: string) {
  const res = await fetch(h.http + path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: res.status, body: await res.json() };
}

const roundIdOf = (code: string) => (services().rooms.get(code) as TeamRoom).round.id;

/** Plays every week with the players' orders, until the debrief. */
async function play(players: Player[], order: (i: number, week: number) => number) {
  await Promise.all(players.map((p) => p.until((s) => s.phase === "play")));
  for (let week = 1; week <= WEEKS; week++) {
    for (const [i, p] of players.entries()) p.send("decide", { week, decision: { order: order(i, week) } });
    await Promise.all(players.map((p) => p.until((s) => s.week >= week || s.phase === "debrief")));
  }
  await Promise.all(players.map((p) => p.until((s) => s.phase === "debrief")));
}

const refusal = (p: Player, request: string) => p.next("error", (e: ErrorMessage) => e.request === request);
const nextOf = (p: Player) => p.next(AGAIN_MESSAGES.next as "round") as unknown as Promise<AgainNextMessage>;
const stateOf = (p: Player, pred: (s: DebriefState) => boolean = () => true) =>
  p.next("debrief:state" as "round", (s) =>
    pred(s as unknown as DebriefState),
  ) as unknown as Promise<DebriefState>;

describe("play again with a hypothesis", () => {
  it("starts the next round for the same team, keeps hypotheses hidden until the reveal, and links both rounds", async () => {
    const ann = await Player.create(h, { scenario: "beer-game", options, name: "Ann", role: "retailer" });
    const code = ann.state.code as string;
    const bo = await Player.join(h, code, { name: "Bo", role: "wholesaler" });
    const finishedId = roundIdOf(code);
    ann.send("host", { hostToken: ann.w.hostToken!, action: "start" });
    await Promise.all([ann, bo].map((p) => p.until((s) => s.phase === "play")));

    // Not before the round has ended.
    ann.send(AGAIN_MESSAGES.start, {});
    expect((await refusal(ann, AGAIN_MESSAGES.start)).code).toBe("wrong_phase");

    await play([ann, bo], (i, week) => 4 + i * 2 + week);
    // A spectator has no team to take along.
    const watcher = await Player.join(h, code, { name: "Watcher", spectate: true });
    watcher.send(AGAIN_MESSAGES.start, {});
    expect((await refusal(watcher, AGAIN_MESSAGES.start)).code).toBe("no_seat");

    // Ann (the host) starts the transparent round with a new seed; everyone still on the debrief hears of it.
    ann.send(AGAIN_MESSAGES.start, { sameSeed: false, infoSharing: true, hostToken: ann.w.hostToken! });
    const [toAnn, toBo, toWatcher] = await Promise.all([nextOf(ann), nextOf(bo), nextOf(watcher)]);
    expect(toAnn).toMatchObject({ by: "Ann" });
    // The host stays the host: the same token starts the next round's play.
    expect(toAnn.hostToken).toBe(ann.w.hostToken);
    expect(toBo).toEqual({ code: toAnn.code, by: "Ann" });
    expect(toWatcher.hostToken).toBeUndefined();
    const next = toAnn.code;
    expect(next).not.toBe(code);
    await bo.until((s) => s.next === next && s.nextBy === "Ann");

    // Bo reloads the finished round: its state still says where the team went; asking again starts nothing new.
    const boBack = await Player.join(h, code, { name: "Bo", seatToken: bo.w.seatToken! });
    await boBack.until((s) => s.next === next);
    boBack.send(AGAIN_MESSAGES.start, { sameSeed: true });
    expect((await nextOf(boBack)).code).toBe(next);
    const finished = (await get(`/api/rounds/${finishedId}/export.json`, ann.w.hostToken!))
      .body as RoundRecord;
    expect(finished.next).toEqual({ id: roundIdOf(next), code: next, by: "Ann" });

    // The next round holds both seats for their players, and its bots are the same.
    const lookup = (await get(`/api/rooms/${next}`)).body as {
      phase: string;
      seats: { role: string; name: string }[];
    };
    expect(lookup.phase).toBe("lobby");
    expect(lookup.seats.filter((s) => s.name).map((s) => [s.role, s.name])).toEqual([
      ["retailer", "Ann"],
      ["wholesaler", "Bo"],
    ]);
    // A stranger: a made-up token or asking for a held seat takes neither.
    const stranger = await Player.join(h, next, { name: "Eve", seatToken: "not-a-token-of-this-team" });
    expect(["retailer", "wholesaler"]).not.toContain(stranger.w.role);
    await expect(Player.join(h, next, { name: "Mallory", role: "retailer" })).rejects.toThrow(/seat_taken/);
    await stranger.leave();

    const ann2 = await Player.join(h, next, { name: "Ann", seatToken: ann.w.seatToken! });
    const bo2 = await Player.join(h, next, { name: "Bo", seatToken: bo.w.seatToken! });
    expect([ann2.w.role, ann2.w.resumed, bo2.w.role, bo2.w.resumed]).toEqual([
      "retailer",
      true,
      "wholesaler",
      true,
    ]);

    // Hypotheses: refused when empty or too long, with a sentence that says so; kept when fine.
    ann2.send(AGAIN_MESSAGES.hypothesis, { text: "   " });
    expect((await refusal(ann2, AGAIN_MESSAGES.hypothesis)).reason).toMatch(/empty/);
    ann2.send(AGAIN_MESSAGES.hypothesis, { text: "x".repeat(MAX_HYPOTHESIS_CHARS + 1) });
    expect((await refusal(ann2, AGAIN_MESSAGES.hypothesis)).reason).toMatch(/at most 500 characters/);
    ann2.send(AGAIN_MESSAGES.hypothesis, { text: ANN_SAYS });
    bo2.send(AGAIN_MESSAGES.hypothesis, { text: BO_SAYS });
    // The finished round takes none (it follows no round).
    boBack.send(AGAIN_MESSAGES.hypothesis, { text: BO_SAYS });
    expect((await refusal(boBack, AGAIN_MESSAGES.hypothesis)).code).toBe("bad_request");

    ann2.send("host", { hostToken: toAnn.hostToken!, action: "start" });
    await play([ann2, bo2], (i) => 4 + i);
    // Before the reveal each sees only their own hypothesis; nothing of the other's reached them.
    const annState = await stateOf(ann2);
    const boState = await stateOf(bo2);
    expect(annState.hypotheses).toEqual({ retailer: { role: "retailer", name: "Ann", text: ANN_SAYS } });
    expect(boState.hypotheses).toEqual({ wholesaler: { role: "wholesaler", name: "Bo", text: BO_SAYS } });
    expect(JSON.stringify(bo2.log)).not.toContain(ANN_SAYS);
    expect(JSON.stringify(ann2.log)).not.toContain(BO_SAYS);
    // Too late to write one now.
    bo2.send(AGAIN_MESSAGES.hypothesis, { text: "Something new" });
    expect((await refusal(bo2, AGAIN_MESSAGES.hypothesis)).code).toBe("wrong_phase");

    // Both sketch: the truth, both rounds and both hypotheses go to everyone.
    for (const p of [ann2, bo2]) p.send("debrief:sketch", { points: [{ week: 1, value: 4 }] });
    const [rec] = await Promise.all([ann2.next("round"), bo2.next("round")]);
    const revealed = await stateOf(bo2, (s) => s.revealed);
    expect(Object.keys(revealed.hypotheses).sort()).toEqual(["retailer", "wholesaler"]);
    expect(rec.previous).toMatchObject({ id: finishedId, code, seed: finished.seed });
    expect(rec.previous!.decisions).toEqual(finished.decisions);
    expect(rec.previous!.seats.filter((s) => s.name)).toEqual([
      { role: "retailer", name: "Ann" },
      { role: "wholesaler", name: "Bo" },
    ]);
    expect(rec.options).toMatchObject({ infoSharing: true, weeks: WEEKS });
    expect((finished.options as { infoSharing: boolean }).infoSharing).toBe(false);
    expect(rec.hypotheses).toEqual(
      expect.arrayContaining([
        { role: "retailer", name: "Ann", text: ANN_SAYS },
        { role: "wholesaler", name: "Bo", text: BO_SAYS },
      ]),
    );
    // Both runs re-simulate: this round's from its record, the previous one from what it carries.
    expect(replayRecord(rec).hashes).toEqual(rec.hashes);
    const prev = previousRun(getScenario(rec.scenario), rec)!;
    expect(prev.hashes).toEqual(finished.hashes);

    // The export of the next round: `previous`, the hypotheses, and their events in the log.
    const exp = (await get(`/api/rounds/${rec.id}/export.json`, toAnn.hostToken!)).body as RoundRecord & {
      events: { type: string; data: unknown }[];
    };
    expect(exp.previous?.id).toBe(finishedId);
    expect(exp.hypotheses).toHaveLength(2);
    expect(exp.events.filter((e) => e.type === "hypothesis").map((e) => e.data)).toEqual([
      { role: "retailer", name: "Ann", text: ANN_SAYS },
      { role: "wholesaler", name: "Bo", text: BO_SAYS },
    ]);
    expect(replayRecord(exp).hashes).toEqual(exp.hashes);
    // An anonymous export names departments, not people, in the hypotheses and the previous seats too.
    const anon = (await get(`/api/rounds/${rec.id}/export.json?anonymous=1`, toAnn.hostToken!))
      .body as RoundRecord;
    expect(JSON.stringify(anon)).not.toMatch(/"(Ann|Bo)"/);
    expect(anon.hypotheses?.map((x) => x.name).sort()).toEqual(["Retailer", "Wholesaler"]);
    for (const p of [ann, bo, boBack, watcher, ann2, bo2]) await p.leave();
  });

  it("two players pressing at once open one next round, led by the one heard first", async () => {
    const ann = await Player.create(h, { scenario: "beer-game", options, name: "Ann", role: "retailer" });
    const code = ann.state.code as string;
    const bo = await Player.join(h, code, { name: "Bo", role: "wholesaler" });
    ann.send("host", { hostToken: ann.w.hostToken!, action: "start" });
    await play([ann, bo], () => 4);
    bo.send(AGAIN_MESSAGES.start, {});
    ann.send(AGAIN_MESSAGES.start, {});
    const toBo = await nextOf(bo);
    const toAnn = await nextOf(ann);
    expect(toAnn.code).toBe(toBo.code);
    // Whoever the server heard first leads the next round with a token of its own (neither proved
    // to be the host); the other is only told where to go.
    const [lead, other] = toBo.hostToken ? [toBo, toAnn] : [toAnn, toBo];
    expect([toAnn.by, toBo.by]).toEqual([lead.by, lead.by]);
    expect(lead.hostToken).toBeTruthy();
    expect(lead.hostToken).not.toBe(ann.w.hostToken);
    expect(other.hostToken).toBeUndefined();
    const bo2 = await Player.join(h, toBo.code, { name: "Bo", seatToken: bo.w.seatToken! });
    bo2.send("host", { hostToken: ann.w.hostToken!, action: "start" });
    expect((await refusal(bo2, "host")).code).toBe("not_host");
    bo2.send("host", { hostToken: lead.hostToken!, action: "start" });
    await bo2.until((s) => s.phase === "play");
    for (const p of [ann, bo, bo2]) await p.leave();
  });

  it("the link and the hypotheses survive a server restart", async () => {
    const own = await startHarness({ storage: "sqlite" });
    const ann = await Player.create(own, { scenario: "beer-game", options, name: "Ann", role: "retailer" });
    const code = ann.state.code as string;
    const bo = await Player.join(own, code, { name: "Bo", role: "wholesaler" });
    ann.send("host", { hostToken: ann.w.hostToken!, action: "start" });
    await play([ann, bo], () => 4);
    ann.send(AGAIN_MESSAGES.start, { hostToken: ann.w.hostToken! });
    const next = (await nextOf(bo)).code;
    const ann2 = await Player.join(own, next, { name: "Ann", seatToken: ann.w.seatToken! });
    ann2.send(AGAIN_MESSAGES.hypothesis, { text: ANN_SAYS });
    // Recorded once the round's state shows anything later: a ready mark sent after it.
    ann2.send("ready", { ready: true });
    await ann2.until((s) => s.seats.get("retailer").ready === true);
    await own.game.close();

    const again = await startHarness({ dbFile: own.dbFile! });
    try {
      const boBack = await Player.join(again, code, { name: "Bo", seatToken: bo.w.seatToken! });
      await boBack.until((s) => s.next === next && s.nextBy === "Ann");
      const [annBack, bo2] = [
        await Player.join(again, next, { name: "Ann", seatToken: ann.w.seatToken! }),
        await Player.join(again, next, { name: "Bo", seatToken: bo.w.seatToken! }),
      ];
      expect([annBack.w.role, bo2.w.role]).toEqual(["retailer", "wholesaler"]);
      annBack.send("host", { hostToken: ann.w.hostToken!, action: "start" });
      await play([annBack, bo2], () => 4);
      expect((await stateOf(annBack)).hypotheses).toEqual({
        retailer: { role: "retailer", name: "Ann", text: ANN_SAYS },
      });
      expect((await stateOf(bo2)).hypotheses).toEqual({});
      for (const p of [boBack, annBack, bo2]) await p.leave();
    } finally {
      await again.close();
      // The first server's throwaway folder: the second one was given its file, so it leaves it.
      rmSync(dirname(own.dbFile!), { recursive: true, force: true });
      rmSync(dirname(own.dbFile!), { recursive: true, force: true });
    }
  });
});
