// Where SQLite appends land: two journal tables in commit order, taking turns, and each round's log
// in `events` (keyed by round and event number, for reading one round). Written straight into
// `events`, a commit wrote one page per round it touched (about one 4 KB log frame per event, two
// system calls each, and as many pages copied back by every checkpoint); in a journal it writes the
// last page or two. Every few seconds the current journal is frozen (appends go to the other) and
// its rows move into `events` a group of rounds per transaction, each round's rows together, so a
// round's page is written once per fold and a commit never waits for more than one step. A marker
// row says how far the fold has come, so that a row is always read from exactly one table, across
// crashes and processes sharing the file.

import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";

export const JOURNAL_SCHEMA = `
CREATE TABLE IF NOT EXISTS journal_a (
  round_id TEXT NOT NULL REFERENCES rounds (id),
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS journal_b (
  round_id TEXT NOT NULL REFERENCES rounds (id),
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL
);
-- While a journal is being moved: its rows of rounds before 'below' (in id order) are in events.
-- 'id' names the move, so a process that stalled never continues someone else's later one.
CREATE TABLE IF NOT EXISTS folding (
  journal TEXT PRIMARY KEY CHECK (journal IN ('a', 'b')),
  below TEXT NOT NULL,
  id TEXT NOT NULL
);
-- Every recorded event, moved or not, each once: what readers (and the sqlite3 prompt) query.
CREATE VIEW IF NOT EXISTS event_log AS
  SELECT round_id, seq, at, type, data FROM events
  UNION ALL SELECT round_id, seq, at, type, data FROM journal_a
    WHERE round_id >= coalesce((SELECT below FROM folding WHERE journal = 'a'), '')
  UNION ALL SELECT round_id, seq, at, type, data FROM journal_b
    WHERE round_id >= coalesce((SELECT below FROM folding WHERE journal = 'b'), '');
`;

/**
 * How often a journal is frozen and moved. Longer: fewer pages written per event (a round's page once
 * per fold), but more rows read at each freeze and left in the journals after a crash.
 */
export const FOLD_MS = 2000;

/**
 * Rows moved per transaction (whole rounds, so a little more): a few tenths of a millisecond's work,
 * which is what a commit (and, where commits run on the rooms' thread, a room) may wait for.
 */
export const FOLD_ROWS = 50;

/** Rows of a frozen journal read per step (no transaction: nothing writes a frozen journal). */
const READ_ROWS = 250;

/**
 * Between two steps of a move the writer rests this many times as long as the step took, so a move
 * takes at most a quarter of its thread. Back to back, the steps of a move at 500 busy rooms held the
 * thread for 200 ms every 2 s, and a third of the decisions shown late were shown in those 200 ms.
 */
export const FOLD_REST = 3;

type Name = "a" | "b";
const other = (j: Name): Name => (j === "a" ? "b" : "a");
type Marker = { journal: Name; below: string; id: string };
/** What a move reads of a journal's row: where it is, and where it goes. The rest stays in SQLite. */
type Row = [rowid: number, roundId: string, seq: number];
/** SQLite's order for text (BINARY: the UTF-8 bytes), which the view's `round_id >= below` uses. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** A frozen journal being moved: read in steps, then moved a group of rounds per step. */
interface Fold {
  journal: Name;
  id: string;
  /** The marker as this fold last wrote or read it: rounds before it are in events already. */
  below: string;
  /** While reading: rows by round, the last rowid read, and how many rows were read in all. */
  byRound: Map<string, Row[]> | undefined;
  lastRowid: number;
  rowsRead: number;
  /** Once read: each round's rows in order, the rounds in SQLite's order, and the next to move. */
  rounds: Row[][];
  next: number;
}

export class Journals {
  private readonly insert: Record<Name, Database.Statement>;
  private readonly rowsAfter: Record<Name, Database.Statement>;
  private readonly clear: Record<Name, Database.Statement>;
  private readonly holdsRows: Record<Name, Database.Statement>;
  private readonly countRows: Record<Name, Database.Statement>;
  private readonly marker: Database.Statement;
  private readonly setMarker: Database.Statement;
  private readonly advance: Database.Statement;
  private readonly dropMarker: Database.Statement;
  private readonly moveRow: Record<Name, Database.Statement>;
  private readonly maxSeq: Database.Statement;
  private readonly freezeTx: Database.Transaction<() => boolean>;
  private readonly moveTx: Database.Transaction<(f: Fold) => boolean>;
  /** The journal appends go to (as of this connection's last look: `refresh`). */
  private current: Name = "a";
  private fold: Fold | undefined;
  private timer: NodeJS.Timeout | undefined;
  private step: NodeJS.Timeout | undefined;
  private warned: string | undefined;

