// What an operator needs when a round could not be restored: the list of failed restores and a retry.
// Open only with PF_OPERATOR_TOKEN set, and only to `Authorization: Bearer <that token>`.

import { timingSafeEqual } from "node:crypto";
import express from "express";
import { bearerToken } from "./bearer.ts";
import { restoreFailures, restoreRoom } from "./restore.ts";
import { services } from "./services.ts";

export function mountOperatorHttp(app: express.Application, token: string | null): void {
  const router = express.Router();
  router.use((req, res, next) => {
    if (!token) {
      res
        .status(404)
        .json({ error: "operator actions are off: start the server with PF_OPERATOR_TOKEN set" });
      return;
    }
    const given = Buffer.from(bearerToken(req) ?? "");
    const wanted = Buffer.from(token);
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
      res.status(401).json({ error: "send the operator token: Authorization: Bearer <PF_OPERATOR_TOKEN>" });
      return;
    }
    next();
  });

  /** Rounds this process could not restore, with the reason: they are left as recorded. */
  router.get("/restores", (_req, res) => {
    res.json([...restoreFailures.values()]);
  });

  /** Tries again to restore a recorded round that is not live (after fixing what stopped it). */
  router.post("/rounds/:id/restore", async (req, res) => {
    const id = String(req.params.id);
    const row = await services().storage.getRound(id);
    if (!row) {
      res.status(404).json({ error: `no recorded round has the id ${id}` });
      return;
    }
    if (services().rooms.has(row.code)) {
      res.status(409).json({ error: `round ${id} is live in this process already (code ${row.code})` });
      return;
    }
    if (row.status === "closed") {
      res.status(409).json({ error: `round ${id} is closed: there is nothing to restore` });
      return;
    }
    // Restores run only in the process that owns the round (its appends are fenced elsewhere).
    if (!services().storage.ownedRounds().includes(id)) {
      res.status(409).json({
        error: `round ${id} is not owned by this process: retry it on the process whose /api/operator/restores lists it`,
      });
      return;
    }
    const outcome = await restoreRoom(row);
    res.status(outcome.ok ? 200 : 422).json(outcome);
  });

  app.use("/api/operator", router);
}
