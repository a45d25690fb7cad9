// A trainer runs a class in real browsers against a real server: creates a cohort, six participants
// join by the one link (teams of four: two teams, bots filling), both teams play to the end in
// lockstep, the console broadcasts, injects a shock and pauses for reflection, and the trainer leads
// the cohort debrief while every participant's screen follows. One Chromium, a context per person.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifact, CHROMIUM_ARGS, type GameProcess, startGame, waitBoardSettled } from "./play-harness.ts";

const WEEKS = 8;
const PEOPLE = ["Ann", "Ben", "Cai", "Dee", "Eve", "Fay"] as const;

interface Person {
  name: string;
  context: BrowserContext;
  page: Page;
  errors: string[];
}

let game: GameProcess;
let browser: Browser;
const people: Person[] = [];

async function person(name: string): Promise<Person> {
  // A context of its own: its own localStorage, so its own participant ticket or trainer key.
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const p = { name, context, page, errors };
  people.push(p);
  return p;
}

const profile = mkdtempSync(join(tmpdir(), "pf-cohort-e2e-"));
beforeAll(async () => {
  game = await startGame();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
  });
});
afterAll(async () => {
  await browser?.close();
  await game?.stop();
  rmSync(profile, { recursive: true, force: true });
});

/** The open week every desk of `desks` shows is at least `week`, or the round has ended. */
async function waitWeek(desks: Person[], week: number): Promise<void> {
  await Promise.all(
    desks.map((d) =>
      d.page.waitForFunction(
        (w) => {
          if (document.querySelector("section.debrief")) return true;
          const el = document.querySelector(".pace-week");
          return el !== null && Number(/\d+/.exec(el.textContent ?? "")?.[0]) >= w;
        },
        week,
        { timeout: 30_000 },
      ),
    ),
  );
}

/** The trainer's key, as the browser that created the cohort keeps it. */
async function trainerKey(page: Page, id: string): Promise<string> {
  const key = await page.evaluate((k) => localStorage.getItem(k), `pf.trainer.${id}`);
  expect(key).toBeTruthy();
  return key!;
}

