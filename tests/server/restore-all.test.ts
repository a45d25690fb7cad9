// More unfinished rounds than a page: a restart restores every one, and the listing pages through
// them all with its cursor.

import { afterAll, expect, it } from "vitest";
import { startGameServer } from "../../server/app.ts";
import { services } from "../../server/services.ts";
import { MemoryStorage } from "../../server/storage/memory.ts";
import type { RoundRow, StoredEvent } from "../../server/storage/types.ts";
import { type Harness, Player, startHarness } from "./harness.ts";

const ROUNDS = 1_100;
let first: Harness | undefined;
afterAll(() => first?.close());

it(`restores all ${ROUNDS} unfinished rounds, not the first page, and lists them page by page`, async () => {
  // One real round, recorded by a real server; its log copied under new ids and codes.
  first = await startHarness();
  const p = await Player.create(first, { scenario: "beer-game", name: "Ann" });
  const code = p.state.code as string;
  const storage = services().storage;
  const [row] = await storage.listRounds();
  const events = await storage.events(row!.id);
  await p.leave();
  await first.close();
  first = undefined;

  const copy = new MemoryStorage();
  const ids: string[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const id = `r${String(i).padStart(5, "0")}`;
    const digit = (n: number) => "ABCDEFGHJK"[Math.floor(i / n) % 10];
    const newCode = `${code.slice(0, 2)}${digit(100)}${digit(10)}${digit(1)}Z`;
    const created = events[0] as StoredEvent;
    const data = { ...(created.data as Record<string, unknown>), code: newCode };
    const { createdAt: _c, endedAt: _e, ...fields } = { ...(row as RoundRow), id, code: newCode };
    await copy.createRound(fields, [{ type: "created", data }, ...events.slice(1)]);
    ids.push(id);
  }
  const game = await startGameServer({
    port: 0,
    host: "127.0.0.1",
    storage: copy,
    staticDir: null,
    log: () => {},
    limits: { maxLobbies: 2 * ROUNDS },
  });
  try {
    expect(game.restored).toHaveLength(ROUNDS);
    expect(game.restored.every((r) => r.ok)).toBe(true);
    expect(new Set(game.restored.map((r) => r.id))).toEqual(new Set(ids));

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const q: string = cursor ? `&cursor=${cursor}` : "";
      const res: Response = await fetch(`http://127.0.0.1:${game.port}/api/rounds?limit=100${q}`);
      expect(res.status).toBe(200);
      seen.push(...((await res.json()) as { id: string }[]).map((r) => r.id));
      cursor = res.headers.get("x-next-cursor");
      if (!cursor) break;
    }
    expect(seen).toHaveLength(ROUNDS);
    expect(new Set(seen)).toEqual(new Set(ids));
  } finally {
    await game.close();
  }
}, 120_000);
