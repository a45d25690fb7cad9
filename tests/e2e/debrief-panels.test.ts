// The six debrief panels in Chromium, on a recorded Beer Game round, with the real client panels and
// the real server-side debrief module behind an in-page room. Screenshots go to artifacts/.
import { mkdirSync } from "node:fs";
import type { Server } from "node:http";
import { join, resolve } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, servePreview } from "./debrief-browser.ts";
import { drawSketch } from "./play-harness.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const ART = join(ROOT, "artifacts");
let server: Server;
let url: string;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  ({ server, url } = await servePreview(ROOT));
  mkdirSync(ART, { recursive: true });
  browser = await launchChromium();
  page = await browser.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
});

afterAll(async () => {
  await browser?.close();
  server?.close();
});

// A full-page shot waits for the page to go quiet; on a busy machine the rule panel's fits take a while.
const shot = (name: string) =>
  page.screenshot({ path: join(ART, `debrief-preview-${name}.png`), fullPage: true, timeout: 90_000 });

describe("debrief panels", () => {
  it("walks through the six panels", async () => {
    await page.goto(`${url}/?role=wholesaler&host=1`);
    await page.evaluate(() => sessionStorage.clear());
    await page.goto(`${url}/?role=wholesaler&host=1`);
    await page.waitForSelector(".sketch-pad");
    // Before the reveal every panel but the sketch is locked.
    expect(await page.locator(".debrief-nav .tab:disabled").count()).toBe(5);
    await drawSketch(page, 0.45);
    const pad = page.locator(".sketch-pad");
    // The keyboard draws too: End jumps to the last week, Up sets it from its neighbour and raises it.
    await pad.focus();
    await page.keyboard.press("End");
    await page.keyboard.press("Delete");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    expect(await page.locator(".sketch-pad text", { hasText: "week 36:" }).textContent()).toMatch(
      /^week 36: \d+(\.5)?$/,
    );
    await page.fill("#sketch-cause", "The factory kept sending too much, then nothing.");
    await shot("1-belief-draw");
    await page.click("#sketch-submit");
    await page.waitForFunction(() =>
      document.querySelector("#sketch-status")?.textContent?.includes("1 of 4"),
    );
    await page.evaluate(() =>
      (window as unknown as { __preview: { sketchAll(): void } }).__preview.sketchAll(),
    );
    await page.reload();
    await page.waitForSelector("#reveal");
    await page.click("#reveal");
    await page.waitForSelector(".sketch-card .u-over");
    expect(await page.locator(".sketch-card").count()).toBe(4);
    expect(await page.locator(".sketch-card .u-over").count()).toBe(3);
    // Each role sketched a series it could not see: the retailer the factory's orders.
    expect(await page.locator('.sketch-card[data-role="retailer"] .sketch-series').textContent()).toBe(
      "The factory's orders",
    );
    expect(await page.locator('.sketch-card[data-role="wholesaler"] .sketch-series').textContent()).toBe(
      "Customer demand",
    );
    await shot("1-belief-revealed");

    await page.click('[data-panel="system"]');
    await page.waitForSelector(".panel-system .chart");
    const chart = page.locator(".panel-system .chart .u-over").first();
    const cb = (await chart.boundingBox())!;
    await page.mouse.move(cb.x + cb.width * 0.4, cb.y + cb.height / 2);
    await page.waitForSelector(".week-table");
    expect(await page.locator(".week-table thead th").count()).toBe(5);
    expect(await page.locator(".hover-week").textContent()).toMatch(/^Week \d+$/);
    expect(await page.locator(".team-table").textContent()).toMatch(/Customer demand[48]/);
    await shot("2-system");
    // Export: each chart on the panel downloads as a PNG.
    const download = page.waitForEvent("download");
    await page.click("#export-png");
    const file = await (await download).path();
    const { readFileSync } = await import("node:fs");
    expect(readFileSync(file).subarray(1, 4).toString()).toBe("PNG");
    expect((await download).suggestedFilename()).toMatch(/^PRVW42-system-1\.png$/);

    await page.click('[data-panel="loops"]');
    await page.waitForSelector(".loop-card");
    await page.click('.loop-card[data-loop="supply-line"]');
    await page.waitForSelector('.loop-card.selected[data-loop="supply-line"]');
    expect(await page.locator(".cld-sign").count()).toBeGreaterThan(4);
    expect(await page.locator(".cld-delay").count()).toBeGreaterThan(0);
    await shot("3-loops");

    await page.click('[data-panel="rule"]');
    await page.waitForSelector(".rule-card");
    expect(await page.locator(".rule-card").first().getAttribute("data-role")).toBe("wholesaler");
    await shot("4-rule");

    await page.click('[data-panel="ghost"]');
    await page.check("#ghost-role-all");
    await page.click("#ghost-run");
    await page.waitForSelector(".ghost-summary");
    expect(await page.locator("#ghost-question").getAttribute("data-others")).toBe("recorded");
    // The other question: only the retailer replaced, the others reacting as their bots.
    await page.uncheck("#ghost-role-all");
    await page.check("#ghost-role-retailer");
    await page.check("#ghost-others-react");
    await page.click("#ghost-run");
    await page.waitForSelector('#ghost-question[data-others="react"]');
    expect(await page.locator(".ghost-summary").textContent()).toMatch(/Retailer played by .*; others react/);
    await shot("5-ghost");

    await page.click('[data-panel="reflection"]');
    await page.fill("#note-0", "Demand only stepped once. Everything else we made ourselves.");
    await page.click('.note-save[data-question="0"]');
    await page.waitForFunction(() =>
      document.querySelector("#note-status-0")?.textContent?.includes("Saved"),
    );
    await shot("6-reflection");
  });
});

