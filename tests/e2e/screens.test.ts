// Every screen at a phone (390×844), a small laptop or tablet (1024×768) and a projector (1920×1080):
// no horizontal scrolling, no interactive element under another, board text readable on the phone,
// and axe-core finding nothing serious or critical. Screenshots of each go to artifacts/screens-*.png;
// the measured figures to artifacts/screens.json.

import { writeFileSync } from "node:fs";
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { artifact, gameForFile, openPlayer, type Player, waitBoardSettled } from "./play-harness.ts";

const SIZES = [
  { name: "390", width: 390, height: 844 },
  { name: "1024", width: 1024, height: 768 },
  { name: "1920", width: 1920, height: 1080 },
] as const;
const WEEKS = 6;

interface Measure {
  screen: string;
  size: string;
  /** Page width past the viewport, in CSS px (0 = no horizontal scrolling). */
  overflow: number;
  /** Elements wider than the viewport's right edge, for finding the cause. */
  wide: string[];
  overlaps: string[];
  covered: string[];
  small: string[];
  axe: string[];
  /** Smallest board label in CSS px, when a Phaser board is on screen. */
  boardText?: number;
}

const results: Measure[] = [];
const { game, players } = gameForFile(() =>
  writeFileSync(artifact("screens.json"), JSON.stringify(results, null, 2)),
);

/** Waits until the layout has caught up with a resize: two frames and a moment for ResizeObservers. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((ok) =>
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(ok, 250))),
      ),
  );
}

/** Runs in the page: overflow, overlapping and covered interactive elements, small touch targets. */
function inspect(): Omit<Measure, "screen" | "size" | "axe"> {
  const vw = document.documentElement.clientWidth;
  const overflow = Math.max(0, document.documentElement.scrollWidth - vw);
  const name = (el: Element) => {
    const id = el.id ? `#${el.id}` : "";
    const cls =
      typeof el.className === "string" && el.className
        ? `.${el.className.trim().split(/\s+/).join(".")}`
        : "";
    const text = (el.textContent ?? "").trim().slice(0, 24);
    return `${el.tagName.toLowerCase()}${id}${cls}${text ? ` "${text}"` : ""}`;
  };
  const visible = (el: Element) => {
    // Inside a closed <details> only its summary shows.
    const closed = el.closest("details:not([open])");
    if (closed && !(el.tagName === "SUMMARY" && el.parentElement === closed)) return false;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    const s = getComputedStyle(el);
    return s.visibility !== "hidden" && s.display !== "none" && Number(s.opacity) > 0;
  };
  const wide: string[] = [];
  if (overflow > 0) {
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (
        r.right > vw + 1 &&
        visible(el) &&
        !(el.parentElement && el.parentElement.getBoundingClientRect().right > vw + 1)
      )
        wide.push(`${name(el)} right=${Math.round(r.right)}`);
    }
  }
  const interactive = [
    ...document.querySelectorAll<HTMLElement>(
      "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=tab], [role=button]",
    ),
  ].filter(visible);
  const overlaps: string[] = [];
  // The part of an element its scrolling ancestors show.
  const shown = (el: Element) => {
    const r = el.getBoundingClientRect();
    let { left, top, right, bottom } = r;
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX === "visible" && s.overflowY === "visible") continue;
      const pr = p.getBoundingClientRect();
      left = Math.max(left, pr.left);
      top = Math.max(top, pr.top);
      right = Math.min(right, pr.right);
      bottom = Math.min(bottom, pr.bottom);
    }
    return { left, top, right, bottom };
  };
  const rects = interactive.map(shown);
  for (let i = 0; i < interactive.length; i++) {
    for (let j = i + 1; j < interactive.length; j++) {
      const a = interactive[i]!;
      const b = interactive[j]!;
      if (a.contains(b) || b.contains(a)) continue;
      const ra = rects[i]!;
      const rb = rects[j]!;
      const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const hgt = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (w > 2 && hgt > 2) overlaps.push(`${name(a)} × ${name(b)}`);
    }
  }
  // What the pointer would hit at an element's centre, where that centre is on screen.
  const covered: string[] = [];
  const vh = document.documentElement.clientHeight;
  for (const el of interactive) {
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x >= vw || y >= vh) continue;
    // An element inside a scrolling box counts only where that box shows it.
    let clipped = false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowY !== "visible" || s.overflowX !== "visible") {
        const pr = p.getBoundingClientRect();
        if (x < pr.left || x > pr.right || y < pr.top || y > pr.bottom) clipped = true;
      }
    }
    if (clipped) continue;
    const hit = document.elementFromPoint(x, y);
    if (!hit || el.contains(hit) || hit.contains(el)) continue;
    // A label that activates the control is the control.
    const label = hit.closest("label");
    if (label && (label.control === el || label.contains(el))) continue;
    covered.push(`${name(el)} under ${name(hit)}`);
  }
  const small = interactive
    .filter((el) => {
      if (el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio")) {
        // A box with its label is as large as its row.
        const label = el.labels?.[0];
        const r = (
          el.closest(".seat-option, .create-seat, .check, label") ??
          label ??
          el
        ).getBoundingClientRect();
        return r.height < 44 - 0.5;
      }
      if (el.tagName === "A" && getComputedStyle(el).display === "inline") return false;
      const r = el.getBoundingClientRect();
      return r.height < 44 - 0.5;
    })
    .map((el) => `${name(el)} h=${Math.round(el.getBoundingClientRect().height)}`);
  return { overflow, wide: wide.slice(0, 8), overlaps, covered, small };
}

