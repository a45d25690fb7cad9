// The `cohort` room: the trainer's console. Only the trainer token opens it; its state is the
// console snapshot, refreshed and patched once a second; its messages are the trainer's actions.

import { type Client, Room } from "@colyseus/core";
import {
  type CohortMessageType,
  type ConsoleSnapshot,
  cohortJoinSchema,
  cohortMessageSchemas,
  type ParticipantAssigned,
} from "../../shared/protocol/cohort.ts";
import { LIMITS } from "../../shared/protocol/errors.ts";
import type { ErrorMessage } from "../../shared/protocol/messages.ts";
import { keepListingOnDispose } from "../room/listing.ts";
import { withStateBuffers } from "../room/state-buffers.ts";
import { services } from "../services.ts";
import { ownsCohorts } from "../storage/types.ts";
import { type Cohort, CohortError } from "./cohort.ts";
import { cohortById, consoleClosed } from "./registry.ts";
import { CohortState, ConsoleSeatState, ConsoleTeamState } from "./state.ts";

/** The console refreshes (and patches) at most this often. */
const REFRESH_MS = 1000;

export class CohortRoom extends Room<{ state: CohortState }> {
  override maxMessagesPerSecond = LIMITS.maxMessagesPerSecond;
  private cohort!: Cohort;

  override onCreate(options: { cohort: string }): void {
    const cohort = cohortById(options.cohort);
    if (!cohort) throw new Error(`no cohort ${options.cohort}`);
    this.cohort = cohort;
    this.roomId = cohort.id;
    this.autoDispose = false;
    this.patchRate = REFRESH_MS;
    // A hundred teams' full state outgrows the team rooms' encoder buffer: this room's starts larger.
    withStateBuffers(128 * 1024, () => {
      this.state = new CohortState();
    });
    this.refresh();
    this.clock.setInterval(() => {
      this.refresh();
      // Nothing left to run and nobody watching: close (opening the console again reopens it).
      if (this.clients.length === 0 && this.cohort.finished() && !this.reachedFromPeers())
        void this.disconnect();
    }, REFRESH_MS);
    this.onMessage("*", (client, type, payload) => this.dispatch(client, String(type), payload));
  }

  override onAuth(_client: Client, raw: unknown): boolean {
    const o = cohortJoinSchema.safeParse(raw);
    // false: the join is refused ("onAuth failed"); the client learns nothing more.
    return o.success && this.cohort.isTrainer(o.data.trainerToken);
  }

  /** Copies the cohort's snapshot into the state; only changed values travel in the next patch. */
  private refresh(): void {
    const snap = this.cohort.snapshot();
    const st = this.state;
    st.id = snap.id;
    st.code = snap.code;
    st.title = snap.title;
    st.scenario = snap.scenario;
    st.phase = snap.phase;
    st.lead = snap.lead;
    st.participants = snap.participants;
    // A team opened for an arrival that was taken back is closed and gone from the cohort.
    const codes = new Set(snap.teams.map((t) => t.code));
    for (const code of [...st.teams.keys()]) if (!codes.has(code)) st.teams.delete(code);
    for (const team of snap.teams) {
      const ts = entry(st.teams, team.code, () =>
        Object.assign(new ConsoleTeamState(), { code: team.code, index: team.index }),
      );
      Object.assign(ts, {
        phase: team.phase,
        week: team.week,
        horizon: team.horizon,
        paused: team.paused,
        openSince: team.openSince,
        kpiLabel: team.kpi.label,
        kpi: team.kpi.value,
        replay: team.replay,
      });
      for (const seat of team.seats) {
        const ss = entry(ts.seats, seat.role, () =>
          Object.assign(new ConsoleSeatState(), { role: seat.role, label: seat.label }),
        );
        Object.assign(ss, {
          control: seat.control,
          name: seat.name,
          connected: seat.connected,
          status: seat.status,
        });
      }
    }
  }

  private dispatch(client: Client, type: string, payload: unknown): void {
    const schema = cohortMessageSchemas[type as CohortMessageType];
    const parsed = schema?.safeParse(payload ?? {});
    if (!parsed?.success) {
      const why = parsed?.error.issues[0]?.message ?? `unknown message type "${type.slice(0, 40)}"`;
      this.refuse(client, type, "invalid_message", why);
      return;
    }
    const refusals = this.cohort.act(type as CohortMessageType, parsed.data as never);
    for (const r of refusals) this.refuse(client, type, r.code, r.reason);
  }

  private refuse(client: Client, request: string, code: ErrorMessage["code"], reason: string): void {
    client.send("error", { code, reason, request: request.slice(0, 60) } satisfies ErrorMessage);
  }

  /**
   * Scaled out, this room is where other processes reach the cohort (below): it stays while any of
   * the cohort's team rooms runs here. After that the cohort has nothing live, and any process
   * answers for it from storage.
   */
  private reachedFromPeers(): boolean {
    return ownsCohorts(services().storage) && this.cohort.data.teams.some((code) => this.cohort.team(code));
  }

  // ------------------------------------------------------------ asked by other processes (remoteRoomCall)
  // Scaled out, an HTTP request for this cohort may reach any process; one that does not run the
  // cohort asks here, where its teams are (server/cohort/http.ts).

  /** A participant's seat (Cohort.join); a refusal comes back as data, since errors lose their status. */
  async admit(input: Parameters<Cohort["join"]>[0]): Promise<AdmitAnswer> {
    try {
      return { assigned: await this.cohort.join(input) };
    } catch (e) {
      if (!(e instanceof CohortError)) throw e;
      return { refused: { status: e.status, error: e.message, ...(e.field ? { field: e.field } : {}) } };
    }
  }

  consoleSnapshot(): ConsoleSnapshot {
    return this.cohort.snapshot();
  }

  /**
   * Closes this console with "join again" (CLOSE_CODES.moved): the cohort runs on (or is handed to)
   * another process. `lost`: the adopter already lists the console under this id, which this room
   * must not unlist.
   */
  handOver(code: number, lost: boolean): Promise<unknown> {
    if (lost) keepListingOnDispose(this);
    return this.disconnect(code);
  }

  override onDispose(): void {
    consoleClosed(this.cohort.id);
  }

  override onUncaughtException(error: Error, methodName: string): void {
    if (methodName === "onCreate" || methodName === "onAuth" || methodName === "onJoin") return;
    services().log(`cohort ${this.cohort?.id ?? "?"}: error in ${methodName}`, error);
  }
}

export type AdmitAnswer =
  | { assigned: ParticipantAssigned }
  | { refused: { status: number; error: string; field?: string } };

/** A map's entry for `key`, made (with its fixed fields) the first time it is asked for. */
function entry<T>(
  map: { get(key: string): T | undefined; set(key: string, value: T): unknown },
  key: string,
  make: () => T,
): T {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
