// A team plays the Beer Game in real browsers against a real server: one Chromium profile per seat.
// `npm run test:e2e` builds the client first; the server serves dist/client.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  artifact,
  deskWeek,
  type GameProcess,
  openPlayer,
  type Player,
  startGame,
  waitBoardSettled,
} from "./play-harness.ts";

const ROLES = ["retailer", "wholesaler", "distributor", "factory"] as const;
const NAMES = ["Ann", "Ben", "Cai", "Dee"] as const;
const WEEKS = 6;

let game: GameProcess;
beforeAll(async () => {
  game = await startGame();
});
afterAll(async () => {
  await game?.stop();
});

async function createRound(host: Player, weeks: number): Promise<string> {
  const p = host.page;
  await p.goto(`${game.url}/?test=1`);
  await p.locator("#create-name").fill(host.name);
  await p.locator("#opt-weeks").fill(String(weeks));
  await p.getByRole("button", { name: "Create the round" }).click();
  await p.getByRole("heading", { name: "Team lobby" }).waitFor();
  const code = (await p.locator(".join-code").textContent())?.trim() ?? "";
  expect(code).toMatch(/^[A-Z0-9]{6}$/);
  return code;
}

/** Types an order the way a player does: into the field, Enter to send. */
async function order(p: Player, value: number | string): Promise<void> {
  const input = p.page.getByRole("spinbutton", { name: /Order/ });
  await input.fill(String(value));
  await input.press("Enter");
}

async function waitWeek(players: Player[], week: number): Promise<void> {
  await Promise.all(
    players.map((pl) =>
      pl.page.waitForFunction(
        (w) => {
          const el = document.querySelector(".pace-week");
          return el !== null && Number(/\d+/.exec(el.textContent ?? "")?.[0]) >= w;
        },
        week,
        { timeout: 30_000 },
      ),
    ),
  );
}

