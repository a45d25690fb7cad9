// Owner ids and what a storage on one machine can tell about them. An owner id is host/pid/random,
// new at every start. A lease that runs out is the rule everywhere; on one machine (SQLite, memory)
// an owner whose process no longer runs is also known to be gone, so a restart after `kill -9`
// adopts its rounds at once instead of waiting for their leases.

import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

/** Owners of storages open in this process (several in tests): these are alive. */
const openHere = new Set<string>();

export const DEFAULT_LEASE_MS = 10_000;

export function newOwnerId(): string {
  const id = `${hostname()}/${process.pid}/${randomBytes(4).toString("hex")}`;
  openHere.add(id);
  return id;
}

/** The owner's storage was closed: it owns nothing any more. */
export function ownerClosed(id: string): void {
  openHere.delete(id);
}

/** Whether an owner is known to be gone without waiting for its lease (same machine only). */
export function ownerIsGone(id: string): boolean {
  const [host, pidText] = id.split("/");
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return !openHere.has(id);
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    // EPERM: running, as another user.
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** The statuses of rounds that have an owner. */
export const LIVE_STATUSES = ["lobby", "play", "debrief"] as const;
/** The same list as SQL: `status IN ${LIVE_SQL}`. */
export const LIVE_SQL = `(${LIVE_STATUSES.map((s) => `'${s}'`).join(", ")})`;
