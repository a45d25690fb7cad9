// Starts a real game server on a free port and connects real SDK clients. Rounds are kept in memory
// unless a test asks for SQLite (a throwaway file, or its own to reopen): the room tests are about
// the rooms, and the storage has its own suite (storage-suite.ts) and recovery tests.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Client, type Room } from "@colyseus/sdk";
import { type DecodedState, snapshot, type TeamSnapshot } from "../../client/net/snapshot.ts";
import { type GameServer, startGameServer } from "../../server/app.ts";
import type { ServerLimits } from "../../server/limits.ts";
import { MemoryStorage } from "../../server/storage/memory.ts";
import type { Storage } from "../../server/storage/types.ts";
import type { ServerMessages, WelcomeMessage } from "../../shared/protocol/messages.ts";
import type { CreateOptions, JoinOptions } from "../../shared/protocol/room.ts";

export interface Harness {
  game: GameServer;
  url: string;
  http: string;
  /** The SQLite file, when the harness uses one. */
  dbFile: string | null;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Default "memory"; "sqlite" uses a throwaway file unless dbFile names one; or a storage made by the test. */
  storage?: "memory" | "sqlite" | Storage;
  dbFile?: string;
  staticDir?: string;
  limits?: Partial<ServerLimits>;
  operatorToken?: string;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const given = typeof opts.storage === "object" ? opts.storage : undefined;
  const sqlite = opts.storage === "sqlite" || opts.dbFile !== undefined;
  const dbFile = sqlite
    ? (opts.dbFile ?? join(mkdtempSync(join(tmpdir(), "pf-server-")), "rounds.db"))
    : null;
  const game = await startGameServer({
    port: 0,
    host: "127.0.0.1",
    storage: given ?? (dbFile ? await sqliteStorage(dbFile) : new MemoryStorage()),
    staticDir: opts.staticDir ?? null,
    log: () => {},
    // Test files create many rooms from one address in a minute; the abuse suite sets its own budget.
    limits: { createsPerMinutePerIp: 10_000, ...opts.limits },
    ...(opts.operatorToken ? { operatorToken: opts.operatorToken } : {}),
  });
  return {
    game,
    url: `ws://127.0.0.1:${game.port}`,
    http: `http://127.0.0.1:${game.port}`,
    dbFile,
    close: async () => {
      await game.close();
      if (dbFile && !opts.dbFile) rmSync(dirname(dbFile), { recursive: true, force: true });
    },
  };
}

/** Loaded only when asked for, so room tests on memory never touch the native SQLite module. */
async function sqliteStorage(file: string) {
  const { SqliteStorage } = await import("../../server/storage/sqlite.ts");
  return new SqliteStorage(file);
}

/** A connected player: its room, every message it received, and helpers to wait for things. */
export class Player {
  readonly room: Room;
  /** Received and not yet taken by next(). */
  readonly messages: { type: string; payload: unknown }[] = [];
  /** Everything received, in order. */
  readonly log: { type: string; payload: unknown }[] = [];
  private waiters: { type: string; pred: (p: unknown) => boolean; resolve: (p: unknown) => void }[] = [];
  closed: number | null = null;
  /** The welcome received on joining. */
  w!: WelcomeMessage;

  constructor(room: Room) {
    this.room = room;
    room.onMessage("*", (type, payload) => {
      const t = String(type);
      this.log.push({ type: t, payload });
      const w = this.waiters.find((x) => x.type === t && x.pred(payload));
      if (w) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(payload);
      } else {
        this.messages.push({ type: t, payload });
      }
    });
    room.onLeave((code) => {
      this.closed = code;
    });
  }

  static async create(h: Harness, options: CreateOptions): Promise<Player> {
    const p = new Player(await new Client(h.url).create("team", options));
    p.w = await p.next("welcome");
    return p;
  }

  static async join(h: Harness, code: string, options: JoinOptions): Promise<Player> {
    const p = new Player(await new Client(h.url).joinById(code, options));
    p.w = await p.next("welcome");
    return p;
  }

  /** The oldest unread (or the next) message of a type matching pred; it counts as read. */
  next<K extends keyof ServerMessages>(
    type: K,
    pred: (p: ServerMessages[K]) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<ServerMessages[K]> {
    for (let i = 0; i < this.messages.length; i++) {
      const m = this.messages[i]!;
      if (m.type === type && pred(m.payload as ServerMessages[K])) {
        this.messages.splice(i, 1);
        return Promise.resolve(m.payload as ServerMessages[K]);
      }
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no "${type}" message within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        type,
        pred: pred as (p: unknown) => boolean,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p as ServerMessages[K]);
        },
      });
    });
  }

  // biome-ignore lint/suspicious/noExplicitAny: the decoded state is reflected, untyped
  get state(): any {
    return this.room.state;
  }

  /**
   * The decoded state as the desk reads it (client/net/snapshot.ts): decided marks, the decision in
   * force and its source, for `role` (default: this player's seat).
   */
  desk(role: string | null = this.w.role): TeamSnapshot {
    return snapshot(this.room.state as DecodedState, [], role);
  }

  /** The seat of `role` as the desk reads it. */
  seat(role: string): TeamSnapshot["seats"][number] {
    const s = this.desk(null).seats.find((x) => x.role === role);
    if (!s) throw new Error(`no seat ${role} decoded`);
    return s;
  }

  /** Resolves once the decoded state satisfies pred. */
  // biome-ignore lint/suspicious/noExplicitAny: the decoded state is reflected, untyped
  async until(pred: (s: any) => boolean, timeoutMs = 5000): Promise<void> {
    const t0 = Date.now();
    while (!(this.room.state && pred(this.room.state))) {
      if (Date.now() - t0 > timeoutMs) throw new Error("state condition not reached in time");
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  send(type: string, payload: unknown): void {
    this.room.send(type, payload);
  }

  async leave(): Promise<void> {
    if (this.closed === null) await this.room.leave(true).catch(() => {});
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