describe("a team of four plays a short round in four browsers", () => {
  const players: Player[] = [];
  afterAll(async () => {
    await Promise.all(players.map((p) => p.close()));
  });

  it("joins by link, plays, survives a reload in the same seat, sees a validation error, and reaches the debrief together", async () => {
    for (const name of NAMES) players.push(await openPlayer(name));
    const [host, ...others] = players as [Player, ...Player[]];
    const code = await createRound(host, WEEKS);

    // Teammates open the share link, see the free seats and who holds the others, and take one each.
    for (const [i, pl] of others.entries()) {
      const role = ROLES[i + 1]!;
      await pl.page.goto(`${game.url}/?join=${code}&test=1`);
      await pl.page.locator(`#seat-${role}`).waitFor();
      await expect(pl.page.locator(".seat-option.taken").first().textContent()).resolves.toContain(
        "Taken by Ann",
      );
      await pl.page.locator("#join-name").fill(pl.name);
      // Ben first sits at the factory, then moves to the wholesaler's seat from the lobby.
      const first = i === 0 ? "factory" : role;
      await pl.page.locator(`#seat-${first}`).check();
      await pl.page.getByRole("button", { name: "Join the team" }).click();
      await pl.page.getByRole("heading", { name: "Team lobby" }).waitFor();
      if (first !== role) {
        await pl.page.locator("tr.me[data-role=factory]").waitFor();
        await pl.page.getByRole("button", { name: "Take the Wholesaler seat" }).click();
        await pl.page.locator("tr.me[data-role=wholesaler]").waitFor();
      }
    }
    for (const pl of players) await pl.page.getByRole("button", { name: "I am ready" }).click();
    await host.page.waitForFunction(() => document.querySelectorAll("table.seats td").length > 0);
    await expect
      .poll(async () => host.page.locator("table.seats").textContent(), { timeout: 10_000 })
      .toMatch(/Dee.*Ready/s);
    await host.page.getByRole("button", { name: "Start the round" }).click();

    for (const [i, pl] of players.entries()) {
      await pl.page.locator(`.desk[data-role=${ROLES[i]}]`).waitFor({ timeout: 30_000 });
      await waitBoardSettled(pl.page);
      expect(await deskWeek(pl.page)).toBe(1);
    }
    // Teammates' status shows words, never their numbers.
    const strip = (await host.page.locator(".team").textContent()) ?? "";
    expect(strip).toContain("Wholesaler");
    expect(strip).not.toMatch(/\d/);

    for (let week = 1; week <= WEEKS; week++) {
      if (week === 2) {
        // The distributor types an impossible order: the server's reason appears by the field.
        const d = players[2]!;
        await order(d, 5000);
        const err = d.page.locator("#decide-order-error");
        await err.waitFor({ state: "visible" });
        expect(await err.textContent()).toMatch(/between 0 and 999/);
        expect(await d.page.getByRole("spinbutton", { name: /Order/ }).getAttribute("aria-invalid")).toBe(
          "true",
        );
        await d.page.screenshot({ path: artifact("play-validation-error.png") });
      }
      if (week === 3) {
        // The wholesaler drops out mid-round: the team sees it, then a reload brings them back to their seat.
        const w = players[1]!;
        await w.page.goto("about:blank");
        await host.page.locator(".team li[data-role=wholesaler].status-offline").waitFor({ timeout: 15_000 });
        expect(await host.page.locator(".team li[data-role=wholesaler]").textContent()).toContain("Offline");
        await w.page.goto(`${game.url}/?join=${code}&test=1`);
        await w.page.locator(".desk[data-role=wholesaler]").waitFor({ timeout: 30_000 });
        await waitBoardSettled(w.page);
        expect(await deskWeek(w.page)).toBe(3);
        // The desk's own history came back with the seat.
        await w.page.locator(".history summary").click();
        await expect
          .poll(() => w.page.locator(".history .table-wrap tbody tr").count())
          .toBeGreaterThanOrEqual(2);
        await host.page
          .locator(".team li[data-role=wholesaler].status-thinking")
          .waitFor({ timeout: 15_000 });
      }
      if (week === 1) {
        // One decision in: every teammate's strip marks the seat decided, and after a reload the
        // desk still holds the decision in force (read from the state, not from what it sent).
        const first = players[0]!;
        await order(first, 5);
        const decided = first.page.locator(".form-status", { hasText: "Decided for week 1: Order 5" });
        await decided.waitFor({ timeout: 15_000 });
        for (const pl of players.slice(1)) {
          await pl.page.locator(".team li[data-role=retailer].status-decided").waitFor({ timeout: 15_000 });
          await pl.page
            .locator(".team li[data-role=wholesaler].status-thinking")
            .waitFor({ timeout: 15_000 });
        }
        await first.page.reload();
        await first.page.locator(".desk[data-role=retailer]").waitFor({ timeout: 30_000 });
        // The form holds the decision in force (the default order is 4).
        await expect
          .poll(() => first.page.getByRole("spinbutton", { name: /Order/ }).inputValue(), { timeout: 15_000 })
          .toBe("5");
      }
      await Promise.all(
        players.map(async (pl, i) => {
          // Week 1's retailer decided before its reload (5 = 4 + 0 + 1, checked above) and that
          // decision stands: ordering again would race the week's close (lockstep closes it once the
          // other three are in, and a late order then goes to week 2).
          if (week === 1 && i === 0) return;
          await order(pl, 4 + i + week);
          // The last week's decisions close the round: the desk gives way to the debrief.
          const next =
            week < WEEKS
              ? pl.page.locator(".form-status", { hasText: `Decided for week ${week}` })
              : pl.page.locator("section.debrief");
          await next.waitFor({ timeout: 15_000 });
        }),
      );
      if (week < WEEKS) {
        await waitWeek(players, week + 1);
        if (week === 4) {
          for (const [i, pl] of players.entries()) {
            await waitBoardSettled(pl.page);
            await pl.page.screenshot({ path: artifact(`play-desk-${ROLES[i]}.png`) });
            // The desk's history pairs each week with the order this player placed in it.
            const details = pl.page.locator(".history details");
            if ((await details.getAttribute("open")) === null)
              await pl.page.locator(".history summary").click();
            const row = pl.page.locator(".history .table-wrap tbody tr", {
              has: pl.page.locator("th", { hasText: /^4$/ }),
            });
            expect(await row.locator("td").nth(1).textContent()).toBe(String(4 + i + 4));
          }
        }
      }
    }

    // The round is over: everyone moves to the debrief together.
    for (const pl of players) await pl.page.locator("section.debrief").waitFor({ timeout: 30_000 });
    for (const pl of players) expect(pl.errors).toEqual([]);
  });
});

