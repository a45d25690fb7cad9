// Play again with a hypothesis, in two browsers against a real server: Ann and Bo finish a short
// round with two bots; Ann starts the transparent round from the debrief and Bo is told at once;
// each writes what they will do differently and takes the same seat; they play it, and its debrief
// shows each their own hypothesis before the reveal, then both rounds and both hypotheses.

import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { artifact, drawSketch, gameForFile, openPlayer, placeOrder } from "./play-harness.ts";

// The Beer Game's first four weeks are its warm-up (orders of 4); customer demand steps up in week 5.
const WEEKS = 8;
const ANN_SAYS = "Order what the customer orders, not what the backlog shouts.";
const BO_SAYS = "Count what is already on the road before ordering more.";

const { game, players } = gameForFile();

/** Both desks order every week of a lockstep round, to its debrief. */
async function playRound(pages: Page[], order: (i: number, week: number) => number): Promise<void> {
  for (let week = 1; week <= WEEKS; week++) {
    await Promise.all(
      pages.map(async (page, i) => {
        await page.locator(".pace-week", { hasText: `Week ${week}` }).waitFor({ timeout: 30_000 });
        await placeOrder(page, order(i, week));
        if (week < WEEKS)
          await page
            .locator(".form-status", { hasText: `Decided for week ${week}` })
            .waitFor({ timeout: 15_000 });
      }),
    );
  }
  for (const page of pages) await page.locator(".sketch-pad").waitFor({ timeout: 30_000 });
}

/** Everyone sketches; the last sketch reveals the truth. */
async function sketchAll(pages: Page[]): Promise<void> {
  for (const page of pages) {
    await drawSketch(page);
    await page.click("#sketch-submit");
  }
  for (const page of pages) await page.locator(".sketch-card .verdict").nth(1).waitFor({ timeout: 15_000 });
}

describe("play again with a hypothesis", () => {
  it("one starts the next round, the other follows, both write hypotheses, and the next debrief shows both rounds", async () => {
    const ann = await openPlayer("Ann", { width: 1440, height: 900 });
    const bo = await openPlayer("Bo", { width: 1440, height: 900 });
    players.push(ann, bo);
    const [a, b] = [ann.page, bo.page];
    await a.goto(`${game().url}/?test=1`);
    await a.locator("#create-name").fill("Ann");
    await a.locator("#opt-weeks").fill(String(WEEKS));
    await a.locator("#create-pace").selectOption("lockstep");
    await a.locator("#create-seat-retailer-mine").check();
    await a.getByRole("button", { name: "Create the round" }).click();
    await a.getByRole("heading", { name: "Team lobby" }).waitFor();
    const code = ((await a.locator(".join-code").textContent()) ?? "").trim();
    await b.goto(`${game().url}/?join=${code}&test=1`);
    await b.locator("#seat-wholesaler").waitFor();
    await b.locator("#join-name").fill("Bo");
    await b.locator("#seat-wholesaler").check();
    await b.getByRole("button", { name: "Join the team" }).click();
    await b.getByRole("heading", { name: "Team lobby" }).waitFor();
    await a.getByRole("button", { name: "Start the round" }).click();
    await playRound([a, b], (i, week) => (week < 5 ? 4 : 8 + 4 * i + week));
    await sketchAll([a, b]);

    // Ann starts the transparent round; Bo, still on the debrief, is told where the team went.
    await a.locator(".play-again summary").click();
    await a.locator("#again-sharing").check();
    await a.click("#again-start");
    for (const page of [a, b])
      await page
        .locator("#again-next", { hasText: "Ann started the next round" })
        .waitFor({ timeout: 15_000 });
    await b.screenshot({ path: artifact("play-again-told.png"), fullPage: true });
    // Bo reloads the finished round's page: it still says where the team went.
    await b.reload();
    await b.locator("#again-next", { hasText: "Ann started the next round" }).waitFor({ timeout: 30_000 });
    // An empty hypothesis is not sent: the card says why.
    await b.click("#again-join");
    await b
      .locator(".play-again .form-error", { hasText: "Write what you will do differently first." })
      .waitFor();
    await a.locator("#again-hypothesis").fill(ANN_SAYS);
    await a.click("#again-join");
    await b.locator("#again-hypothesis").fill(BO_SAYS);
    await b.click("#again-join");
    // Both are back in their own seats of the new round's lobby.
    for (const page of [a, b])
      await page.getByRole("heading", { name: "Team lobby" }).waitFor({ timeout: 30_000 });
    const next = ((await a.locator(".join-code").textContent()) ?? "").trim();
    expect(next).not.toBe(code);
    await expect.poll(() => b.locator("table.seats").textContent()).toMatch(/Retailer.*Ann.*Wholesaler.*Bo/s);

    await a.getByRole("button", { name: "Start the round" }).click();
    await playRound([a, b], (_i, week) => (week < 5 ? 4 : 8));
    // Before the reveal each sees their own hypothesis, never the other's.
    await a.locator("#hypothesis-mine", { hasText: ANN_SAYS }).waitFor({ timeout: 15_000 });
    await b.locator("#hypothesis-mine", { hasText: BO_SAYS }).waitFor();
    expect(await a.content()).not.toContain(BO_SAYS);
    expect(await b.content()).not.toContain(ANN_SAYS);
    await sketchAll([a, b]);

    // The whole-system panel opens with the round before, both hypotheses and both results.
    await b.click('.debrief-nav [data-panel="system"]');
    const beside = b.locator("#again-beside");
    await beside.waitFor({ timeout: 15_000 });
    await expect
      .poll(() => b.locator("#again-status").textContent())
      .toMatch(/Team cost: \$[\d,.]+ last round, \$[\d,.]+ this round/);
    expect(await beside.locator('tr[data-role="retailer"] td.hypothesis').textContent()).toBe(ANN_SAYS);
    expect(await beside.locator('tr[data-role="wholesaler"] td.hypothesis').textContent()).toBe(BO_SAYS);
    expect(await beside.locator('tr[data-role="retailer"] td').first().textContent()).toBe("Ann");
    expect(await beside.locator(".chart").count()).toBe(4);
    await beside.scrollIntoViewIfNeeded();
    await b.screenshot({ path: artifact("play-again-debrief.png"), fullPage: false });
    await b.screenshot({ path: artifact("play-again-debrief-full.png"), fullPage: true });
    expect(ann.errors).toEqual([]);
    expect(bo.errors).toEqual([]);
  });
});
