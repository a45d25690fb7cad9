// The synchronised room state: the one definition of its shape. The server encodes these Colyseus
// schemas; clients decode them by reflection and read them through the types derived below
// (SeatView, RoleView, TeamStateView), so no hand-written copy can drift from what is sent.
// `roles` entries are tagged for per-client views: a client receives only the entries its StateView
// holds (shared/round/view.ts decides which).

import { type Data, type MapSchema, type Schema, schema, t } from "@colyseus/schema";
import { type DecisionSource, MAX_ROLES, type Observation } from "../engine/types.ts";
import { forEachObservationEntry } from "./observation.ts";
import {
  DEFAULT_SECONDS_PER_WEEK,
  type HoldReason,
  type PaceMode,
  type Phase,
  type SeatControl,
} from "./room.ts";

/**
 * How many numbers a NumberSlots holds: a schema has at most 63 fields, and the largest role entry
 * today fills 27 (the launch's engineering: 17 observation entries, 2 KPIs, 4 decision values twice).
 */
export const SLOT_COUNT = 48;
const SLOT_NAMES = Array.from({ length: SLOT_COUNT }, (_, i) => `s${i}`);

/**
 * Numbered number fields, for a role's numbers that change every week: the encoder writes a field's
 * change as one byte (index and operation) before the number, where a map entry's takes two, and
 * tracks a schema's changes in bit masks rather than in a table per map.
 */
export const NumberSlots = schema(
  Object.fromEntries(SLOT_NAMES.map((name) => [name, t.number().default(0)])) as {
    [name: string]: ReturnType<typeof t.number>;
  },
  "NumberSlots",
);
export type NumberSlots = InstanceType<typeof NumberSlots>;

/**
 * What a role entry's slots hold, in this order: the observation's entries, the KPIs not named in
 * the observation, the decision in force and the decision recorded for a week the player did not
 * decide. Each part's names travel in the entry's field of the same position in `SLOT_KEYS`.
 */
export const SLOT_PARTS = ["observation", "kpis", "decision", "recorded"] as const;
export type SlotPart = (typeof SLOT_PARTS)[number];
export const SLOT_KEYS = ["observationKeys", "kpiKeys", "decisionKeys", "recordedKeys"] as const;
type SlotKeys = { [K in (typeof SLOT_KEYS)[number]]: string };

/** A role entry's slots and the names of what they hold (RoleState's fields, or their decoded copy). */
export type RoleSlotsOnWire = { values: object } & SlotKeys;

/**
 * Writes a role entry's numbers into its slots, part by part (`begin(part)`, `put` each entry, `end`).
 * A part's names are sent again only when they are not last time's, in order; when a part's length
 * changes, the parts after it move and are written again at their new places. One writer per entry.
 */
export class RoleSlots {
  private readonly names: string[][] = SLOT_PARTS.map(() => []);
  // Each part's values as last written, and the part being written: storage of a fixed size, reused
  // every week. (An array emptied with `length = 0` lets go of its store, and the new store this
  // long-lived writer then points at outlives the next scavenge of the young generation.)
  // One buffer for all five (views into it): a full collection visits every ArrayBuffer a server
  // holds, and there is an entry per role of every room.
  private readonly store = new Float64Array((SLOT_PARTS.length + 1) * SLOT_COUNT);
  private readonly values = SLOT_PARTS.map((_, p) =>
    this.store.subarray(p * SLOT_COUNT, (p + 1) * SLOT_COUNT),
  );
  private readonly seen: string[] = new Array<string>(SLOT_COUNT).fill("");
  private readonly seenValues = this.store.subarray(SLOT_PARTS.length * SLOT_COUNT);
  private n = 0;
  private part = 0;
  private readonly entry: RoleSlotsOnWire;
  private readonly slots: Record<string, number>;

  constructor(entry: RoleSlotsOnWire) {
    this.entry = entry;
    this.slots = entry.values as Record<string, number>;
  }

