import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, expect, it } from "vitest";
import { SqliteStorage } from "../../server/storage/sqlite.ts";
import { Checkpoints } from "../../server/storage/sqlite-checkpoints.ts";
import { FencedError, StorageUnavailableError } from "../../server/storage/types.ts";
import { roundInPlay, storageSuite } from "./storage-suite.ts";

const dir = mkdtempSync(join(tmpdir(), "pf-sqlite-"));
const file = join(dir, "rounds.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
storageSuite(
  "sqlite",
  async () => new SqliteStorage(file, { writer: "thread" }),
  "",
  async (leaseMs) => new SqliteStorage(file, { leaseMs, writer: "thread" }),
);
// With one core the appending thread commits (the default there): the same contract.
const mainFile = join(dir, "rounds-main.db");
storageSuite(
  "sqlite, commits on the appending thread",
  async () => new SqliteStorage(mainFile, { writer: "main" }),
  "",
  async (leaseMs) => new SqliteStorage(mainFile, { leaseMs, writer: "main" }),
);
storageSuite("sqlite in memory", async () => new SqliteStorage(":memory:"));

const row = roundInPlay;

it("sqlite: data survives reopening the file", async () => {
  const f = join(dir, "reopen.db");
  const a = new SqliteStorage(f);
  await a.createRound(row("x"), [{ type: "created", data: { seed: 1 } }]);
  await a.close();
  const b = new SqliteStorage(f);
  expect((await b.events("x")).map((e) => e.type)).toEqual(["created"]);
  await b.close();
});

it("sqlite: a file from before cohorts gains the column and keeps its rounds", async () => {
  const { default: Database } = await import("better-sqlite3");
  const f = join(dir, "old.db");
  const old = new Database(f);
  old.exec(`CREATE TABLE rounds (id TEXT PRIMARY KEY, code TEXT NOT NULL, scenario TEXT NOT NULL,
    version INTEGER NOT NULL, title TEXT NOT NULL, status TEXT NOT NULL, week INTEGER NOT NULL,
    horizon INTEGER NOT NULL, created_at INTEGER NOT NULL, ended_at INTEGER)`);
  old.prepare("INSERT INTO rounds VALUES ('o', 'ABCDEF', 's', 1, 't', 'closed', 3, 3, 1, 2)").run();
  old.close();
  const s = new SqliteStorage(f);
  expect(await s.getRound("o")).toMatchObject({ id: "o", cohort: null, week: 3 });
  await s.close();
});

const PLACEMENTS = ["thread", "main"] as const;

/** Two processes' stores on one file: `a` with a lease short enough to run out in a test, `b` to adopt. */
async function twoStores(
  name: string,
  writer: (typeof PLACEMENTS)[number],
  use: (a: SqliteStorage, b: SqliteStorage) => Promise<void>,
): Promise<void> {
  const f = join(dir, name);
  const a = new SqliteStorage(f, { leaseMs: 100, writer });
  const b = new SqliteStorage(f, { writer });
  try {
    await use(a, b);
  } finally {
    await b.close();
    await a.close();
  }
}

/**
 * Lets `a`'s lease on round "r" run out, has `b` adopt it, and checks that `a`'s next append is fenced;
 * then `b` appends `next` and the round holds `data` (each event's data, in order).
 */
async function adoptionFences(
  a: SqliteStorage,
  b: SqliteStorage,
  next: number,
  data: number[],
): Promise<void> {
  await new Promise((r) => setTimeout(r, 250));
  expect((await b.adoptRounds(10)).map((r) => r.id)).toEqual(["r"]);
  await expect(a.append("r", [{ type: "stale", data: 0 }])).rejects.toBeInstanceOf(FencedError);
  // A renewal that finds the round taken reports it lost; the next append is still refused.
  expect(await a.renewLeases()).toEqual(["r"]);
  await expect(a.append("r", [{ type: "stale", data: 0 }])).rejects.toBeInstanceOf(FencedError);
  await b.append("r", [{ type: "x", data: next }]);
  expect((await b.events("r")).map((e) => e.data)).toEqual(data);
}

it.each(PLACEMENTS)(
  "sqlite (commits on %s): event numbers run on across batches, and after a batch that failed",
  async (writer) => {
    const s = new SqliteStorage(join(dir, `seq-${writer}.db`), { writer });
    await s.createRound(row("a"), [{ type: "created", data: null }]);
    // One append per batch (each awaited), then a batch in which one append fails (no such round).
    for (let i = 1; i <= 3; i++) await s.append("a", [{ type: "e", data: i }]);
    const mixed = await Promise.allSettled([
      s.append("a", [{ type: "e", data: 4 }]),
      s.append("missing", [{ type: "e", data: 0 }], { week: 1 }),
      s.append("a", [{ type: "e", data: 5 }]),
    ]);
    expect(mixed.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    await s.append("a", [{ type: "e", data: 6 }]);
    const events = await s.events("a");
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(events.slice(1).map((e) => e.data)).toEqual([1, 2, 3, 4, 5, 6]);
    await s.close();
  },
);

it.each(PLACEMENTS)(
  "sqlite (commits on %s): an append right after another process adopted the round is fenced, with no renewal between",
  async (writer) => {
    // The writer keeps each round's owner between batches; a claim written through another connection
    // must still stop the next append here.
    await twoStores(`fence-${writer}.db`, writer, async (a, b) => {
      await a.createRound(row("r"), [{ type: "created", data: 1 }]);
      await a.append("r", [{ type: "x", data: 2 }]);
      await adoptionFences(a, b, 3, [1, 2, 3]);
    });
  },
);

it.each(PLACEMENTS)(
  "sqlite (commits on %s): a renewal keeps the round's owner for the next appends, and an adoption after it still fences them",
  async (writer) => {
    // The writer remembers each round's owner across renewals (they change neither owner nor epoch).
    await twoStores(`renew-${writer}.db`, writer, async (a, b) => {
      await a.createRound(row("r"), [{ type: "created", data: 1 }]);
      await a.append("r", [{ type: "x", data: 2 }]);
      // renewLeases answers the rounds it lost: none.
      expect(await a.renewLeases()).toEqual([]);
      await a.append("r", [{ type: "x", data: 3 }]);
      await adoptionFences(a, b, 4, [1, 2, 3, 4]);
    });
  },
);

// On the appending thread, where a commit is durable when it returns (on the writer thread the reply
// comes in a later turn either way).
it("sqlite (commits on main): appends of one turn of the event loop commit at its end, unless the turn runs long", async () => {
  const s = new SqliteStorage(join(dir, "turn.db"), { writer: "main" });
  await s.createRound(row("t"), [{ type: "created", data: null }]);
  const turn = async (busyMs: number) => {
    const order: string[] = [];
    setImmediate(() => order.push("turn ends"));
    const first = s.append("t", [{ type: "e", data: 1 }]).then(() => order.push("first durable"));
    // Other work in the same turn (messages of other rooms, say).
    const until = performance.now() + busyMs;
    while (performance.now() < until);
    const second = s.append("t", [{ type: "e", data: 2 }]).then(() => order.push("second durable"));
    await Promise.all([first, second]);
    await new Promise((r) => setImmediate(r));
    return order;
  };
  // A short turn: both wait for its end and commit together.
  expect(await turn(0)).toEqual(["turn ends", "first durable", "second durable"]);
  // A long one: the first has waited long enough; the batch goes before the turn ends.
  const long = await turn(3);
  expect(long.indexOf("first durable")).toBeLessThan(long.indexOf("turn ends"));
  expect((await s.events("t")).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  await s.close();
});

it("sqlite: a store that only reads never starts its writer thread, and still creates its tables", async () => {
  const f = join(dir, "reads-only.db");
  const s = new SqliteStorage(f, { writer: "thread" });
  expect(await s.listRounds()).toEqual([]);
  expect(await s.getRound("none")).toBeUndefined();
  expect(await s.adoptRounds(10)).toEqual([]);
  expect(await s.renewLeases()).toEqual([]);
  await s.close();
  expect(s.writerStarted).toBe(false);
  const { default: Database } = await import("better-sqlite3");
  const raw = new Database(f, { readonly: true });
  const tables = raw
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all();
  raw.close();
  expect(tables).toEqual(["cohorts", "events", "folding", "journal_a", "journal_b", "rounds"]);
});

it.each(PLACEMENTS)(
  "sqlite (commits on %s): the first write is committed before it resolves, and later ones follow in order",
  async (writer) => {
    const f = join(dir, `first-write-${writer}.db`);
    const s = new SqliteStorage(f, { writer });
    const { default: Database } = await import("better-sqlite3");
    // Read through a connection of its own while the store is still open: committed, not just queued.
    const committed = () => {
      const raw = new Database(f, { readonly: true });
      const rows = raw.prepare("SELECT data FROM event_log WHERE round_id = 'w' ORDER BY seq").pluck().all();
      raw.close();
      return rows;
    };
    try {
      expect(s.writerStarted).toBe(false);
      await s.createRound(row("w"), [{ type: "created", data: 0 }]);
      // Only a writer thread starts (with the first write); commits on the appending thread need none.
      expect(s.writerStarted).toBe(writer === "thread");
      expect(committed()).toEqual(["0"]);
      await Promise.all([1, 2, 3].map((i) => s.append("w", [{ type: "e", data: i }])));
      expect(committed()).toEqual(["0", "1", "2", "3"]);
    } finally {
      await s.close();
    }
  },
);

it("sqlite: a writer thread that cannot open the file fails the first write with a clear error, and closing still works", async () => {
  const gone = mkdtempSync(join(tmpdir(), "pf-sqlite-gone-"));
  const s = new SqliteStorage(join(gone, "rounds.db"), { writer: "thread" });
  // The directory goes away after start-up, before the first write starts the thread.
  rmSync(gone, { recursive: true, force: true });
  await expect(s.createRound(row("g"), [{ type: "created", data: 0 }])).rejects.toThrow(
    /storage writer failed/,
  );
  await expect(s.append("g", [{ type: "e", data: 1 }])).rejects.toThrow(/storage writer failed/);
  // A cohort's save fails as storage away does (the routes answer 503 "try again"), not as a bug.
  await expect(s.saveCohort({ id: "c", code: "C", data: {} })).rejects.toBeInstanceOf(
    StorageUnavailableError,
  );
  await s.close();
});

/** The database file's size: what checkpoints have copied back from the log so far. */
const fileSize = (f: string) => statSync(f).size;

it.each(PLACEMENTS)(
  "sqlite (commits on %s): checkpoints copy the log back into the file while the store is open",
  async (writer) => {
    const f = join(dir, `checkpointed-${writer}.db`);
    const s = new SqliteStorage(f, { writer });
    try {
      const before = fileSize(f);
      await s.createRound(row("c"), [{ type: "created", data: 0 }]);
      const big = "x".repeat(2000);
      for (let i = 0; i < 50; i++) await s.append("c", [{ type: "e", data: big }]);
      // Nothing else checkpoints this file (automatic checkpoints are off on every connection).
      await expect.poll(() => fileSize(f), { timeout: 10_000 }).toBeGreaterThan(before + 50 * 2000);
    } finally {
      await s.close();
    }
  },
);

it.each(PLACEMENTS)(
  "sqlite (commits on %s): under steady writes the log starts over instead of growing, and keeps every event",
  async (writer) => {
    const f = join(dir, `restarted-${writer}.db`);
    // Checkpoints every 20 ms; a log of 64 frames (pages of 4 KB) is long enough to start over.
    const s = new SqliteStorage(f, { writer, checkpointMs: 20, restartFrames: 64 });
    const appends = 3000;
    try {
      await s.createRound(row("w"), [{ type: "created", data: 0 }]);
      // The checkpoint thread starts with the first write: once it has copied something back, it runs.
      const before = fileSize(f);
      await expect.poll(() => fileSize(f), { timeout: 10_000 }).toBeGreaterThan(before);
      const body = "z".repeat(600);
      // Steady appends, each committed before the next: the checkpoint thread never finds a moment
      // with every frame copied back.
      for (let i = 0; i < appends; i++) {
        await s.append("w", [{ type: "e", data: `${i}${body}` }]);
        if (i % 10 === 9) await new Promise((r) => setTimeout(r, 1));
      }
      // Each commit writes a frame or more: never starting over, the log would hold 3000 or more.
      const frames = fileSize(`${f}-wal`) / 4120;
      expect(frames).toBeLessThan(appends / 2);
      const events = await s.events("w");
      expect(events).toHaveLength(appends + 1);
      expect(events.at(-1)!.data).toBe(`${appends - 1}${body}`);
    } finally {
      await s.close();
    }
  },
);

it.each(PLACEMENTS)(
  "sqlite (commits on %s): killed while its log keeps starting over, it keeps every acknowledged append",
  async (writer) => {
    const f = join(dir, `killed-${writer}.db`);
    const child = spawn(
      process.execPath,
      [join(import.meta.dirname, "../support/steady-appender.ts"), f, writer],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let acked = -1;
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const m = /^acked (\d+)$/.exec(line);
      if (m) acked = Number(m[1]);
    });
    // Past 1,500 appends the log has started over many times (64 frames each, ~3 frames an append).
    await expect.poll(() => acked, { timeout: 30_000, interval: 20 }).toBeGreaterThan(1500);
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
    const last = acked;
    // It did start over meanwhile (never starting over, the log would hold a frame or more per append).
    expect(fileSize(`${f}-wal`) / 4120).toBeLessThan(last / 2);
    const s = new SqliteStorage(f, { writer });
    try {
      const events = (await s.events("k")).slice(1);
      expect(events.length).toBeGreaterThan(last);
      // In order, none missing: the i-th append's data begins with its number.
      expect(events.filter((e, i) => !String(e.data).startsWith(`${i}k`))).toEqual([]);
    } finally {
      await s.close();
    }
  },
);

it("sqlite: when the checkpoint thread fails, the writer's connection checkpoints instead, with a warning", async () => {
  const { default: Database } = await import("better-sqlite3");
  const f = join(dir, "fallback.db");
  const db = new Database(f);
  db.pragma("journal_mode = WAL");
  db.pragma("wal_autocheckpoint = 0");
  db.exec("CREATE TABLE t (x TEXT)");
  const warnings: string[] = [];
  // The thread opens a file that cannot exist, so it fails at once.
  const checkpoints = new Checkpoints(join(dir, "no-such-dir", "x.db"), 50, db, (m) => warnings.push(m));
  try {
    const before = fileSize(f);
    const insert = db.prepare("INSERT INTO t VALUES (?)");
    for (let i = 0; i < 50; i++) insert.run("y".repeat(2000));
    checkpoints.start();
    await expect.poll(() => warnings.length, { timeout: 10_000 }).toBe(1);
    expect(warnings[0]).toMatch(/checkpoint thread failed .*the writer checkpoints instead/);
    await expect.poll(() => fileSize(f), { timeout: 10_000 }).toBeGreaterThan(before + 50 * 2000);
  } finally {
    await checkpoints.stop();
    db.close();
  }
});