/** The smallest label on the Phaser board, in CSS pixels, through the test handle. */
async function boardText(page: Page): Promise<number | undefined> {
  return page.evaluate(() => {
    type Obj = {
      type: string;
      visible: boolean;
      list?: Obj[];
      text?: string;
      style?: { fontSize: string | number };
      getWorldTransformMatrix?: () => { scaleY: number };
    };
    const pf = (window as unknown as { __pf?: { desk?: { game?: unknown } | null } }).__pf;
    const g = pf?.desk?.game as
      | {
          canvas: HTMLCanvasElement;
          scale: { width: number };
          scene: { scenes: { children: { list: Obj[] } }[] };
        }
      | undefined;
    if (!g) return undefined;
    const k = g.canvas.getBoundingClientRect().width / g.scale.width;
    let min = Number.POSITIVE_INFINITY;
    const walk = (list: Obj[]) => {
      for (const o of list) {
        if (!o.visible) continue;
        if (o.list) walk(o.list);
        if (o.type === "Text" && o.text && o.style && o.getWorldTransformMatrix) {
          const px = Number.parseFloat(String(o.style.fontSize)) * o.getWorldTransformMatrix().scaleY * k;
          min = Math.min(min, px);
        }
      }
    };
    for (const s of g.scene.scenes) walk(s.children.list);
    return Number.isFinite(min) ? Math.round(min * 10) / 10 : undefined;
  });
}

