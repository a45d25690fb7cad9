// The connection to the team room: create or join, keep the seat token, follow the state, and come back
// to the same seat after a drop or a reload. Everything the screens need arrives as plain snapshots.

import { Client, type Room } from "@colyseus/sdk";
import { CLOSE_CODES } from "../../shared/protocol/errors.ts";
import type {
  AcceptedMessage,
  CreateOptions,
  ErrorMessage,
  HistoryMessage,
  HostAction,
  OwnWeek,
  PartialRoomLookup,
  RoomLookup,
  WelcomeMessage,
} from "../../shared/protocol/index.ts";
import { TEAM_ROOM } from "../../shared/protocol/index.ts";
import { DecisionLedger } from "../view/decided.ts";
import { mergeHistory, recordWeek } from "../view/history.ts";
import type { SeatStore } from "./seat-store.ts";
import { type DecodedState, snapshot, type TeamSnapshot } from "./snapshot.ts";

/** replaced: the same seat was opened in another tab, which holds it now (no automatic way back). */
export type Connectivity = "online" | "reconnecting" | "closed" | "replaced";

/**
 * Close codes after which the desk joins its round again by code and seat token: the round moved to
 * another server process (4011, the server stopping or another process adopting the round), the
 * server shut down (4001), or the SDK's own reconnection to the same process failed (4003, 1006: that
 * process died, and the round comes back on another one).
 */
export const REJOIN_CODES: ReadonlySet<number> = new Set([CLOSE_CODES.moved, 4001, 4003, 1001, 1005, 1006]);
/** How long a desk keeps trying to join its round again (an adoption takes a lease, 10 s by default). */
export const REJOIN_FOR_MS = 120_000;

/**
 * Reconnects quickly after a drop, including in the first seconds (same session, same process);
 * after about 4 s of failures (0.2, 0.4, 0.8, then 1 s apart) the process is likely gone, and the
 * caller joins again by code (a desk, with its seat token) or by id (the trainer's console), which
 * finds the room on whichever process adopted it, or on the same one after a longer network drop.
 * The SDK's own back-off (up to 5 s apart) kept a desk away for 16 s after its process died.
 */
export function retryBriefly(room: Room): void {
  room.reconnection.minUptime = 0;
  room.reconnection.maxDelay = 1000;
  room.reconnection.maxRetries = 6;
}

export interface SessionEvents {
  /** Any change: state patch, welcome, history, connectivity. */
  change(): void;
  /** A refused request, with its reason. */
  error(err: ErrorMessage): void;
  /** A decision of mine counted for its week (read from my role's state: the browser asks for no acks). */
  accepted(msg: AcceptedMessage): void;
  /**
   * A cohort's messages to every desk: a trainer's notice, a reflection prompt, the cohort debrief's
   * lead, and the trainer moving this participant (just before the room lets the desk go).
   */
  cohort(type: CohortDeskMessage, body: unknown): void;
}

const COHORT_DESK_MESSAGES = ["notice", "reflect", "cohort:lead", "cohort:moved"] as const;
export type CohortDeskMessage = (typeof COHORT_DESK_MESSAGES)[number];

/** Where the game server is: the page's own origin, or PF_SERVER_URL in development. */
export function serverEndpoint(): string {
  const configured = import.meta.env?.PF_SERVER_URL as string | undefined;
  return configured || window.location.origin;
}

export class LookupError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** Join code → room; same origin (in development Vite forwards /api to the game server). */
export async function lookupRoom(code: string): Promise<RoomLookup | PartialRoomLookup> {
  const res = await fetch(`/api/rooms/${encodeURIComponent(code.trim().toUpperCase())}`);
  if (!res.ok) throw new LookupError(res.status, await res.text().catch(() => res.statusText));
  return lookupAnswer(await res.json());
}

/**
 * A lookup answer as the join page can use it: a full answer as it is; anything less (a process
 * that could not reach the room's owner, an older server) as a partial one, without seats.
 */
export function lookupAnswer(body: unknown): RoomLookup | PartialRoomLookup {
  const b = (body ?? {}) as Partial<RoomLookup> & { partial?: boolean };
  const code = String(b.code ?? "");
  if (!b.partial && Array.isArray(b.seats) && typeof b.phase === "string") return b as RoomLookup;
  return {
    code,
    roomId: String(b.roomId ?? code),
    ...(typeof b.title === "string" ? { title: b.title } : {}),
    ...(typeof b.scenario === "string" ? { scenario: b.scenario } : {}),
    partial: true,
  };
}

export class Session {
  readonly client: Client;
  room: Room | null = null;
  welcome: WelcomeMessage | null = null;
  snap: TeamSnapshot | null = null;
  /** My role's weeks (0…current), from `history` and each new observation. */
  weeks: OwnWeek[] = [];
  connectivity: Connectivity = "online";
  /** My decisions the server took, by week, read from my role's state. */
  private readonly decisions = new DecisionLedger();
  /** The display name this player joined with. */
  name = "";
  private readonly seats: SeatStore;
  private readonly listeners: Partial<{ [K in keyof SessionEvents]: SessionEvents[K][] }> = {};

  constructor(seats: SeatStore, endpoint = serverEndpoint()) {
    this.client = new Client(endpoint);
    this.seats = seats;
  }

  on<K extends keyof SessionEvents>(event: K, cb: SessionEvents[K]): () => void {
    if (!this.listeners[event]) this.listeners[event] = [];
    const list = this.listeners[event] as SessionEvents[K][];
    list.push(cb);
    return () => {
      const i = list.indexOf(cb);
      if (i >= 0) list.splice(i, 1);
    };
  }

