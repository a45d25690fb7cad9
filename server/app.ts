// Builds and starts the game server: Colyseus with the team room, the HTTP API, the static client,
// and round ownership (adopting and restoring rounds whose owner is gone; server/ownership.ts). server/main.ts reads the environment and calls this.

import type { AddressInfo } from "node:net";
import { matchMaker, type Presence, Server } from "@colyseus/core";
import { COHORT_ROOM } from "../shared/protocol/cohort.ts";
import { CLOSE_CODES, LIMITS } from "../shared/protocol/errors.ts";
import { TEAM_ROOM } from "../shared/protocol/room.ts";
import { gateMatchmaking, OPEN_METHODS } from "./admission.ts";
import { clearCohorts, handOverConsoles, restoreCohorts } from "./cohort/registry.ts";
import { CohortRoom } from "./cohort/room.ts";
import { mountHttp } from "./http.ts";
import { resolveLimits, type ServerLimits } from "./limits.ts";
import { colyseusLogger, type LogFields, logLine } from "./ops/log.ts";
import { instrumentStorage, setRoomCensus } from "./ops/metrics.ts";
import { RoundKeeper } from "./ownership.ts";
import { type RestoreOutcome, restoreFailures } from "./restore.ts";
import { sizeStateBuffers } from "./room/state-buffers.ts";
import { services, setServices } from "./services.ts";
import { ownsCohorts, type Storage } from "./storage/types.ts";
import { TeamRoom } from "./team-room.ts";
import { SpreadPingTransport } from "./transport.ts";

export interface GameServerOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  storage: Storage;
  /** The built client (dist/client); null serves none. */
  staticDir?: string | null;
  /**
   * Adopt live rounds whose owner is gone (at start and every beat after) and restore them here.
   * Default true; false runs only the rounds this process creates (tests).
   */
  restore?: boolean;
  /** Ownership beat in ms (renew leases, adopt); default a quarter of the storage's lease. */
  beatMs?: number;
  presence?: Presence;
  driver?: matchMaker.MatchMakerDriver;
  /** This process' public address when scaled out behind Redis. */
  publicAddress?: string;
  log?: (message: string, error?: unknown, fields?: LogFields) => void;
  /** Scaled out: PING Redis within a deadline (readiness). */
  redisPing?: (timeoutMs: number) => Promise<void>;
  /** /api/ready gives each service this long to answer (default 2000 ms). */
  readyTimeoutMs?: number;
  /** HTTP lookups give storage and Redis this long (default 3000 ms). */
  lookupTimeoutMs?: number;
  /**
   * The operator's token for `/api/operator/*` (failed restores and their retry); unset, those
   * endpoints answer 404.
   */
  operatorToken?: string;
  /** Limits; unset ones take their defaults (server/limits.ts; main.ts passes the configured ones). */
  limits?: Partial<ServerLimits>;
}

export interface GameServer {
  port: number;
  server: Server;
  /** Rounds restored here (at start, and adopted since): id → outcome. */
  restored: RestoreOutcome[];
  /** Graceful stop: rooms stay restorable, the storage is closed. */
  close(): Promise<void>;
  /**
   * SIGTERM: takes no new rounds, closes every client with "join again" (CLOSE_CODES.moved), lets
   * the appends finish and releases the rounds, so a peer adopts them at once (alone: the next start
   * resumes them), then closes. If `deadlineMs` passes first, resolves with `finished: false` and
   * the rounds whose events are still unrecorded (storage down: their appends could not finish).
   */
  drain(deadlineMs?: number): Promise<DrainOutcome>;
}

/** A round whose appends had not finished when the drain gave up: events held, never shown. */
export interface HeldRound {
  round: string;
  code: string;
  /** Events applied in memory and waiting for storage. */
  events: number;
}

export interface DrainOutcome {
  finished: boolean;
  held: HeldRound[];
}

/** Presence topic: a process released rounds for its peers to adopt. */
const RELEASED_TOPIC = "pf:rounds-released";

