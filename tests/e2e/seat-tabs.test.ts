// One seat, one tab: the same seat opened in a second tab moves there, the first tab says so and
// offers to take it back, and neither takes it by itself (no endless knocking each other off).

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

it("a second tab takes the seat, the first offers it back, and nobody takes it by themselves", async () => {
  const first = player.page;
  await first.goto(`${game.url}/?test=1`);
  await first.locator("#create-name").fill("Ann");
  await first.getByRole("button", { name: "Create the round" }).click();
  await first.getByRole("heading", { name: "Team lobby" }).waitFor();
  const code = (await first.locator(".join-code").textContent())?.trim() ?? "";

  // The same browser profile opens the link again: its saved seat token takes the seat.
  const second = await player.context.newPage();
  await second.goto(`${game.url}/?join=${code}&test=1`);
  await second.getByRole("heading", { name: "Team lobby" }).waitFor();
  await first.getByRole("heading", { name: ELSEWHERE }).waitFor({ timeout: 10_000 });

  // Four seconds: long enough for a few rounds of the old back-and-forth (~1.5 s each).
  await new Promise((r) => setTimeout(r, 4000));
  expect(await first.getByRole("heading", { name: ELSEWHERE }).count()).toBe(1);
  expect(await second.getByRole("heading", { name: "Team lobby" }).count()).toBe(1);
  const look = await (await fetch(`${game.url}/api/rooms/${code}`)).json();
  expect(look.seats.find((s: { role: string }) => s.role === "retailer")).toMatchObject({
    name: "Ann",
    connected: true,
  });

  // Taking it back is one click, and the other tab now says so.
  await first.getByRole("button", { name: "Use it here" }).click();
  await first.getByRole("heading", { name: "Team lobby" }).waitFor();
  await second.getByRole("heading", { name: ELSEWHERE }).waitFor({ timeout: 10_000 });
  await new Promise((r) => setTimeout(r, 2000));
  expect(await first.getByRole("heading", { name: "Team lobby" }).count()).toBe(1);
  expect(player.errors).toEqual([]);
});
