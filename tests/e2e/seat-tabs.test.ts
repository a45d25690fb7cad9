// One seat, one tab: the same seat opened in a second tab moves there, the first tab says so and
// offers to take it back, and neither takes it by itself (no endless knocking each other off).

import type { Page, WebSocket } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type GameProcess, openPlayer, type Player, startGame } from "./play-harness.ts";

let game: GameProcess;
let player: Player;
beforeAll(async () => {
  game = await startGame();
  player = await openPlayer("Ann");
});
afterAll(async () => {
  await player?.close();
  await game?.stop();
});

const ELSEWHERE = "This seat is open in another tab.";

/**
 * What a tab says of its seat (the test handle, client/main.ts): its screen, its connection, and
 * whether it is joining again by itself — every way a tab takes a seat back without a click (the
 * app's rejoin, the session's, the SDK's reconnection) shows here the moment it starts.
 */
function tabState(page: Page) {
  return page.evaluate(() => {
    const app = (
      window as unknown as {
        __pf: { screen: { kind: string }; rejoining: boolean; session: { connectivity: string } | null };
      }
    ).__pf;
    return {
      screen: app.screen.kind,
      connectivity: app.session?.connectivity ?? null,
      rejoining: app.rejoining,
    };
  });
}
const LET_GO = { screen: "elsewhere", connectivity: "replaced", rejoining: false };
const HOLDS = { screen: "lobby", connectivity: "online", rejoining: false };

/** A tab and the WebSockets it opened from then on, in order. */
interface Tab {
  page: Page;
  sockets: WebSocket[];
}
function tab(page: Page): Tab {
  const sockets: WebSocket[] = [];
  page.on("websocket", (ws) => sockets.push(ws));
  return { page, sockets };
}
const openCount = (t: Tab) => t.sockets.filter((ws) => !ws.isClosed()).length;

/**
 * The seat has settled in `to`: `from` let it go (its connections closed, no join again under way)
 * and `to` holds it over one open connection; `opened` is how many each has opened in all.
 */
async function settledIn(to: Tab, from: Tab, opened: { to: number; from: number }): Promise<void> {
  await expect.poll(() => tabState(from.page)).toEqual(LET_GO);
  await expect.poll(() => openCount(from)).toBe(0);
  expect(await tabState(to.page)).toEqual(HOLDS);
  expect(openCount(to)).toBe(1);
  expect({ to: to.sockets.length, from: from.sockets.length }).toEqual(opened);
}

it("a second tab takes the seat, the first offers it back, and nobody takes it by themselves", async () => {
  const firstTab = tab(player.page);
  const first = firstTab.page;
  await first.goto(`${game.url}/?test=1`);
  await first.locator("#create-name").fill("Ann");
  await first.getByRole("button", { name: "Create the round" }).click();
  await first.getByRole("heading", { name: "Team lobby" }).waitFor();
  const code = (await first.locator(".join-code").textContent())?.trim() ?? "";

  // The same browser profile opens the link again: its saved seat token takes the seat.
  const secondTab = tab(await player.context.newPage());
  const second = secondTab.page;
  await second.goto(`${game.url}/?join=${code}&test=1`);
  await second.getByRole("heading", { name: "Team lobby" }).waitFor();
  await first.getByRole("heading", { name: ELSEWHERE }).waitFor({ timeout: 10_000 });

  await settledIn(secondTab, firstTab, { to: 1, from: 1 });
  const look = await (await fetch(`${game.url}/api/rooms/${code}`)).json();
  expect(look.seats.find((s: { role: string }) => s.role === "retailer")).toMatchObject({
    name: "Ann",
    connected: true,
  });

  // Taking it back is one click, and the other tab now says so.
  await first.getByRole("button", { name: "Use it here" }).click();
  await first.getByRole("heading", { name: "Team lobby" }).waitFor();
  await second.getByRole("heading", { name: ELSEWHERE }).waitFor({ timeout: 10_000 });
  await settledIn(firstTab, secondTab, { to: 2, from: 1 });
  expect(player.errors).toEqual([]);
});
