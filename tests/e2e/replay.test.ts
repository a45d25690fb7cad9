// A recorded round comes back in the browser: played solo with bots, found in "My rounds", opened by
// its replay link in a fresh profile, stepped and seen from another desk, then branched at week 5
// and played on to its own debrief.

import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  artifact,
  drawSketch,
  gameForFile,
  openPlayer,
  placeOrder,
  waitBoardSettled,
} from "./play-harness.ts";

const WEEKS = 8;

const { game, players } = gameForFile();

/** Plays the retailer's desk from the open week to the last, one order a week (lockstep). */
async function playTo(page: Page, from: number, last: number): Promise<void> {
  for (let week = from; week <= last; week++) {
    await page.locator(".pace-week", { hasText: `Week ${week}` }).waitFor({ timeout: 30_000 });
    await placeOrder(page, 4 + week);
    if (week < last) await page.locator(".form-status", { hasText: `Decided for week ${week}` }).waitFor();
  }
}

const replayWeek = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { __pf?: { replayPage?: { week: number } | null } }).__pf?.replayPage?.week,
  );

describe("replaying a recorded round", () => {
  it("finds it in My rounds, replays it in a fresh profile, switches desks, branches at week 5, plays on and plays again", async () => {
    const ann = await openPlayer("Ann", { width: 1440, height: 900 });
    players.push(ann);
    const p = ann.page;
    await p.goto(`${game().url}/?test=1`);
    await p.locator("#create-name").fill("Ann");
    await p.locator("#opt-weeks").fill(String(WEEKS));
    await p.locator("#create-pace").selectOption("lockstep");
    await p.locator("#create-seat-retailer-mine").check();
    await p.getByRole("button", { name: "Create the round" }).click();
    await p.getByRole("button", { name: "Start the round" }).click();
    await p.locator(".desk[data-role=retailer]").waitFor({ timeout: 30_000 });
    await playTo(p, 1, WEEKS);
    await p.locator(".sketch-pad").waitFor({ timeout: 30_000 });
    // The one sketch of a solo round reveals the truth: from then on the replay link opens the round.
    await drawSketch(p);
    await p.click("#sketch-submit");
    await p.locator(".sketch-card .verdict").first().waitFor({ timeout: 15_000 });

    // My rounds, back on the landing page: the round with my role and its replay link.
    await p.goto(`${game().url}/`);
    const row = p.locator(".my-rounds tbody tr").first();
    await row.waitFor({ timeout: 15_000 });
    await expect(row.textContent()).resolves.toContain("Retailer");
    await expect(row.textContent()).resolves.toContain(`${WEEKS}/${WEEKS}`);
    await p.locator(".my-rounds").screenshot({ path: artifact("replay-my-rounds.png") });
    const href = (await row.locator("a.replay-link").getAttribute("href")) ?? "";
    expect(href).toMatch(/^\/replay\/[\w-]+-[0-9a-f]{32}$/);

    // A fresh profile holds no token: the link alone opens it, after the reveal.
    const fresh = await openPlayer("Ann elsewhere", { width: 1440, height: 900 });
    players.push(fresh);
    const r = fresh.page;
    await r.goto(`${game().url}${href}?test=1`);
    await r.locator(".replay-clock").waitFor({ timeout: 30_000 });
    await expect(r.locator(".replay-week").textContent()).resolves.toBe(`Week 0 of ${WEEKS}`);
    for (let i = 0; i < 3; i++) await r.click('[data-action="forward"]');
    expect(await replayWeek(r)).toBe(3);
    await expect(r.locator(".replay-week").textContent()).resolves.toBe(`Week 3 of ${WEEKS}`);
    // The retailer's desk: Ann's decision for week 4, made by a person.
    await r.click('[data-view="retailer"]');
    await expect(r.locator(".replay-decided").first().getAttribute("data-source")).resolves.toBe("human");
    await expect(r.locator(".replay-decided .who").first().textContent()).resolves.toContain("Ann");
    await r.locator(".replay-board canvas").waitFor({ timeout: 20_000 });
    await r.screenshot({ path: artifact("replay-desk-retailer.png"), fullPage: true });
    // One click: the factory at the same week, decided by a bot.
    await r.click('[data-view="factory"]');
    expect(await replayWeek(r)).toBe(3);
    await expect(r.locator(".replay-decided").first().getAttribute("data-source")).resolves.toBe("bot");
    await r.locator(".replay-board canvas").waitFor({ timeout: 20_000 });
    await r.screenshot({ path: artifact("replay-desk-factory.png"), fullPage: true });
    // The whole system: four desks side by side and the team charts with their cursor at the week.
    await r.click('[data-view="system"]');
    expect(await r.locator(".replay-mini").count()).toBe(4);
    await expect(r.locator(".replay-charts .chart").first().getAttribute("data-week")).resolves.toBe("3");
    expect(await r.locator(".replay-charts .week-cursor:not([hidden])").count()).toBeGreaterThan(0);
    await r.screenshot({ path: artifact("replay-system.png"), fullPage: true });
    // Scrub to week 5, then play on from there as the retailer, the others replaying their decisions.
    await r.locator(".replay-clock input[type=range]").fill("5");
    expect(await replayWeek(r)).toBe(5);
    await r.click('[data-view="retailer"]');
    await r.locator(".replay-branch summary").click();
    await r.locator("#branch-name").fill("Ann");
    await expect(r.locator("#branch-retailer").inputValue()).resolves.toBe("me");
    await r.getByRole("button", { name: "Play on from week 5" }).click();
    await r.getByRole("button", { name: "Start the round" }).click({ timeout: 30_000 });
    await r.locator(".desk[data-role=retailer]").waitFor({ timeout: 30_000 });
    await waitBoardSettled(r);
    await playTo(r, 6, WEEKS);
    await r.locator("section.debrief").waitFor({ timeout: 30_000 });
    await r.screenshot({ path: artifact("replay-branch-debrief.png"), fullPage: true });

    // Play again: a transparent round for the same team, then the hypothesis, then its lobby.
    await drawSketch(r);
    await r.click("#sketch-submit");
    await r.locator(".sketch-card .verdict").first().waitFor({ timeout: 15_000 });
    // The branch's debrief shows the original round beside it, from the week it branched.
    await r.click('.debrief-nav [data-panel="ghost"]');
    await expect
      .poll(() => r.locator("#original-status").textContent())
      .toMatch(/branched from another at week 5/);
    expect(await r.locator(".original-run .chart").count()).toBe(4);
    await r.screenshot({ path: artifact("replay-branch-original.png"), fullPage: true });
    await r.locator(".play-again summary").click();
    await r.locator("#again-sharing").check();
    await r.screenshot({ path: artifact("replay-play-again.png"), fullPage: true });
    await r.click("#again-start");
    await r.locator("#again-hypothesis").fill("Order what the customer orders, not what the backlog shouts.");
    await r.click("#again-join");
    await r.getByRole("heading", { name: "Team lobby" }).waitFor({ timeout: 30_000 });
    // The same seat, and the next round's host: its Start button is Ann's.
    await r.getByRole("button", { name: "Start the round" }).waitFor();
    expect(ann.errors).toEqual([]);
    expect(fresh.errors).toEqual([]);
  });
});
