// `npm start`: the game server with the built client. Configuration comes from the environment:
//   PORT (2567), HOST, PF_STORAGE (memory: keep nothing), DATABASE_URL (PostgreSQL; else SQLite),
//   PF_PG_SCHEMA (PostgreSQL schema),
//   PF_SQLITE_FILE (data/practice-field.db), PF_LOOP_STATS (seconds: log event-loop delay),
//   PF_STATIC_DIR (dist/client), PF_LEASE_SECONDS (10: round ownership lease),
//   PF_DRAIN_SECONDS (10: longest SIGTERM drain before exiting anyway),
//   REDIS_URL (scale-out presence and matchmaking), PF_PUBLIC_ADDRESS (this process, when scaled out).

import { join } from "node:path";
import { startGameServer } from "./app.ts";
import { logLoopStats } from "./diagnostics.ts";
import { openStorage } from "./storage/index.ts";

async function main(): Promise<void> {
  const env = process.env;
  const leaseSeconds = Number(env.PF_LEASE_SECONDS ?? 10);
  if (!(leaseSeconds > 0))
    throw new Error(`PF_LEASE_SECONDS: a number of seconds above 0, not "${env.PF_LEASE_SECONDS}"`);
  const drainSeconds = Number(env.PF_DRAIN_SECONDS ?? 10);
  if (!(drainSeconds > 0))
    throw new Error(`PF_DRAIN_SECONDS: a number of seconds above 0, not "${env.PF_DRAIN_SECONDS}"`);
  if (env.PF_RESTORE !== undefined) {
    console.log(
      "[practice-field] PF_RESTORE is no longer read: every process adopts the rounds of owners that are gone",
    );
  }
  const storage = await openStorage({
    leaseMs: leaseSeconds * 1000,
    ...(env.PF_STORAGE === "memory" ? { kind: "memory" as const } : {}),
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    ...(env.PF_PG_SCHEMA ? { pgSchema: env.PF_PG_SCHEMA } : {}),
    ...(env.PF_SQLITE_FILE ? { sqliteFile: env.PF_SQLITE_FILE } : {}),
  });
  const scale: Parameters<typeof startGameServer>[0] = { port: 0, storage };
  if (env.REDIS_URL) {
    const { RedisPresence } = await import("@colyseus/redis-presence");
    const { RedisDriver } = await import("@colyseus/redis-driver");
    scale.presence = new RedisPresence(env.REDIS_URL);
    scale.driver = new RedisDriver(env.REDIS_URL);
    if (env.PF_PUBLIC_ADDRESS) scale.publicAddress = env.PF_PUBLIC_ADDRESS;
  }
  const game = await startGameServer({
    ...scale,
    port: Number(env.PORT ?? 2567),
    ...(env.HOST ? { host: env.HOST } : {}),
    staticDir: env.PF_STATIC_DIR ?? join(process.cwd(), "dist", "client"),
  });
  const restored = game.restored.filter((r) => r.ok).length;
  console.log(
    `[practice-field] listening on http://localhost:${game.port} (storage: ${storage.kind}` +
      `${restored ? `, ${restored} round(s) restored` : ""})`,
  );
  if (env.PF_LOOP_STATS) {
    logLoopStats(Number(env.PF_LOOP_STATS) || 10, (line) => console.log(`[practice-field] ${line}`));
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[practice-field] ${signal}: draining (at most ${drainSeconds} s)`);
    game.drain(drainSeconds * 1000).then(
      (done) => {
        if (!done)
          console.error(`[practice-field] drain did not finish in ${drainSeconds} s: exiting anyway`);
        process.exit(done ? 0 : 1);
      },
      (e) => {
        console.error("[practice-field] drain failed:", e);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e) => {
  console.error("[practice-field] could not start:", e);
  process.exit(1);
});
