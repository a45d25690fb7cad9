// What the browser keeps for cohorts: the trainer token per cohort id (only on the device that created
// the cohort, or one opened with the console link's #token= fragment) and the participant token per
// cohort code (so a reload gets the same assignment back). Storage is injected so Node tests run it.

type KeyValueStore = Pick<Storage, "getItem" | "setItem" | "removeItem"> &
  Partial<Pick<Storage, "key" | "length">>;

const TRAINER = "pf.trainer.";
const PARTICIPANT = "pf.cohort.";

export interface SavedParticipant {
  participantToken: string;
  name: string;
  department: string | null;
}

export class CohortTokens {
  private readonly store: KeyValueStore;
  constructor(store: KeyValueStore) {
    this.store = store;
  }

  trainer(id: string): string | null {
    return this.store.getItem(TRAINER + id);
  }

  /** Every cohort this browser runs, as "My rounds" asks about them. */
  trainers(): { id: string; trainerToken: string }[] {
    const out: { id: string; trainerToken: string }[] = [];
    for (let i = 0; i < (this.store.length ?? 0); i++) {
      const k = this.store.key?.(i);
      const token = k?.startsWith(TRAINER) ? this.store.getItem(k) : null;
      if (k && token) out.push({ id: k.slice(TRAINER.length), trainerToken: token });
    }
    return out;
  }

  saveTrainer(id: string, token: string): void {
    this.store.setItem(TRAINER + id, token);
  }

  participant(code: string): SavedParticipant | null {
    const raw = this.store.getItem(PARTICIPANT + code.toUpperCase());
    if (!raw) return null;
    try {
      const p = JSON.parse(raw) as SavedParticipant;
      return typeof p.participantToken === "string" ? p : null;
    } catch {
      return null;
    }
  }

  saveParticipant(code: string, p: SavedParticipant): void {
    this.store.setItem(PARTICIPANT + code.toUpperCase(), JSON.stringify(p));
  }
}

/**
 * The trainer token for the console: the `#token=` fragment wins (and is stored, so the address bar
 * can be cleaned), else the stored one.
 */
export function consoleToken(tokens: CohortTokens, id: string, hash: string): string | null {
  const fromHash = new URLSearchParams(hash.replace(/^#/, "")).get("token");
  if (fromHash) {
    tokens.saveTrainer(id, fromHash);
    return fromHash;
  }
  return tokens.trainer(id);
}

/** A link that carries the trainer token in its fragment, for opening the console on another device. */
export function consoleLinkWithToken(origin: string, consoleLink: string, token: string): string {
  return `${new URL(consoleLink, origin).href}#token=${encodeURIComponent(token)}`;
}
