// Who may read what over HTTP: no join code of a live round in listings, tokens only in the
// Authorization header (never in the address), and players' names in a revealed round's export only
// for those who may replay it.

import { afterAll, beforeAll, expect, it } from "vitest";
import type { RoundRecord } from "../../shared/protocol/messages.ts";
import { type Harness, Player, startHarness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

it("listings carry no join codes; tokens count only in the header; anonymous exports name departments", async () => {
  const p = await Player.create(h, {
    scenario: "beer-game",
    options: { weeks: 2, warmupWeeks: 0 },
    name: "Annabel Quist",
    role: "retailer",
  });
  const code = p.state.code as string;
  const hostToken = p.w.hostToken!;
  const seatToken = p.w.seatToken!;
  p.send("host", { hostToken, action: "start" });
  await p.until((s) => s.phase === "play");

  const listing = await (await fetch(`${h.http}/api/rounds?status=play`)).text();
  expect(listing).not.toContain(code);
  const [row] = JSON.parse(listing) as { id: string }[];
  const id = row!.id;

  // A live round: the host's token opens its export in the header, never in the address.
  const live = `${h.http}/api/rounds/${id}/export.json`;
  expect((await fetch(`${live}?hostToken=${hostToken}`)).status).toBe(403);
  expect((await fetch(live, bearer(hostToken))).status).toBe(200);
  expect((await fetch(`${h.http}/api/rounds/${id}/replay?token=${hostToken}`)).status).toBe(403);
  expect((await fetch(`${h.http}/api/rounds/${id}/replay?hostToken=${hostToken}`)).status).toBe(403);
  const replay = await (await fetch(`${h.http}/api/rounds/${id}/replay`, bearer(hostToken))).json();
  expect(replay.replayId).toMatch(new RegExp(`^${id}-[0-9a-f]{32}$`));

  for (const week of [1, 2]) {
    p.send("decide", { week, decision: { order: 5 } });
    await p.until((s) => s.week === week || s.phase === "debrief");
  }
  await p.until((s) => s.phase === "debrief");
  p.send("debrief:reveal", { hostToken });
  const rec = (await p.next("round")) as RoundRecord;
  expect(rec.id).toBe(id);

  // Revealed: anyone may export it, but only those who may replay it see the names.
  const anonymous = await (await fetch(`${h.http}/api/rounds/${id}/export.json`)).text();
  expect(anonymous).not.toContain("Annabel");
  expect(JSON.parse(anonymous).seats[0]).toMatchObject({ role: "retailer", name: "Retailer" });
  expect(await (await fetch(`${h.http}/api/rounds/${id}/export.csv`)).text()).not.toContain("Annabel");
  for (const opened of [
    await fetch(`${h.http}/api/rounds/${id}/export.json`, bearer(seatToken)),
    await fetch(`${h.http}/api/rounds/${id}/export.json`, bearer(hostToken)),
    await fetch(`${h.http}/api/rounds/${replay.replayId}/export.json`),
  ]) {
    expect(opened.status).toBe(200);
    expect((await opened.json()).seats[0]).toMatchObject({ role: "retailer", name: "Annabel Quist" });
  }
  // A wrong secret in a replay id opens nothing more than the plain id.
  const wrong = await fetch(`${h.http}/api/rounds/${id}-${"0".repeat(32)}/export.json`);
  expect(await wrong.text()).not.toContain("Annabel");
  await p.leave();
});
