// The storage suite against the real PostgreSQL. Fails (never skips) when it is unreachable.

import pg from "pg";
import { afterAll } from "vitest";
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

afterAll(async () => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await c.end();
});
