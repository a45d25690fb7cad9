// One live cohort: its recorded document (settings, trainer token hash, team codes, assignments),
// the team rooms it runs in this process, and the trainer's actions on them. Team rounds keep their
// own logs; the cohort only records who sits where.

import { matchMaker } from "@colyseus/core";
import { type CohortSettings, teamCreateOptions } from "../../shared/cohort/settings.ts";
import type { AnyScenario } from "../../shared/engine/types.ts";
import {
  type CohortMessage,
  type CohortMessageType,
  type CohortPhase,
  type CohortPublic,
  type ConsoleSnapshot,
  MAX_COHORT_TEAMS,
  type ParticipantAssigned,
  REFLECTION_PROMPTS,
} from "../../shared/protocol/cohort.ts";
import { TEAM_ROOM } from "../../shared/protocol/room.ts";
import { getScenario } from "../../shared/scenarios/index.ts";
import type { Refusal } from "../round.ts";
import { services } from "../services.ts";
import type { TeamRoom } from "../team-room.ts";
import { hashToken, newToken, tokenMatches } from "../tokens.ts";
import { assignSeat, type TeamSeats } from "./assign.ts";
import { teamSnapshot } from "./snapshot.ts";

export interface Participant {
  tokenHash: string;
  name: string;
  department: string | null;
  team: string | null;
  role: string | null;
}

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
  /** Team join codes, in team order. */
  teams: string[];
  participants: Participant[];
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

export class Cohort {
  readonly data: CohortData;
  readonly scenario: AnyScenario;
  private saving: Promise<void> = Promise.resolve();
  /** Joins are served one at a time, so two arrivals never get the same seat or open two teams. */
  private joining: Promise<unknown> = Promise.resolve();

  constructor(data: CohortData) {
    this.data = data;
    this.scenario = getScenario(data.scenario);
  }

  get id(): string {
    return this.data.id;
  }

  team(code: string): TeamRoom | undefined {
    return services().rooms.get(code) as TeamRoom | undefined;
  }

  /** Records the document; saves are chained so the last one written is the newest. */
  save(): Promise<void> {
    const doc = structuredClone(this.data);
    const p = this.saving.then(() =>
      services().storage.saveCohort({ id: doc.id, code: doc.code, data: doc }),
    );
    this.saving = p.catch((e) => services().log(`cohort ${doc.id}: could not record`, e));
    return p;
  }

