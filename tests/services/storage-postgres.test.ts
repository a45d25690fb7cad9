// The storage suite against the real PostgreSQL. Fails (never skips) when it is unreachable.

import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { PostgresStorage } from "../../server/storage/postgres.ts";
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

    // The old owner learns it lost both, and its save of the cohort changes nothing.
    expect(await a.renewCohortLeases()).toEqual([cohort]);
    expect((await a.renewLeases()).sort()).toEqual([t1, t2, plain].sort());
    await a.saveCohort({ id: cohort, code: "COH123", data: { v: 2 } });
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

afterAll(async () => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await c.end();
});