describe("a trainer runs a class of six in two teams", () => {
  it("creates, seats by one link, plays both teams to the end, reflects, and leads the cohort debrief", async () => {
    const trainer = await person("Trainer");
    const t = trainer.page;
    await t.goto(`${game.url}/?test=1`);
    await t.getByRole("button", { name: "Run a class or workshop" }).click();
    await t.locator("#cohort-title").fill("Operations workshop");
    await t.locator("#cohort-scenario").selectOption("product-launch");
    await t.locator("#cohort-weeks").fill(String(WEEKS));
    await t.locator("#cohort-pace").selectOption("lockstep");
    await t.screenshot({ path: artifact("cohort-create.png"), fullPage: true });
    await t.getByRole("button", { name: "Create the cohort" }).click();
    const code = ((await t.getByTestId("join-code").textContent()) ?? "").trim();
    expect(code).toMatch(/^[A-Z0-9]{6}$/);
    const joinUrl = ((await t.getByTestId("join-url").textContent()) ?? "").trim();
    expect(joinUrl).toContain(`cohort=${code}`);
    await t.screenshot({ path: artifact("cohort-created.png"), fullPage: true });
    await t.getByRole("link", { name: "Open the console" }).click();
    const id = new URL(t.url()).searchParams.get("console")!;
    const key = await trainerKey(t, id);

    // Everyone opens the one link, types a name and lands at a desk.
    const desks = await Promise.all(PEOPLE.map((name) => person(name)));
    await Promise.all(
      desks.map(async (d) => {
        await d.page.goto(`${new URL(joinUrl, game.url).href}&test=1`);
        await d.page.locator("#cohort-name").fill(d.name);
        await d.page.getByRole("button", { name: "Join" }).click();
      }),
    );
    await Promise.all(
      desks.map((d) => d.page.getByRole("heading", { name: "Team lobby" }).waitFor({ timeout: 30_000 })),
    );
    await t.getByText("6 participants").waitFor();
    const snapshot = async () => {
      const r = await fetch(`${game.url}/api/cohorts/${id}`, { headers: { authorization: `Bearer ${key}` } });
      return (await r.json()) as {
        teams: { code: string; phase: string; seats: { control: string; name: string }[] }[];
      };
    };
    const seated = (await snapshot()).teams.map((x) => x.seats.filter((s) => s.control === "human").length);
    expect(seated).toEqual([4, 2]);
    await t.getByRole("button", { name: "Start", exact: true }).click();
    await Promise.all(desks.map((d) => d.page.locator(".desk[data-role]").waitFor({ timeout: 30_000 })));
    await Promise.all(desks.map((d) => waitBoardSettled(d.page, 30_000)));

    // The trainer moves one participant to a bot-played seat of the other team: her desk follows
    // (joins the new team with her ticket and says so) instead of dropping or rejoining the old seat.
    // (The full team's people are the ones with a bot seat in the other team to go to.)
    let mover = desks[0]!;
    let target: string | undefined;
    for (const d of desks) {
      const from = new URL(d.page.url()).searchParams.get("join")!;
      target = await t
        .getByRole("combobox", { name: `Move ${d.name} to` })
        .locator("option")
        .evaluateAll(
          (os, team) =>
            (os as HTMLOptionElement[]).map((o) => o.value).find((v) => v && !v.startsWith(`${team}|`)),
          from,
        );
      if (target) {
        mover = d;
        break;
      }
    }
    const menu = t.getByRole("combobox", { name: `Move ${mover.name} to` });
    expect(target).toBeTruthy();
    await menu.selectOption(target!);
    const [toTeam, toRole] = target!.split("|") as [string, string];
    await mover.page.getByText("Your trainer moved you here").waitFor({ timeout: 30_000 });
    await expect.poll(() => new URL(mover.page.url()).searchParams.get("join")).toBe(toTeam);
    await mover.page.locator(`.desk[data-role=${toRole}]`).waitFor({ timeout: 30_000 });
    await waitBoardSettled(mover.page, 30_000);

    // A broadcast reaches every desk; a shock goes into every team's round.
    await t.locator("#console-message").fill("Look at your supply line before you decide.");
    await t.getByRole("button", { name: "Broadcast" }).click();
    await Promise.all(
      desks.map((d) =>
        d.page.getByTestId("cohort-notice").filter({ hasText: "Look at your supply line" }).waitFor(),
      ),
    );
    // No week given: the shock lands in the week now open.
    await t.locator("#console-shock").fill("market-boom");
    await t.getByRole("button", { name: "Inject" }).click();
    const decideAll = async () => {
      await Promise.all(desks.map((d) => d.page.locator("form.decision input").first().press("Enter")));
    };
    // The launch ends at a week drawn for the seed near the told length (every team has the same seed):
    // play until the debrief opens.
    const ended = async () => (await desks[0]!.page.locator("section.debrief").count()) > 0;
    for (let week = 1; week <= WEEKS + 2 && !(await ended()); week++) {
      if (week === 3) {
        // The reflection pause: every desk gets the private prompt and answers it.
        await t.getByRole("button", { name: "Pause for reflection" }).click();
        await Promise.all(
          desks.map(async (d) => {
            const dialog = d.page.getByTestId("reflect");
            await dialog.waitFor();
            await d.page.locator("#reflect-expect").fill(`${d.name} expects orders to climb`);
            await dialog.locator("button[type=submit]").click();
          }),
        );
        await t.getByRole("button", { name: "Resume" }).click();
      }
      await decideAll();
      await waitWeek(desks, week + 1);
    }
    await Promise.all(desks.map((d) => d.page.locator("section.debrief").waitFor({ timeout: 30_000 })));
    expect((await snapshot()).teams.map((x) => x.phase)).toEqual(["debrief", "debrief"]);
    // The console refreshes once a second: within a few, nobody is shown still thinking.
    await expect.poll(() => t.getByText("thinking").count(), { timeout: 10_000 }).toBe(0);

    const debrief = await fetch(`${game.url}/api/cohorts/${id}/debrief.json`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const data = (await debrief.json()) as {
      teams: { record: { shocks: { name: string }[] }; reflections: { expect: string }[] }[];
    };
    expect(data.teams.map((x) => x.record.shocks.map((s) => s.name))).toEqual([
      ["market-boom"],
      ["market-boom"],
    ]);
    expect(
      data.teams
        .flatMap((x) => x.reflections.map((r) => r.expect))
        .sort()
        .map((s) => s.split(" ")[0]),
    ).toEqual([...PEOPLE].sort());
    await t.getByText("Finished").first().waitFor();
    await t.screenshot({ path: artifact("cohort-console.png"), fullPage: true });

    // The trainer leads the cohort debrief; every participant's screen follows.
    await t.getByRole("button", { name: "Same pattern" }).click();
    // Drawn from every team's round (the body names its panel once the figures are in).
    const drawn = async (p: Page) => {
      const figures = p.locator(".cdebrief-body[data-panel=pattern]");
      const refused = p.locator(".cdebrief-body [role=alert]");
      await figures.or(refused).first().waitFor({ timeout: 60_000 });
      // A refusal or a failed re-simulation shows as an alert: fail with its words, not a timeout.
      expect((await refused.count()) ? await refused.first().textContent() : null).toBeNull();
    };
    await drawn(t);
    await Promise.all(desks.map((d) => drawn(d.page)));
    for (const p of [t, ...desks.map((d) => d.page)])
      expect(await p.locator(".cdebrief [role=alert]").count()).toBe(0);
    await t.screenshot({ path: artifact("cohort-debrief.png"), fullPage: true });
    await desks[0]!.page.screenshot({ path: artifact("cohort-debrief-participant.png"), fullPage: true });
    for (const p of people) expect(p.errors, p.name).toEqual([]);
    // Seven browsers' renders on a shared machine: measured 110–165 s here with other work running.
  }, 240_000);
});
