// The seat token (and host token) kept in the browser per join code, so a reload or a new tab takes
// the same seat back. Storage is injected so the logic runs in Node tests.

export interface SavedSeat {
  code: string;
  name: string;
  role: string | null;
  seatToken: string | null;
  hostToken: string | null;
  savedAt: number;
}

type KeyValueStore = Pick<Storage, "getItem" | "setItem" | "removeItem"> &
  Partial<Pick<Storage, "key" | "length">>;

const PREFIX = "pf.seat.";
const NAME_KEY = "pf.name";
/** Tokens older than this are dropped: the round they belong to is long over. */
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;

export class SeatStore {
  private readonly store: KeyValueStore;
  private readonly now: () => number;

  constructor(store: KeyValueStore, now: () => number = Date.now) {
    this.store = store;
    this.now = now;
  }

  get(code: string): SavedSeat | null {
    const raw = this.store.getItem(PREFIX + code.toUpperCase());
    if (!raw) return null;
    try {
      const s = JSON.parse(raw) as SavedSeat;
      if (typeof s.savedAt !== "number" || this.now() - s.savedAt > MAX_AGE_MS) {
        this.forget(code);
        return null;
      }
      return s;
    } catch {
      this.forget(code);
      return null;
    }
  }

  save(seat: Omit<SavedSeat, "savedAt">): void {
    const code = seat.code.toUpperCase();
    const prev = this.get(code);
    const merged: SavedSeat = {
      ...seat,
      code,
      // A reconnect's welcome carries no host token: keep the one we were given at creation.
      hostToken: seat.hostToken ?? prev?.hostToken ?? null,
      savedAt: this.now(),
    };
    this.store.setItem(PREFIX + code, JSON.stringify(merged));
    if (seat.name) this.store.setItem(NAME_KEY, seat.name);
  }

  /** Every seat still kept, newest first: the rounds "My rounds" asks the server about. */
  all(): SavedSeat[] {
    const codes: string[] = [];
    for (let i = 0; i < (this.store.length ?? 0); i++) {
      const k = this.store.key?.(i);
      if (k?.startsWith(PREFIX)) codes.push(k.slice(PREFIX.length));
    }
    return codes
      .map((c) => this.get(c))
      .filter((s): s is SavedSeat => s !== null)
      .sort((a, b) => b.savedAt - a.savedAt);
  }

  forget(code: string): void {
    this.store.removeItem(PREFIX + code.toUpperCase());
  }

  /** The name last used on this device, to prefill the form. */
  lastName(): string {
    return this.store.getItem(NAME_KEY) ?? "";
  }
}

/** A store that forgets on reload: when the browser refuses localStorage (private modes). */
export function memoryStore(): KeyValueStore {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    key: (i) => [...m.keys()][i] ?? null,
    get length() {
      return m.size;
    },
  };
}