  begin(part: SlotPart): void {
    this.part = SLOT_PARTS.indexOf(part);
    this.n = 0;
  }

  put(name: string, value: number): void {
    if (this.n >= SLOT_COUNT) this.tooMany(name);
    this.seen[this.n] = name;
    this.seenValues[this.n++] = value;
  }

  end(): void {
    const { seen, n, part } = this;
    const names = this.names[part]!;
    let same = n === names.length;
    for (let i = 0; same && i < n; i++) same = seen[i] === names[i];
    // A loop, not `set(subarray(…))`: the view `subarray` makes was 1.5 % of what a busy server allocated.
    const values = this.values[part]!;
    for (let i = 0; i < n; i++) values[i] = this.seenValues[i]!;
    if (same) {
      this.write(part);
      return;
    }
    let total = 0;
    for (let p = 0; p < SLOT_PARTS.length; p++) total += p === part ? n : this.names[p]!.length;
    if (total > SLOT_COUNT) this.tooMany(seen[n - 1]!);
    const changed = seen.slice(0, n);
    for (const name of changed) if (name.includes(",")) throw new Error(`slot name "${name}" has a comma`);
    this.names[part] = changed;
    this.entry[SLOT_KEYS[part]!] = changed.join(",");
    // The parts after this one start elsewhere now.
    for (let p = part; p < SLOT_PARTS.length; p++) this.write(p);
  }

  /** The value last written under `name` in `part`. */
  get(part: SlotPart, name: string): number | undefined {
    const p = SLOT_PARTS.indexOf(part);
    const i = this.names[p]!.indexOf(name);
    return i < 0 ? undefined : this.values[p]![i];
  }

  private write(part: number): void {
    let at = 0;
    for (let p = 0; p < part; p++) at += this.names[p]!.length;
    const values = this.values[part]!;
    const n = this.names[part]!.length;
    for (let i = 0; i < n; i++) this.slots[SLOT_NAMES[at + i]!] = values[i]!;
  }

  private tooMany(at: string): never {
    throw new Error(`more than ${SLOT_COUNT} entries to send in slots (at ${SLOT_PARTS[this.part]} "${at}")`);
  }
}

/** The inverse of RoleSlots: each part's named entries, in order, from decoded slots and their names. */
export function roleEntries(
  entry: Partial<RoleSlotsOnWire> | undefined,
): Record<SlotPart, [string, number][]> {
  const values = (entry?.values ?? {}) as Record<string, number | undefined>;
  let at = 0;
  const out = {} as Record<SlotPart, [string, number][]>;
  SLOT_PARTS.forEach((part, p) => {
    const keys = entry?.[SLOT_KEYS[p]!] ?? "";
    out[part] = keys ? keys.split(",").map((name) => [name, values[SLOT_NAMES[at++]!] ?? 0]) : [];
  });
  return out;
}

/** Public per seat, visible to everyone: `state.seats.get(role)`. No numbers of the department's own. */
export const SeatState = schema(
  {
    role: t.string().default(""),
    label: t.string().default(""),
    control: t.string<SeatControl>().default("empty"),
    /** The human player's name (kept while a bot covers for them); "" if none. */
    name: t.string().default(""),
    /** Whether the human player is connected right now. */
    connected: t.boolean().default(false),
    ready: t.boolean().default(false),
    /** The seat's place in the scenario's order: its bit in `TeamState.decided`. */
    index: t.uint8().default(0),
    /** The bot policy that plays this seat when no human does, in its canonical text. */
    policy: t.string().default(""),
  },
  "SeatState",
);
export type SeatState = InstanceType<typeof SeatState>;

/**
 * Private per role: during play only that role's clients receive the entry; once the debrief has
 * revealed the truth everyone receives every entry. `state.roles.get(role)`.
 */
