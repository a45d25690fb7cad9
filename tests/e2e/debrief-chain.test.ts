// The Beer Game debrief's chain view in Chromium: one row per echelon with the delays on the links,
// a week slider, and an order followed up the chain to the factory's peak.
import { mkdirSync } from "node:fs";
import type { Server } from "node:http";
import { join, resolve } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, servePreview } from "./debrief-browser.ts";

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

describe("the chain view", () => {
  it("lays out the chain with its delays, moves with the slider and follows an order up", async () => {
    const at = `${url}/?role=retailer&host=1`;
    await page.goto(at);
    await page.evaluate(() => sessionStorage.clear());
    await page.goto(at);
    await page.waitForSelector("#reveal");
    await page.click("#reveal");
    await page.waitForSelector(".sketch-card");
    await page.click('[data-panel="system"]');
    await page.waitForSelector("#chain-view");
    await page.locator("#chain-view").scrollIntoViewIfNeeded();

    // One row per echelon, customers first; the board's delays on the links.
    const rows = page.locator("#chain-view .chain-row");
    expect(await rows.evaluateAll((xs) => xs.map((x) => x.getAttribute("data-role")))).toEqual([
      "retailer",
      "wholesaler",
      "distributor",
      "factory",
    ]);
    expect(await page.locator("#chain-view .chain-link").count()).toBe(3);
    expect(await page.locator('[data-link="retailer-wholesaler"]').textContent()).toMatch(
      /orders: \d+ in the mail · 2 weeks to be read.*cases: \d+ on the road · 2 weeks to arrive/,
    );
    expect(await page.locator('[data-end="source"]').textContent()).toMatch(/Brewery/);

    // It opens where customer demand first moved (week 5) and follows the player's own order.
    expect(await page.inputValue("#chain-week")).toBe("5");
    expect(await page.inputValue("#chain-from")).toBe("retailer");
    const trace = page.locator("#chain-trace li");
    expect(await trace.count()).toBe(7);
    expect(await trace.first().textContent()).toMatch(/^Your order of \d+ in week 5$/);
    expect(await trace.nth(1).textContent()).toMatch(
      /^read by the Wholesaler in week 7 \(its backlog \d+\)$/,
    );
    expect(await trace.last().textContent()).toMatch(/^the factory's peak of \d+ in week \d+$/);
    expect(await page.locator("#chain-view .chain-mark").count()).toBe(4);

    // The slider moves every row to that week: the retailer's row shows week 9's numbers.
    const before = await page.locator('.chain-row[data-role="retailer"]').textContent();
    await page.locator("#chain-week").fill("9");
    await page.waitForFunction(() => document.querySelector("#chain-week-value")?.textContent === "9");
    expect(await page.locator('.chain-row[data-role="retailer"]').textContent()).not.toBe(before);
    expect(await trace.first().textContent()).toMatch(/in week 9$/);
    expect(await trace.nth(1).textContent()).toMatch(/in week 11 /);

    // Following another echelon's order; near the end the trace stops where the round did.
    await page.selectOption("#chain-from", "distributor");
    expect(await trace.first().textContent()).toMatch(/^The Distributor's order of \d+ in week 9$/);
    expect(await trace.count()).toBe(3);
    await page.locator("#chain-week").fill("35");
    await page.waitForFunction(() => document.querySelector("#chain-week-value")?.textContent === "35");
    expect(await trace.last().textContent()).toMatch(/round ended before/);
    await page.locator("#chain-view").screenshot({ path: join(ART, "debrief-chain.png"), timeout: 90_000 });
  });
});
