// Cohort room figures: one server process, one cohort of 100 teams × 4 participants (real SDK clients) in
// lockstep, each participant answering every week after a few seconds of "thinking". Measures the
// time to seat and join all 400 (POST participants, then join the team room) and the bytes per
// second the trainer's console receives once play is steady.
//
// Smaller: PF_BENCH_COHORT_TEAMS=10 PF_BENCH_COHORT_SECONDS=10 node bench/cohort-room.ts

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, type Room } from "@colyseus/sdk";
import type { CohortCreated, ParticipantAssigned } from "../shared/protocol/cohort.ts";
import { roleEntries } from "../shared/protocol/state.ts";
import { startServer } from "./server.ts";

const TEAMS = Number(process.env.PF_BENCH_COHORT_TEAMS ?? 100);
const SECONDS = Number(process.env.PF_BENCH_COHORT_SECONDS ?? 20);
/** A participant decides this long after the week opens (uniform). */
const THINK_MS: [number, number] = [2000, 6000];

const f = (n: number, d = 1) => n.toFixed(d);

async function post<T>(base: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(base + path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Decides once per open week, after a think time, with the classic "order what came in" rule. */
function answer(room: Room, role: string): void {
  let lastWeek = -1;
  let timer: NodeJS.Timeout | undefined;
  room.onMessage("*", () => {});
  // biome-ignore lint/suspicious/noExplicitAny: reflected state
  room.onStateChange((state: any) => {
    if (state.phase !== "play" || state.week === lastWeek) return;
    lastWeek = state.week;
    const week = state.week + 1;
    const incoming = roleEntries(state.roles?.get(role)).observation.find(
      ([k]) => k === "incomingOrder",
    )?.[1];
    const order = typeof incoming === "number" ? Math.max(0, Math.round(incoming)) : 4;
    clearTimeout(timer);
    timer = setTimeout(
      () => room.send("decide", { week, decision: { order } }),
      THINK_MS[0] + Math.random() * (THINK_MS[1] - THINK_MS[0]),
    );
  });
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "pf-bench-cohort-"));
  const { proc, port } = await startServer(dir);
  const http = `http://127.0.0.1:${port}`;
  const ws = `ws://127.0.0.1:${port}`;
  const rooms: Room[] = [];
  try {
    const t0 = performance.now();
    const cohort = await post<CohortCreated>(http, "/api/cohorts", {
      scenario: "beer-game",
      teams: TEAMS,
      weeks: 36,
      pace: { mode: "lockstep" },
    });
    const created = performance.now() - t0;

    const trainer = await new Client(ws).joinById(cohort.id, { trainerToken: cohort.trainerToken });
    rooms.push(trainer);
    let measuring = false;
    let consoleBytes = 0;
    // biome-ignore lint/suspicious/noExplicitAny: the SDK's transport events are internal
    const events = (trainer.connection as any).events as { onmessage: (ev: MessageEvent) => void };
    const orig = events.onmessage;
    events.onmessage = (ev: MessageEvent) => {
      if (measuring) consoleBytes += (ev.data as ArrayBuffer).byteLength;
      orig(ev);
    };

    // Everyone arrives at once (a class opening the link together), a few dozen requests in flight.
    const people = TEAMS * 4;
    const t1 = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < people) {
        const i = next++;
        const name = `P${i}`;
        const a = await post<ParticipantAssigned>(http, `/api/cohorts/code/${cohort.code}/participants`, {
          name,
        });
        const room = await new Client(ws).joinById(a.team, {
          name,
          role: a.role,
          cohortTicket: a.participantToken,
          acks: false,
        });
        answer(room, a.role);
        rooms.push(room);
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    const joined = performance.now() - t1;

    trainer.send("start", {});
    // Steady state: every team playing, the first weeks behind us.
    await new Promise((r) => setTimeout(r, 8000));
    const weeks = () => {
      const teams = (trainer.state as { teams: Map<string, { week: number }> }).teams;
      return [...teams.values()].reduce((sum, t) => sum + t.week, 0);
    };
    const w0 = weeks();
    measuring = true;
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    measuring = false;
    const teamWeeks = weeks() - w0;

    console.log(
      `\ncohort: ${TEAMS} teams, ${people} participants (SDK clients), lockstep, thinking ${THINK_MS[0] / 1000}–${THINK_MS[1] / 1000} s`,
    );
    console.log(`  create cohort with its teams  ${f(created / 1000, 2)} s`);
    console.log(`  seat and join all ${people}     ${f(joined / 1000, 2)} s (target ≤ 20 s)`);
    console.log(
      `  console payload, steady      ${f(consoleBytes / SECONDS / 1024, 2)} KB/s over ${SECONDS} s (target ≤ 2 KB/s; ${f(teamWeeks / SECONDS, 1)} team-weeks/s)`,
    );
  } finally {
    await Promise.allSettled(rooms.map((r) => r.leave(true)));
    proc.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) await run();
