// The storage suite against the real PostgreSQL. Fails (never skips) when it is unreachable.

import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { PostgresStorage } from "../../server/storage/postgres.ts";
import { CohortHeldError } from "../../server/storage/types.ts";
import { storageSuite } from "../server/storage-suite.ts";

const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const schema = `pf_test_${process.pid}_${Date.now().toString(36)}`;

storageSuite(
  "postgres",
  () => PostgresStorage.open({ connectionString: url, schema, poolSize: 4 }),
  "",
  (leaseMs) => PostgresStorage.open({ connectionString: url, schema, poolSize: 4, leaseMs }),
);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const open = (leaseMs: number) =>
  PostgresStorage.open({ connectionString: url, schema, poolSize: 4, leaseMs });
/** Whether a live process other than `s` holds the cohort's lease, as the table records it. */
async function heldElsewhere(s: PostgresStorage, id: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(
      `SELECT 1 FROM ${schema}.cohorts WHERE id = $1 AND owner <> $2
         AND lease_until >= extract(epoch from clock_timestamp()) * 1000`,
      [id, s.owner],
    );
    return rows.length > 0;
  } finally {
    await c.end();
  }
}
const team = (id: string, cohort: string | null) => ({
  id,
  code: id.slice(-6).toUpperCase(),
  scenario: "beer-game",
  version: 1,
  title: "Beer Game",
  status: "lobby" as const,
  week: 0,
  horizon: 36,
  cohort,
});

it("a cohort and its team rounds change owner together; no peer takes a cohort's round alone", async () => {
  const a = await open(150);
  const b = await open(60_000);
  let c: PostgresStorage | undefined;
  try {
    const cohort = `coh-${Date.now().toString(36)}`;
    const [t1, t2, plain] = ["t1", "t2", "p"].map((x) => `${cohort}-${x}`) as [string, string, string];
    await a.createRound(team(t1, cohort), []);
    await a.createRound(team(t2, cohort), []);
    await a.createRound(team(plain, null), []);
    await a.saveCohort({ id: cohort, code: "COH123", data: { v: 1 } });
    expect(a.ownedCohorts()).toEqual([cohort]);
    await sleep(300);

    // a's leases ran out: a peer adopting rounds takes the plain one, never the cohort's teams.
    const rounds = (await b.adoptRounds(1000)).map((r) => r.id);
    expect(rounds).toContain(plain);
    expect(rounds).not.toContain(t1);
    expect(rounds).not.toContain(t2);
    const taken = (await b.adoptCohorts(1000)).find((k) => k.id === cohort);
    expect(taken?.rounds.map((r) => r.id).sort()).toEqual([t1, t2]);
    expect(taken?.rounds.every((r) => r.epoch === 2)).toBe(true);
    expect(b.ownedCohorts()).toContain(cohort);
    expect((await b.adoptCohorts(1000)).find((k) => k.id === cohort)).toBeUndefined();

    // The old owner learns it lost both, and its save of the cohort is refused, writing nothing.
    expect(await a.renewCohortLeases()).toEqual([cohort]);
    expect((await a.renewLeases()).sort()).toEqual([t1, t2, plain].sort());
    await expect(a.saveCohort({ id: cohort, code: "COH123", data: { v: 2 } })).rejects.toBeInstanceOf(
      CohortHeldError,
    );
    expect((await b.getCohort(cohort))?.data).toEqual({ v: 1 });
    await b.saveCohort({ id: cohort, code: "COH123", data: { v: 3 } });
    expect((await b.getCohort(cohort))?.data).toEqual({ v: 3 });

    // Closing releases the cohort with its teams: the next peer adopts them at once.
    await b.close();
    c = await open(60_000);
    const again = (await c.adoptCohorts(1000)).find((k) => k.id === cohort);
    expect(again?.rounds.map((r) => r.id).sort()).toEqual([t1, t2]);
  } finally {
    await c?.close();
    await b.close().catch(() => {});
    await a.close();
  }
});

it("a cohort whose team rounds a live process holds is not taken from it, even with no owner recorded", async () => {
  const a = await open(60_000);
  const b = await open(60_000);
  const sql = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await sql.connect();
  try {
    const cohort = `old-${Date.now().toString(36)}`;
    await a.createRound(team(`${cohort}-t1`, cohort), []);
    // A cohort recorded before cohorts had owners.
    await sql.query(
      "INSERT INTO cohorts (id, code, data, created_at, updated_at) VALUES ($1, 'OLD123', '{}', 0, 0)",
      [cohort],
    );
    expect((await b.adoptCohorts(1000)).map((k) => k.id)).not.toContain(cohort);
    // Once its rounds are free, the cohort is adopted with them.
    await a.close();
    const taken = (await b.adoptCohorts(1000)).find((k) => k.id === cohort);
    expect(taken?.rounds.map((r) => r.id)).toEqual([`${cohort}-t1`]);
  } finally {
    await sql.end();
    await b.close();
    await a.close().catch(() => {});
  }
});

