// The cohort endpoints: create (trainer), the console snapshot, the participants' code lookup and
// seat assignment, exports and the cohort debrief data. Bodies are validated with the shared schemas.

import express from "express";
import type { z } from "zod";
import { cohortCsv, cohortRows } from "../../shared/cohort/csv.ts";
import { buildCohortDebrief, type CohortTeam } from "../../shared/cohort/debrief.ts";
import { parseCohortSettings } from "../../shared/cohort/settings.ts";
import {
  COHORT_BODY_LIMIT,
  type ConsoleSnapshot,
  participantSchema,
  type ReflectionEvent,
} from "../../shared/protocol/cohort.ts";
import type { DebriefEvent } from "../../shared/protocol/debrief.ts";
import { joinCodeSchema } from "../../shared/protocol/room.ts";
import { recordOf } from "../../shared/round/record.ts";
import { replayRound } from "../../shared/round/replay.ts";
import { DEBRIEF_EVENT } from "../../shared/round/round.ts";
import { bearerToken } from "../bearer.ts";
import { services } from "../services.ts";
import type { Cohort } from "./cohort.ts";
import { CohortError } from "./cohort.ts";
import {
  askCohortOwner,
  cohortIsElsewhere,
  createCohort,
  findCohort,
  openConsole,
  runsHere,
  takeOver,
} from "./registry.ts";
import type { AdmitAnswer } from "./room.ts";

type Handler = (req: express.Request, res: express.Response) => Promise<void>;

/** Runs a handler; a CohortError becomes its status and `{ error, field? }`. */
function route(fn: Handler): Handler {
  return async (req, res) => {
    try {
      await fn(req, res);
    } catch (e) {
      if (e instanceof CohortError) {
        res.status(e.status).json({ error: e.message, ...(e.field ? { field: e.field } : {}) });
        return;
      }
      // Storage or Redis away, or the cohort held by another process (CohortHeldError): express hands
      // it to finalErrorHandler, which answers 503 "try again in a moment" with a sentence.
      if ((e as { status?: unknown }).status === 503) throw e;
      services().log(`${req.method} ${req.path} failed`, e);
      res.status(500).json({ error: "internal error" });
    }
  };
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new CohortError(400, issue.message, issue.path.map(String).join(".") || undefined);
}

/** The trainer's token from `Authorization: Bearer …`; never from the address. */
function trainerToken(req: express.Request): string {
  return bearerToken(req) ?? "";
}

async function asTrainer(req: express.Request): Promise<Cohort> {
  const cohort = await findCohort({ id: String(req.params.id) });
  // The same answer for an unknown cohort and a wrong token: the id alone tells nothing.
  const token = trainerToken(req);
  if (!cohort || !token || !cohort.isTrainer(token))
    throw new CohortError(401, "this needs the cohort's trainer token");
  return cohort;
}

async function byCode(req: express.Request): Promise<Cohort> {
  const code = joinCodeSchema.safeParse(req.params.code);
  if (!code.success) throw new CohortError(400, "a cohort code is 6 letters and digits", "code");
  const cohort = await findCohort({ code: code.data });
  if (!cohort) throw new CohortError(404, `no cohort has the code ${code.data}`);
  return cohort;
}

/**
 * The cohort, run here: the process that runs it did not answer, or a request before this one is
 * taking it over here. It is taken over here (takeOver): the lease first, in one step that checks and
 * takes, before anything changes. While a live other process holds the lease (it is busy, or cut off
 * for a moment) or a live team round of the cohort is not this process' (its owner is gone and they
 * are being adopted with it), this process must not open a second copy: the claim is refused
 * (CohortHeldError: 503, try again in a moment). Then the one copy here answers. 404 if it is gone
 * from storage.
 */
async function takenOver(cohort: Cohort): Promise<Cohort> {
  const here = await takeOver(cohort.id);
  if (!here) throw new CohortError(404, "no such cohort");
  return here;
}

/** Every team round of the cohort as recorded, with its reflections and the players' debrief beliefs. */
async function cohortRounds(cohort: Cohort) {
  const storage = services().storage;
  const order = new Map(cohort.data.teams.map((code, i) => [code, i]));
  // A team opened for a join that was then taken back is no longer the cohort's: its round stays in
  // storage, closed, but belongs in no export.
  const rows = (await storage.listRounds({ cohort: cohort.id })).filter((r) => order.has(r.code));
  rows.sort((a, b) => order.get(a.code)! - order.get(b.code)!);
  return Promise.all(
    rows.map(async (row) => {
      const events = await storage.events(row.id);
      const debrief = events
        .filter((e) => e.type === DEBRIEF_EVENT)
        .map((e) => ({ at: e.at, ...(e.data as DebriefEvent) }));
      return {
        team: order.get(row.code)! + 1,
        record: recordOf(replayRound(row.id, events)),
        reflections: events.filter((e) => e.type === "reflection").map((e) => e.data as ReflectionEvent),
        beliefs: debrief.filter((e) => e.kind === "sketch" || e.kind === "note"),
      };
    }),
  );
}

function cohortSummary(cohort: Cohort) {
  const { trainerTokenHash: _hidden, seating, teams, settings, ...rest } = cohort.data;
  return {
    ...rest,
    teams,
    settings,
    // Without their ids: a person's id is the hash of their ticket.
    participants: Object.values(seating.people).map((p) => ({
      name: p.name,
      department: p.department,
      team: p.team === null ? null : teams[p.team],
      role: p.role,
    })),
  };
}

