// A round that cannot be restored is left as recorded — never marked closed — and reported; an
// operator lists such rounds and retries one once what stopped it is fixed.

import Database from "better-sqlite3";
import { afterEach, expect, it } from "vitest";
import { type Harness, Player, startHarness } from "./harness.ts";

const OPERATOR = "operator-secret-123";
const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close().catch(() => {});
});

it("a failed restore leaves the round in play, is listed for the operator, and a retry restores it once fixed", async () => {
  const first = await startHarness({ storage: "sqlite" });
  const dbFile = first.dbFile!;
  const p = await Player.create(first, {
    scenario: "beer-game",
    options: { weeks: 8, warmupWeeks: 0 },
    name: "Ann",
    role: "retailer",
  });
  const code = p.state.code as string;
  p.send("host", { hostToken: p.w.hostToken!, action: "start" });
  p.send("decide", { week: 1, decision: { order: 9 } });
  await p.until((s) => s.week === 1);
  await p.leave();
  // A graceful stop keeps the round restorable.
  await first.game.close();

  // The recorded week no longer re-simulates to its hash.
  const db = new Database(dbFile);
  const row = db.prepare("SELECT round_id, seq, data FROM events WHERE type = 'week'").get() as {
    round_id: string;
    seq: number;
    data: string;
  };
  const tampered = JSON.parse(row.data);
  tampered.decisions.retailer.order = 10;
  const setWeek = (data: string) =>
    db.prepare("UPDATE events SET data = ? WHERE round_id = ? AND seq = ?").run(data, row.round_id, row.seq);
  setWeek(JSON.stringify(tampered));

  const second = await startHarness({ dbFile, operatorToken: OPERATOR });
  open.push(second);
  expect(second.game.restored).toMatchObject([{ id: row.round_id, code, ok: false }]);
  expect((await fetch(`${second.http}/api/rooms/${code}`)).status).toBe(404);
  const listed = await (await fetch(`${second.http}/api/rounds?status=play`)).json();
  expect(listed.map((r: { id: string }) => r.id)).toEqual([row.round_id]);

  const auth = { authorization: `Bearer ${OPERATOR}` };
  expect((await fetch(`${second.http}/api/operator/restores`)).status).toBe(401);
  const failures = await (await fetch(`${second.http}/api/operator/restores`, { headers: auth })).json();
  expect(failures).toMatchObject([{ id: row.round_id, code, attempts: 1 }]);
  expect(failures[0].error).toMatch(/diverged at week 1/);

  const retry = (id: string) =>
    fetch(`${second.http}/api/operator/rounds/${id}/restore`, { method: "POST", headers: auth });
  const still = await retry(row.round_id);
  expect(still.status).toBe(422);
  expect((await (await fetch(`${second.http}/api/rounds?status=play`)).json()).length).toBe(1);

  // The operator puts the week back as it was recorded and retries.
  setWeek(row.data);
  db.close();
  const ok = await retry(row.round_id);
  expect(ok.status).toBe(200);
  expect(await ok.json()).toMatchObject({ id: row.round_id, ok: true });
  expect(await (await fetch(`${second.http}/api/rooms/${code}`)).json()).toMatchObject({
    phase: "play",
    week: 1,
  });
  expect(await (await fetch(`${second.http}/api/operator/restores`, { headers: auth })).json()).toEqual([]);
  expect((await retry(row.round_id)).status).toBe(409);
  expect((await retry("no-such-round")).status).toBe(404);
});

it("operator endpoints are off without an operator token", async () => {
  const h = await startHarness();
  open.push(h);
  const res = await fetch(`${h.http}/api/operator/restores`, { headers: { authorization: "Bearer x" } });
  expect(res.status).toBe(404);
});

it("the operator's retry refuses, with the reason, a round live here, a closed one and one another process owns (409)", async () => {
  const h = await startHarness({ storage: "sqlite", operatorToken: OPERATOR });
  open.push(h);
  const live = await Player.create(h, { scenario: "beer-game", name: "Ann", role: "retailer" });
  const code = live.state.code as string;
  // Rows as other processes leave them: a closed round, and a round another host holds a lease on.
  const db = new Database(h.dbFile!);
  const liveId = (db.prepare("SELECT id FROM rounds WHERE code = ?").get(code) as { id: string }).id;
  const insert = db.prepare(
    `INSERT INTO rounds (id, code, scenario, version, title, status, week, horizon, cohort, created_at,
       ended_at, owner, epoch, lease_until) VALUES (?, ?, 'beer-game', 1, 'Beer Game', ?, 3, 36, NULL, ?, NULL, ?, 1, ?)`,
  );
  insert.run("round-closed", "SHUT22", "closed", Date.now(), null, 0);
  insert.run("round-elsewhere", "THERE2", "play", Date.now(), "elsewhere/1/x", Date.now() + 3_600_000);
  db.close();

  const retry = async (id: string) => {
    const res = await fetch(`${h.http}/api/operator/rounds/${id}/restore`, {
      method: "POST",
      headers: { authorization: `Bearer ${OPERATOR}` },
    });
    return { status: res.status, error: ((await res.json()) as { error?: string }).error };
  };
  expect(await retry(liveId)).toEqual({
    status: 409,
    error: `round ${liveId} is live in this process already (code ${code})`,
  });
  expect(await retry("round-closed")).toEqual({
    status: 409,
    error: "round round-closed is closed: there is nothing to restore",
  });
  expect(await retry("round-elsewhere")).toEqual({
    status: 409,
    error:
      "round round-elsewhere is not owned by this process: retry it on the process whose /api/operator/restores lists it",
  });
  // Nothing was restored or taken from its owner.
  expect((await fetch(`${h.http}/api/rooms/THERE2`)).status).toBe(404);
  const after = new Database(h.dbFile!, { readonly: true });
  expect(after.prepare("SELECT owner FROM rounds WHERE id = 'round-elsewhere'").get()).toEqual({
    owner: "elsewhere/1/x",
  });
  after.close();
  await live.leave();
});