  private emit<K extends keyof SessionEvents>(event: K, ...args: Parameters<SessionEvents[K]>): void {
    for (const cb of this.listeners[event] ?? [])
      (cb as (...a: Parameters<SessionEvents[K]>) => void)(...args);
  }

  get role(): string | null {
    return this.welcome?.role ?? null;
  }

  get isHost(): boolean {
    return Boolean(this.hostToken);
  }

  get hostToken(): string | null {
    const code = this.welcome?.code;
    return this.welcome?.hostToken ?? (code ? (this.seats.get(code)?.hostToken ?? null) : null);
  }

  async create(options: CreateOptions): Promise<void> {
    this.name = options.name;
    // Acceptance is read from the state (see DecisionLedger), so no `accepted` messages are needed.
    this.attach(await this.client.create(TEAM_ROOM, { ...options, acks: false }));
    await this.welcomed();
  }

  /** Joins by code; a seat token saved for this code takes that seat back. */
  async join(code: string, name: string, role?: string, cohortTicket?: string): Promise<void> {
    const saved = this.seats.get(code);
    this.name = name;
    const options: Record<string, unknown> = { name, acks: false };
    // A cohort's participant token holds their reserved seat; a saved seat token still wins.
    if (cohortTicket) options.cohortTicket = cohortTicket;
    if (saved?.seatToken) options.seatToken = saved.seatToken;
    else if (role) options.role = role;
    this.attach(await this.client.joinById(code.trim().toUpperCase(), options));
    await this.welcomed();
  }

  /** Follows a round without a seat: the week and the seats, then the debrief. */
  async watch(code: string, name: string): Promise<void> {
    this.name = name;
    this.attach(await this.client.joinById(code.trim().toUpperCase(), { name, spectate: true, acks: false }));
    await this.welcomed();
  }

  savedSeat(code: string) {
    return this.seats.get(code);
  }

  forgetSeat(code: string): void {
    this.seats.forget(code);
  }

  decide(week: number, decision: Record<string, number>): void {
    if (!this.room) return;
    this.room.send("decide", { week, decision });
    const already = this.decisions.sent(week, decision);
    if (already) this.emit("accepted", already);
  }

  takeSeat(role: string): void {
    this.room?.send("seat", { role });
  }

  setReady(ready: boolean): void {
    this.room?.send("ready", { ready });
  }

  host(action: HostAction): void {
    const hostToken = this.hostToken;
    if (!hostToken) return;
    this.room?.send("host", { hostToken, ...action });
  }

  async leave(): Promise<void> {
    await this.room?.leave(true);
  }

  /** Joins the round again with the saved seat token, wherever it runs now, until it answers. */
  private async rejoin(code: string): Promise<void> {
    this.connectivity = "reconnecting";
    this.emit("change");
    const until = Date.now() + REJOIN_FOR_MS;
    while (Date.now() < until) {
      const saved = this.seats.get(code);
      const options: Record<string, unknown> = { name: this.name, acks: false };
      if (saved?.seatToken) options.seatToken = saved.seatToken;
      try {
        this.attach(await this.client.joinById(code, options));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 1500));
      }
    }
    this.connectivity = "closed";
    this.emit("change");
  }

  private welcomed(): Promise<void> {
    if (this.welcome) return Promise.resolve();
    return new Promise((resolve) => {
      const off = this.on("change", () => {
        if (this.welcome) {
          off();
          resolve();
        }
      });
    });
  }

  private attach(room: Room): void {
    this.room = room;
    this.connectivity = "online";
    retryBriefly(room);
    room.onMessage("welcome", (w: WelcomeMessage) => {
      this.welcome = { ...w, hostToken: w.hostToken ?? this.seats.get(w.code)?.hostToken ?? null };
      this.seats.save({
        code: w.code,
        name: this.name,
        role: w.role,
        seatToken: w.seatToken,
        hostToken: w.hostToken,
      });
      this.refresh();
    });
    room.onMessage("history", (h: HistoryMessage) => {
      if (h.role !== this.role) return;
      this.weeks = mergeHistory(this.weeks, h.weeks);
      this.emit("change");
    });
    room.onMessage("error", (e: ErrorMessage) => {
      if (e.request === "decide") this.decisions.refused(e.code);
      this.emit("error", e);
    });
    for (const type of COHORT_DESK_MESSAGES)
      room.onMessage(type, (body: unknown) => this.emit("cohort", type, body));
    // The debrief's own messages are read by the debrief; registering keeps the SDK from warning.
    room.onMessage("*", () => {});
    room.onStateChange(() => this.refresh());
    room.onDrop(() => {
      this.connectivity = "reconnecting";
      this.emit("change");
    });
    room.onReconnect(() => {
      this.connectivity = "online";
      this.emit("change");
    });
    room.onLeave((code) => {
      if (this.room !== room) return;
      if (REJOIN_CODES.has(code) && this.welcome) {
        void this.rejoin(this.welcome.code);
        return;
      }
      this.connectivity = code === CLOSE_CODES.replaced ? "replaced" : "closed";
      this.emit("change");
    });
  }

  private refresh(): void {
    const room = this.room;
    if (!room?.state || !this.welcome) {
      this.emit("change");
      return;
    }
    const order = this.welcome.roles.map((r) => r.id);
    this.snap = snapshot(room.state as DecodedState, order, this.role);
    const mine = this.snap.mine;
    // Before the history: a decision that closed its week is known only from this week's entry.
    const counted = mine ? this.decisions.observe(mine) : null;
    if (mine && mine.week >= 0) this.weeks = recordWeek(this.weeks, mine, this.decisions.known);
    this.emit("change");
    if (counted) this.emit("accepted", counted);
  }
}