describe("the product launch's debrief", () => {
  it("draws its loops, its departments' decisions and a ghost run of systemic bots", async () => {
    const at = `${url}/?scenario=product-launch&role=purchasing&host=1`;
    await page.goto(at);
    await page.evaluate(() => sessionStorage.clear());
    await page.goto(at);
    await page.waitForSelector("#reveal");
    await page.click("#reveal");
    await page.waitForSelector(".sketch-card");
    await page.click('[data-panel="system"]');
    await page.waitForSelector(".panel-system .chart");
    // Every department has its row; Engineering's decisions are shares of its time, said in words.
    const figures = await page.locator(".figures:not(.local-table) tbody tr").count();
    expect(figures).toBe(4);
    expect(
      await page.locator('.figures:not(.local-table) tr[data-role="engineering"]').textContent(),
    ).toMatch(/Not compared/);
    // The profit the team is scored on stands beside its cost.
    expect(await page.locator("#team-score").textContent()).toMatch(
      /Cumulative profit, the team's score: -?\$/,
    );
    // Each desk's own score against company profit, on the same board as the benchmark team.
    expect(await page.locator(".local-table tbody tr").count()).toBe(5);
    expect(await page.locator("#local-sentence").textContent()).toMatch(/profit|earned/);
    // The waterfall: from an untouched market to the orders booked, bar by bar.
    expect(await page.locator("#desk-reveal .wf-step").count()).toBeGreaterThan(2);
    await page.locator("#desk-reveal").scrollIntoViewIfNeeded();
    await shot("pl-2-system");
    await page.click('[data-panel="loops"]');
    const loops = page.locator(".loop-card");
    expect(await loops.count()).toBeGreaterThanOrEqual(6);
    await loops.first().click();
    await page.waitForSelector(".loop-card.selected");
    // Every drawn node stays inside its diagram.
    const outside = await page.evaluate(() =>
      [...document.querySelectorAll<SVGSVGElement>("svg.cld")].flatMap((svg) => {
        const frame = svg.getBoundingClientRect();
        return [...svg.querySelectorAll("rect, text")]
          .filter((n) => {
            const r = n.getBoundingClientRect();
            return (
              r.left < frame.left - 1 ||
              r.right > frame.right + 1 ||
              r.top < frame.top - 1 ||
              r.bottom > frame.bottom + 1
            );
          })
          .map((n) => `${svg.dataset["loop"]}: ${n.textContent}`);
      }),
    );
    await shot("pl-3-loops");
    expect(outside).toEqual([]);
    await page.click('[data-panel="rule"]');
    await page.waitForSelector(".rule-card");
    expect(await page.locator(".rule-card").first().getAttribute("data-role")).toBe("purchasing");
    expect(await page.locator(".rule-card").count()).toBe(4);
    await shot("pl-4-rule");
    await page.click('[data-panel="ghost"]');
    await page.check("#ghost-role-all");
    await page.selectOption("#ghost-policy", "systemic");
    await page.click("#ghost-run");
    await page.waitForSelector(".ghost-summary");
    expect(await page.locator(".ghost-summary").textContent()).toMatch(/Every role played by systemic/);
    await shot("pl-5-ghost");
  });
});
