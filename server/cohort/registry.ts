// The cohorts of this process, by id and by participant code: created from a trainer's request,
// loaded from storage at start (their team rounds come back through the rounds' own restore), or
// adopted with their team rounds from a process that is gone (server/ownership.ts).

import { matchMaker } from "@colyseus/core";
import { initialSeating } from "../../shared/cohort/assignment.ts";
import type { CohortSettings } from "../../shared/cohort/settings.ts";
import {
  COHORT_ROOM,
  type CohortCreated,
  cohortConsoleLink,
  cohortJoinLink,
  MAX_COHORT_TEAMS,
} from "../../shared/protocol/cohort.ts";
import { CLOSE_CODES } from "../../shared/protocol/errors.ts";
import { getScenario } from "../../shared/scenarios/index.ts";
import { services } from "../services.ts";
import { ownsCohorts } from "../storage/types.ts";
import { hashToken, newJoinCode, newRoundId, newToken } from "../tokens.ts";
import { Cohort, type CohortData, type CohortSaves } from "./cohort.ts";
import type { CohortRoom } from "./room.ts";

const byId = new Map<string, Cohort>();
/** Cohorts whose console room is open in this process. */
const consoles = new Set<string>();

export function cohortById(id: string): Cohort | undefined {
  return byId.get(id);
}

export function cohortByCode(code: string): Cohort | undefined {
  for (const c of byId.values()) if (c.data.code === code) return c;
  return undefined;
}

/** Forgets every cohort (a server start: they are loaded again from storage). */
export function clearCohorts(): void {
  byId.clear();
  consoles.clear();
}

/**
 * Opens the cohort's console room unless it is open. A finished cohort's console closes once no
 * trainer watches it (server/cohort/room.ts); the trainer coming back opens it again.
 */
export async function openConsole(cohort: Cohort): Promise<void> {
  if (consoles.has(cohort.id)) return;
  byId.set(cohort.id, cohort);
  consoles.add(cohort.id);
  try {
    // Here, whatever process the matchmaker would pick: the console drives this process' team rooms.
    await matchMaker.handleCreateRoom(COHORT_ROOM, { cohort: cohort.id });
  } catch (e) {
    consoles.delete(cohort.id);
    throw e;
  }
}

/**
 * The cohort's console here closed: nothing of the cohort runs here any more (a console stays open while
 * any of its team rooms does, scaled out), so its lease is given up and any process may take it: the
 * next join or console page there takes it over (takeOver), or, with live team rounds, adoption does. A draining process releases its cohorts itself, after
 * their team rounds; one that lost the cohort holds nothing to release.
 */
export function consoleClosed(id: string): void {
  consoles.delete(id);
  const storage = services().storage;
  if (!ownsCohorts(storage) || services().shuttingDown || !storage.ownedCohorts().includes(id)) return;
  void storage
    .releaseCohorts([id])
    .catch((e) => services().log(`cohort ${id}: could not release it (its lease runs out instead)`, e));
}

/** What a cohort's saves tell this registry (each cohort here is made with it: cohortOf). */
const saves: CohortSaves = {
  refused: cohortRefused,
  // A save went through for a cohort whose console here has closed (a retried save, storage back):
  // the save took the lease again, so it goes back, or other processes would refuse the cohort as held.
  savedAgain: (cohort) => {
    if (!consoles.has(cohort.id)) consoleClosed(cohort.id);
  },
};

/** A copy of the cohort recorded as `data`, its saves reported here. */
function cohortOf(data: CohortData): Cohort {
  return new Cohort(data, saves);
}

/** Takeovers under way, by cohort id: requests arriving together share one. */
const takingOver = new Map<string, Promise<Cohort | undefined>>();

/**
 * A request here needs a cohort no live process runs (its lease ran out, or it was released, and it
 * has no live team round elsewhere): it is taken over, once however many requests ask at a time. The
 * lease is claimed first (CohortHeldError, with nothing changed and no team room opened, when another
 * process holds it), the document read as it was at that moment, and the one copy registered here
 * with its console open, where other processes reach it; the request then acts on that copy. Undefined
 * if there is no such cohort.
 */
