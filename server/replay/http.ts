// The replay endpoints: a recorded round for the replay page, a branch from one of its weeks, an
// imported export, and the rounds a browser's tokens open ("My rounds"). Who may do what is in
// access.ts; the rules are written out in docs/protocol.md (Replays).

import express from "express";
import { z } from "zod";
import { BranchError, branchWeeks } from "../../shared/round/branch.ts";
import { checkExport } from "../../shared/round/import-check.ts";
import { recordOf } from "../../shared/round/record.ts";
import { replayRound } from "../../shared/round/replay.ts";
import type { Round } from "../../shared/round/round.ts";
import { horizonShown } from "../../shared/round/view.ts";
import { bearerToken } from "../bearer.ts";
import { services } from "../services.ts";
import { hashToken } from "../tokens.ts";
import {
  type Access,
  accessOf,
  mayReplay,
  openRecorded,
  parseRoundRef,
  replayIdOf,
  revealed,
} from "./access.ts";
import { openBranch, storeImport } from "./open-round.ts";

/** Largest export accepted: a 52-week round of four desks is about 100 KB. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

const branchBody = z.object({
  week: z.number(),
  seats: z.record(z.string(), z.string().min(1).max(200)).default({}),
});

const mineBody = z.object({
  seats: z
    .array(
      z.object({
        code: z.string().max(12),
        seatToken: z.string().max(100).nullish(),
        hostToken: z.string().max(100).nullish(),
      }),
    )
    .max(200),
  /** Cohorts this browser runs: every team round of each is listed to its trainer. */
  cohorts: z
    .array(z.object({ id: z.string().max(64), trainerToken: z.string().max(100) }))
    .max(50)
    .default([]),
});

/** The round `:id` names (a round id or a replay id) and what the request may do with it; answers 404/403 itself. */
async function openFor(
  req: express.Request,
  res: express.Response,
): Promise<{ round: Round; access: Access } | null> {
  const ref = parseRoundRef(String(req.params.id));
  const opened = await openRecorded(ref.roundId, bearerToken(req), ref.secret);
  if (!opened) {
    res.status(404).json({ error: `There is no recorded round with the id ${ref.roundId}.` });
    return null;
  }
  const { round, access } = opened;
  if (!access) {
    res.status(403).json({
      error:
        "This round opens to its players, its host and its trainer, or to whoever holds its replay link.",
    });
    return null;
  }
  if (!mayReplay(round, access)) {
    res.status(403).json({
      error:
        round.phase === "debrief"
          ? "This round's debrief has not revealed the truth yet: until then only its host and trainer can replay it."
          : "This round is still being played: until its debrief reveals the truth only its host and trainer can replay it.",
      // A link holder's browser may keep the trainer's key of this cohort: it can ask again with it.
      ...(access === "link" && round.created.cohort ? { cohort: round.created.cohort } : {}),
    });
    return null;
  }
  return { round, access };
}