export const RoleState = schema(
  {
    role: t.string().default(""),
    /**
     * The role's numbers in numbered fields (see RoleSlots): its observation, flattened (arrays become
     * "name.0", "name.1", …, see unflatten; the `week` entry left out when `observationWeek` derives it
     * from the team's, see observationOf), then its KPIs, the decision in force and the recorded one.
     * The week the observation is of is the team's `week`: both change in the same patch.
     */
    values: NumberSlots,
    /** The observation's entry names, comma-separated, in slot order: sent again only when they change. */
    observationKeys: t.string().default(""),
    /**
     * How the observation's `week` travels: 0 — in the observation (or it has none); 1 + k — left
     * out, it is the team's `week` + k (a scenario observes the last simulated week or the open one).
     */
    observationWeek: t.uint8().default(0),
    /** The ids of this week's KPIs whose values follow the observation's, except those `kpisInObservation` names. */
    kpiKeys: t.string().default(""),
    /**
     * KPI ids, comma-separated, whose value this week is the observation's entry of the same name:
     * sent there already, they are not repeated (see kpisOf).
     */
    kpisInObservation: t.string().default(""),
    /**
     * The ids of the decision in force for the open week (in continuous pace, the standing one), its
     * values following the KPIs', when `source` is not 0. With `source` 0 there is none and the slots
     * keep the last one's values, so that a decision costs value updates and the week's close does
     * not touch them.
     */
    decisionKeys: t.string().default(""),
    /** Source of the decision as a SOURCE_CODES index: 0 when no decision is in force. */
    source: t.uint8().default(0),
    // The decision recorded for `week` when a bot or the default made it (its ids; values last), and
    // which (0 when the player's own decision counted: their desk knows it, and no ids). Unchanged
    // across human weeks, so a steady round spends no bytes on it.
    recordedKeys: t.string().default(""),
    recordedBy: t.uint8().default(0),
  },
  "RoleState",
);
export type RoleState = InstanceType<typeof RoleState>;

export const TeamState = schema(
  {
    code: t.string().default(""),
    scenario: t.string().default(""),
    title: t.string().default(""),
    phase: t.string<Phase>().default("lobby"),
    /**
     * Last simulated week (0 before the first); the open week is week + 1. A number, not a uint16:
     * one byte a week instead of two below week 128.
     */
    week: t.number().default(0),
    /** The length players are told; the real last week once play has ended. */
    horizon: t.uint16().default(0),
    /** `horizon` is "about": the round ends at a week drawn near it, kept hidden until it comes. */
    horizonApproximate: t.boolean().default(false),
    pace: t.string<PaceMode>().default("lockstep"),
    secondsPerWeek: t.float64().default(DEFAULT_SECONDS_PER_WEEK),
    paused: t.boolean().default(false),
    /**
     * Why the server holds play by itself ("" when it does not): "recording" — the round's log cannot
     * be written right now; weeks wait, nothing is lost, and play resumes by itself once it can.
     */
    hold: t.string<HoldReason | "">().default(""),
    /** When the open week closes, ms since the Unix epoch (server clock); 0 in lockstep, paused or lobby. */
    deadline: t.number().default(0),
    /**
     * Which seats have a decision in force for the open week (bots: always), one bit per seat at
     * `SeatState.index`: a whole week's marks are one value, and the week's close one change.
     */
    decided: t.number().default(0),
    /** Play again: the join code of the team's next round, started from this debrief ("" if none yet). */
    next: t.string().default(""),
    /** Who started it. */
    nextBy: t.string().default(""),
    seats: t.map(SeatState),
    roles: t.map(RoleState).view(),
  },
  "TeamState",
);
export type TeamState = InstanceType<typeof TeamState>;

/** `source` and `recordedBy` on the wire: the index of the DecisionSource, 0 for none. */
type SourceOrNone = DecisionSource | "";
export const SOURCE_CODES = ["", "human", "bot", "default"] as const satisfies readonly SourceOrNone[];

