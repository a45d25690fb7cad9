// Many processes behind one address (docs/deploy.md): nginx in front of three game server processes
// sharing a private Redis and a private PostgreSQL, SDK clients and a Chromium page playing through
// the one address. The process that owns the Chromium page's round is killed with `kill -9`, later
// another gets SIGTERM: their rounds are adopted by the others, every acknowledged decision is kept,
// weeks stay contiguous, every export re-simulates, the SDK players take their seats again with their
// seat tokens, and the page finds its seat again by itself on the adopting process, its decision
// standing. Then one SQLite process alone: SIGTERM, and the next start resumes its rounds at once.
//
// The processes serve the production client, built here into a temp folder (tests/support/client-build.ts);
// Chromium is Debian's (CHROMIUM overrides the path), as in tests/e2e.
//
// nginx comes from Debian packages (installed here as root if missing; the test fails loudly, with
// the reason, when it cannot be had). Figures go to stdout ("adoption:" lines).

import pg from "pg";
import { afterAll, afterEach, expect, it } from "vitest";
import { replayRecord } from "../../server/record.ts";
import type { RoundRecord } from "../../shared/protocol/messages.ts";
import { type Player as BrowserPlayer, openPlayer, placeOrder } from "../e2e/play-harness.ts";
import { type Harness, Player, sleep } from "../server/harness.ts";
import { buildClient } from "../support/client-build.ts";
import {
  ensureNginx,
  freePort,
  type PrivateNginx,
  type PrivatePostgres,
  type ServerProcess,
  startNginx,
  startPostgres,
  startRedis,
  startServerProcess,
  stopAll,
  tempDir,
  waitFor,
} from "../support/processes.ts";

afterAll(stopAll);

const LEASE_SECONDS = Number(process.env.PF_FAULT_LEASE_SECONDS ?? 3);
const WEEKS = 8;
const ROLES = ["retailer", "wholesaler"] as const;

interface Seat {
  role: (typeof ROLES)[number];
  name: string;
  token: string;
  player: Player;
  /** week → the order acknowledged by the server */
  acked: Map<number, number>;
}

interface TeamRound {
  code: string;
  id: string;
  hostToken: string;
  seats: Seat[];
}

const order = (r: number, s: number, week: number) => 1 + ((r * 7 + s * 3 + week) % 13);

function at(url: string): Harness {
  return { url, http: url.replace(/^ws/, "http") } as unknown as Harness;
}

/** The process (p1, p2, …) a player's connection goes to, from its WebSocket path. */
function processOf(p: Player): string {
  const url = (p.room.connection as unknown as { url: string }).url;
  return /\/(p\d+)\//.exec(url)?.[1] ?? "?";
}

function quiet(p: Player): Player {
  // The SDK would retry the same process' path; players here join again by code and seat token.
  p.room.reconnection.enabled = false;
  return p;
}

async function newRound(pub: string, r: number): Promise<TeamRound> {
  const host = quiet(
    await Player.create(at(pub), {
      scenario: "beer-game",
      options: { weeks: WEEKS, warmupWeeks: 0 },
      name: `host${r}`,
      role: "retailer",
      graceSeconds: 300,
    }),
  );
  const code = host.state.code as string;
  const guest = quiet(await Player.join(at(pub), code, { name: `guest${r}`, role: "wholesaler" }));
  host.send("host", { hostToken: host.w.hostToken!, action: "start" });
  await host.until((s) => s.phase === "play", 15_000);
  const seats: Seat[] = [host, guest].map((player, i) => ({
    role: ROLES[i]!,
    name: player === host ? `host${r}` : `guest${r}`,
    token: player.w.seatToken!,
    player,
    acked: new Map(),
  }));
  return { code, id: "", hostToken: host.w.hostToken!, seats };
}

async function decide(round: TeamRound, r: number, s: number, week: number): Promise<void> {
  const seat = round.seats[s]!;
  const value = order(r, s, week);
  seat.player.send("decide", { week, decision: { order: value } });
  const a = await seat.player.next("accepted", (x) => x.week === week, 20_000);
  expect(a.decision).toEqual({ order: value });
  seat.acked.set(week, value);
}

