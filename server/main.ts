// `npm start`: the game server with the built client. Configuration comes from the environment and
// is checked before anything starts (server/ops/config.ts; README "Running the server"):
//   PORT (2567), HOST, PF_STORAGE (memory: keep nothing), DATABASE_URL (PostgreSQL; else SQLite),
//   PF_PG_SCHEMA, PF_PG_TIMEOUT_MS, PF_SQLITE_FILE (data/practice-field.db), PF_SQLITE_WRITER, PF_LOOP_STATS,
//   PF_STATIC_DIR (dist/client), PF_LEASE_SECONDS (10: round ownership lease),
//   PF_DRAIN_SECONDS (10: longest SIGTERM drain before exiting anyway),
//   REDIS_URL (scale-out presence and matchmaking), PF_PUBLIC_ADDRESS (this process, when scaled out),
//   PF_LOG_LEVEL, PF_READY_TIMEOUT_MS, PF_LOOKUP_TIMEOUT_MS, PF_REDIS_RELIST_SECONDS,
//   PF_OPERATOR_TOKEN (opens /api/operator/*: failed restores and their retry), and the limits
//   (server/limits.ts: PF_CREATES_PER_MINUTE, PF_MAX_LOBBIES, … PF_TRUST_PROXY).

import { startGameServer } from "./app.ts";
import { logLoopStats } from "./diagnostics.ts";
import { readConfig } from "./ops/config.ts";
import { configureLogs, logger } from "./ops/log.ts";
import { releaseStartupMemory } from "./ops/memory.ts";
import type { ScaleOut } from "./ops/redis.ts";
import { openStorage } from "./storage/index.ts";
import type { WriterPlacement } from "./storage/sqlite.ts";

/** Exit codes (docs/operations.md, "Exit codes"). */
const EXIT = {
  drained: 0,
  config: 2,
  /** A start failed, or a drain failed or timed out with nothing held. */
  failed: 1,
  /** The drain limit passed with events storage never recorded (storage down); they were never shown. */
  heldWork: 3,
} as const;

async function main(): Promise<void> {
  const { config, problems } = readConfig();
  if (problems.length) {
    for (const p of problems) logger.fatal({ config: true }, `configuration: ${p}`);
    logger.flush();
    process.exit(EXIT.config);
  }
  configureLogs(config);
  if (process.env.PF_RESTORE !== undefined)
    logger.warn("PF_RESTORE is no longer read: every process adopts the rounds of owners that are gone");
  const storage = await openStorage(config.storage).catch((e: Error) => {
    const where = config.storage.databaseUrl
      ? "PostgreSQL (DATABASE_URL)"
      : config.storage.sqliteFile
        ? `the SQLite file ${config.storage.sqliteFile} (PF_SQLITE_FILE)`
        : "storage";
    throw new Error(`could not open ${where}: ${e.message}`, { cause: e });
  });
  let redis: ScaleOut | undefined;
  const scale: Partial<Parameters<typeof startGameServer>[0]> = {};
  if (config.redisUrl) {
    // Loaded only when scaled out: a single process starts without the Redis clients.
    const { connectRedis } = await import("./ops/redis.ts");
    redis = connectRedis(config.redisUrl);
    scale.presence = redis.presence;
    scale.driver = redis.driver;
    scale.redisPing = redis.ping;
    if (config.publicAddress) scale.publicAddress = config.publicAddress;
  }
  // Every module loaded and storage open: what start-up grew goes back before the server listens, so
  // no first request waits for the collection (server/ops/memory.ts).
  releaseStartupMemory();
  const game = await startGameServer({
    ...scale,
    storage,
    port: config.port,
    ...(config.host ? { host: config.host } : {}),
    staticDir: config.staticDir,
    limits: config.limits,
    readyTimeoutMs: config.readyTimeoutMs,
    lookupTimeoutMs: config.lookupTimeoutMs,
    ...(config.operatorToken ? { operatorToken: config.operatorToken } : {}),
  });
  redis?.keepListed(config.redisRelistSeconds);
  const restored = game.restored.filter((r) => r.ok).length;
  // Where SQLite commits run depends on the cores this process may use (PF_SQLITE_WRITER overrides).
  const placement = (storage as { writerPlacement?: WriterPlacement }).writerPlacement;
  const commits = placement
    ? placement === "thread"
      ? ", commits on a writer thread"
      : ", commits on the rooms' thread"
    : "";
  logger.info(
    { port: game.port, storage: storage.kind, restored },
    `listening on http://localhost:${game.port} (storage: ${storage.kind}${commits}` +
      `${restored ? `, ${restored} round(s) restored` : ""})`,
  );
  if (config.loopStatsSeconds) logLoopStats(config.loopStatsSeconds, (line) => logger.info(line));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    redis?.close();
    logger.info({ signal }, `${signal}: draining (at most ${config.drainSeconds} s)`);
    game.drain(config.drainSeconds * 1000).then(
      ({ finished, held }) => {
        if (held.length) {
          // Storage is down: these events were never shown to anyone, so nothing acknowledged is
          // lost; the rounds' leases run out and a peer (or the next start) adopts them from the log.
          const list = held.map((h) => `${h.round} (${h.code}): ${h.events} event(s)`).join(", ");
          logger.error(
            { held },
            `drain limit of ${config.drainSeconds} s reached with unrecorded held events in ${held.length} ` +
              `round(s), never shown to anyone: ${list}; they are adopted from the log when their leases run out`,
          );
        } else if (!finished)
          logger.error(`drain did not finish in ${config.drainSeconds} s: exiting anyway`);
        logger.flush();
        process.exit(finished ? EXIT.drained : held.length ? EXIT.heldWork : EXIT.failed);
      },
      (e) => {
        logger.error({ err: e }, "drain failed");
        logger.flush();
        process.exit(EXIT.failed);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

// A promise some library left unhandled (a Redis command failing during an outage) is logged, not
// allowed to end the process and every round in it.
process.on("unhandledRejection", (e) => {
  logger.error({ err: e }, `unhandled rejection: ${e instanceof Error ? e.message : String(e)}`);
});

main().catch((e: Error) => {
  logger.fatal({ err: e }, `could not start: ${e.message}`);
  logger.flush();
  process.exit(EXIT.failed);
});