  constructor(db: Database.Database) {
    const each = (sql: (t: string) => string) => ({
      a: db.prepare(sql("journal_a")),
      b: db.prepare(sql("journal_b")),
    });
    this.insert = each((t) => `INSERT INTO ${t} (round_id, seq, at, type, data) VALUES (?, ?, ?, ?, ?)`);
    this.rowsAfter = each(
      (t) => `SELECT rowid, round_id, seq FROM ${t} WHERE rowid > ? ORDER BY rowid LIMIT ${READ_ROWS}`,
    );
    this.clear = each((t) => `DELETE FROM ${t}`);
    this.holdsRows = each((t) => `SELECT EXISTS (SELECT 1 FROM ${t})`);
    this.countRows = each((t) => `SELECT count(*) FROM ${t}`);
    for (const j of ["a", "b"] as const) {
      this.rowsAfter[j].raw();
      this.holdsRows[j].pluck();
      this.countRows[j].pluck();
    }
    this.marker = db.prepare("SELECT journal, below, id FROM folding");
    this.setMarker = db.prepare("INSERT INTO folding (journal, below, id) VALUES (?, '', ?)");
    this.advance = db.prepare("UPDATE folding SET below = ?");
    this.dropMarker = db.prepare("DELETE FROM folding");
    // Row by row, in each round's order: the events' data never passes through JavaScript. The row
    // is named by where it was read and what it holds, so that a table renumbered meanwhile (VACUUM)
    // moves nothing rather than the wrong row.
    this.moveRow = each(
      (t) =>
        `INSERT INTO events (round_id, seq, at, type, data) SELECT round_id, seq, at, type, data FROM ${t}
         WHERE rowid = ? AND round_id = ? AND seq = ?`,
    );
    this.maxSeq = db
      .prepare(
        `SELECT max((SELECT coalesce(max(seq), 0) FROM events WHERE round_id = @round),
                    (SELECT coalesce(max(seq), 0) FROM journal_a WHERE round_id = @round),
                    (SELECT coalesce(max(seq), 0) FROM journal_b WHERE round_id = @round))`,
      )
      .pluck();
    this.freezeTx = db.transaction(() => this.freeze());
    this.moveTx = db.transaction((f: Fold) => this.moveGroup(f));
    this.refresh();
  }

  /**
   * Reads which journal takes appends: the one not being moved; with no move under way, the one with
   * rows (both empty: either). Called inside a write transaction whenever another connection may
   * have written the file, so two processes never append to a journal one of them is moving.
   */
  refresh(): void {
    const m = this.marker.get() as { journal: Name } | undefined;
    if (m) this.current = other(m.journal);
    else if (!this.holdsRows[this.current].get() && this.holdsRows[other(this.current)].get())
      this.current = other(this.current);
  }

  /** Whether either journal holds rows (a process was killed, or is running on the same file). */
  holdsAny(): boolean {
    return Boolean(this.holdsRows.a.get() || this.holdsRows.b.get());
  }

  append(roundId: string, seq: number, at: number, type: string, data: string): void {
    this.insert[this.current].run(roundId, seq, at, type, data);
  }

  /** A round's last event number, wherever its events are. */
  lastSeq(roundId: string): number {
    return this.maxSeq.get({ round: roundId }) as number;
  }

  /**
   * One step of a move: freeze the current journal (appends then go to the other), read a part of
   * the frozen one, or move a group of rounds into events. Returns whether there is more to do now.
   */
  foldStep(): boolean {
    const f = this.fold;
    try {
      if (!f) return this.freezeTx.immediate();
      if (f.byRound) return this.read(f, f.byRound);
      return this.moveTx.immediate(f);
    } catch (e) {
      // Rolled back: the next step starts over from the marker.
      this.fold = undefined;
      throw e;
    }
  }

  /** Moves both journals' rows (at stop: the file is left with events only). */
  foldAll(): void {
    // The journal being moved or the current one, then the other.
    for (let i = 0; i < 2; i++) while (this.foldStep());
  }