export function takeOver(id: string): Promise<Cohort | undefined> {
  let p = takingOver.get(id);
  if (!p) {
    p = claim(id).finally(() => takingOver.delete(id));
    takingOver.set(id, p);
  }
  return p;
}

async function claim(id: string): Promise<Cohort | undefined> {
  const here = (): Cohort | undefined => {
    const live = byId.get(id);
    return live && consoles.has(id) && !cohortIsElsewhere(id) ? live : undefined;
  };
  // Taken over already (by a request before this one), or adopted by the round keeper meanwhile.
  let cohort = here();
  if (cohort) return cohort;
  const storage = services().storage;
  const row = ownsCohorts(storage) ? await storage.claimCohort(id) : await storage.getCohort(id);
  if (!row) return undefined;
  cohort = here();
  if (cohort) return cohort;
  cohort = cohortOf(row.data as CohortData);
  byId.set(id, cohort);
  try {
    await openConsole(cohort);
  } catch (e) {
    // Nothing of the cohort runs here: its lease goes back at once, for this or another process.
    byId.delete(id);
    services().log(`could not open the console of cohort ${id}, taken over here: its lease is given up`, e);
    if (ownsCohorts(storage))
      await storage
        .releaseCohorts([id])
        .catch((err) =>
          services().log(`cohort ${id}: could not release it (its lease runs out instead)`, err),
        );
    throw e;
  }
  services().log(`took over cohort ${id} (${cohort.data.code}): no live process held it`);
  return cohort;
}

function uniqueCode(): string {
  for (;;) {
    const c = newJoinCode();
    if (!services().rooms.has(c) && !cohortByCode(c)) return c;
  }
}

/** A new cohort's document, with no team yet, and its trainer's token (only its hash is kept). */
export function newCohortData(settings: CohortSettings): { data: CohortData; trainerToken: string } {
  const scenario = getScenario(settings.scenario);
  const trainerToken = newToken();
  const data: CohortData = {
    id: newRoundId(),
    code: uniqueCode(),
    title: settings.title,
    scenario: scenario.id,
    settings,
    seed: settings.seed ?? Math.floor(Math.random() * 0x100000000),
    trainerTokenHash: hashToken(trainerToken),
    phase: "lobby",
    lead: "",
    teams: [],
    seating: initialSeating(scenario.roles, { ...settings, maxTeams: MAX_COHORT_TEAMS }),
    createdAt: Date.now(),
  };
  return { data, trainerToken };
}

export async function createCohort(settings: CohortSettings): Promise<CohortCreated> {
  const { data, trainerToken } = newCohortData(settings);
  const cohort = cohortOf(data);
  const count = settings.teams === "auto" ? 1 : settings.teams;
  for (let i = 0; i < count; i++) await cohort.openTeam();
  await cohort.save();
  byId.set(data.id, cohort);
  await openConsole(cohort);
  return {
    id: data.id,
    code: data.code,
    joinLink: cohortJoinLink(data.code),
    consoleLink: cohortConsoleLink(data.id),
    trainerToken,
  };
}

/** Loads the recorded cohorts that have not finished and opens their console rooms. */
export async function restoreCohorts(): Promise<number> {
  let n = 0;
  for (const row of await services().storage.listCohorts()) {
    const data = row.data as CohortData;
    if (byId.has(data.id)) continue;
    // A cohort whose teams are all gone (closed rounds) has nothing left to run.
    const live = data.teams.some((code) => services().rooms.has(code));
    if (!live) continue;
    try {
      const cohort = cohortOf(data);
      byId.set(data.id, cohort);
      await openConsole(cohort);
      n++;
    } catch (e) {
      byId.delete(data.id);
      services().log(`could not restore cohort ${data.id}`, e);
    }
  }
  return n;
}

/**
 * This process adopted the cohort (its team rounds are restored here already): its document is read
 * again from storage (a copy cached by a lookup may be old) and its console opened here.
 */
