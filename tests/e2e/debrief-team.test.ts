// The shared debrief with a real team: three people and a bot finish a short Beer Game round in
// three browsers against a real server, sketch, see the truth, follow the host to the loops, overlay
// a ghost run, and keep a note through a reload. Screenshots of each panel go to artifacts/.

import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { artifact, drawSketch, gameForFile, openPlayer, type Player, placeOrder } from "./play-harness.ts";

const WEEKS = 8;
const SEATS = [
  { name: "Ann", role: "retailer" },
  { name: "Ben", role: "wholesaler" },
  { name: "Cai", role: "distributor" },
] as const;

const { game, players } = gameForFile();

/** Draws a belief across the empty chart: a bump whose height differs per player. */
const panelOf = (page: Page) => page.locator("section.debrief").getAttribute("data-panel");

describe("the shared debrief", () => {
  it("a team sketches, sees the truth, follows the host, overlays a ghost and keeps its notes", async () => {
    for (const s of SEATS) players.push(await openPlayer(s.name, { width: 1440, height: 900 }));
    const [host, ben, cai] = players as [Player, Player, Player];

    // The host creates a short round; the other two join by link; the factory is left to a bot.
    await host.page.goto(`${game().url}/?test=1`);
    await host.page.locator("#create-name").fill("Ann");
    await host.page.locator("#opt-weeks").fill(String(WEEKS));
    await host.page.getByRole("button", { name: "Create the round" }).click();
    await host.page.getByRole("heading", { name: "Team lobby" }).waitFor();
    const code = ((await host.page.locator(".join-code").textContent()) ?? "").trim();
    for (const [i, pl] of [ben, cai].entries()) {
      const seat = SEATS[i + 1]!;
      await pl.page.goto(`${game().url}/?join=${code}&test=1`);
      await pl.page.locator(`#seat-${seat.role}`).waitFor();
      await pl.page.locator("#join-name").fill(seat.name);
      await pl.page.locator(`#seat-${seat.role}`).check();
      await pl.page.getByRole("button", { name: "Join the team" }).click();
      await pl.page.getByRole("heading", { name: "Team lobby" }).waitFor();
    }
    for (const pl of players) await pl.page.getByRole("button", { name: "I am ready" }).click();
    await expect
      .poll(async () => host.page.locator("table.seats").textContent(), { timeout: 10_000 })
      .toMatch(/Cai.*Ready/s);
    await host.page.getByRole("button", { name: "Start the round" }).click();

    for (let week = 1; week <= WEEKS; week++) {
      await Promise.all(
        players.map(async (pl, i) => {
          await pl.page.waitForFunction(
            (w) => Number(/\d+/.exec(document.querySelector(".pace-week")?.textContent ?? "")?.[0]) >= w,
            week,
            { timeout: 30_000 },
          );
          await placeOrder(pl.page, week < 5 ? 4 : 6 + 3 * i + week);
          // The last decision of the last week ends the round: the desk gives way to the debrief at once.
          if (week < WEEKS) {
            await pl.page
              .locator(".form-status", { hasText: `Decided for week ${week}` })
              .waitFor({ timeout: 15_000 });
          }
        }),
      );
    }

    // 1. Belief: before the reveal only the sketch is open.
    for (const pl of players) await pl.page.locator(".sketch-pad").waitFor({ timeout: 30_000 });
    expect(await host.page.locator(".debrief-nav .tab:disabled").count()).toBe(5);
    // The browser has only the brief until the reveal: no record, so nothing to export yet.
    expect(await ben.page.locator("#export-json").count()).toBe(0);
    await drawSketch(ben.page, 0.3);
    await ben.page.locator("#sketch-cause").fill("The factory ran out; we waited on them for weeks.");
    await ben.page.locator("#sketch-category-other-department").check();
    await ben.page.click("#sketch-submit");
    await drawSketch(cai.page, 0.55);
    await cai.page.click("#sketch-submit");
    await host.page.locator("#sketch-status", { hasText: "2 of 3" }).waitFor();
    await host.page.screenshot({ path: artifact("debrief-1-belief-sketching.png"), fullPage: true });
    // Nobody sees anybody else's sketch before the reveal.
    expect(await ben.page.locator(".sketch-card").count()).toBe(0);
    await drawSketch(host.page, 0.15);
    await host.page.click("#sketch-submit");
    // The last sketch in reveals the truth over every sketch, for everyone.
    for (const pl of players) {
      await pl.page.locator(".sketch-card .u-over").nth(2).waitFor({ timeout: 15_000 });
      expect(await pl.page.locator(".sketch-card .verdict").count()).toBe(3);
    }
    expect(await ben.page.locator("#export-json").count()).toBe(1);
    await ben.page.screenshot({ path: artifact("debrief-1-belief-revealed.png"), fullPage: true });

    // 2. Whole system: hovering a week shows every role's numbers for it.
    await ben.page.click('.debrief-nav [data-panel="system"]');
    const plot = ben.page.locator(".panel-system .u-over").first();
    const pb = (await plot.boundingBox())!;
    await ben.page.mouse.move(pb.x + pb.width * 0.7, pb.y + pb.height * 0.5);
    await ben.page.locator(".hover-week").waitFor();
    expect(await ben.page.locator(".week-table thead th").count()).toBe(5);
    expect(await ben.page.locator(".hover-week").textContent()).toMatch(/^Week \d+$/);
    expect(await ben.page.locator(".team-table").textContent()).toMatch(/Customer demand[48]/);
    await ben.page.screenshot({ path: artifact("debrief-2-system.png"), fullPage: true });

    // 3. Follow-me: the host leads; everyone lands on the loops panel with the host's loop selected.
    await host.page.click("#follow-toggle");
    await host.page.locator(".follow-bar[data-follow=leading]").waitFor();
    await host.page.click('.debrief-nav [data-panel="loops"]');
    await host.page.click('.loop-card[data-loop="supply-line"]');
    for (const pl of [ben, cai]) {
      await pl.page.locator('.loop-card.selected[data-loop="supply-line"]').waitFor({ timeout: 10_000 });
      expect(await panelOf(pl.page)).toBe("loops");
      expect(await pl.page.locator(".follow-bar").getAttribute("data-follow")).toBe("following");
    }
    await cai.page.screenshot({ path: artifact("debrief-3-loops.png"), fullPage: true });

    // A player may leave the host's view and come back to it.
    await cai.page.click('.debrief-nav [data-panel="rule"]');
    await cai.page.locator(".rule-card.mine").waitFor();
    expect(await cai.page.locator(".rule-card").first().getAttribute("data-role")).toBe("distributor");
    await cai.page.screenshot({ path: artifact("debrief-4-rule.png"), fullPage: true });
    await host.page.click('.debrief-nav [data-panel="ghost"]');
    await ben.page.locator(".panel-ghost").waitFor();
    expect(await panelOf(cai.page)).toBe("rule");
    await cai.page.click("#follow-rejoin");
    await cai.page.locator(".panel-ghost").waitFor();

    // 5. Ghost run: the host replaces every role by the typical-player bot; everyone sees it overlaid.
    await host.page.check("#ghost-role-all");
    await host.page.click("#ghost-run");
    for (const pl of players) {
      await pl.page.locator(".ghost-summary").waitFor({ timeout: 15_000 });
      expect(await pl.page.locator(".ghost-grid .chart").count()).toBe(4);
    }
    expect(await ben.page.locator(".ghost-summary").textContent()).toMatch(/Every role played by sterman/);
    await ben.page.screenshot({ path: artifact("debrief-5-ghost.png"), fullPage: true });

    // 6. Reflection: a note saved by one player is there for everyone, and survives a reload.
    await host.page.click('.debrief-nav [data-panel="reflection"]');
    await ben.page.locator(".panel-reflection").waitFor();
    const note = "Demand stepped up once, in week 5. The waves after it were ours.";
    await ben.page.fill("#note-3", note);
    await ben.page.click('.note-save[data-question="3"]');
    await host.page.locator("#note-status-3", { hasText: "Saved by Ben" }).waitFor();
    expect(await host.page.inputValue("#note-3")).toBe(note);
    await cai.page.reload();
    await cai.page.locator(".panel-reflection").waitFor({ timeout: 30_000 });
    expect(await cai.page.inputValue("#note-3")).toBe(note);
    expect(await cai.page.locator("#note-status-3").textContent()).toContain("Ben");
    await cai.page.screenshot({ path: artifact("debrief-6-reflection.png"), fullPage: true });

    // The round's export is where the debrief's buttons fetch it from, with the host's token in a
    // header (the host may replay the round, so the names stay).
    const hostToken = await host.page.evaluate(
      (c) => JSON.parse(localStorage.getItem(`pf.seat.${c}`) ?? "{}").hostToken as string,
      code,
    );
    const auth = { headers: { authorization: `Bearer ${hostToken}` } };
    const csvHref = await host.page.locator("#export-csv").getAttribute("data-href");
    const csv = await fetch(`${game().url}${csvHref}`, auth);
    expect(csv.ok).toBe(true);
    expect((await csv.text()).split("\n").length).toBeGreaterThan(WEEKS * 4);
    // Ben's cause went in with the category he picked, for a cohort's tally of who was blamed.
    const jsonHref = await host.page.locator("#export-json").getAttribute("data-href");
    const exported = (await (await fetch(`${game().url}${jsonHref}`, auth)).json()) as {
      events: { type: string; data: { kind?: string; name?: string; category?: string } }[];
    };
    const bens = exported.events.filter((e) => e.data.kind === "sketch" && e.data.name === "Ben");
    expect(bens.map((e) => e.data.category)).toEqual(["other-department"]);

    for (const pl of players) expect(pl.errors).toEqual([]);
  });
});