async function playWeeks(rounds: TeamRound[], from: number, to: number): Promise<void> {
  await Promise.all(
    rounds.map(async (round, r) => {
      for (let week = from; week <= to; week++) {
        for (let s = 0; s < round.seats.length; s++)
          if (!round.seats[s]!.acked.has(week)) await decide(round, r, s, week);
        await round.seats[0]!.player.until((st) => st.week >= week || st.phase === "debrief", 20_000);
      }
    }),
  );
}

/** Joins again by code and seat token, as the browser does, until the round answers somewhere. */
async function rejoin(pub: string, round: TeamRound, seat: Seat, timeoutMs = 90_000): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    try {
      seat.player = quiet(await Player.join(at(pub), round.code, { name: seat.name, seatToken: seat.token }));
      expect(seat.player.w).toMatchObject({ role: seat.role, resumed: true, code: round.code });
      return;
    } catch (e) {
      if (Date.now() - t0 > timeoutMs) throw e;
      await sleep(200);
    }
  }
}

/** A round whose retailer is an SDK host and whose wholesaler is a Chromium page, in play. */
interface BrowserRound extends TeamRound {
  page: BrowserPlayer;
  /** Every WebSocket address the page opened, in order. */
  sockets: string[];
  /** The page's acknowledged orders by week. */
  pageAcked: Map<number, number>;
  /** What the page wrote to its console (read when it fails to come back). */
  pageLog: string[];
}

const PAGE_ROUND = 99;
const pages: BrowserPlayer[] = [];
afterAll(async () => {
  for (const p of pages) await p.close().catch(() => {});
});

async function browserRound(pub: string): Promise<BrowserRound> {
  const host = quiet(
    await Player.create(at(pub), {
      scenario: "beer-game",
      options: { weeks: WEEKS, warmupWeeks: 0 },
      name: "hostB",
      role: "retailer",
      graceSeconds: 300,
    }),
  );
  const code = host.state.code as string;
  const page = await openPlayer("Bea");
  pages.push(page);
  const sockets: string[] = [];
  page.page.on("websocket", (ws) => sockets.push(ws.url()));
  const pageLog: string[] = [];
  page.page.on("console", (m) => pageLog.push(`${((Date.now() / 1000) % 1000).toFixed(1)} ${m.text()}`));
  // The share link through the one address; the page finds the round's process by itself.
  await page.page.goto(`${pub.replace(/^ws/, "http")}/?join=${code}&test=1`);
  await page.page.locator("#join-name").fill("Bea");
  await page.page.locator("#seat-wholesaler").check();
  await page.page.getByRole("button", { name: "Join the team" }).click();
  await page.page.getByRole("heading", { name: "Team lobby" }).waitFor({ timeout: 30_000 });
  await host.until((s) => s.seats.get("wholesaler")?.connected, 15_000);
  host.send("host", { hostToken: host.w.hostToken!, action: "start" });
  await page.page.locator(".desk[data-role=wholesaler]").waitFor({ timeout: 30_000 });
  const seat: Seat = {
    role: "retailer",
    name: "hostB",
    token: host.w.seatToken!,
    player: host,
    acked: new Map(),
  };
  return {
    code,
    id: "",
    hostToken: host.w.hostToken!,
    seats: [seat],
    page,
    sockets,
    pageAcked: new Map(),
    pageLog,
  };
}

/** The page types its order for the open week and waits for the desk to say it counted. */
async function pageDecides(round: BrowserRound, week: number, value: number): Promise<void> {
  await placeOrder(round.page.page, value);
  await round.page.page
    .locator(".form-status", { hasText: `Decided for week ${week}` })
    .waitFor({ timeout: 20_000 });
  round.pageAcked.set(week, value);
}

/** The week the page's desk has open, once it shows `week`. */
async function pageAtWeek(round: BrowserRound, week: number, timeout = 30_000): Promise<void> {
  await round.page.page.waitForFunction(
    (w) => {
      const el = document.querySelector(".desk[data-role=wholesaler] .pace-week");
      return el !== null && Number(/\d+/.exec(el.textContent ?? "")?.[0]) === w;
    },
    week,
    { timeout },
  );
}

async function owners(db: pg.Client, ids: string[]): Promise<Map<string, string | null>> {
  const { rows } = await db.query<{ id: string; owner: string | null }>(
    "SELECT id, owner FROM rounds WHERE id = ANY($1)",
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.owner]));
}

