// HTTP endpoints beside the game server: health, join-code lookup, recorded rounds and their exports,
// and the built client.

import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { matchMaker } from "@colyseus/core";
import express from "express";
import { z } from "zod";
import {
  joinCodeSchema,
  type PartialRoomLookup,
  type RoomLookup,
  TEAM_ROOM,
} from "../shared/protocol/room.ts";
import { bearerToken } from "./bearer.ts";
import { mountCohortHttp } from "./cohort/http.ts";
import { mountOperatorHttp } from "./operator-http.ts";
import { mountHealth, type Readiness, UnavailableError, withTimeout } from "./ops/health.ts";
import { metrics } from "./ops/metrics.ts";
import { exportOf, recordToCsv } from "./record.ts";
import { mayReplay, openRecorded, parseRoundRef, revealed } from "./replay/access.ts";
import { mountReplayHttp } from "./replay/http.ts";
import { services } from "./services.ts";
import { CohortHeldError, type RoundCursor, type RoundRow, type RoundStatus } from "./storage/types.ts";
import type { TeamRoom } from "./team-room.ts";

const STATUSES = ["lobby", "play", "debrief", "closed"] as const satisfies readonly RoundStatus[];
export const MAX_PAGE = 100;

/** A listing page's continuation: opaque to clients (base64url of the last row's time and id). */
const cursorSchema = z
  .string()
  .max(200)
  .transform((s, ctx): RoundCursor => {
    try {
      const [createdAt, id] = JSON.parse(Buffer.from(s, "base64url").toString("utf8"));
      if (typeof createdAt === "number" && typeof id === "string" && id.length <= 100)
        return { createdAt, id };
    } catch {}
    ctx.addIssue({ code: "custom", message: "is not a cursor this server gave" });
    return z.NEVER;
  });

const cursorOf = (row: RoundRow): string =>
  Buffer.from(JSON.stringify([row.createdAt, row.id])).toString("base64url");

const listQuerySchema = z.object({
  status: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(",") : []))
    .pipe(z.array(z.enum(STATUSES, { error: `must be among ${STATUSES.join(", ")}` }))),
  cohort: z.string().trim().min(1).max(60).optional(),
  limit: z.coerce
    .number({ error: "must be a number" })
    .int({ error: "must be a whole number" })
    .min(1, { error: `must be between 1 and ${MAX_PAGE}` })
    .max(MAX_PAGE, { error: `must be between 1 and ${MAX_PAGE}` })
    .default(MAX_PAGE),
  cursor: cursorSchema.optional(),
});

const roundIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/, "is not a round id");

/** The first problem of a query, as one sentence a person can act on. */
function querySentence(e: z.ZodError): string {
  const issue = e.issues[0]!;
  const field = issue.path.length ? String(issue.path[0]) : "";
  return field ? `${field} ${issue.message}` : issue.message;
}

export interface HttpOptions {
  staticDir: string | null;
  startedAt: number;
  /** Storage and Redis lookups answer 503 after this long instead of hanging the request. */
  lookupTimeoutMs: number;
  readiness: () => Readiness;
  /** Opens `/api/operator/*` (failed restores and their retry); null: those answer 404. */
  operatorToken?: string | null;
}

export function mountHttp(app: express.Application, opts: HttpOptions) {
  const timed = <T>(p: Promise<T>, service: "storage" | "redis" | "owner") =>
    withTimeout(p, opts.lookupTimeoutMs, service).catch((e: unknown) => {
      if (e instanceof UnavailableError) metrics.lookupTimeout(service);
      throw e;
    });

  mountHealth(app, {
    startedAt: opts.startedAt,
    readiness: opts.readiness,
    rooms: () => services().rooms.size,
  });

  app.get("/api/rooms/:code", async (req, res) => {
    const code = joinCodeSchema.safeParse(req.params.code);
    if (!code.success) {
      res.status(400).json({ error: "a join code is 6 letters and digits" });
      return;
    }
    const found = await lookupAnywhere(code.data, timed);
    if (found) res.json(found);
    else res.status(404).json({ error: `no open round has the code ${code.data}` });
  });

  /**
   * Recorded rounds, newest first, a page at a time: the next page's cursor comes in X-Next-Cursor.
   * Join codes are not listed: a code reaches only those who create a room or are given it.
   */
  app.get("/api/rounds", async (req, res) => {
    const q = listQuerySchema.safeParse(req.query);
    if (!q.success) {
      res.status(400).json({ error: querySentence(q.error) });
      return;
    }
    const { status, limit, cohort, cursor } = q.data;
    const rows = await timed(
      services().storage.listRounds({
        status,
        limit,
        ...(cohort ? { cohort } : {}),
        ...(cursor ? { after: cursor } : {}),
      }),
      "storage",
    );
    if (rows.length === limit) res.setHeader("X-Next-Cursor", cursorOf(rows[rows.length - 1]!));
    res.json(rows.map(({ code: _code, ...row }) => row));
  });

  /**
   * A round's numbers are hidden from the players until its debrief reveals the truth: before that
   * only the host and the cohort's trainer (Authorization: Bearer <token>) may export it. After it,
   * anyone may; the players' names stay only for those who may replay the round (its host, trainer,
   * players — by token — or the holder of its replay link, whose id may stand for `:id`); for everyone
   * else each seat is named by its department.
   */
  const loadRecord = async (req: express.Request, res: express.Response) => {
    const ref = parseRoundRef(String(req.params.id));
    const parsed = roundIdSchema.safeParse(ref.roundId);
    if (!parsed.success) {
      res.status(400).json({ error: "a round id is letters, digits and dashes" });
      return undefined;
    }
    const opened = await openRecorded(parsed.data, bearerToken(req), ref.secret, (p) => timed(p, "storage"));
    if (!opened) {
      res.status(404).json({ error: "no such round" });
      return undefined;
    }
    const { row, events, round, access } = opened;
    if (!revealed(round) && access !== "host" && access !== "trainer") {
      res.status(403).json({
        error:
          round.phase === "debrief"
            ? "this round's debrief has not revealed the truth yet: only its host can export it before that"
            : "this round is still being played: only its host can export it before the debrief",
      });
      return undefined;
    }
    const anonymous = req.query.anonymous === "1" || !mayReplay(round, access);
    return exportOf(row, round, events, { anonymous });
  };

  app.get("/api/rounds/:id/export.json", async (req, res) => {
    const rec = await loadRecord(req, res);
    if (!rec) return;
    res.setHeader("Content-Disposition", `attachment; filename="round-${rec.code}-${rec.id}.json"`);
    res.json(rec);
  });

  app.get("/api/rounds/:id/export.csv", async (req, res) => {
    const rec = await loadRecord(req, res);
    if (!rec) return;
    res.setHeader("Content-Type", "text/csv; charset=utf-8");
    res.setHeader("Content-Disposition", `attachment; filename="round-${rec.code}-${rec.id}.csv"`);
    res.send(recordToCsv(rec));
  });

  mountCohortHttp(app);
  mountReplayHttp(app);
  mountOperatorHttp(app, opts.operatorToken ?? null);

  mountStatic(app, opts.staticDir);
  app.use(finalErrorHandler);
}

