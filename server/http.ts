// HTTP endpoints beside the game server: health, join-code lookup, recorded rounds and their exports,
// and the built client.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { matchMaker } from "@colyseus/core";
import express from "express";
import { clamp } from "../shared/math/clamp.ts";
import { joinCodeSchema, TEAM_ROOM } from "../shared/protocol/room.ts";
import { replayRound } from "../shared/round/replay.ts";
import { type Viewer, viewFor } from "../shared/round/view.ts";
import { mountCohortHttp } from "./cohort/http.ts";
import { exportOf, recordToCsv } from "./record.ts";
import { mountReplayHttp } from "./replay/http.ts";
import { services } from "./services.ts";
import type { RoundStatus } from "./storage/types.ts";
import type { TeamRoom } from "./team-room.ts";
import { hashToken } from "./tokens.ts";

const STATUSES: readonly RoundStatus[] = ["lobby", "play", "debrief", "closed"];

export function mountHttp(app: express.Application, opts: { staticDir: string | null; startedAt: number }) {
  app.get("/api/health", (_req, res) => {
    res.json({
      ok: true,
      storage: services().storage.kind,
      rooms: services().rooms.size,
      uptimeSeconds: Math.round((Date.now() - opts.startedAt) / 1000),
    });
  });

  app.get("/api/rooms/:code", async (req, res) => {
    const code = joinCodeSchema.safeParse(req.params.code);
    if (!code.success) {
      res.status(400).json({ error: "a join code is 6 letters and digits" });
      return;
    }
    const local = services().rooms.get(code.data) as TeamRoom | undefined;
    if (local) {
      res.json(local.lookup());
      return;
    }
    // Scaled out, the room may live in another process: the matchmaker knows it, with less detail.
    const [listing] = await matchMaker.query({ name: TEAM_ROOM, roomId: code.data });
    if (listing) {
      res.json({ code: code.data, roomId: listing.roomId, ...(listing.metadata ?? {}) });
      return;
    }
    res.status(404).json({ error: `no open round has the code ${code.data}` });
  });

  app.get("/api/rounds", async (req, res) => {
    const status = String(req.query.status ?? "")
      .split(",")
      .filter((s): s is RoundStatus => (STATUSES as readonly string[]).includes(s));
    const limit = clamp(Number(req.query.limit) || 100, 1, 1000);
    const cohort = typeof req.query.cohort === "string" && req.query.cohort ? req.query.cohort : undefined;
    res.json(await services().storage.listRounds({ status, limit, ...(cohort ? { cohort } : {}) }));
  });

  /**
   * A round's numbers are hidden from the players until its debrief reveals the truth: before that
   * only the host (Authorization: Bearer <host token>, or ?hostToken=) may export it.
   */
  const loadRecord = async (req: express.Request, res: express.Response) => {
    const id = String(req.params.id);
    const row = await services().storage.getRound(id);
    if (!row) {
      res.status(404).json({ error: "no such round" });
      return undefined;
    }
    const events = await services().storage.events(id);
    const round = replayRound(id, events);
    const auth = req.get("authorization") ?? "";
    const token = auth.startsWith("Bearer ") ? auth.slice(7) : String(req.query.hostToken ?? "");
    const viewer: Viewer =
      token && hashToken(token) === round.created.hostTokenHash ? { kind: "host" } : { kind: "spectator" };
    if (!viewFor(round, viewer).record) {
      res.status(403).json({
        error:
          round.phase === "debrief"
            ? "this round's debrief has not revealed the truth yet: only its host can export it before that"
            : "this round is still being played: only its host can export it before the debrief",
      });
      return undefined;
    }
    return exportOf(row, round, events, { anonymous: req.query.anonymous === "1" });
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

  const dir = opts.staticDir;
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