describe("one person and three bots, on a tablet", () => {
  let solo: Player;
  afterAll(async () => {
    await solo?.close();
  });

  it("plays by touch at 1024×768, with the board, form and history on screen, until the host ends the round", async () => {
    solo = await openPlayer("Eve", { width: 1024, height: 768 }, true);
    const p = solo.page;
    // The browser joins with acks off: what it receives of its decisions is the state alone.
    const frames = { seen: 0, acks: 0 };
    p.on("websocket", (ws) =>
      ws.on("framereceived", (f) => {
        frames.seen++;
        if (Buffer.from(f.payload).includes("accepted")) frames.acks++;
      }),
    );
    await createRound(solo, 20);
    await p.getByRole("button", { name: "Start the round" }).tap();
    await p.locator(".desk[data-role=retailer]").waitFor({ timeout: 30_000 });
    await waitBoardSettled(p);
    const team = (await p.locator(".team").textContent()) ?? "";
    expect(team.match(/Bot playing/g)?.length).toBe(3);

    for (let week = 1; week <= 3; week++) {
      const input = p.getByRole("spinbutton", { name: /Order/ });
      await input.tap();
      await input.fill(String(8 + week));
      await input.press("Enter");
      await waitWeek([solo], week + 1);
      // Alone, each decision closes its week at once, so the state never shows it in the field.
      await p.locator(".form-status", { hasText: `Decided for week ${week}: Order ${8 + week}` }).waitFor();
    }
    expect(frames.seen).toBeGreaterThan(0);
    expect(frames.acks).toBe(0);
    await waitBoardSettled(p);
    await p.locator(".history summary").tap();
    // The history's decisions and "Decided by" come from the same derivation.
    for (let week = 1; week <= 3; week++) {
      const row = p.locator(".history tbody tr", {
        has: p.locator("th", { hasText: new RegExp(`^${week}$`) }),
      });
      await expect.poll(() => row.locator("td.source").textContent()).toBe("you");
      expect(await row.locator("td").allTextContents()).toContain(String(8 + week));
    }
    await p.screenshot({ path: artifact("play-tablet-retailer.png") });

    // Everything fits the tablet: no sideways scrolling, the form and board both visible.
    const layout = await p.evaluate(() => {
      const r = (sel: string) => document.querySelector(sel)?.getBoundingClientRect();
      return {
        scrollWidth: document.documentElement.scrollWidth,
        board: r(".board canvas"),
        form: r("form.decision"),
      };
    });
    expect(layout.scrollWidth).toBeLessThanOrEqual(1024);
    expect(layout.board!.width).toBeGreaterThan(500);
    expect(layout.form!.right).toBeLessThanOrEqual(1024);
    // Controls are large enough to touch.
    const submit = await p.getByRole("button", { name: "Submit" }).boundingBox();
    expect(submit!.height).toBeGreaterThanOrEqual(44);

    p.once("dialog", (d) => void d.accept());
    await p.getByRole("button", { name: "End the round now" }).tap();
    await p.locator("section.debrief").waitFor({ timeout: 30_000 });
    expect(solo.errors).toEqual([]);
  });
});

describe("timed pace", () => {
  let p: Player;
  afterAll(async () => {
    await p?.close();
  });

  it("counts the week down, stops the clock while the host pauses, and makes a missing decision by default", async () => {
    p = await openPlayer("Gus");
    const page = p.page;
    await page.goto(`${game.url}/?test=1`);
    await page.locator("#create-name").fill(p.name);
    await page.locator("#create-pace").selectOption("timed");
    await page.locator("#create-seconds").fill("4");
    await page.getByRole("button", { name: "Create the round" }).click();
    await page.getByRole("button", { name: "Start the round" }).click();
    await page.locator(".desk").waitFor({ timeout: 30_000 });
    const clock = page.locator(".pace-clock");
    await expect.poll(async () => clock.textContent(), { timeout: 10_000 }).toMatch(/\d+ s left/);
    const secondsLeft = async () =>
      Number(/(\d+) s left/.exec((await clock.textContent()) ?? "")?.[1] ?? Number.NaN);
    expect(await secondsLeft()).toBeLessThanOrEqual(4);

    // Nobody decides: the deadline passes and the week moves on by itself.
    await waitWeek([p], 2);

    await page.getByRole("button", { name: "Pause" }).click();
    await page.locator(".pace-paused:not([hidden])").waitFor();
    // That a paused round's clock is stopped is the server's (tests/server/team-room.test.ts): the
    // desk shows it by hiding the countdown.
    expect(await clock.isHidden()).toBe(true);
    const pausedWeek = await deskWeek(page);
    await page.getByRole("button", { name: /Resume/ }).click();
    await page.locator(".pace-paused").waitFor({ state: "hidden" });
    await waitWeek([p], pausedWeek + 1);
    // The live history already shows the weeks nobody decided: the order the default placed, and
    // who placed it, in words.
    await page.locator(".history summary").click();
    const firstWeek = page.locator(".history .table-wrap tbody tr", {
      has: page.locator("th", { hasText: /^1$/ }),
    });
    await expect.poll(() => firstWeek.locator("td.source").textContent()).toContain("default");
    expect(await firstWeek.locator("td").nth(1).textContent()).toMatch(/^\d+$/);
    const live = await page.locator(".history .table-wrap tbody").textContent();
    // After a reload the desk's history comes from the server's record, and reads the same.
    await page.reload();
    await page.locator(".desk").waitFor({ timeout: 30_000 });
    await page.locator(".history summary").click();
    await expect.poll(() => page.locator(".history .table-wrap tbody").textContent()).toContain("default");
    const reloaded = await page.locator(".history .table-wrap tbody").textContent();
    expect(reloaded?.endsWith(live ?? "?")).toBe(true);

    // The host switches the round to lockstep: the clock goes, the week waits for the decision.
    await page.locator("#host-mode").selectOption("lockstep");
    await page.getByRole("button", { name: "Set pace" }).click();
    await expect.poll(() => page.locator(".pace-mode").textContent()).toContain("Lockstep");
    expect(await clock.isHidden()).toBe(true);
    const waiting = await deskWeek(page);
    await order(p, 6);
    await waitWeek([p], waiting + 1);
    expect(p.errors).toEqual([]);
  });
});

