// Process-wide services the rooms use. Room options travel through the matchmaker (and, scaled out,
// through Redis) as JSON, so live objects such as the storage are handed over here instead.

import type { ServerLimits } from "./limits.ts";
import type { LogFields } from "./ops/log.ts";
import type { Storage } from "./storage/types.ts";

export interface Services {
  limits: ServerLimits;
  storage: Storage;
  /** Round ids this process is allowed to restore (a client cannot ask for a restore). */
  restoreTickets: Set<string>;
  /** Live team rooms of this process by join code (lookup endpoint, tests). */
  rooms: Map<string, unknown>;
  /** Set during a graceful shutdown: rooms then stay restorable instead of being closed. */
  shuttingDown: boolean;
  /**
   * Whether `token` is the trainer token of `cohort` (the cohort module answers); absent: no
   * trainers, so no round is open to one.
   */
  isTrainer?(cohort: string, token: string): Promise<boolean> | boolean;
  /** Logs recording failures, restore problems and the like (server/ops/log.ts: JSON lines). */
  log(message: string, error?: unknown, fields?: LogFields): void;
}

let current: Services | undefined;

export function setServices(s: Services): void {
  current = s;
}

export function services(): Services {
  if (!current) throw new Error("server services are not set up (call setServices first)");
  return current;
}