  /**
   * Stops folding and moves every row left (at stop, and at open after a killed process). Should that
   * fail (a full disk, the write lock held elsewhere), the rows stay where every read finds them and the
   * next start moves them.
   */
  empty(warn: (message: string) => void): void {
    this.stopFolding();
    try {
      this.foldAll();
    } catch (e) {
      warn(`SQLite: events stay in the journal for now (${e instanceof Error ? e.message : e})`);
    }
  }

  private freeze(): boolean {
    let m = this.marker.get() as Marker | undefined;
    // A move left by a crash, or under way in another process: taken up where it stands.
    if (!m) {
      if (!this.holdsRows[this.current].get()) return false;
      m = { journal: this.current, below: "", id: randomUUID() };
      this.setMarker.run(m.journal, m.id);
    }
    this.current = other(m.journal);
    // From the smallest rowid there can be (a table's rowids may be set to anything, negatives too).
    this.fold = {
      ...m,
      byRound: new Map(),
      lastRowid: Number.MIN_SAFE_INTEGER,
      rowsRead: 0,
      rounds: [],
      next: 0,
    };
    return true;
  }

  private read(f: Fold, byRound: Map<string, Row[]>): boolean {
    const rows = this.rowsAfter[f.journal].all(f.lastRowid) as Row[];
    f.rowsRead += rows.length;
    for (const r of rows) {
      // Rows of rounds a move cut off by a crash had already moved.
      if (f.below !== "" && byBytes(r[1], f.below) < 0) continue;
      const list = byRound.get(r[1]);
      if (list) list.push(r);
      else byRound.set(r[1], [r]);
    }
    if (rows.length === READ_ROWS) {
      f.lastRowid = rows[READ_ROWS - 1]![0];
      return true;
    }
    // Nothing is moved unless every row was read once (those an earlier, cut-off move took included):
    // rows renumbered between reading steps (VACUUM) could be skipped or read twice, and a round then
    // moved in part and its rest emptied unmoved.
    const held = this.countRows[f.journal].get() as number;
    if (held !== f.rowsRead) throw new Error(`journal holds ${held} rows where ${f.rowsRead} were read`);
    f.rounds = [...byRound.keys()].sort(byBytes).map((id) => byRound.get(id)!.sort((x, y) => x[2] - y[2]));
    f.byRound = undefined;
    return true;
  }

  private moveGroup(f: Fold): boolean {
    const m = this.marker.get() as Marker | undefined;
    // Another process moved it meanwhile (or finished it): leave it to that one.
    if (!m || m.id !== f.id || m.below !== f.below) {
      this.fold = undefined;
      return false;
    }
    let moved = 0;
    const move = this.moveRow[f.journal];
    while (f.next < f.rounds.length && moved < FOLD_ROWS) {
      const rows = f.rounds[f.next++]!;
      for (const r of rows) {
        if (move.run(r[0], r[1], r[2]).changes !== 1)
          throw new Error(`journal row ${r[0]} is not where it was read`);
      }
      moved += rows.length;
    }
    if (f.next < f.rounds.length) {
      f.below = f.rounds[f.next]![0]![1];
      this.advance.run(f.below);
      return true;
    }
    this.clear[f.journal].run();
    this.dropMarker.run();
    this.fold = undefined;
    return false;
  }

  /**
   * Freezes and moves a journal every `everyMs`, a step at a time with rests between (FOLD_REST), so a
   * commit waits for one small group at most. Started once; the timers keep no process alive. A step
   * that fails (a full disk; a duplicate event number, which the journals, having no key, only meet
   * here) leaves the rows where they are, still read, and is said once per cause.
   */
  startFolding(everyMs: number, warn: (message: string) => void): void {
    if (this.timer) return;
    const step = () => {
      this.step = undefined;
      const began = performance.now();
      let more: boolean;
      try {
        more = this.foldStep();
        // A move that went through to its end: a later failure is news again.
        if (!more) this.warned = undefined;
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        if (why !== this.warned) warn(`SQLite: events stay in the journal for now (${why})`);
        this.warned = why;
        return;
      }
      if (!more) return;
      this.step = setTimeout(step, (performance.now() - began) * FOLD_REST);
      this.step.unref();
    };
    this.timer = setInterval(() => {
      if (!this.step) step();
    }, everyMs);
    this.timer.unref();
  }

  stopFolding(): void {
    clearInterval(this.timer);
    clearTimeout(this.step);
    this.step = undefined;
  }
}