/** The rounds as the cohort core takes them: 0-based team, record, and the pause reflections. */
function cohortTeams(rounds: Awaited<ReturnType<typeof cohortRounds>>): CohortTeam[] {
  return rounds.map((r) => ({
    team: r.team - 1,
    record: r.record,
    // The "what caused it" answers given before the reveal, for the cohort's blame tally.
    causes: r.beliefs.flatMap((b) =>
      b.kind === "sketch" && (b.cause !== "" || b.category)
        ? [{ role: b.role, name: b.name, category: b.category ?? null, text: b.cause }]
        : [],
    ),
    reflections: r.reflections.map((x) => ({
      week: x.week,
      role: x.role,
      name: r.record.seats.find((s) => s.role === x.role)?.name ?? "",
      expect: x.answers.expect ?? "",
      unsaid: x.answers.unsaid ?? "",
    })),
  }));
}

export function mountCohortHttp(app: express.Application): void {
  const json = express.json({ limit: COHORT_BODY_LIMIT });
  // Replays ask this of the cohort module: a trainer may replay their cohort's rounds at any time.
  services().isTrainer = async (id, token) => (await findCohort({ id }))?.isTrainer(token) ?? false;

  app.post(
    "/api/cohorts",
    json,
    route(async (req, res) => {
      const parsed = parseCohortSettings(req.body ?? {});
      if (!parsed.ok) throw new CohortError(400, parsed.error, parsed.field);
      res.status(201).json(await createCohort(parsed.settings));
    }),
  );

  app.get(
    "/api/cohorts/code/:code",
    route(async (req, res) => {
      res.json((await byCode(req)).publicInfo());
    }),
  );

  app.post(
    "/api/cohorts/code/:code/participants",
    json,
    route(async (req, res) => {
      let cohort = await byCode(req);
      const body = parse(participantSchema, req.body);
      if (!runsHere(cohort)) {
        if (cohortIsElsewhere(cohort.id)) {
          const answer = await askCohortOwner<AdmitAnswer>(cohort.id, "admit", [body]);
          if (answer && "assigned" in answer) return void res.json(answer.assigned);
          if (answer)
            throw new CohortError(answer.refused.status, answer.refused.error, answer.refused.field);
        }
        // One copy, taken over before anything changes (or being taken over by a request before this
        // one): the seat is given on it like on any cohort of this process.
        cohort = await takenOver(cohort);
      }
      res.json(await cohort.join(body));
    }),
  );

  app.get(
    "/api/cohorts/:id",
    route(async (req, res) => {
      let cohort = await asTrainer(req);
      if (!runsHere(cohort)) {
        if (cohortIsElsewhere(cohort.id)) {
          const snapshot = await askCohortOwner<ConsoleSnapshot>(cohort.id, "consoleSnapshot");
          if (snapshot) return void res.json(snapshot);
        }
        // The console opens where the cohort's lease is held: here, once taken over.
        cohort = await takenOver(cohort);
      }
      // The console's page asks for the snapshot first: a console closed after the class opens again.
      await openConsole(cohort);
      res.json(cohort.snapshot());
    }),
  );

  app.get(
    "/api/cohorts/:id/export.json",
    route(async (req, res) => {
      const cohort = await asTrainer(req);
      const rounds = await cohortRounds(cohort);
      res.setHeader("Content-Disposition", `attachment; filename="cohort-${cohort.data.code}.json"`);
      res.json({ cohort: cohortSummary(cohort), rounds });
    }),
  );

  app.get(
    "/api/cohorts/:id/export.csv",
    route(async (req, res) => {
      const cohort = await asTrainer(req);
      res.setHeader("Content-Type", "text/csv; charset=utf-8");
      res.setHeader("Content-Disposition", `attachment; filename="cohort-${cohort.data.code}.csv"`);
      res.send(cohortCsv(cohort.scenario, cohortTeams(await cohortRounds(cohort))));
    }),
  );

  app.get(
    "/api/cohorts/:id/export.xlsx",
    route(async (req, res) => {
      const cohort = await asTrainer(req);
      const teams = cohortTeams(await cohortRounds(cohort));
      // exceljs costs the process ~20 MB of memory: loaded when a trainer first asks for a workbook.
      const { cohortWorkbook } = await import("../cohort-export.ts");
      const book = await cohortWorkbook(
        buildCohortDebrief(cohort.scenario, teams),
        cohortRows(cohort.scenario, teams),
      );
      res.setHeader("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      res.setHeader("Content-Disposition", `attachment; filename="cohort-${cohort.data.code}.xlsx"`);
      res.send(Buffer.from(book));
    }),
  );

  app.get(
    "/api/cohorts/:id/debrief.json",
    route(async (req, res) => {
      const cohort = await findCohort({ id: String(req.params.id) });
      if (!cohort) throw new CohortError(404, "no such cohort");
      const token = trainerToken(req);
      const trainer = token !== "" && cohort.isTrainer(token);
      if (!trainer && cohort.data.phase !== "debrief") {
        throw new CohortError(403, "the cohort debrief opens to participants when the trainer leads it");
      }
      const { participants: _names, ...summary } = cohortSummary(cohort);
      // What the browser computes the cohort debrief from (shared/cohort/debrief.ts).
      res.json({ cohort: summary, teams: cohortTeams(await cohortRounds(cohort)) });
    }),
  );

  // A body that is not JSON, or too large, gets the same `{ error }` shape as any refusal. A 503 (storage
  // away, the cohort held by another process) goes on to finalErrorHandler and its sentence.
  app.use(
    "/api/cohorts",
    (err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
      const e = err as { status?: number; type?: string; message?: string };
      if (!e?.status || e.status >= 500) return next(err);
      res.status(e.status).json({
        error: e.type === "entity.too.large" ? "the request body is too large" : "the body is not valid JSON",
      });
    },
  );
}
