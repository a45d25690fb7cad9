// One live cohort: its recorded document (settings, trainer token hash, team codes, assignments),
// the team rooms it runs in this process, and the trainer's actions on them. Team rounds keep their
// own logs; the cohort only records who sits where.

import { matchMaker } from "@colyseus/core";
import {
  arrive,
  dropEmptyTeams,
  leave,
  move,
  type Person,
  type Seating,
  type SeatingResult,
  start,
  swapToBot,
  withdraw,
} from "../../shared/cohort/assignment.ts";
import { type CohortSettings, teamCreateOptions } from "../../shared/cohort/settings.ts";
import type { AnyScenario } from "../../shared/engine/types.ts";
import {
  type CohortMessage,
  type CohortMessageType,
  type CohortPhase,
  type CohortPublic,
  type ConsoleSnapshot,
  type ParticipantAssigned,
  REFLECTION_PROMPTS,
} from "../../shared/protocol/cohort.ts";
import type { ErrorCode } from "../../shared/protocol/errors.ts";
import { TEAM_ROOM } from "../../shared/protocol/room.ts";
import type { Refusal } from "../../shared/round/check.ts";
import { getScenario } from "../../shared/scenarios/index.ts";
import { backoffMs } from "../backoff.ts";
import { hostCommand } from "../room/commands.ts";
import { services } from "../services.ts";
import { CohortHeldError } from "../storage/types.ts";
import { TeamRoom } from "../team-room.ts";
import { hashToken, newToken, tokenMatches } from "../tokens.ts";
import { teamSnapshot } from "./snapshot.ts";

/** What storage keeps of a cohort. */
export interface CohortData {
  id: string;
  code: string;
  title: string;
  scenario: string;
  settings: CohortSettings;
  /** The cohort seed: every team's ("same"), or where each team's is drawn from ("different"). */
  seed: number;
  trainerTokenHash: string;
  phase: CohortPhase;
  lead: string;
  /** Team join codes, in team order: team i of `seating` plays in room teams[i]. */
  teams: string[];
  /** Who sits where (shared/cohort/assignment.ts); a person's id is the hash of their ticket. */
  seating: Seating;
  createdAt: number;
}

export class CohortError extends Error {
  readonly status: number;
  readonly field: string | undefined;
  constructor(status: number, message: string, field?: string) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

/**
 * What the process that keeps the cohort (server/cohort/registry.ts) is told of the cohort's saves,
 * which concern where the cohort runs.
 */
export interface CohortSaves {
  /**
   * A save was refused: another process holds the cohort (it took it over while this one was cut
   * off), so this copy is no longer the cohort's.
   */
  refused(cohort: Cohort): void;
  /** A save tried again after storage failed went through (it took the cohort's lease again). */
  savedAgain(cohort: Cohort): void;
}

export class Cohort {
  readonly data: CohortData;
  readonly scenario: AnyScenario;
  private readonly saves: CohortSaves;
  private saving: Promise<void> = Promise.resolve();
  /** A save failed (storage down): the next attempt, and how many have failed in a row. */
  private retry: NodeJS.Timeout | undefined;
  private failures = 0;
  /**
   * Joins are served one at a time, seat and save, so two arrivals never get the same seat or open two
   * teams, and a seat whose save fails is taken back before the next arrival is placed.
   */
  private joining: Promise<unknown> = Promise.resolve();

  constructor(data: CohortData, saves: CohortSaves) {
    this.data = data;
    this.scenario = getScenario(data.scenario);
    this.saves = saves;
  }

  get id(): string {
    return this.data.id;
  }

  team(code: string): TeamRoom | undefined {
    return services().rooms.get(code) as TeamRoom | undefined;
  }

  /**
   * Records the document; saves are chained so the last one written is the newest. A save refused
   * because another process holds the cohort (CohortHeldError) means this copy is no longer the
   * cohort's: its console here closes, telling the trainer to join again (CohortSaves.refused).
   */
  save(): Promise<void> {
    const doc = structuredClone(this.data);
    const p = this.saving.then(() =>
      services().storage.saveCohort({ id: doc.id, code: doc.code, data: doc }),
    );
    this.saving = p.then(
      () => {
        this.failures = 0;
      },
      (e) => {
        services().log(`cohort ${doc.id}: could not record`, e);
        if (e instanceof CohortHeldError) this.saves.refused(this);
        else this.saveAgainLater();
      },
    );
    return p;
  }