/**
 * Whatever went wrong inside, a client gets a sentence and an id to quote; the log gets the rest.
 * No stack trace, path or SQL error leaves the server.
 */
export function finalErrorHandler(
  err: unknown,
  _req: express.Request,
  res: express.Response,
  _next: express.NextFunction,
): void {
  const status = (err as { status?: unknown }).status;
  if (status === 503) {
    // Storage or Redis away or too slow, or a cohort changing process: a fault of the moment, not of
    // the request.
    services().log("HTTP 503: try again in a moment", undefined, {
      level: "warn",
      reason: err instanceof Error ? err.message : String(err),
    });
    if (!res.headersSent) {
      res.setHeader("Retry-After", "5");
      res.status(503).json({ error: unavailableSentence(err) });
    } else res.end();
    return;
  }
  if (typeof status === "number" && status >= 400 && status < 500) {
    // A request express itself could not take (a malformed URL, a body it refused).
    res.status(status).json({ error: "the request could not be read" });
    return;
  }
  const id = randomBytes(6).toString("hex");
  services().log(`HTTP error ${id}`, err);
  if (res.headersSent) {
    res.end();
    return;
  }
  res.status(500).json({ error: `something went wrong on the server (error id ${id})`, id });
}

/** What a 503 tells the client: which part of the system is not there right now. */
function unavailableSentence(err: unknown): string {
  if (err instanceof CohortHeldError) return "this cohort is moving to another server; try again in a moment";
  const what = err instanceof UnavailableError && err.service === "redis" ? "matchmaking" : "storage";
  return `the server's ${what} is not answering right now; try again in a moment`;
}

/**
 * A join code's round, in full, from whichever process holds it: this one; else, scaled out, its
 * owner answers through Redis (`lookup` called on the room); else the matchmaker's listing, marked
 * `partial` (no phase, week or seats). Null when no process holds it. A listing read that fails
 * (Redis away) still tries the owner, so a Redis restarted empty does not hide live rooms.
 */
async function lookupAnywhere(
  code: string,
  timed: <T>(p: Promise<T>, service: "storage" | "redis" | "owner") => Promise<T>,
): Promise<RoomLookup | PartialRoomLookup | null> {
  const local = services().rooms.get(code) as TeamRoom | undefined;
  if (local) return local.lookup();
  let redisError: unknown;
  // One HGET of the room's listing (a query would read every listing).
  const listing = await timed(matchMaker.getRoomById(code), "redis").then(
    (l) => (l?.name === TEAM_ROOM ? l : undefined),
    (e: unknown) => {
      redisError = e;
      return undefined;
    },
  );
  // Is some process subscribed to the room's channel? (Colyseus names it "$" + roomId.)
  const owned =
    listing !== undefined ||
    (await timed(matchMaker.presence.channels(`$${code}`), "redis").then(
      (c) => c.length > 0,
      (e: unknown) => {
        // Neither read answered: "no such room" would be a guess.
        if (redisError) throw new UnavailableError("redis", `Redis unavailable: ${String(e)}`);
        return false;
      },
    ));
  if (!owned) return null;
  const full = await timed(matchMaker.remoteRoomCall(code, "lookup", undefined, 1500), "owner").catch(
    () => undefined,
  );
  if (full && typeof full === "object" && "seats" in full) return full as RoomLookup;
  if (!listing) return null;
  const meta = (listing.metadata ?? {}) as Partial<RoomLookup>;
  return {
    code,
    roomId: listing.roomId,
    ...(typeof meta.scenario === "string" ? { scenario: meta.scenario } : {}),
    ...(typeof meta.title === "string" ? { title: meta.title } : {}),
    ...(meta.cohort !== undefined ? { cohort: meta.cohort } : {}),
    partial: true,
  };
}

function mountStatic(app: express.Application, dir: string | null): void {
  if (dir && existsSync(join(dir, "index.html"))) {
    app.use(express.static(dir, { index: "index.html", maxAge: "1h" }));
    // Unknown paths that are not API calls get the client (it reads ?join=CODE itself).
    app.use((req, res, next) => {
      if (req.method === "GET" && !req.path.startsWith("/api/") && !req.path.includes(".")) {
        res.sendFile(join(dir, "index.html"));
      } else next();
    });
  }
}
