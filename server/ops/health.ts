// Liveness, readiness and metrics over HTTP:
//   GET /api/health  200 while the process runs (liveness: restart it only when this fails)
//   GET /api/ready   200 when storage and (scaled out) Redis answer within PF_READY_TIMEOUT_MS and
//                    the rounds to restore at start are restored; 503 with the reasons otherwise
//   GET /metrics     Prometheus text format (server/ops/metrics.ts)

import type express from "express";
import type { Storage } from "../storage/types.ts";
import { scrape } from "./metrics.ts";

/** A service that did not answer in time: HTTP answers 503 with this sentence. */
export class UnavailableError extends Error {
  readonly status = 503;
  readonly service: string;
  constructor(service: string, message: string) {
    super(message);
    this.name = "UnavailableError";
    this.service = service;
  }
}

/** `p`, or an UnavailableError naming `service` once `ms` have passed. */
export function withTimeout<T>(p: Promise<T>, ms: number, service: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      t = setTimeout(
        () => reject(new UnavailableError(service, `${service} did not answer within ${ms} ms`)),
        ms,
      );
    }),
  ]).finally(() => clearTimeout(t));
}

export interface Readiness {
  storage: () => Storage;
  /** Scaled out: PING Redis within the deadline. */
  redis?: (timeoutMs: number) => Promise<void>;
  /** False while the rounds to restore at start are being restored. */
  restoresDone: () => boolean;
  timeoutMs: number;
}

/** An id no round has: reading it exercises the storage end to end and finds nothing. */
const PROBE_ID = "ready-probe";

export async function readiness(r: Readiness): Promise<{ ready: boolean; checks: Record<string, string> }> {
  const checks: Record<string, string> = {};
  const check = async (name: string, probe: () => Promise<unknown>) => {
    try {
      await withTimeout(probe(), r.timeoutMs, name);
      checks[name] = "ok";
    } catch (e) {
      checks[name] = e instanceof Error ? e.message : String(e);
    }
  };
  await Promise.all([
    check("storage", () => r.storage().getRound(PROBE_ID)),
    ...(r.redis ? [check("redis", () => r.redis!(r.timeoutMs))] : []),
  ]);
  checks.restores = r.restoresDone() ? "ok" : "restoring unfinished rounds";
  return { ready: Object.values(checks).every((c) => c === "ok"), checks };
}

export function mountHealth(
  app: express.Application,
  opts: { startedAt: number; readiness: () => Readiness; rooms: () => number },
): void {
  app.get("/api/health", (_req, res) => {
    res.json({
      ok: true,
      storage: opts.readiness().storage().kind,
      rooms: opts.rooms(),
      uptimeSeconds: Math.round((Date.now() - opts.startedAt) / 1000),
    });
  });

  app.get("/api/ready", async (_req, res) => {
    const { ready, checks } = await readiness(opts.readiness());
    res.status(ready ? 200 : 503).json({ ready, checks });
  });

  app.get("/metrics", async (_req, res) => {
    const { contentType, body } = await scrape();
    res.setHeader("Content-Type", contentType);
    res.send(body);
  });
}