export function sourceCode(source: SourceOrNone | undefined): number {
  return source ? SOURCE_CODES.indexOf(source) : 0;
}

export function sourceOf(code: number): SourceOrNone {
  return SOURCE_CODES[code] ?? "";
}

/** The decided marks as a bit mask (see `TeamState.decided`). */
export function decidedMask(indexes: Iterable<number>): number {
  let mask = 0;
  for (const i of indexes) {
    if (!(i >= 0 && i < MAX_ROLES)) throw new Error(`seat index ${i} does not fit the decided mask`);
    mask |= 1 << i;
  }
  return mask;
}

/** Whether the seat at `index` has decided, read from a `TeamState.decided` mask. */
export function isDecided(mask: number, index: number): boolean {
  return ((mask >>> index) & 1) === 1;
}

/**
 * Writes an observation as the wire carries it, entry by entry (flattened, see forEachObservationEntry),
 * and returns its `observationWeek`: 1 + how far back from the team's `week` the observation is, when its
 * `week` entry is left out (scenarios observe the last simulated week or the open one, and the team's
 * `week` changes in the same patch, so each week does not send it twice); 0 when that entry travels
 * because it does not follow from the team's week.
 */
export function observationOnWire(
  observation: Observation,
  week: number,
  put: (key: string, value: number) => void,
): number {
  const k = (typeof observation.week === "number" ? observation.week : Number.NaN) - week;
  const observationWeek = Number.isInteger(k) && k >= 0 && k < 255 ? 1 + k : 0;
  forEachObservationEntry(observation, (key, value) => {
    if (!(observationWeek && key === "week")) put(key, value);
  });
  return observationWeek;
}

/** The inverse of observationOnWire: the flattened observation, its `week` first when it was left out. */
export function observationOf(
  entries: readonly [string, number][],
  observationWeek: number,
  week: number,
): [string, number][] {
  return observationWeek > 0 ? [["week", week + observationWeek - 1], ...entries] : [...entries];
}

/**
 * The role's KPIs as the wire carries them: those equal to the observation's entry of the same name
 * by name only (`kpisInObservation`), the others with their value (`kpis`).
 */
export function kpisOnWire(
  kpis: readonly { id: string; value: number }[],
  observation: Pick<ReadonlyMap<string, number>, "get">,
): { values: Record<string, number>; inObservation: string } {
  const values: Record<string, number> = {};
  const named: string[] = [];
  for (const k of kpis) {
    if (!k.id.includes(",") && observation.get(k.id) === k.value) named.push(k.id);
    else values[k.id] = k.value;
  }
  return { values, inObservation: named.join(",") };
}

/** The inverse of kpisOnWire: every KPI id → value. */
export function kpisOf(
  values: Iterable<[string, number]>,
  inObservation: string,
  observation: ReadonlyMap<string, number>,
): Record<string, number> {
  const out = Object.fromEntries(values);
  for (const id of inObservation ? inObservation.split(",") : []) {
    const v = observation.get(id);
    if (v !== undefined) out[id] = v;
  }
  return out;
}

/** How a decoded map is read: a MapSchema as the SDK decodes it, or a plain Map. */
export interface MapLike<V> {
  get(key: string): V | undefined;
  forEach(cb: (value: V, key: string) => void): void;
}

/** A schema's fields as plain data, its maps as MapLike of plain data. */
export type Decoded<T> = {
  [K in keyof Data<T>]: Data<T>[K] extends MapSchema<infer V, string>
    ? MapLike<V extends Schema ? Decoded<V> : V>
    : Data<T>[K];
};

/** A seat as clients read it: its decoded fields and its decided mark (from `TeamState.decided`). */
export type SeatView = Decoded<SeatState> & { decided: boolean };
export type RoleView = Decoded<RoleState>;
/** The room state as a client decodes it. */
export type TeamStateView = Decoded<TeamState>;