it("a cohort save is never a silent no-op: refused while a live peer holds the lease, a take-over once it ran out", async () => {
  const a = await open(150);
  const b = await open(60_000);
  try {
    const cohort = `held-${Date.now().toString(36)}`;
    await a.saveCohort({ id: cohort, code: "HLD123", data: { v: 1 } });
    expect(await heldElsewhere(b, cohort)).toBe(true);
    expect(await heldElsewhere(a, cohort)).toBe(false);

    // a renews: b's copy is refused and nothing of it is written.
    await expect(b.saveCohort({ id: cohort, code: "HLD123", data: { v: 2 } })).rejects.toBeInstanceOf(
      CohortHeldError,
    );
    const refused = await b.saveCohort({ id: cohort, code: "HLD123", data: { v: 2 } }).catch((e) => e);
    expect(refused).toMatchObject({ status: 503 });
    expect((await b.getCohort(cohort))?.data).toEqual({ v: 1 });
    expect(b.ownedCohorts()).not.toContain(cohort);

    // a stops renewing (gone): once its lease ran out, b's save takes the cohort over and is written.
    await sleep(300);
    expect(await heldElsewhere(b, cohort)).toBe(false);
    await b.saveCohort({ id: cohort, code: "HLD123", data: { v: 3 } });
    expect((await a.getCohort(cohort))?.data).toEqual({ v: 3 });
    expect(b.ownedCohorts()).toContain(cohort);
    expect(await heldElsewhere(a, cohort)).toBe(true);

    // The old owner is fenced: its late save is refused, which tells it it lost the cohort.
    expect(a.ownedCohorts()).toContain(cohort);
    await expect(a.saveCohort({ id: cohort, code: "HLD123", data: { v: 4 } })).rejects.toBeInstanceOf(
      CohortHeldError,
    );
    expect(a.ownedCohorts()).not.toContain(cohort);
    expect(await a.renewCohortLeases()).toEqual([]);
    expect((await b.getCohort(cohort))?.data).toEqual({ v: 3 });

    // Released (its console closed here), the cohort is free: the next save anywhere takes it.
    await b.releaseCohorts([cohort]);
    expect(b.ownedCohorts()).not.toContain(cohort);
    expect(await heldElsewhere(a, cohort)).toBe(false);
    await a.saveCohort({ id: cohort, code: "HLD123", data: { v: 5 } });
    expect(a.ownedCohorts()).toContain(cohort);
    expect((await b.getCohort(cohort))?.data).toEqual({ v: 5 });
  } finally {
    await b.close();
    await a.close();
  }
});

it("a cohort with no live team round is adopted once its owner's lease runs out; a released one waits for a save", async () => {
  const a = await open(150);
  const b = await open(60_000);
  try {
    const stamp = Date.now().toString(36);
    // Still gathering its participants: no team round live (its teams closed, or none opened yet).
    const gathering = `gather-${stamp}`;
    await a.saveCohort({ id: gathering, code: "GTH123", data: { phase: "lobby" } });
    const released = `idle-${stamp}`;
    await a.saveCohort({ id: released, code: "IDL123", data: { phase: "lobby" } });
    await a.releaseCohorts([released]);
    // Held by a live owner: not adopted.
    await a.renewCohortLeases();
    expect((await b.adoptCohorts(1000)).map((k) => k.id)).not.toContain(gathering);

    await sleep(300);
    const adopted = await b.adoptCohorts(1000);
    expect(adopted.find((k) => k.id === gathering)).toEqual({ id: gathering, rounds: [] });
    expect(adopted.map((k) => k.id)).not.toContain(released);
    expect(b.ownedCohorts()).toContain(gathering);
    expect(await a.renewCohortLeases()).toContain(gathering);
    await expect(
      a.saveCohort({ id: gathering, code: "GTH123", data: { phase: "lobby", late: true } }),
    ).rejects.toBeInstanceOf(CohortHeldError);
    expect((await b.getCohort(gathering))?.data).toEqual({ phase: "lobby" });
  } finally {
    await b.close();
    await a.close();
  }
});

it("a cohort is claimed (its lease, not its document) only when no live process holds it or a live team round of it", async () => {
  const a = await open(60_000);
  const b = await open(60_000);
  const c = await open(150);
  try {
    const stamp = Date.now().toString(36);
    expect(await b.claimCohort(`none-${stamp}`)).toBeUndefined();
    const cohort = `claim-${stamp}`;
    await a.saveCohort({ id: cohort, code: "CLM123", data: { v: 1 } });
    // a holds it: refused, nothing taken.
    await expect(b.claimCohort(cohort)).rejects.toBeInstanceOf(CohortHeldError);
    expect(b.ownedCohorts()).not.toContain(cohort);
    expect(await heldElsewhere(b, cohort)).toBe(true);

    // Released: b takes the lease and reads the document as recorded; a's late save is refused.
    await a.releaseCohorts([cohort]);
    expect((await b.claimCohort(cohort))?.data).toEqual({ v: 1 });
    expect(b.ownedCohorts()).toContain(cohort);
    expect(await heldElsewhere(a, cohort)).toBe(true);
    await expect(a.saveCohort({ id: cohort, code: "CLM123", data: { v: 2 } })).rejects.toBeInstanceOf(
      CohortHeldError,
    );
    expect((await b.claimCohort(cohort))?.data).toEqual({ v: 1 });

    // A cohort whose owner's leases ran out but whose team round is not b's: it goes with its rounds,
    // by adoption, never by a claim that would split them.
    const split = `split-${stamp}`;
    await c.createRound(team(`${split}-t1`, split), []);
    await c.saveCohort({ id: split, code: "SPL123", data: { v: 1 } });
    await sleep(300);
    await expect(b.claimCohort(split)).rejects.toBeInstanceOf(CohortHeldError);
    expect(b.ownedCohorts()).not.toContain(split);
    const adopted = (await b.adoptCohorts(1000)).find((k) => k.id === split);
    expect(adopted?.rounds.map((r) => r.id)).toEqual([`${split}-t1`]);
    expect((await b.claimCohort(split))?.data).toEqual({ v: 1 });
  } finally {
    await c.close();
    await b.close();
    await a.close();
  }
});

afterAll(async () => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await c.end();
});
