// Builds and starts the game server: Colyseus with the team room, the HTTP API, the static client,
// and the restore of unfinished rounds. server/main.ts reads the environment and calls this.

import type { AddressInfo } from "node:net";
import { matchMaker, type Presence, Server } from "@colyseus/core";
import { COHORT_ROOM } from "../shared/protocol/cohort.ts";
import { LIMITS } from "../shared/protocol/errors.ts";
import { TEAM_ROOM } from "../shared/protocol/room.ts";
import { gateMatchmaking, OPEN_METHODS } from "./admission.ts";
import { clearCohorts, restoreCohorts } from "./cohort/registry.ts";
import { CohortRoom } from "./cohort/room.ts";
import { mountHttp } from "./http.ts";
import { resolveLimits, type ServerLimits } from "./limits.ts";
import { colyseusLogger, type LogFields, logLine } from "./ops/log.ts";
import { instrumentStorage, setRoomCensus } from "./ops/metrics.ts";
import { restoreFailures, restoreRoom } from "./restore.ts";
import { services, setServices } from "./services.ts";
import type { RoundCursor, RoundRow, Storage } from "./storage/types.ts";
import { TeamRoom } from "./team-room.ts";
import { SpreadPingTransport } from "./transport.ts";

export interface GameServerOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  storage: Storage;
  /** The built client (dist/client); null serves none. */
  staticDir?: string | null;
  /** Restore unfinished rounds from storage at start (one process per storage should). */
  restore?: boolean;
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
  /** Limits; unset ones come from the environment or their defaults (server/limits.ts). */
  limits?: Partial<ServerLimits>;
}

export interface GameServer {
  port: number;
  server: Server;
  /** Rounds restored at start: id → outcome. */
  restored: { id: string; code: string; ok: boolean; error?: string }[];
  /** Graceful stop: rooms stay restorable, the storage is closed. */
  close(): Promise<void>;
}

export async function startGameServer(opts: GameServerOptions): Promise<GameServer> {
  const startedAt = Date.now();
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
  gateMatchmaking(transport.server!, { limits, lobbies: lobbyCount });
  const port = (transport.server!.address() as AddressInfo).port;

  setRoomCensus(function* () {
    for (const room of services().rooms.values()) {
      const r = room as TeamRoom;
      if (r.round) yield { phase: r.round.phase, clients: r.clients.length };
    }
  });

  const restored: GameServer["restored"] = [];
  if (opts.restore !== false) {
    for await (const row of unfinishedRounds(storage)) restored.push(await restoreRoom(row));
    // After the rounds, so each cohort finds its team rooms.
    await restoreCohorts();
  }
  restoresDone = true;

  return {
    port,
    server,
    restored,
    async close() {
      services().shuttingDown = true;
      await server.gracefullyShutdown(false);
      await storage.close();
    },
  };
}

/** Every unfinished round, page by page: a restore must not stop at the first page. */
async function* unfinishedRounds(storage: Storage, pageSize = 500): AsyncGenerator<RoundRow> {
  let after: RoundCursor | undefined;
  for (;;) {
    const page = await storage.listRounds({
      status: ["lobby", "play", "debrief"],
      limit: pageSize,
      ...(after ? { after } : {}),
    });
    yield* page;
    if (page.length < pageSize) return;
    const last = page[page.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

function lobbyCount(): number {
  let n = 0;
  for (const room of services().rooms.values()) if ((room as TeamRoom).round?.phase === "lobby") n++;
  return n;
}