/** Every acknowledged decision is in the export, the weeks are contiguous, and it re-simulates. */
async function checkExport(pub: string, round: TeamRound, weeks: number): Promise<void> {
  const res = await fetch(`${pub.replace(/^ws/, "http")}/api/rounds/${round.id}/export.json`, {
    headers: { authorization: `Bearer ${round.hostToken}` },
  });
  expect(res.status).toBe(200);
  const exp = (await res.json()) as RoundRecord & {
    status: string;
    events: { type: string; data: { week: number } }[];
  };
  expect(exp.status).not.toBe("closed");
  expect(exp.decisions).toHaveLength(weeks);
  for (const seat of round.seats) {
    for (const [week, value] of seat.acked) {
      expect(exp.decisions[week - 1]![seat.role]).toEqual({ order: value });
      expect(exp.sources[week - 1]![seat.role]).toBe("human");
    }
  }
  const recorded = exp.events.filter((e) => e.type === "week").map((e) => e.data.week);
  expect(recorded).toEqual(Array.from({ length: weeks }, (_, i) => i + 1));
  expect(replayRecord(exp).hashes).toEqual(exp.hashes);
}

interface Cluster {
  db: PrivatePostgres;
  client: pg.Client;
  nginx: PrivateNginx;
  procs: Map<string, ServerProcess>;
}

let cluster: Cluster | undefined;
const nginxBin = ensureNginx();

async function startCluster(): Promise<Cluster> {
  if (!("bin" in nginxBin)) throw new Error(`nginx is needed for this test: ${nginxBin.missing}`);
  const staticDir = buildClient();
  const [db, redis] = await Promise.all([startPostgres(), startRedis()]);
  const pubPort = await freePort();
  const names = ["p1", "p2", "p3"];
  const ports = await Promise.all(names.map(() => freePort()));
  const procs = new Map<string, ServerProcess>();
  const nginx = await startNginx(
    nginxBin.bin,
    names.map((prefix, i) => ({ prefix, port: ports[i]! })),
    pubPort,
  );
  const started = await Promise.all(
    names.map((name, i) =>
      startServerProcess({
        PORT: String(ports[i]),
        DATABASE_URL: db.url,
        REDIS_URL: redis.url,
        PF_PUBLIC_ADDRESS: `${nginx.address}/${name}`,
        PF_LEASE_SECONDS: String(LEASE_SECONDS),
        PF_DRAIN_SECONDS: "10",
        PF_STATIC_DIR: staticDir,
      }),
    ),
  );
  for (const [i, name] of names.entries()) procs.set(name, started[i]!);
  for (const [i, name] of names.entries()) everyProcess.push([name, started[i]!]);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  return { db, client, nginx, procs };
}

afterAll(async () => {
  await cluster?.client.end().catch(() => {});
});

/** Every process the cluster started, killed or not: a failed test shows how each one fared. */
const everyProcess: [string, ServerProcess][] = [];
afterEach((ctx) => {
  if (ctx.task.result?.state !== "fail") return;
  for (const [name, p] of everyProcess) {
    const state = p.proc.exitCode ?? p.proc.signalCode ?? "running";
    const notable = p
      .output()
      .split("\n")
      .filter((l) => !l.includes('"level":"info"'))
      .slice(-15);
    console.log(`${name} (${state}):\n${notable.join("\n")}`);
  }
});