export function mountReplayHttp(app: express.Application): void {
  app.get("/api/rounds/:id/replay", async (req, res) => {
    const opened = await openFor(req, res);
    if (!opened) return;
    const { round, access } = opened;
    res.json({
      record: recordOf(round),
      replayId: replayIdOf(round),
      access,
      phase: round.phase,
      revealed: revealed(round),
      cohort: round.created.cohort ?? null,
      branchWeeks: branchWeeks(recordOf(round)),
    });
  });

  app.post("/api/rounds/:id/branch", express.json({ limit: "16kb" }), async (req, res) => {
    const body = branchBody.safeParse(req.body);
    if (!body.success) {
      res.status(400).json({ error: 'send { week, seats: { [role]: "me" | "recorded" | "<policy>" } }' });
      return;
    }
    const opened = await openFor(req, res);
    if (!opened) return;
    try {
      const b = await openBranch(opened.round, body.data.week, body.data.seats);
      res.status(201).json(b);
    } catch (e) {
      if (!(e instanceof BranchError)) throw e;
      res.status(400).json({ error: e.message });
    }
  });

  app.post(
    "/api/rounds/import",
    refuseDeclaredOversize,
    // A body without a declared length: the parser stops keeping it once past the limit.
    express.json({ limit: MAX_IMPORT_BYTES, type: () => true }),
    async (req, res) => {
      const verdict = checkExport(req.body);
      if (!verdict.ok) {
        res.status(422).json({ error: verdict.error, week: verdict.week });
        return;
      }
      const round = await storeImport(verdict.record);
      res.status(201).json({ id: round.id, replayId: replayIdOf(round) });
    },
  );

  app.post("/api/rounds/mine", express.json({ limit: "64kb" }), async (req, res) => {
    const body = mineBody.safeParse(req.body);
    if (!body.success) {
      res.status(400).json({ error: "send { seats: [{ code, seatToken?, hostToken? }] }" });
      return;
    }
    res.json(await roundsOf(body.data.seats, body.data.cohorts));
  });

  // Body errors of the routes above (too large, not JSON) as answers that name them.
  app.use(
    "/api/rounds",
    (err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
      const e = err as { type?: string; status?: number; message?: string };
      if (e?.type === "entity.too.large") {
        res.status(413).json(tooLarge);
      } else if (e?.type === "entity.parse.failed") {
        res
          .status(422)
          .json({ error: `not a round export: the file is not JSON (${e.message})`, week: null });
      } else next(err);
    },
  );
}

const tooLarge = { error: `An export is at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB.` };

/**
 * An upload that declares more than the limit is answered at once and the connection closed: the
 * body parser would refuse it too, but only after draining the whole body.
 */
function refuseDeclaredOversize(req: express.Request, res: express.Response, next: express.NextFunction) {
  if (Number(req.get("content-length") ?? 0) <= MAX_IMPORT_BYTES) return next();
  res.status(413).set("Connection", "close").json(tooLarge);
  res.on("finish", () => req.destroy());
}

/**
 * The recorded rounds the given tokens open, newest first, with the holder's role and the team's
 * result: the rounds a seat or host token opens, and every round of a cohort whose trainer token is given.
 */
async function roundsOf(
  seats: z.infer<typeof mineBody>["seats"],
  cohorts: z.infer<typeof mineBody>["cohorts"],
) {
  const storage = services().storage;
  const byCode = new Map(seats.map((s) => [s.code.toUpperCase(), s]));
  const rows = (await storage.listRounds({ limit: 1000 })).filter((r) => byCode.has(r.code));
  const trainerOf = new Map<string, string>();
  for (const c of cohorts) {
    if (!(await services().isTrainer?.(c.id, c.trainerToken))) continue;
    for (const row of await storage.listRounds({ cohort: c.id, limit: 1000 })) {
      if (!byCode.has(row.code) && !trainerOf.has(row.id)) rows.push(row);
      trainerOf.set(row.id, c.trainerToken);
    }
  }
  rows.sort((a, b) => b.createdAt - a.createdAt);
  const out = [];
  for (const row of rows) {
    const held = byCode.get(row.code) ?? { hostToken: null, seatToken: null };
    const round = replayRound(row.id, await storage.events(row.id));
    const trainerToken = trainerOf.get(row.id);
    const access =
      (held.hostToken ? await accessOf(round, held.hostToken, null) : null) ??
      (trainerToken ? await accessOf(round, trainerToken, null) : null) ??
      (held.seatToken ? await accessOf(round, held.seatToken, null) : null);
    if (!access) continue;
    const seat = held.seatToken ? round.findByToken(hashToken(held.seatToken)) : undefined;
    const team = round.scenario.teamKpis(round.sim.state)[0];
    out.push({
      id: row.id,
      replayId: mayReplay(round, access) ? replayIdOf(round) : null,
      code: row.code,
      scenario: row.scenario,
      title: row.title,
      status: row.status,
      week: round.sim.week,
      horizon: horizonShown(round).weeks,
      createdAt: row.createdAt,
      role: seat?.role ?? null,
      host: access === "host",
      trainer: access === "trainer",
      parent: recordOf(round).parent ?? null,
      team: team && revealed(round) ? { label: team.label, value: team.value, unit: team.unit } : null,
    });
  }
  return out;
}