  /**
   * Storage failed a save: the cohort is saved again, backing off to every 10 s, until one goes
   * through, so a trainer's change is recorded even if nothing else changes afterwards.
   */
  private saveAgainLater(): void {
    if (this.retry) return;
    const delay = backoffMs(++this.failures, 500, 10_000);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.save().then(
        () => this.saves.savedAgain(this),
        () => {},
      );
    }, delay);
    this.retry.unref();
  }

  /**
   * A trainer's change, recorded without making the console wait. A refusal closes the console
   * (save()); any other failure is logged there and saved again until it goes through.
   */
  private record(): void {
    void this.save().catch(() => {});
  }

  /** Opens one more team room, labelled with the cohort, with no seat taken. */
  async openTeam(): Promise<string> {
    const create = teamCreateOptions(this.data.settings, this.id, this.data.seed, this.data.teams.length);
    // Here, whatever process the matchmaker would pick: this cohort drives its teams in memory.
    const listing = await matchMaker.handleCreateRoom(TEAM_ROOM, create);
    this.data.teams.push(listing.roomId);
    return listing.roomId;
  }

  publicInfo(): CohortPublic {
    return {
      id: this.id,
      code: this.data.code,
      title: this.data.title,
      scenario: this.data.scenario,
      departments: this.scenario.roles.map((r) => ({ id: r.id, label: r.label })),
      accepting: this.accepting(),
      avoidOwnDepartment: this.data.settings.avoidOwnDepartment,
      phase: this.data.phase,
    };
  }

  accepting(): boolean {
    if (this.data.phase === "debrief") return false;
    // A dry run of an arrival: the seating is plain data, nothing is kept.
    return arrive(this.data.seating, { id: "\u0000probe", name: "" }).ok;
  }

  /** A participant's seat: the same one again for a known ticket, else a new one. */
  async join(input: {
    name: string;
    department?: string;
    participantToken?: string;
  }): Promise<ParticipantAssigned> {
    // The answer goes out once the seat is recorded; a seat whose save failed (storage away, or the
    // cohort held by another process) is taken back, so the participant trying again gets one seat.
    const run = this.joining.then(() => this.seat(input));
    this.joining = run.catch(() => {});
    return run;
  }

  private async seat(input: Parameters<Cohort["join"]>[0]): Promise<ParticipantAssigned> {
    const { assigned, placed } = await this.place(input);
    if (!placed) return assigned;
    try {
      await this.save();
    } catch (e) {
      this.unplace(placed);
      throw e;
    }
    return assigned;
  }

  /**
   * Takes back an arrival whose save failed, and only what it did: the seat the participant holds now
   * (where placed, or where the trainer moved them while the save was pending) in the seating and in
   * its team room, their entry as it was before (a newcomer's is gone), and the teams opened for them
   * that nobody else sits in, closed, so the console shows no empty team the participant never got.
   * Whatever else the trainer changed meanwhile stays.
   */
  private unplace({ id, was, opened }: Placed): void {
    const now = this.data.seating.people[id];
    if (now?.team != null && now.role)
      this.team(this.data.teams[now.team]!)?.releaseSeat(now.role, { team: null, role: null });
    const seating = dropEmptyTeams(withdraw(this.data.seating, id, was), opened);
    // Nobody was ever sent to these rooms: closing them records their rounds as closed.
    for (const code of this.data.teams.splice(Math.max(opened, seating.seating.length)))
      void this.team(code)?.disconnect();
    this.data.seating = seating;
  }

  private async place(input: {
    name: string;
    department?: string;
    participantToken?: string;
  }): Promise<{ assigned: ParticipantAssigned; placed: Placed | null }> {
    if (input.department !== undefined && !this.scenario.roles.some((r) => r.id === input.department)) {
      throw new CohortError(400, `unknown department "${input.department}"`, "department");
    }
    const given = input.participantToken;
    const known = given ? this.data.seating.people[hashToken(given)] : undefined;
    if (known?.team != null && known.role) return { assigned: this.assigned(given!, known), placed: null };
    if (this.data.phase === "debrief") throw new CohortError(409, "this cohort has finished playing");
    const token = known ? given! : newToken();
    const id = hashToken(token);
    // The department by its label, which the seating's note quotes.
    const department = this.scenario.roles.find((r) => r.id === input.department)?.label ?? null;
    // Someone the trainer unseated comes back through the door like a new arrival.
    const arrival = () =>
      arrive(known ? seatingOf(leave(this.data.seating, id)) : this.data.seating, {
        id,
        name: input.name,
        department,
      });
    const opened = this.data.teams.length;
    let placed = arrival();
    // The trainer may change the seating while a team opens: the arrival is placed on it as it is then.
    while (placed.ok && this.data.teams.length < placed.state.seating.length) {
      await this.openTeam();
      placed = arrival();
    }
    if (!placed.ok) throw new CohortError(409, placed.error);
    const person = placed.person!;
    const room = this.team(this.data.teams[person.team!]!);
    const refused = room?.reserveSeat(person.role!, input.name, id);
    if (refused !== null) throw new CohortError(409, refused?.reason ?? "that team is no longer open");
    this.data.seating = placed.state;
    return { assigned: this.assigned(token, person), placed: { id, was: known, opened } };
  }

  private assigned(token: string, p: Person): ParticipantAssigned {
    return { participantToken: token, team: this.data.teams[p.team!]!, role: p.role!, note: this.note(p) };
  }

  private note(p: Person): string {
    const label = this.scenario.roles.find((r) => r.id === p.role)?.label ?? p.role;
    return `Team ${p.team! + 1}, ${label}.${p.reason ? ` ${p.reason}` : ""}`;
  }

  snapshot(): ConsoleSnapshot {
    return {
      id: this.id,
      code: this.data.code,
      title: this.data.title,
      scenario: this.data.scenario,
      phase: this.data.phase,
      lead: this.data.lead,
      participants: Object.values(this.data.seating.people).filter((p) => p.team !== null).length,
      teams: this.data.teams.map((code, index) => teamSnapshot(code, index, this.team(code), this.scenario)),
    };
  }

  /** No team is still in its lobby or playing (closed rooms count as done): nothing left to run. */
  finished(): boolean {
    return this.data.teams.every((code) => (this.team(code)?.round.phase ?? "debrief") === "debrief");
  }

  isTrainer(token: string): boolean {
    return tokenMatches(token, this.data.trainerTokenHash);
  }

  /** A trainer's action; returns the refusals (one per team that could not do it). */
  act<K extends CohortMessageType>(type: K, m: CohortMessage<K>): Refusal[] {
    const msg = m as Record<string, unknown>;
    const codes = typeof msg.team === "string" ? [msg.team] : this.data.teams;
    const refusals: Refusal[] = [];
    const each = (fn: (room: TeamRoom) => Refusal | null | undefined) => {
      for (const code of codes) {
        const room = this.data.teams.includes(code) ? this.team(code) : undefined;
        const r = room
          ? fn(room)
          : ({ ok: false, code: "bad_request", reason: `no team ${code} in this cohort` } as Refusal);
        if (r) refusals.push({ ...r, reason: `team ${code}: ${r.reason}` });
      }
    };
    switch (type) {
      case "start": {
        each((room) => host(room, { action: "start" }));
        // Empty seats of a started team are its bots': arrivals go there only as late arrivals.
        for (const code of codes) {
          const i = this.data.teams.indexOf(code);
          if (i >= 0 && i < this.data.seating.seating.length && this.team(code)?.round.phase !== "lobby")
            this.data.seating = seatingOf(start(this.data.seating, i));
        }
        if (this.data.phase === "lobby" && msg.team === undefined) this.data.phase = "play";
        this.record();
        break;
      }
      case "pause":
      case "resume":
      case "end":
        each((room) => host(room, { action: type }));
        break;
      case "speed":
      case "pace":
        each((room) => host(room, { ...msg, action: type }));
        break;
      case "shock":
        each((room) =>
          host(room, { ...msg, action: "shock", week: (msg.week as number) ?? room.round.openWeek }),
        );
        break;
      case "broadcast":
        each((room) => {
          room.notice(msg.text as string);
          return null;
        });
        break;
      case "reflect": {
        const message = {
          id: `reflect-${Date.now().toString(36)}`,
          prompts: REFLECTION_PROMPTS.map((p) => ({ ...p })),
        };
        each((room) => room.openReflection(message));
        break;
      }
      case "move":
        return this.move(msg.from as SeatRef, msg.to as SeatRef);
      case "bot":
        return this.toBot(msg as unknown as SeatRef);
      case "lead":
        this.data.lead = msg.panel as string;
        this.setPhase("debrief");
        each((room) => {
          room.leadCohort(this.id, this.data.lead);
          return null;
        });
        break;
    }
    return refusals;
  }

  private setPhase(phase: CohortPhase): void {
    if (this.data.phase === phase) return;
    this.data.phase = phase;
    this.record();
  }

  /** The participant (and team index) at a seat the console names by team code and role. */
  private at(ref: SeatRef): { index: number; holder: string | null } | null {
    const index = this.data.teams.indexOf(ref.team);
    const seat = this.data.seating.seating[index]?.seats.find((s) => s.role === ref.role);
    return index < 0 ? null : { index, holder: seat?.holder ?? null };
  }

  private move(from: SeatRef, to: SeatRef): Refusal[] {
    const source = this.at(from);
    const target = this.at(to);
    if (!source || !target)
      return no("bad_request", `no team ${source ? to.team : from.team} in this cohort`);
    if (!source.holder) return no("bad_request", `no participant sits at ${from.role} in team ${from.team}`);
    const room = this.team(to.team);
    if (!room || room.round.phase === "debrief") return no("wrong_phase", "that team has finished");
    const moved = move(this.data.seating, source.holder, target.index, to.role);
    if (!moved.ok) return no(seatingCode(moved.code), moved.error);
    const person = moved.person!;
    if (person.team === source.index && person.role === from.role) return [];
    this.team(from.team)?.releaseSeat(from.role, { team: to.team, role: to.role });
    const refused = room.reserveSeat(to.role, person.name, person.id);
    if (refused) return [refused];
    this.data.seating = moved.state;
    this.record();
    return [];
  }

  private toBot(ref: SeatRef): Refusal[] {
    const seat = this.at(ref);
    if (!seat) return no("bad_request", `no team ${ref.team} in this cohort`);
    const swapped = swapToBot(this.data.seating, seat.index, ref.role);
    if (!swapped.ok) return no(seatingCode(swapped.code), swapped.error);
    this.team(ref.team)?.releaseSeat(ref.role, { team: null, role: null });
    this.data.seating = swapped.state;
    this.record();
    return [];
  }
}

/** A host action (hostActionSchema's shape) run on a team as its host. */
function host(room: TeamRoom, action: Record<string, unknown>): Refusal | null {
  return room.perform(TeamRoom.HOST, hostCommand(action));
}

function no(code: ErrorCode, reason: string): Refusal[] {
  return [{ ok: false, code, reason }];
}

/** The seating's refusals in the protocol's error codes. */
function seatingCode(code: Extract<SeatingResult, { ok: false }>["code"]): ErrorCode {
  return code === "unknown_role" || code === "seat_taken" ? code : "bad_request";
}

function seatingOf(r: SeatingResult): Seating {
  if (!r.ok) throw new Error(r.error);
  return r.state;
}

/** An arrival placed but not yet recorded: what taking it back needs. */
interface Placed {
  id: string;
  /** The participant's entry before they arrived (unseated by the trainer), or none for a newcomer. */
  was: Person | undefined;
  /** How many teams the cohort had before the arrival: any after were opened for it. */
  opened: number;
}

interface SeatRef {
  team: string;
  role: string;
}