  /** Opens one more team room, labelled with the cohort, with no seat taken. */
  async openTeam(): Promise<string> {
    const create = teamCreateOptions(this.data.settings, this.id, this.data.seed, this.data.teams.length);
    const listing = await matchMaker.createRoom(TEAM_ROOM, create);
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

  private seatsByTeam(): TeamSeats[] {
    return this.data.teams.map((code, index) => {
      const room = this.team(code);
      const phase = room?.round.phase ?? "debrief";
      return {
        code,
        index,
        phase,
        seats: this.scenario.roles.map((r) => ({
          role: r.id,
          taken: !room || !!room.round.seats.get(r.id)?.human,
        })),
      };
    });
  }

  accepting(): boolean {
    if (this.data.phase === "debrief") return false;
    const placement = assignSeat(this.seatsByTeam(), this.data.settings);
    return placement !== null && ("team" in placement || this.data.teams.length < MAX_COHORT_TEAMS);
  }

  /** A participant's seat: the same one again for a known token, else a new one. */
  async join(input: {
    name: string;
    department?: string;
    participantToken?: string;
  }): Promise<ParticipantAssigned> {
    // Placing is serialised (two arrivals never get the same seat or open two teams); the save is
    // not, since saves are chained in order anyway: the answer goes out once the seat is recorded.
    const run = this.joining.then(() => this.place(input));
    this.joining = run.catch(() => {});
    const { assigned, changed } = await run;
    if (changed) await this.save();
    return assigned;
  }

  private async place(input: {
    name: string;
    department?: string;
    participantToken?: string;
  }): Promise<{ assigned: ParticipantAssigned; changed: boolean }> {
    if (input.department !== undefined && !this.scenario.roles.some((r) => r.id === input.department)) {
      throw new CohortError(400, `unknown department "${input.department}"`, "department");
    }
    const known = input.participantToken
      ? this.data.participants.find((p) => p.tokenHash === hashToken(input.participantToken!))
      : undefined;
    if (known?.team && known.role)
      return { assigned: this.assigned(input.participantToken!, known), changed: false };
    if (this.data.phase === "debrief") throw new CohortError(409, "this cohort has finished playing");
    let placement = assignSeat(this.seatsByTeam(), this.data.settings, input.department);
    if (placement && "newTeam" in placement) {
      if (this.data.teams.length >= MAX_COHORT_TEAMS)
        throw new CohortError(409, "this cohort has no room for more teams");
      await this.openTeam();
      placement = assignSeat(this.seatsByTeam(), this.data.settings, input.department);
    }
    if (!placement || "newTeam" in placement) {
      throw new CohortError(
        409,
        this.data.settings.lateJoin
          ? "every seat of this cohort is taken"
          : "every team has started: ask the trainer to let late arrivals in",
      );
    }
    const token = known ? input.participantToken! : newToken();
    const participant: Participant = known ?? {
      tokenHash: hashToken(token),
      name: input.name,
      department: input.department ?? null,
      team: null,
      role: null,
    };
    const refused = this.team(placement.team)?.reserveSeat(placement.role, input.name, participant.tokenHash);
    if (refused !== null) throw new CohortError(409, refused?.reason ?? "that team is no longer open");
    participant.team = placement.team;
    participant.role = placement.role;
    participant.name = input.name;
    if (!known) this.data.participants.push(participant);
    return { assigned: this.assigned(token, participant), changed: true };
  }

  private assigned(token: string, p: Participant): ParticipantAssigned {
    return { participantToken: token, team: p.team!, role: p.role!, note: this.note(p) };
  }

  private note(p: Participant): string {
    const label = (id: string) => this.scenario.roles.find((r) => r.id === id)?.label ?? id;
    const team = this.data.teams.indexOf(p.team!) + 1;
    const seat = label(p.role!);
    if (!p.department) return `You run the ${seat} desk in team ${team}.`;
    if (p.department === p.role)
      return `You work in ${label(p.department)}: in team ${team} you run it here too.`;
    return `You work in ${label(p.department)}: in team ${team} you run ${seat}, to see the company from another desk.`;
  }

  snapshot(): ConsoleSnapshot {
    return {
      id: this.id,
      code: this.data.code,
      title: this.data.title,
      scenario: this.data.scenario,
      phase: this.data.phase,
      lead: this.data.lead,
      participants: this.data.participants.filter((p) => p.team).length,
      teams: this.data.teams.map((code, index) => teamSnapshot(code, index, this.team(code), this.scenario)),
    };
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
      case "start":
        each((room) => room.hostAction({ action: "start" }));
        if (this.data.phase === "lobby" && msg.team === undefined) this.setPhase("play");
        break;
      case "pause":
      case "resume":
      case "end":
        each((room) => room.hostAction({ action: type }));
        break;
      case "speed":
      case "pace":
        each((room) => room.hostAction({ ...msg, action: type }));
        break;
      case "shock":
        each((room) =>
          room.hostAction({ ...msg, action: "shock", week: (msg.week as number) ?? room.round.sim.week + 1 }),
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
    void this.save().catch(() => {});
  }

  private holderOf(ref: SeatRef): Participant | undefined {
    return this.data.participants.find((p) => p.team === ref.team && p.role === ref.role);
  }

  private move(from: SeatRef, to: SeatRef): Refusal[] {
    const no = (reason: string): Refusal[] => [{ ok: false, code: "bad_request", reason }];
    const p = this.holderOf(from);
    if (!p) return no(`no participant sits at ${from.role} in team ${from.team}`);
    const source = this.team(from.team);
    const target = this.data.teams.includes(to.team) ? this.team(to.team) : undefined;
    if (!source || !target) return no(`no team ${source ? to.team : from.team} in this cohort`);
    const seat = target.round.seats.get(to.role);
    if (!seat) return [{ ok: false, code: "unknown_role", reason: `unknown role "${to.role}"` }];
    if (seat.human)
      return [{ ok: false, code: "seat_taken", reason: `that seat is taken by ${seat.human.name}` }];
    if (target.round.phase === "debrief")
      return [{ ok: false, code: "wrong_phase", reason: "that team has finished" }];
    source.releaseSeat(from.role, { team: to.team, role: to.role });
    const refused = target.reserveSeat(to.role, p.name, p.tokenHash);
    if (refused) return [refused];
    p.team = to.team;
    p.role = to.role;
    void this.save().catch(() => {});
    return [];
  }

  private toBot(ref: SeatRef): Refusal[] {
    const room = this.team(ref.team);
    if (!room || !this.data.teams.includes(ref.team))
      return [{ ok: false, code: "bad_request", reason: `no team ${ref.team} in this cohort` }];
    if (!room.round.seats.has(ref.role))
      return [{ ok: false, code: "unknown_role", reason: `unknown role "${ref.role}"` }];
    room.releaseSeat(ref.role, { team: null, role: null });
    const p = this.holderOf(ref);
    if (p) {
      p.team = null;
      p.role = null;
      void this.save().catch(() => {});
    }
    return [];
  }
}

interface SeatRef {
  team: string;
  role: string;
}