it("kill -9 of a process: the others adopt its rounds; nothing acknowledged is lost; players sit again", async () => {
  cluster = await startCluster();
  const { nginx, procs, client } = cluster;
  const pub = nginx.url;

  const rounds: TeamRound[] = [];
  for (let r = 0; r < 6; r++) rounds.push(await newRound(pub, r));
  const ids = await client.query<{ id: string; code: string }>("SELECT id, code FROM rounds");
  for (const round of rounds) round.id = ids.rows.find((x) => x.code === round.code)!.id;
  const where = rounds.map((round) => processOf(round.seats[0]!.player));
  console.log(`placement: ${where.join(" ")}`);

  // A Chromium page takes the wholesaler's seat of one more round through the one address.
  const br = await browserRound(pub);
  br.id = (await client.query("SELECT id FROM rounds WHERE code = $1", [br.code])).rows[0].id;

  await playWeeks(rounds, 1, 3);
  // Week 4 half decided: the retailers' decisions are acknowledged, the wholesalers' not yet sent.
  await Promise.all(rounds.map((round, r) => decide(round, r, 0, 4)));
  // The page decides weeks 1 and 2; week 2 stays open (its host has not decided it).
  await pageDecides(br, 1, 4);
  await decide(br, PAGE_ROUND, 0, 1);
  await pageAtWeek(br, 2);
  await pageDecides(br, 2, 6);

  // The process that owns the page's round dies (with whatever SDK rounds it holds).
  const before = await owners(client, [...rounds.map((r) => r.id), br.id]);
  const deadOwner = before.get(br.id)!;
  const [victim, dead] = [...procs].find(([, p]) => deadOwner.split("/")[1] === String(p.proc.pid))!;
  const hit = rounds.filter((round) => before.get(round.id) === deadOwner);
  const socketsBefore = br.sockets.length;
  const t0 = Date.now();
  await dead.kill("SIGKILL");
  procs.delete(victim);

  // Adopted by the others, each round once.
  let adoptedMs = 0;
  for (;;) {
    const now = await owners(client, [...hit.map((r) => r.id), br.id]);
    if ([...now.values()].every((o) => o !== null && o !== deadOwner)) {
      adoptedMs = Date.now() - t0;
      const live = new Set([...procs.values()].map((p) => String(p.proc.pid)));
      for (const o of now.values()) expect(live.has(o!.split("/")[1]!)).toBe(true);
      console.log(
        `adoption: ${hit.length + 1} round(s) of a killed process adopted after ${adoptedMs} ms (lease ${LEASE_SECONDS} s), by ${[...new Set(now.values())].length} process(es)`,
      );
      break;
    }
    expect(Date.now() - t0).toBeLessThan(LEASE_SECONDS * 1000 * 4 + 10_000);
    await sleep(50);
  }

  // The players of those rounds come back to their seats through the one address.
  await Promise.all([...hit, br].flatMap((round) => round.seats.map((seat) => rejoin(pub, round, seat))));
  console.log(
    `adoption: players of the killed process back in their seats ${Date.now() - t0} ms after the kill`,
  );
  // The page joins again by itself, on the adopting process, with its week-2 order standing.
  const newOwner = (await owners(client, [br.id])).get(br.id)!;
  const [adopterName] = [...procs].find(([, p]) => newOwner.split("/")[1] === String(p.proc.pid))!;
  await waitFor(
    () => br.sockets.slice(socketsBefore).some((u) => u.includes(`/${adopterName}/`)),
    "the page's socket to the adopting process",
    90_000,
  ).catch((e: Error) => {
    throw new Error(
      `${e.message}; the page's sockets since the kill: ${br.sockets.slice(socketsBefore).join(" ")}; ` +
        `its console: ${br.pageLog.slice(-20).join(" | ")}`,
    );
  });
  const order = br.page.page.getByRole("spinbutton", { name: /Order/ });
  await br.page.page.locator(".desk[data-role=wholesaler]").waitFor({ timeout: 30_000 });
  await pageAtWeek(br, 2);
  await expect.poll(() => order.inputValue(), { timeout: 15_000 }).toBe("6");
  console.log(
    `adoption: the Chromium page back in its seat on ${adopterName} ${Date.now() - t0} ms after the kill`,
  );
  // Its host decides week 2 on the adopter: the week closes with the page's order in it.
  await decide(br, PAGE_ROUND, 0, 2);
  await pageAtWeek(br, 3);
  await checkExport(pub, br, 2);
  const exp = await (
    await fetch(`${pub.replace(/^ws/, "http")}/api/rounds/${br.id}/export.json`, {
      headers: { authorization: `Bearer ${br.hostToken}` },
    })
  ).json();
  for (const [week, value] of br.pageAcked) {
    expect(exp.decisions[week - 1].wholesaler).toEqual({ order: value });
    expect(exp.sources[week - 1].wholesaler).toBe("human");
  }
  expect(br.page.errors).toEqual([]);
  for (const round of hit) {
    const p = round.seats[1]!.player;
    await p.until((s) => s.week === 3 && p.seat("retailer").decided, 15_000);
    // History up to week 3 is the acknowledged one.
    const hist = await p.next("history");
    expect(hist.weeks.slice(1).map((w) => w.decision)).toEqual(
      [1, 2, 3].map((w) => ({ order: round.seats[1]!.acked.get(w) })),
    );
  }

  await playWeeks(rounds, 4, WEEKS);
  for (const round of rounds) {
    await round.seats[0]!.player.until((s) => s.phase === "debrief", 20_000);
    await checkExport(pub, round, WEEKS);
  }
  for (const round of rounds) for (const s of round.seats) await s.player.leave();
  await br.seats[0]!.player.leave();
  await br.page.close();
  pages.splice(pages.indexOf(br.page), 1);
}, 400_000);

