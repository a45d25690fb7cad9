// Builds and starts the game server: Colyseus with the team room, the HTTP API, the static client,
// and round ownership (adopting and restoring rounds whose owner is gone; server/ownership.ts). server/main.ts reads the environment and calls this.

import type { AddressInfo } from "node:net";
import { matchMaker, type Presence, Server } from "@colyseus/core";
import { COHORT_ROOM } from "../shared/protocol/cohort.ts";
import { CLOSE_CODES, LIMITS } from "../shared/protocol/errors.ts";
import { TEAM_ROOM } from "../shared/protocol/room.ts";
import { gateMatchmaking, OPEN_METHODS } from "./admission.ts";
import { clearCohorts, restoreCohorts } from "./cohort/registry.ts";
import { CohortRoom } from "./cohort/room.ts";
import { mountHttp } from "./http.ts";
import { resolveLimits, type ServerLimits } from "./limits.ts";
import { type RestoreOutcome, RoundKeeper } from "./ownership.ts";
import { services, setServices } from "./services.ts";
import type { Storage } from "./storage/types.ts";
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
  log?: (message: string, error?: unknown) => void;
  /** Limits; unset ones come from the environment or their defaults (server/limits.ts). */
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
   * resumes them), then closes. Resolves with false if `deadlineMs` passed first.
   */
  drain(deadlineMs?: number): Promise<boolean>;
}

/** Presence topic: a process released rounds for its peers to adopt. */
const RELEASED_TOPIC = "pf:rounds-released";

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
    express: (app) => mountHttp(app, { staticDir: opts.staticDir ?? null, startedAt }),
  });
  server.define(TEAM_ROOM, TeamRoom);
  // Also closed below the HTTP door, for any other way into the matchmaker's controller.
  matchMaker.controller.exposedMethods = [...OPEN_METHODS];
  server.define(COHORT_ROOM, CohortRoom);
  clearCohorts();
  await server.listen(opts.port, opts.host);
  gateMatchmaking(transport.server!, {
    limits,
    lobbies: lobbyCount,
    stopping: () => services().shuttingDown,
  });
  const port = (transport.server!.address() as AddressInfo).port;

  const restored: RestoreOutcome[] = [];
  const keeper = new RoundKeeper({
    storage: opts.storage,
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

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      services().shuttingDown = true;
      await keeper.stop();
      await server.gracefullyShutdown(false);
      await opts.storage.close();
    })();
    return closing;
  };
  return {
    port,
    server,
    restored,
    close,
    async drain(deadlineMs = 10_000) {
      const work = (async () => {
        services().shuttingDown = true;
        // Peers' matchmakers stop sending new rooms here.
        await matchMaker.stats.excludeProcess(matchMaker.processId).catch(() => {});
        await keeper.stop();
        const rooms = [...services().rooms.values()] as TeamRoom[];
        await Promise.allSettled(rooms.map((r) => r.handOver(CLOSE_CODES.moved, false)));
        await Promise.allSettled(opts.storage.ownedRounds().map((id) => opts.storage.releaseRound(id)));
        presence?.unsubscribe(RELEASED_TOPIC, onReleased);
        if (rooms.length)
          await Promise.resolve(presence?.publish(RELEASED_TOPIC, matchMaker.processId)).catch(() => {});
        log(`drained: ${rooms.length} round(s) handed over`);
        await close();
      })();
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), deadlineMs);
      });
      try {
        return await Promise.race([work.then(() => true), late]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function lobbyCount(): number {
  let n = 0;
  for (const room of services().rooms.values()) if ((room as TeamRoom).round?.phase === "lobby") n++;
  return n;
}