describe("the server dies mid-round", () => {
  let p: Player;
  afterAll(async () => {
    await p?.close();
  });

  it("brings the player back to the same seat and week once it is started again on the same log", async () => {
    p = await openPlayer("Hal");
    const page = p.page;
    await page.goto(`${game.url}/?test=1`);
    await page.locator("#create-name").fill(p.name);
    await page.locator("#create-seat-distributor-mine").check();
    await page.getByRole("button", { name: "Create the round" }).click();
    await page.getByRole("button", { name: "Start the round" }).click();
    await page.locator(".desk[data-role=distributor]").waitFor({ timeout: 30_000 });
    for (let week = 1; week <= 2; week++) {
      await order(p, 10 + week);
      await waitWeek([p], week + 1);
    }
    const { dir, port } = game;
    await game.kill();
    await page.locator(".banner", { hasText: "Reconnecting" }).waitFor({ timeout: 15_000 });
    game = await startGame(dir, port);
    await page.locator(".banner").waitFor({ state: "hidden", timeout: 60_000 });
    await page.locator(".desk[data-role=distributor]").waitFor();
    expect(await deskWeek(page)).toBe(3);
    // Play goes on from where it stopped.
    await order(p, 13);
    await waitWeek([p], 4);
    expect(p.errors).toEqual([]);
  });
});

describe("keyboard only", () => {
  let k: Player;
  afterAll(async () => {
    await k?.close();
  });

  it("creates, starts and plays a week without a pointer; the game is on window only in test mode", async () => {
    k = await openPlayer("Ida");
    const page = k.page;
    await page.goto(`${game.url}/`);
    await page.locator("#join-code").waitFor();
    expect(await page.evaluate(() => "__pf" in window)).toBe(false);
    await page.goto(`${game.url}/?test=1`);
    expect(await page.evaluate(() => "__pf" in window)).toBe(true);

    // The join code has focus on arrival; Tab walks the forms in reading order.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("join-code");
    const tabTo = async (id: string) => {
      for (let i = 0; i < 40; i++) {
        if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
        await page.keyboard.press("Tab");
      }
      throw new Error(`Tab never reached #${id}`);
    };
    await tabTo("create-name");
    await page.keyboard.type("Ida");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Team lobby" }).waitFor();
    await page.getByRole("button", { name: "Start the round" }).focus();
    await page.keyboard.press("Enter");
    await page.locator(".desk").waitFor({ timeout: 30_000 });
    // The order field has focus with its value selected: type over it, Enter sends.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("decide-order");
    await page.keyboard.type("7");
    await page.keyboard.press("Enter");
    await waitWeek([k], 2);
    await page.locator(".form-status", { hasText: "Decided for week 1: Order 7" }).waitFor();
    expect(k.errors).toEqual([]);
  });
});

describe("continuous pace", () => {
  let c: Player;
  afterAll(async () => {
    await c?.close();
  });

  it("runs the weeks on the clock and keeps a standing decision until it is changed", async () => {
    c = await openPlayer("Jo");
    const page = c.page;
    await page.goto(`${game.url}/?test=1`);
    await page.locator("#create-name").fill(c.name);
    await page.locator("#create-pace").selectOption("continuous");
    await page.locator("#create-seconds").fill("1.5");
    await page.getByRole("button", { name: "Create the round" }).click();
    await page.getByRole("button", { name: "Start the round" }).click();
    await page.locator(".desk").waitFor({ timeout: 30_000 });
    // A week turns while the player is typing: what they typed stays and is what Enter sends.
    const input = page.getByRole("spinbutton", { name: /Order/ });
    await input.fill("17");
    await waitWeek([c], (await deskWeek(page)) + 1);
    expect(await input.inputValue()).toBe("17");
    await input.press("Enter");
    await page.locator(".form-status", { hasText: "Order 17" }).waitFor();
    const from = await deskWeek(page);
    await waitWeek([c], from + 2);
    // The field still offers the standing decision in later weeks.
    expect(await page.getByRole("spinbutton", { name: /Order/ }).inputValue()).toBe("17");
    expect(await page.locator(".pace-mode").textContent()).toContain("Continuous");
    expect(c.errors).toEqual([]);
  });
});