it("SIGTERM of an owner: it drains, a peer adopts at once, the players are told to join again", async () => {
  expect(cluster, "needs the cluster of the test above").toBeDefined();
  const { nginx, procs, client } = cluster!;
  const pub = nginx.url;
  const rounds: TeamRound[] = [];
  for (let r = 0; r < 4; r++) rounds.push(await newRound(pub, 10 + r));
  const ids = await client.query<{ id: string; code: string }>("SELECT id, code FROM rounds");
  for (const round of rounds) round.id = ids.rows.find((x) => x.code === round.code)!.id;
  await playWeeks(rounds, 1, 2);
  await Promise.all(rounds.map((round, r) => decide(round, 10 + r, 0, 3)));

  const where = rounds.map((round) => processOf(round.seats[0]!.player));
  const victim = [...procs.keys()].sort(
    (a, b) => where.filter((w) => w === b).length - where.filter((w) => w === a).length,
  )[0]!;
  const leaving = procs.get(victim)!;
  const before = await owners(
    client,
    rounds.map((r) => r.id),
  );
  const ownerId = [...before.values()].find((o) => o?.split("/")[1] === String(leaving.proc.pid))!;
  const hit = rounds.filter((round) => before.get(round.id) === ownerId);
  expect(hit.length).toBeGreaterThan(0);

  const t0 = Date.now();
  const exit = leaving.kill("SIGTERM");
  procs.delete(victim);
  let adoptedMs = 0;
  for (;;) {
    const now = await owners(
      client,
      hit.map((r) => r.id),
    );
    if ([...now.values()].every((o) => o !== null && o !== ownerId)) {
      adoptedMs = Date.now() - t0;
      break;
    }
    expect(Date.now() - t0).toBeLessThan(30_000);
    await sleep(20);
  }
  const code = await exit;
  const exitedMs = Date.now() - t0;
  expect(code).toBe(0);
  expect(exitedMs).toBeLessThan(12_000);
  console.log(
    `adoption: ${hit.length} round(s) of a SIGTERMed process adopted after ${adoptedMs} ms; it exited (code 0) after ${exitedMs} ms`,
  );
  expect(leaving.output()).toMatch(/drained: \d+ round\(s\) handed over/);
  // Told to join again (not the SDK's "server shutdown" for good).
  for (const round of hit) for (const seat of round.seats) expect(seat.player.closed).toBe(4011);

  await Promise.all(hit.flatMap((round) => round.seats.map((seat) => rejoin(pub, round, seat))));
  await playWeeks(rounds, 3, WEEKS);
  for (const round of rounds) {
    await round.seats[0]!.player.until((s) => s.phase === "debrief", 20_000);
    await checkExport(pub, round, WEEKS);
  }
  for (const round of rounds) for (const s of round.seats) await s.player.leave();
});

it("SIGTERM of a lone SQLite process: it closes cleanly and the next start resumes its rounds at once", async () => {
  const file = `${tempDir("pf-drain-")}/rounds.db`;
  const first = await startServerProcess({ PF_SQLITE_FILE: file, PF_DRAIN_SECONDS: "10" });
  const round = await newRound(first.url, 0);
  await playWeeks([round], 1, 2);
  await decide(round, 0, 0, 3);
  const t0 = Date.now();
  expect(await first.kill("SIGTERM")).toBe(0);
  expect(Date.now() - t0).toBeLessThan(12_000);
  for (const seat of round.seats) expect(seat.player.closed).toBe(4011);

  const second = await startServerProcess({ PF_SQLITE_FILE: file });
  expect(second.output()).toMatch(/1 round\(s\) restored/);
  for (const seat of round.seats) await rejoin(second.url, round, seat, 10_000);
  const watcher = round.seats[1]!.player;
  await watcher.until((s) => s.week === 2 && watcher.seat("retailer").decided, 10_000);
  await playWeeks([round], 3, 4);
  for (const seat of round.seats) await seat.player.leave();
  await second.kill("SIGTERM");
});
