// SQLite appends land in a journal (in commit order); a frozen journal's rows move into each round's
// events a group of rounds at a time. Readers must never see the difference: every event exactly
// once, in order, at every step of a move, across a crash in the middle of one, and with another
// process appending meanwhile; a move that fails must lose nothing.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import Database from "better-sqlite3";
import { afterAll, expect, it, vi } from "vitest";
import { logger } from "../../server/ops/log.ts";
import { SqliteStorage } from "../../server/storage/sqlite.ts";
import { FOLD_ROWS } from "../../server/storage/sqlite-journal.ts";
import { SqliteWriter } from "../../server/storage/sqlite-writer.ts";
import { roundInPlay } from "./storage-suite.ts";

const dir = mkdtempSync(join(tmpdir(), "pf-journal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OWNER = "test/1/x";
const row = (id: string) => ({
  ...roundInPlay(id),
  owner: OWNER,
  leaseUntil: Date.now() + 60_000,
});
const item = (roundId: string, ...data: number[]) => ({
  roundId,
  events: data.map((d) => ({ type: "e", json: JSON.stringify(d) })),
  fence: { owner: OWNER, epoch: 1 },
});
const count = (db: Database.Database, table: string) =>
  db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const seqs = (db: Database.Database, table: string, round: string) =>
  db.prepare(`SELECT seq FROM ${table} WHERE round_id = ? ORDER BY seq`).pluck().all(round) as number[];
const journaled = (db: Database.Database) => count(db, "journal_a") + count(db, "journal_b");

/** A file with the storage's tables and a writer of its own on it (nothing folds unless asked). */
function writerOn(name: string): { db: Database.Database; writer: SqliteWriter; file: string } {
  const file = join(dir, name);
  new SqliteStorage(file).close();
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  return { db, writer: new SqliteWriter(db), file };
}

it("appends land in a journal; a move takes whole rounds in id order, and reads see every event once, in order, at every step", async () => {
  const { db, writer, file } = writerOn("steps.db");
  // Opened before the writes: a store moves what it finds in the journals when it opens.
  const reader = new SqliteStorage(file);
  // Round "a" alone is more than a group's worth of rows, so the move takes at least two steps.
  const big = Array.from({ length: FOLD_ROWS + 5 }, (_, i) => i);
  writer.create(row("b"), item("b", 0));
  writer.create(row("a"), item("a", 0));
  writer.create(row("c"), item("c", 0));
  expect(writer.write([item("a", ...big), item("c", 1), item("b", 1, 2)])).toEqual([null, null, null]);
  expect(count(db, "journal_a")).toBe(3 + big.length + 3);
  expect(count(db, "events")).toBe(0);

  const all = async () => {
    const out: Record<string, number[]> = {};
    for (const id of ["a", "b", "c"]) out[id] = (await reader.events(id)).map((e) => e.seq);
    return out;
  };
  const expected = {
    a: Array.from({ length: big.length + 1 }, (_, i) => i + 1),
    b: [1, 2, 3],
    c: [1, 2],
  };
  expect(await all()).toEqual(expected);

  // Freeze: journal a no longer takes appends.
  expect(writer.journals.foldStep()).toBe(true);
  writer.write([item("c", 2)]);
  expect(seqs(db, "journal_b", "c")).toEqual([3]);
  expected.c.push(3);
  // Reading the frozen journal (fewer rows than a reading step takes) moves nothing yet.
  expect(writer.journals.foldStep()).toBe(true);
  expect(count(db, "events")).toBe(0);
  expect(await all()).toEqual(expected);
  // First group: round "a" whole (more than FOLD_ROWS rows, never split), then the rest.
  expect(writer.journals.foldStep()).toBe(true);
  expect(seqs(db, "events", "a")).toEqual(expected.a);
  expect(seqs(db, "events", "b")).toEqual([]);
  expect(db.prepare("SELECT journal, below FROM folding").get()).toEqual({ journal: "a", below: "b" });
  expect(await all()).toEqual(expected);
  expect(writer.journals.foldStep()).toBe(false);
  expect(count(db, "journal_a")).toBe(0);
  expect(count(db, "folding")).toBe(0);
  expect(seqs(db, "events", "c")).toEqual([1, 2]);
  expect(await all()).toEqual(expected);

  // The next move freezes journal b, and appends go back to a; numbering goes on across tables.
  expect(writer.journals.foldStep()).toBe(true);
  writer.write([item("b", 3)]);
  expect(seqs(db, "journal_a", "b")).toEqual([4]);
  writer.journals.foldAll();
  expect(journaled(db)).toBe(0);
  expected.b.push(4);
  expect(await all()).toEqual(expected);
  expect(seqs(db, "events", "c")).toEqual([1, 2, 3]);
  await reader.close();
  db.close();
});

it("a frozen journal renumbered between reading and moving moves no wrong row: the step fails, the next move takes every row once", () => {
  const { db, writer } = writerOn("renumbered.db");
  for (const id of ["r1", "r2"]) writer.create(row(id), item(id, 0));
  writer.write([item("r1", 1, 2), item("r2", 1)]);
  expect(writer.journals.foldStep()).toBe(true); // freeze
  expect(writer.journals.foldStep()).toBe(true); // read
  // What VACUUM may do to a table without an INTEGER PRIMARY KEY: the same rows under other numbers.
  db.exec("UPDATE journal_a SET rowid = rowid + 1000");
  expect(() => writer.journals.foldStep()).toThrow(/not where it was read/);
  expect(count(db, "events")).toBe(0);
  writer.journals.foldAll();
  expect(journaled(db)).toBe(0);
  const data = (id: string) =>
    db.prepare("SELECT data FROM events WHERE round_id = ? ORDER BY seq").pluck().all(id);
  expect(data("r1")).toEqual(["0", "1", "2"]);
  expect(data("r2")).toEqual(["0", "1"]);
  db.close();
});

it("a frozen journal renumbered between reading steps is not moved in part: the step fails, the next move takes every row once", () => {
  const { db, writer } = writerOn("renumbered-steps.db");
  const ids = ["s1", "s2"];
  for (const id of ids) writer.create(row(id), item(id, 0));
  // Interleaved: both rounds have rows on both sides of the first reading step's end.
  for (let i = 1; i <= 700; i++) writer.write(ids.map((id) => item(id, i)));
  expect(writer.journals.foldStep()).toBe(true); // freeze
  expect(writer.journals.foldStep()).toBe(true); // the first reading step: not all of it
  // Renumbered where the reading goes on from (VACUUM may renumber): the rest would be skipped.
  db.exec("UPDATE journal_a SET rowid = -rowid WHERE rowid > (SELECT min(rowid) + 999 FROM journal_a)");
  expect(() => {
    while (writer.journals.foldStep());
  }).toThrow(/rows where .* were read/);
  expect(count(db, "events")).toBe(0);
  writer.journals.foldAll();
  expect(journaled(db)).toBe(0);
  for (const id of ids) expect(seqs(db, "events", id)).toEqual(Array.from({ length: 701 }, (_, i) => i + 1));
  db.close();
});

it("a journal of many reading steps' rows is moved whole, each round in order", () => {
  const { db, writer } = writerOn("long.db");
  const ids = ["m1", "m2", "m3"];
  for (const id of ids) writer.create(row(id), item(id, 0));
  // Interleaved, as rounds append: 3 × 900 rows, several reading steps' worth.
  for (let i = 1; i <= 900; i++) writer.write(ids.map((id) => item(id, i)));
  let steps = 0;
  while (writer.journals.foldStep()) steps++;
  expect(steps).toBeGreaterThan(3);
  expect(journaled(db)).toBe(0);
  for (const id of ids) expect(seqs(db, "events", id)).toEqual(Array.from({ length: 901 }, (_, i) => i + 1));
  const data = db.prepare("SELECT data FROM events WHERE round_id = 'm2' ORDER BY seq").pluck().all();
  expect(data).toEqual(Array.from({ length: 901 }, (_, i) => String(i)));
  db.close();
});

it("a move cut off by a crash is finished by the next process as it opens the file, which numbers on after every event", async () => {
  const { db, writer, file } = writerOn("crash.db");
  const rounds = Array.from({ length: 30 }, (_, i) => `r${String(i).padStart(2, "0")}`);
  for (const id of rounds) writer.create(row(id), item(id, 0));
  // Twenty events a round: a group is a few rounds (FOLD_ROWS), so the move is cut off part way.
  writer.write(rounds.map((id) => item(id, ...Array.from({ length: 19 }, (_, i) => i + 1))));
  writer.journals.foldStep(); // freeze
  // Read the frozen journal, then move until the first group is in.
  for (let i = 0; i < 20 && count(db, "events") === 0; i++) writer.journals.foldStep();
  expect(count(db, "events")).toBeGreaterThan(0);
  expect(count(db, "events")).toBeLessThan(30 * 20);
  expect(count(db, "folding")).toBe(1);
  writer.write([item("r00", 20)]); // into the other journal
  writer.own({ op: "release", owner: OWNER, rounds: rounds.map((id) => ({ id, epoch: 1 })) });
  // The process dies here: no more steps, no close.
  db.close();

  const next = new SqliteStorage(file, { foldMs: 10 });
  const raw = new Database(file, { readonly: true });
  expect(journaled(raw)).toBe(0);
  expect(count(raw, "folding")).toBe(0);
  expect((await next.events("r00")).map((e) => e.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
  expect((await next.events("r29")).map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  expect(await next.adoptRounds(100)).toHaveLength(30);
  await next.append("r00", [{ type: "e", data: 21 }]);
  await next.append("r29", [{ type: "e", data: 20 }]);
  await vi.waitFor(() => expect(journaled(raw)).toBe(0), { timeout: 5000 });
  expect(count(raw, "folding")).toBe(0);
  expect(seqs(raw, "events", "r00")).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
  expect(seqs(raw, "events", "r29")).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
  expect(count(raw, "events")).toBe(30 * 20 + 2 + 1);
  raw.close();
  await next.close();
});

it("a process appending while another moves a journal writes to the other one, and loses nothing", async () => {
  const one = writerOn("two.db");
  one.writer.create(row("p"), item("p", 0));
  one.writer.write([item("p", 1)]);
  const db2 = new Database(one.file);
  db2.pragma("foreign_keys = ON");
  db2.pragma("busy_timeout = 5000");
  const two = new SqliteWriter(db2);
  two.write([item("p", 2)]); // before the freeze: journal a, like the first
  one.writer.journals.foldStep(); // the first freezes journal a
  two.write([item("p", 3)]); // the second sees the freeze and appends to journal b
  expect(seqs(one.db, "journal_b", "p")).toEqual([4]);
  while (one.writer.journals.foldStep());
  expect(seqs(one.db, "events", "p")).toEqual([1, 2, 3]);
  expect(seqs(one.db, "journal_b", "p")).toEqual([4]);
  // The second, taking up a move the first already finished, leaves it be.
  two.journals.foldAll();
  expect(seqs(one.db, "events", "p")).toEqual([1, 2, 3, 4]);
  expect(journaled(one.db)).toBe(0);
  db2.close();
  one.db.close();
});

it.each(["thread", "main"] as const)(
  "sqlite (commits on %s): the writer moves the journals on its own, and a close leaves them empty",
  async (placement) => {
    const file = join(dir, `own-${placement}.db`);
    const raw = () => new Database(file, { readonly: true });
    const often = new SqliteStorage(file, { writer: placement, foldMs: 10 });
    await often.createRound(row("o"), [{ type: "created", data: 0 }]);
    await often.append("o", [{ type: "e", data: 1 }]);
    const r1 = raw();
    await vi.waitFor(() => expect(journaled(r1)).toBe(0));
    expect(seqs(r1, "events", "o")).toEqual([1, 2]);
    r1.close();
    await often.close();

    // Moving never (within the test): the close moves what is left.
    const rarely = new SqliteStorage(file, { writer: placement, foldMs: 3_600_000 });
    await rarely.adoptRounds(10);
    await rarely.append("o", [{ type: "e", data: 2 }]);
    const r2 = raw();
    expect(journaled(r2)).toBe(1);
    r2.close();
    await rarely.close();
    const r3 = raw();
    expect(journaled(r3)).toBe(0);
    expect(seqs(r3, "events", "o")).toEqual([1, 2, 3]);
    r3.close();
  },
);

it("a move rests between its steps, so that it takes a part of the writer's thread, not all of it", async () => {
  const { db, writer } = writerOn("paced.db");
  const rounds = Array.from({ length: 40 }, (_, i) => `p${String(i).padStart(2, "0")}`);
  for (const id of rounds) writer.create(row(id), item(id, 0));
  // Enough rows for a few dozen steps of a move.
  writer.write(rounds.map((id) => item(id, ...Array.from({ length: 29 }, (_, i) => i + 1))));
  // The steps of the first move, from its freeze to the step that ends it.
  const steps: [began: number, ended: number][] = [];
  let moved = false;
  const step = writer.journals.foldStep.bind(writer.journals);
  writer.journals.foldStep = () => {
    const began = performance.now();
    const more = step();
    if (!moved) steps.push([began, performance.now()]);
    moved ||= !more;
    return more;
  };
  writer.journals.startFolding(5, (m) => expect.fail(m));
  await vi.waitFor(() => expect(moved).toBe(true), { timeout: 10_000 });
  writer.journals.stopFolding();
  expect(count(db, "events")).toBe(40 * 30);
  expect(steps.length).toBeGreaterThan(20);
  // From the first step's start to the last one's end, the steps' own time is about a quarter
  // (FOLD_REST 3, give or take the timers' millisecond); back to back it would be nearly all of it.
  const busy = steps.reduce((sum, [b, e]) => sum + (e - b), 0);
  const span = steps.at(-1)![1] - steps[0]![0];
  expect(busy / span).toBeLessThan(0.5);
  db.close();
});

it("a move that fails leaves its rows in the journal, read once each, and says so once", async () => {
  const { db, writer, file } = writerOn("stuck.db");
  const reader = new SqliteStorage(file);
  writer.create(row("d"), item("d", 0));
  writer.journals.foldAll();
  // A row no writer makes (its number is taken): the journal has no key to refuse it, the move does.
  db.prepare("INSERT INTO journal_a (round_id, seq, at, type, data) VALUES ('d', 1, 0, 'e', '9')").run();
  writer.write([item("d", 1)]);
  const warnings: string[] = [];
  writer.journals.startFolding(5, (m) => warnings.push(m));
  await new Promise((r) => setTimeout(r, 80));
  writer.journals.stopFolding();
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(/events stay in the journal for now .*UNIQUE/);
  // Everything else moved; the row that cannot be is still in its journal.
  expect(count(db, "events")).toBe(2);
  expect(journaled(db)).toBe(1);
  const read = (await reader.events("d")).map((e) => [e.seq, e.data]);
  expect(read.sort()).toEqual([
    [1, 0],
    [1, 9],
    [2, 1],
  ]);
  await reader.close();
  db.close();
});

it.each(["thread", "main"] as const)(
  "sqlite (commits on %s): killed while journals are being moved all the time, it keeps every acknowledged append, once",
  async (placement) => {
    const file = join(dir, `killed-${placement}.db`);
    const rounds = 7;
    // Moves every 3 ms: one is nearly always under way when the kill comes.
    const child = spawn(
      process.execPath,
      [join(import.meta.dirname, "../support/steady-appender.ts"), file, placement, String(rounds), "3"],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let acked = -1;
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const m = /^acked (\d+)$/.exec(line);
      if (m) acked = Number(m[1]);
    });
    await expect.poll(() => acked, { timeout: 30_000, interval: 20 }).toBeGreaterThan(1500);
    const watch = new Database(file, { readonly: true });
    // Moves have happened: events hold rows of every round.
    expect(watch.prepare("SELECT count(DISTINCT round_id) FROM events").pluck().get()).toBe(rounds);
    watch.close();
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
    const last = acked;

    const s = new SqliteStorage(file, { writer: placement });
    try {
      let total = 0;
      for (let r = 0; r < rounds; r++) {
        const events = (await s.events(r === 0 ? "k" : `k${r}`)).slice(1);
        total += events.length;
        // Each round's appends in order, none missing, none twice: r, r + 7, r + 14…
        expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 2));
        expect(events.filter((e, i) => !String(e.data).startsWith(`${r + i * rounds}k`))).toEqual([]);
      }
      expect(total).toBeGreaterThan(last);
      const raw = new Database(file, { readonly: true });
      expect(journaled(raw)).toBe(0);
      raw.close();
    } finally {
      await s.close();
    }
  },
);

it("a store whose opening move fails says so, still reads every row, and appends after them", async () => {
  const { db, writer, file } = writerOn("open-fails.db");
  writer.create(row("f"), item("f", 0));
  writer.journals.foldAll();
  // Left by a killed process, with a row the move cannot take (its number is taken in events).
  db.prepare("INSERT INTO journal_a (round_id, seq, at, type, data) VALUES ('f', 1, 0, 'e', '9')").run();
  writer.write([item("f", 1)]);
  writer.own({ op: "release", owner: OWNER, rounds: [{ id: "f", epoch: 1 }] });
  db.close();

  const warn = vi.spyOn(logger, "warn");
  try {
    const s = new SqliteStorage(file, { writer: "main", foldMs: 3_600_000 });
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringMatching(/events stay in the journal for now .*UNIQUE/),
    ]);
    expect((await s.events("f")).map((e) => e.seq).sort()).toEqual([1, 1, 2]);
    expect(await s.adoptRounds(10)).toMatchObject([{ id: "f" }]);
    await s.append("f", [{ type: "e", data: 2 }]);
    expect((await s.events("f", { afterSeq: 2 })).map((e) => [e.seq, e.data])).toEqual([[3, 2]]);
    await s.close();
  } finally {
    warn.mockRestore();
  }
});
