// The server's configuration from the environment, checked at start: every problem is one line
// naming the variable and what to do, and the server does not start with any of them.

import { accessSync, constants, existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { DEFAULT_LIMITS, type ServerLimits, WHOLE_LIMITS } from "../limits.ts";
import { LOG_LEVELS, type LogLevel } from "./log.ts";

export interface ServerConfig {
  port: number;
  host?: string;
  storage: {
    kind?: "memory";
    databaseUrl?: string;
    pgSchema?: string;
    sqliteFile?: string;
    /** Where SQLite commits run (PF_SQLITE_WRITER); absent: by the cores the process may use. */
    sqliteWriter?: "thread" | "main";
    pgTimeoutMs: number;
    /** Round ownership lease (PF_LEASE_SECONDS). */
    leaseMs: number;
  };
  redisUrl?: string;
  publicAddress?: string;
  /** SIGTERM: the longest drain before exiting anyway (PF_DRAIN_SECONDS). */
  drainSeconds: number;
  staticDir: string;
  loopStatsSeconds?: number;
  readyTimeoutMs: number;
  lookupTimeoutMs: number;
  redisRelistSeconds: number;
  /** Opens `/api/operator/*` (failed restores and their retry). */
  operatorToken?: string;
  /** The least level logged (PF_LOG_LEVEL). */
  logLevel: LogLevel;
  /** What a stranger can cost this process (server/limits.ts; docs/protocol.md, "Limits"). */
  limits: ServerLimits;
}

type Env = Record<string, string | undefined>;

function wholeNumber(
  env: Env,
  name: string,
  def: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name}=${raw}: must be a whole number from ${min} to ${max}`);
    return def;
  }
  return n;
}

/** `1`/`0` and their spellings (true/false, yes/no, on/off: zod's stringbool), read trimmed. */
const onOff = z.string().trim().pipe(z.stringbool());

/** A flag; unset or empty: `def`. */
function flag(env: Env, name: string, def: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return def;
  const parsed = onOff.safeParse(raw);
  if (parsed.success) return parsed.data;
  problems.push(`${name}=${raw}: must be 1 or 0`);
  return def;
}

/** Why `file` cannot be created or written, or null if it can. */
export function unwritable(file: string): string | null {
  try {
    if (existsSync(file)) {
      if (statSync(file).isDirectory()) return "is a folder";
      accessSync(file, constants.W_OK);
      return null;
    }
    // The nearest folder that exists must let us create what is missing below it.
    let dir = dirname(file);
    while (!existsSync(dir)) {
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
    if (!statSync(dir).isDirectory()) return `${dir} is not a folder`;
    accessSync(dir, constants.W_OK);
    return null;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EROFS"
      ? "is on a read-only file system"
      : `is not writable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
}

