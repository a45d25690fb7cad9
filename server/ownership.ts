// Round ownership at run time (storage: server/storage/types.ts, Ownership). Every process renews the
// leases of the rounds it runs and adopts, on the same beat, live rounds whose owner is gone; it
// restores those here, in this process, whatever the matchmaker would pick. A round it lost to
// another process (it was cut off long enough for its lease to run out) is dropped here without a
// word to the log: the adopter has it, and its players are told to join again. Cohorts (a trainer's
// console and its team rounds) are adopted the same way, whole, where the storage is shared: as soon as
// their owner's lease runs out, whether or not a team round is live yet (a cohort still gathering its
// participants moves too).

import { CLOSE_CODES } from "../shared/protocol/errors.ts";
import { cohortAdopted, cohortLost } from "./cohort/registry.ts";
import { type RestoreOutcome, restoreRoom } from "./restore.ts";
import { services } from "./services.ts";
import { ownsCohorts, type Storage } from "./storage/types.ts";
import type { TeamRoom } from "./team-room.ts";

export function localRoomOf(roundId: string): TeamRoom | undefined {
  for (const room of services().rooms.values())
    if ((room as TeamRoom).round?.id === roundId) return room as TeamRoom;
  return undefined;
}

export interface KeeperOptions {
  storage: Storage;
  /** Rounds adopted per beat (several processes share a dead owner's rounds); default 5. */
  batch?: number;
  /** Beat in ms; default a quarter of the lease. */
  beatMs?: number;
  /** false: renew only, adopt nothing (tests that run one server beside another on one log). */
  adopt?: boolean;
  /** Hears of every restore, good or bad. */
  restored?: (o: RestoreOutcome) => void;
}

export class RoundKeeper {
  private readonly storage: Storage;
  private readonly batch: number;
  readonly beatMs: number;
  private readonly restored: (o: RestoreOutcome) => void;
  private readonly adopt: boolean;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(o: KeeperOptions) {
    this.storage = o.storage;
    this.batch = o.batch ?? 5;
    this.beatMs = o.beatMs ?? Math.max(50, Math.floor(o.storage.leaseMs / 4));
    this.restored = o.restored ?? (() => {});
    this.adopt = o.adopt ?? true;
  }

  /**
   * At start: the rounds this storage already owns but no room runs (a storage filled before the
   * server started), then one beat (the rounds left by a dead or stopped owner), then one every beatMs.
   */
  async start(): Promise<void> {
    for (const id of this.storage.ownedRounds()) {
      if (localRoomOf(id)) continue;
      const row = await this.storage.getRound(id);
      if (row) await this.restoreHere({ id, code: row.code });
    }
    // At start, everything adoptable (a restart after a crash resumes all its rounds at once).
    while ((await this.beat()) === this.batch && !this.stopped);
    this.schedule(this.beatMs);
  }

  private async restoreHere(r: { id: string; code: string }): Promise<void> {
    // A failure is kept (and its lease renewed) here, so no process restores it in a loop; it is
    // never closed, and is reported for an operator (server/restore.ts), who retries it here.
    this.restored(await restoreRoom(r));
  }

  /**
   * A full batch means more rounds are waiting: the next beat comes soon, after a random pause in
   * which other processes take their share, so a dead owner's rounds spread over the live ones.
   */
  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const beat = this.beat();
      this.running = beat.then(() => {});
      void beat.then((n) => this.schedule(n === this.batch ? 50 + Math.random() * 250 : this.beatMs));
    }, ms);
    this.timer.unref?.();
  }

  /** Beats soon (a peer released rounds): a random pause first, so the peers share them. */
  nudge(): void {
    if (this.stopped) return;
    void this.running.then(() => {
      if (this.stopped) return;
      clearTimeout(this.timer);
      this.schedule(Math.random() * 200);
    });
  }

  /** Stops beating; resolves once a beat under way has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /**
   * Renews, drops what was lost, adopts one batch of what was left (cohorts with their team rounds,
   * then rounds); returns the larger of the two counts, so a full batch of either beats again soon.
   */
  async beat(): Promise<number> {
    const { storage } = this;
    try {
      for (const id of await storage.renewLeases()) this.lost(id);
      const cohorts = ownsCohorts(storage) ? storage : undefined;
      if (cohorts) for (const id of await cohorts.renewCohortLeases()) cohortLost(id);
      if (this.stopped || !this.adopt) return 0;
      const withTeams = (await cohorts?.adoptCohorts(this.batch)) ?? [];
      for (const c of withTeams) {
        for (const r of c.rounds) await this.restoreHere(r);
        await cohortAdopted(c.id);
      }
      const adopted = await storage.adoptRounds(this.batch);
      for (const r of adopted) await this.restoreHere(r);
      return Math.max(adopted.length, withTeams.length);
    } catch (e) {
      services().log("round ownership: storage did not answer", e);
      return 0;
    }
  }

  private lost(roundId: string): void {
    const room = localRoomOf(roundId);
    if (!room) return;
    services().log(`round ${roundId} (${room.roomId}) was adopted by another process: dropped here`);
    void room.handOver(CLOSE_CODES.moved, true);
  }
}
