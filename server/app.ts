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
  log?: (message: string, error?: unknown) => void;
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
  const log =
    opts.log ??
    ((m: string, e?: unknown) => {
      if (e) console.error(`[practice-field] ${m}:`, e);
      else console.log(`[practice-field] ${m}`);
    });
  const limits = resolveLimits(opts.limits);
  setServices({
    limits,
    storage: opts.storage,
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
    ...(opts.presence ? { presence: opts.presence } : {}),
    ...(opts.driver ? { driver: opts.driver } : {}),
    ...(opts.publicAddress ? { publicAddress: opts.publicAddress } : {}),
    express: (app) =>
      mountHttp(app, {
        staticDir: opts.staticDir ?? null,
        startedAt,
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

  const restored: GameServer["restored"] = [];
  if (opts.restore !== false) {
    for await (const row of unfinishedRounds(opts.storage)) restored.push(await restoreRoom(row));
    // After the rounds, so each cohort finds its team rooms.
    await restoreCohorts();
  }

  return {
    port,
    server,
    restored,
    async close() {
      services().shuttingDown = true;
      await server.gracefullyShutdown(false);
      await opts.storage.close();
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