export async function startGameServer(opts: GameServerOptions): Promise<GameServer> {
  const startedAt = Date.now();
  sizeStateBuffers();
  const log = opts.log ?? logLine;
  const limits = resolveLimits(opts.limits);
  const storage = instrumentStorage(opts.storage);
  let restoresDone = opts.restore === false;
  setServices({
    limits,
    storage,
    restoreTickets: new Set(),
    rooms: new Map(),
    shuttingDown: false,
    log,
  });
  const transport = new SpreadPingTransport({ maxPayload: LIMITS.maxMessageBytes });
  const server = new Server({
    transport,
    greet: false,
    gracefullyShutdown: false,
    logger: colyseusLogger,
    ...(opts.presence ? { presence: opts.presence } : {}),
    ...(opts.driver ? { driver: opts.driver } : {}),
    ...(opts.publicAddress ? { publicAddress: opts.publicAddress } : {}),
    express: (app) =>
      mountHttp(app, {
        staticDir: opts.staticDir ?? null,
        startedAt,
        lookupTimeoutMs: opts.lookupTimeoutMs ?? 3000,
        readiness: () => ({
          storage: () => services().storage,
          ...(opts.redisPing ? { redis: opts.redisPing } : {}),
          restoresDone: () => restoresDone,
          timeoutMs: opts.readyTimeoutMs ?? 2000,
        }),
        operatorToken: opts.operatorToken ?? null,
      }),
  });
  server.define(TEAM_ROOM, TeamRoom);
  // Also closed below the HTTP door, for any other way into the matchmaker's controller.
  matchMaker.controller.exposedMethods = [...OPEN_METHODS];
  server.define(COHORT_ROOM, CohortRoom);
  clearCohorts();
  restoreFailures.clear();
  await server.listen(opts.port, opts.host);
  gateMatchmaking(transport.server!, {
    limits,
    lobbies: lobbyCount,
    stopping: () => services().shuttingDown,
  });
  const port = (transport.server!.address() as AddressInfo).port;

  setRoomCensus(function* () {
    for (const room of services().rooms.values()) {
      const r = room as TeamRoom;
      if (r.round) yield { phase: r.round.phase, clients: r.clients.length };
    }
  });

  const restored: RestoreOutcome[] = [];
  const keeper = new RoundKeeper({
    storage,
    ...(opts.beatMs ? { beatMs: opts.beatMs } : {}),
    ...(opts.restore === false ? { adopt: false } : {}),
    restored: (o) => restored.push(o),
  });
  await keeper.start();
  // A draining peer says when it has released its rounds, so they are adopted at once.
  const presence = opts.presence;
  const onReleased = () => keeper.nudge();
  await presence?.subscribe(RELEASED_TOPIC, onReleased);
  // After the rounds, so each cohort finds its team rooms.
  if (opts.restore !== false) await restoreCohorts();
  restoresDone = true;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      services().shuttingDown = true;
      await keeper.stop();
      await server.gracefullyShutdown(false);
      await storage.close();
    })();
    return closing;
  };
  return {
    port,
    server,
    restored,
    close,
    async drain(deadlineMs = 10_000) {
      // The rooms being drained, kept here: a room leaves services().rooms before its appends settle.
      let handedOver: TeamRoom[] = [];
      const work = (async () => {
        services().shuttingDown = true;
        // Peers' matchmakers stop sending new rooms here.
        await matchMaker.stats.excludeProcess(matchMaker.processId).catch(() => {});
        await keeper.stop();
        const rooms = [...services().rooms.values()] as TeamRoom[];
        handedOver = rooms;
        await Promise.allSettled(rooms.map((r) => r.handOver(CLOSE_CODES.moved, false)));
        await handOverConsoles();
        await Promise.allSettled(storage.ownedRounds().map((id) => storage.releaseRound(id)));
        // The cohorts after their team rounds: a peer then adopts each cohort with all its teams.
        if (ownsCohorts(storage)) await storage.releaseCohorts().catch(() => {});
        presence?.unsubscribe(RELEASED_TOPIC, onReleased);
        if (rooms.length)
          await Promise.resolve(presence?.publish(RELEASED_TOPIC, matchMaker.processId)).catch(() => {});
        log(`drained: ${rooms.length} round(s) handed over`);
        await close();
      })();
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), deadlineMs);
      });
      try {
        if (await Promise.race([work.then(() => true as const), late])) return { finished: true, held: [] };
        return { finished: false, held: heldRounds(handedOver) };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** The drained rooms whose recorders still hold events no append could make durable. */
function heldRounds(rooms: TeamRoom[]): HeldRound[] {
  return rooms
    .filter((r) => r.round && !r.recorder.fenced)
    .map((r) => ({ round: r.round.id, code: r.roomId, events: r.recorder.queued }))
    .filter((h) => h.events > 0);
}

function lobbyCount(): number {
  let n = 0;
  for (const room of services().rooms.values()) if ((room as TeamRoom).round?.phase === "lobby") n++;
  return n;
}
