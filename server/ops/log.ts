// Structured logs: one JSON object a line on stdout (pino), with a level, the time, this process
// (`process`: PF_PUBLIC_ADDRESS or host:pid) and, where one is concerned, `round` and `room`.
// PF_LOG_LEVEL picks the least level written (default info). Both come from the configuration
// (ops/config.ts): until configureLogs applies it, lines are written at info and up, as host:pid.

import { hostname } from "node:os";
import { pino } from "pino";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What a log line may say about what it concerns. */
export interface LogFields {
  round?: string;
  room?: string;
  cohort?: string;
  [key: string]: unknown;
}

// Written at once: a line logged just before the process exits is not lost (the server logs
// little, so synchronous writes cost nothing that matters). One stream for every logger below.
const destination = pino.destination({ dest: 1, sync: true });

function makeLogger(level: LogLevel, processName: string) {
  return pino(
    {
      level,
      base: { process: processName },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}

/** The process' logger; configureLogs replaces it (importers see the new one). */
export let logger = makeLogger("info", `${hostname()}:${process.pid}`);

/** Applies the configuration: the least level written and the name lines carry as `process`. */
export function configureLogs(opts: { logLevel: LogLevel; publicAddress?: string }): void {
  logger = makeLogger(opts.logLevel, opts.publicAddress || `${hostname()}:${process.pid}`);
}

/**
 * The one logging call the server's modules use (services().log): a message, an optional error
 * (logged with its stack, at level error) and fields. Without an error the line is `info`, or the
 * level the fields name.
 */
export function logLine(
  message: string,
  error?: unknown,
  fields: LogFields & { level?: LogLevel } = {},
): void {
  const { level, ...rest } = fields;
  if (error !== undefined)
    logger[level && level !== "silent" ? level : "error"]({ ...rest, err: error }, message);
  else logger[level && level !== "silent" ? level : "info"](rest, message);
}

/** The same Colyseus warning repeated (a reconnect loop's) is written once per this many ms. */
const REPEAT_MS = 30_000;
const lastSaid = new Map<string, number>();

function repeated(text: string): boolean {
  const now = Date.now();
  const last = lastSaid.get(text);
  if (last !== undefined && now - last < REPEAT_MS) return true;
  if (lastSaid.size > 1000) lastSaid.clear();
  lastSaid.set(text, now);
  return false;
}

/**
 * Colyseus' own messages. It prints errors as stack strings; they become one `error` line with the
 * first line as the message and the stack in `stack`.
 */
export const colyseusLogger = {
  debug: (...args: unknown[]) => logger.debug({ source: "colyseus" }, args.map(String).join(" ")),
  trace: (...args: unknown[]) => logger.trace({ source: "colyseus" }, args.map(String).join(" ")),
  info: (...args: unknown[]) => logger.info({ source: "colyseus" }, args.map(String).join(" ")),
  warn: (...args: unknown[]) => {
    const text = args.map(String).join(" ");
    if (!repeated(text)) logger.warn({ source: "colyseus" }, text);
  },
  error: (...args: unknown[]) => {
    const [first, ...rest] = args;
    if (first instanceof Error) {
      logger.error({ source: "colyseus", err: first }, first.message);
      return;
    }
    const text = [first, ...rest].map(String).join(" ");
    if (repeated(text)) return;
    const nl = text.indexOf("\n");
    if (nl < 0) logger.error({ source: "colyseus" }, text);
    else logger.error({ source: "colyseus", stack: text }, text.slice(0, nl));
  },
};