/** Reads and checks the configuration; `problems` lists everything wrong, one sentence each. */
export function readConfig(
  env: Env = process.env,
  cwd = process.cwd(),
): { config: ServerConfig; problems: string[] } {
  const problems: string[] = [];
  const port = wholeNumber(env, "PORT", 2567, 0, 65535, problems);
  const memory = env.PF_STORAGE === "memory";
  if (env.PF_STORAGE && !memory) problems.push(`PF_STORAGE=${env.PF_STORAGE}: the only value is "memory"`);
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    problems.push("DATABASE_URL: must be a PostgreSQL URL (postgres://user@host:5432/db)");
  if (env.PF_PG_SCHEMA && !/^[a-z_][a-z0-9_]*$/.test(env.PF_PG_SCHEMA))
    problems.push(`PF_PG_SCHEMA=${env.PF_PG_SCHEMA}: lower-case letters, digits and _ only`);
  const usesSqlite = !memory && !databaseUrl;
  const sqliteFile = resolve(cwd, env.PF_SQLITE_FILE || join("data", "practice-field.db"));
  if (usesSqlite && env.PF_SQLITE_FILE === ":memory:") {
    // SQLite's name for a database in memory; here it would quietly become a file of that name.
    problems.push("PF_SQLITE_FILE=:memory: names a file; to keep nothing on disk set PF_STORAGE=memory");
  } else if (usesSqlite) {
    const why = unwritable(sqliteFile);
    if (why) problems.push(`PF_SQLITE_FILE: ${sqliteFile} ${why}`);
  }
  const writerSet = env.PF_SQLITE_WRITER || undefined;
  const sqliteWriter = writerSet === "thread" || writerSet === "main" ? writerSet : undefined;
  if (writerSet && !sqliteWriter) problems.push(`PF_SQLITE_WRITER=${writerSet}: must be "thread" or "main"`);
  const redisUrl = env.REDIS_URL || undefined;
  const publicAddress = env.PF_PUBLIC_ADDRESS || undefined;
  if (redisUrl) {
    if (!/^rediss?:\/\//.test(redisUrl)) problems.push("REDIS_URL: must be a Redis URL (redis://host:6379)");
    if (!publicAddress)
      problems.push(
        "REDIS_URL is set without PF_PUBLIC_ADDRESS: set it to this process' host:port as clients reach it",
      );
    if (!databaseUrl)
      problems.push(
        `REDIS_URL is set with ${memory ? "PF_STORAGE=memory" : "SQLite storage"}: processes behind Redis share rounds only through PostgreSQL (set DATABASE_URL)`,
      );
  }
  // host:port, or host[:port]/path behind one address (docs/deploy.md: nginx routes /p1/… to process 1).
  if (publicAddress && !/^(?:[^\s/:]+|\[[0-9a-fA-F:]+\])(?::\d{1,5})?(?:\/[^\s]*)?$/.test(publicAddress))
    problems.push(
      `PF_PUBLIC_ADDRESS=${publicAddress}: must be host:port, or host[:port]/path behind one address`,
    );
  let logLevel: LogLevel = "info";
  if (env.PF_LOG_LEVEL && !(LOG_LEVELS as readonly string[]).includes(env.PF_LOG_LEVEL))
    problems.push(`PF_LOG_LEVEL=${env.PF_LOG_LEVEL}: must be one of ${LOG_LEVELS.join(", ")}`);
  else if (env.PF_LOG_LEVEL) logLevel = env.PF_LOG_LEVEL as LogLevel;
  const limits: ServerLimits = {
    ...DEFAULT_LIMITS,
    trustProxy: flag(env, "PF_TRUST_PROXY", DEFAULT_LIMITS.trustProxy, problems),
  };
  for (const [key, { variable, min, max, default: def }] of Object.entries(WHOLE_LIMITS))
    limits[key as keyof typeof WHOLE_LIMITS] = wholeNumber(env, variable, def, min, max, problems);
  const loop = env.PF_LOOP_STATS ? wholeNumber(env, "PF_LOOP_STATS", 10, 1, 86_400, problems) : undefined;
  const config: ServerConfig = {
    port,
    ...(env.HOST ? { host: env.HOST } : {}),
    storage: {
      ...(memory ? { kind: "memory" as const } : {}),
      ...(databaseUrl ? { databaseUrl } : {}),
      ...(env.PF_PG_SCHEMA ? { pgSchema: env.PF_PG_SCHEMA } : {}),
      ...(usesSqlite ? { sqliteFile } : {}),
      ...(usesSqlite && sqliteWriter ? { sqliteWriter } : {}),
      pgTimeoutMs: wholeNumber(env, "PF_PG_TIMEOUT_MS", 5000, 100, 600_000, problems),
      leaseMs: wholeNumber(env, "PF_LEASE_SECONDS", 10, 1, 3600, problems) * 1000,
    },
    ...(redisUrl ? { redisUrl } : {}),
    ...(publicAddress ? { publicAddress } : {}),
    drainSeconds: wholeNumber(env, "PF_DRAIN_SECONDS", 10, 1, 3600, problems),
    staticDir: env.PF_STATIC_DIR || join(cwd, "dist", "client"),
    ...(loop !== undefined ? { loopStatsSeconds: loop } : {}),
    readyTimeoutMs: wholeNumber(env, "PF_READY_TIMEOUT_MS", 2000, 50, 60_000, problems),
    lookupTimeoutMs: wholeNumber(env, "PF_LOOKUP_TIMEOUT_MS", 3000, 50, 60_000, problems),
    redisRelistSeconds: wholeNumber(env, "PF_REDIS_RELIST_SECONDS", 5, 1, 3600, problems),
    ...(env.PF_OPERATOR_TOKEN ? { operatorToken: env.PF_OPERATOR_TOKEN } : {}),
    logLevel,
    limits,
  };
  return { config, problems };
}
