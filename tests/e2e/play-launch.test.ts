// The product launch in the browser: each department's desk opens on its own floor, takes a decision
// with the keyboard, and hands over to the debrief when the host ends the round.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  artifact,
  type GameProcess,
  openPlayer,
  type Player,
  startGame,
  waitBoardSettled,
} from "./play-harness.ts";

const ROLES = ["sales", "engineering", "manufacturing", "purchasing"] as const;

let game: GameProcess;
let player: Player;
beforeAll(async () => {
  game = await startGame();
  player = await openPlayer("Fay");
});
afterAll(async () => {
  await player?.close();
  await game?.stop();
});

describe("product launch desks", () => {
  for (const role of ROLES) {
    it(`the ${role} desk shows its floor and takes a decision`, async () => {
      const p = player.page;
      await p.goto(`${game.url}/?test=1`);
      await p.locator("#create-name").fill(player.name);
      await p.locator("#create-scenario").selectOption("product-launch");
      await p.locator(`#create-seat-${role}-mine`).check();
      await p.getByRole("button", { name: "Create the round" }).click();
      await p.getByRole("button", { name: "Start the round" }).click();
      await p.locator(`.desk[data-role=${role}]`).waitFor({ timeout: 30_000 });
      await waitBoardSettled(p);

      // Every decision of the desk is a labelled field; Enter in the first sends them all.
      const inputs = p.locator("form.decision input");
      expect(await inputs.count()).toBeGreaterThanOrEqual(2);
      for (let i = 0; i < (await inputs.count()); i++) {
        const id = await inputs.nth(i).getAttribute("id");
        expect(await p.locator(`label[for="${id}"]`).count()).toBe(1);
      }
      await inputs.first().press("Enter");
      await p.locator(".form-status", { hasText: "Decided for week 1" }).waitFor({ timeout: 15_000 });
      // The round ends at a week drawn for the seed: the desk tells only the approximate length.
      await p.locator(".pace-week", { hasText: "Week 2 of about 40" }).waitFor({ timeout: 15_000 });
      await waitBoardSettled(p);
      await p.screenshot({ path: artifact(`play-desk-launch-${role}.png`) });

      p.once("dialog", (d) => void d.accept());
      await p.getByRole("button", { name: "End the round now" }).click();
      await p.locator("section.debrief").waitFor({ timeout: 30_000 });
      expect(player.errors).toEqual([]);
    });
  }
});
