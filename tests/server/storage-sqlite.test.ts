import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { SqliteStorage } from "../../server/storage/sqlite.ts";
import { storageSuite } from "./storage-suite.ts";

const dir = mkdtempSync(join(tmpdir(), "pf-sqlite-"));
const file = join(dir, "rounds.db");
storageSuite("sqlite", async () => new SqliteStorage(file));

it("sqlite: data survives reopening the file", async () => {
  const f = join(dir, "reopen.db");
  const a = new SqliteStorage(f);
  await a.createRound(
    { id: "x", code: "ABCDEF", scenario: "s", version: 1, title: "t", status: "play", week: 0, horizon: 3 },
    [{ type: "created", data: { seed: 1 } }],
  );
  await a.close();
  const b = new SqliteStorage(f);
  expect((await b.events("x")).map((e) => e.type)).toEqual(["created"]);
  await b.close();
});