export async function cohortAdopted(id: string): Promise<void> {
  try {
    const row = await services().storage.getCohort(id);
    if (!row) return;
    const cohort = cohortOf(row.data as CohortData);
    byId.set(id, cohort);
    await openConsole(cohort);
    services().log(`adopted cohort ${id} (${cohort.data.code}) with its team rounds`);
  } catch (e) {
    byId.delete(id);
    services().log(`could not open the console of adopted cohort ${id}`, e);
  }
}

/**
 * Another process adopted the cohort (this one was cut off): its console here closes, telling the
 * trainer to join again (the console room answers on the adopter), and this copy is forgotten.
 */
export function cohortLost(id: string): void {
  closeHere(id, `cohort ${id} was adopted by another process: its console here closes`);
}

/**
 * A save of this copy was refused: another live process holds the cohort (it took it over while this
 * one was cut off, before the next renewal said so). As when it is adopted elsewhere, the console here
 * closes, telling the trainer to join again (they reach it there), and this copy is forgotten. Alone
 * (SQLite, memory) no other process can hold it: the copy stays.
 */
function cohortRefused(cohort: Cohort): void {
  if (!ownsCohorts(services().storage) || byId.get(cohort.id) !== cohort) return;
  closeHere(
    cohort.id,
    `cohort ${cohort.id}: a save was refused, another process holds it: its console here closes`,
  );
}

function closeHere(id: string, why: string): void {
  byId.delete(id);
  if (!consoles.has(id)) return;
  services().log(why);
  const room = matchMaker.getLocalRoomById(id) as CohortRoom | undefined;
  if (room) void room.handOver(CLOSE_CODES.moved, true);
  consoles.delete(id);
}

/** A draining process: every console here is told to join again (its cohort is released next). */
export async function handOverConsoles(): Promise<void> {
  const rooms = [...consoles].map((id) => matchMaker.getLocalRoomById(id) as CohortRoom | undefined);
  await Promise.allSettled(rooms.map((r) => r?.handOver(CLOSE_CODES.moved, false)));
}

/** Another process runs the cohort (scaled out: its lease is not held here). */
export function cohortIsElsewhere(id: string): boolean {
  const storage = services().storage;
  return ownsCohorts(storage) && !storage.ownedCohorts().includes(id);
}

/**
 * Asks the cohort's console room, in the process that runs the cohort, to do `method`; undefined
 * when nobody answered (no such room: the cohort has nothing live, or its process is gone and the
 * cohort not yet adopted).
 */
export async function askCohortOwner<T>(
  id: string,
  method: string,
  args?: unknown[],
): Promise<T | undefined> {
  try {
    return (await matchMaker.remoteRoomCall(id, method, args, REMOTE_CALL_MS)) as T;
  } catch {
    return undefined;
  }
}

const REMOTE_CALL_MS = 3000;

/** A cohort of this process, or one recorded in storage (finished, or from before a restart). */
export async function findCohort(by: { id: string } | { code: string }): Promise<Cohort | undefined> {
  const live = "id" in by ? cohortById(by.id) : cohortByCode(by.code);
  if (live && !cohortIsElsewhere(live.id)) return live;
  const row =
    "id" in by
      ? await services().storage.getCohort(by.id)
      : await services().storage.findCohortByCode(by.code);
  if (!row) return undefined;
  const now = byId.get(row.id);
  // Registered while storage answered (taken over or adopted here): that copy, never a second one.
  if (now && !cohortIsElsewhere(row.id)) return now;
  const cohort = cohortOf(row.data as CohortData);
  if (ownsCohorts(services().storage)) {
    // Scaled out, a cohort runs here only once created, adopted or taken over here (takeOver), in one
    // copy: this one only answers from storage. Another process' cohort is read afresh each time (it
    // changes there), never kept here.
    if (cohortIsElsewhere(row.id)) byId.delete(row.id);
    return cohort;
  }
  byId.set(cohort.id, cohort);
  return cohort;
}

/** Whether this copy is the cohort this process runs: the one registered here, its lease held here. */
export function runsHere(cohort: Cohort): boolean {
  return byId.get(cohort.id) === cohort && !cohortIsElsewhere(cohort.id);
}