async function axe(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 4)
          .join(", ")}`,
    );
}

/** Measures the screen on `page` at every size, with a screenshot each. */
async function measure(page: Page, screen: string, ready?: () => Promise<void>): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await settle(page);
    if (ready) await ready();
    // axe-core once per screen, on the phone, where the most is folded away or rearranged.
    const found = size.name === "390" ? await axe(page) : [];
    const m: Measure = { screen, size: size.name, ...(await page.evaluate(inspect)), axe: found };
    const b = await boardText(page);
    if (b !== undefined) m.boardText = b;
    results.push(m);
    await page.screenshot({
      path: artifact(`screens-${screen}-${size.name}.png`),
      fullPage: true,
      timeout: 60_000,
    });
  }
}

async function createRound(page: Page, scenario: string, weeks: number): Promise<string> {
  await page.goto(`${game().url}/?test=1`);
  await page.locator("#create-name").fill("Ann");
  await page.locator("#create-scenario").selectOption(scenario);
  await page.locator("#opt-weeks").fill(String(weeks));
  await page.locator("#create-pace").selectOption("lockstep");
  await page.getByRole("button", { name: "Create the round" }).click();
  await page.getByRole("heading", { name: "Team lobby" }).waitFor();
  return ((await page.locator(".join-code").textContent()) ?? "").trim();
}

describe("every screen from phone to projector", () => {
  let ann: Player;
  let ben: Player;
  let p: Page;
  let code = "";
  beforeAll(async () => {
    ann = await openPlayer("Ann", { width: 1920, height: 1080 });
    ben = await openPlayer("Ben", { width: 1920, height: 1080 });
    players.push(ann, ben);
    p = ann.page;
  });

  it("measures the landing page and the trainer's cohort screens", async () => {
    await p.goto(`${game().url}/?test=1`);
    await p.locator("#join-code").waitFor();
    await measure(p, "landing");

    await p.getByRole("button", { name: "Run a class or workshop" }).click();
    await p.locator("#cohort-title").waitFor();
    await measure(p, "cohort-create");
    await p.locator("#cohort-title").fill("Screens workshop");
    await p.getByRole("button", { name: "Create the cohort" }).click();
    await p.getByTestId("join-code").waitFor();
    await measure(p, "cohort-created");
    await p.getByRole("link", { name: "Open the console" }).click();
    await p.getByText("0 participants").waitFor({ timeout: 30_000 });
    await measure(p, "cohort-console");
  }, 600_000);

  it("measures the lobby, the desk, the join page of a running round and the debrief", async () => {
    // A Beer Game round with Ann at the retailer and bots elsewhere, short enough to reach the debrief.
    code = await createRound(p, "beer-game", WEEKS);
    await measure(p, "lobby");
    await p.getByRole("button", { name: "Start the round" }).click();
    await p.locator(".desk[data-role=retailer]").waitFor({ timeout: 30_000 });
    await waitBoardSettled(p);
    await measure(p, "desk-beer", () => waitBoardSettled(p));

    // Someone else opens the round's link while it runs: the seats and a way to watch.
    await ben.page.goto(`${game().url}/?join=${code}&test=1`);
    await ben.page.locator("#seat-retailer").waitFor();
    await measure(ben.page, "join-running");

    for (let week = 1; week <= WEEKS; week++) {
      await p.locator(".pace-week", { hasText: `Week ${week}` }).waitFor({ timeout: 30_000 });
      const input = p.getByRole("spinbutton", { name: /Order/ });
      await input.fill("5");
      await input.press("Enter");
    }
    await p.locator(".sketch-pad").waitFor({ timeout: 30_000 });
    await measure(p, "debrief-belief");
    const pad = p.locator(".sketch-pad");
    // A phone opens the debrief at its own width: the pad takes its tall frame.
    await p.setViewportSize({ width: 390, height: 844 });
    await p.reload();
    await pad.waitFor({ timeout: 30_000 });
    await pad.scrollIntoViewIfNeeded();
    const padBox = (await pad.boundingBox())!;
    results.push({
      screen: "sketch-pad",
      size: "390",
      overflow: 0,
      wide: [`${Math.round(padBox.width)}×${Math.round(padBox.height)}`],
      overlaps: [],
      covered: [],
      small: padBox.height < 300 ? [`sketch pad ${Math.round(padBox.height)} px tall`] : [],
      axe: [],
    });
    await p.mouse.move(padBox.x + padBox.width * 0.1, padBox.y + padBox.height * 0.7);
    await p.mouse.down();
    await p.mouse.move(padBox.x + padBox.width * 0.5, padBox.y + padBox.height * 0.3, { steps: 6 });
    await p.mouse.move(padBox.x + padBox.width * 0.95, padBox.y + padBox.height * 0.6, { steps: 6 });
    await p.mouse.up();
    await p.click("#sketch-submit");
    await p.locator(".sketch-card .verdict").first().waitFor({ timeout: 15_000 });
    await measure(p, "debrief-revealed");
    for (const panel of ["system", "loops", "rule", "ghost", "reflection"]) {
      await p.setViewportSize({ width: 1920, height: 1080 });
      await p.click(`[data-panel="${panel}"]`);
      await p.locator(`.panel-${panel}`).waitFor({ timeout: 30_000 });
      await measure(p, `debrief-${panel}`);
    }
  }, 600_000);

  it("measures the replay and the product launch's desk", async () => {
    // The recorded round, from My rounds.
    await p.goto(`${game().url}/?test=1`);
    const href = (await p.locator(".my-rounds a.replay-link").first().getAttribute("href")) ?? "";
    await p.goto(`${game().url}${href}?test=1`);
    await p.locator(".replay-clock").waitFor({ timeout: 30_000 });
    await measure(p, "replay-system");
    await p.click('[data-view="retailer"]');
    await p.locator(".replay-board canvas").waitFor({ timeout: 20_000 });
    await measure(p, "replay-desk");

    // The product launch's desk: another board.
    await createRound(p, "product-launch", 8);
    await p.getByRole("button", { name: "Start the round" }).click();
    await p.locator(".desk[data-role]").waitFor({ timeout: 30_000 });
    await waitBoardSettled(p);
    await measure(p, "desk-launch", () => waitBoardSettled(p));
  }, 600_000);

  it("finds nothing wrong on any of them", () => {
    const table = results.map(
      (m) =>
        `${m.screen.padEnd(18)} ${m.size.padStart(4)}  overflow ${String(m.overflow).padStart(4)}  overlaps ${m.overlaps.length}  covered ${m.covered.length}  small ${m.small.length}  axe ${m.axe.length}${m.boardText === undefined ? "" : `  board text ${m.boardText}px`}`,
    );
    console.log(table.join("\n"));
    const bad = results.filter(
      (m) =>
        m.overflow > 0 ||
        m.overlaps.length > 0 ||
        m.covered.length > 0 ||
        m.axe.length > 0 ||
        (m.size === "390" && m.small.length > 0) ||
        (m.size === "390" && m.boardText !== undefined && m.boardText < 12),
    );
    expect(bad).toEqual([]);
    expect(ann.errors).toEqual([]);
    expect(ben.errors).toEqual([]);
  });
});
