// The server's young-generation collections during a measured run, read from V8's `--trace-gc-nvp`
// lines (PF_BENCH_GC=1). What each collection copied and promoted does not move with the machine's
// other load the way latency and CPU do, so it shows a change in what the server keeps alive where
// the p99 of a few runs cannot.

export interface YoungCollectionFigures {
  count: number;
  meanPauseMs: number;
  maxPauseMs: number;
  /** Mean bytes still alive in the young generation after each collection (copied). */
  survivedBytes: number;
  /** Mean bytes moved to the old generation by each collection. */
  promotedBytes: number;
  /**
   * Bytes the server allocated in the young generation per millisecond of running JavaScript (V8's
   * own estimate at each collection, averaged): with the copies, a figure that does not move with the
   * machine's speed, so an allocation saved shows where CPU and latency cannot.
   */
  allocatedBytesPerMs: number;
}

const field = (line: string, name: string): number => {
  const m = new RegExp(`(?:^|\\s)${name}=([\\d.]+)`).exec(line);
  return m ? Number(m[1]) : Number.NaN;
};

const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);

/** Collects the scavenges reported between start() and summary(). */
export class YoungCollections {
  private pauses: number[] = [];
  private survived = 0;
  private promoted = 0;
  private allocationRates: number[] = [];
  private counting = false;

  /** One line of the server's output; anything but a scavenge's trace is ignored. */
  line(text: string): void {
    if (!this.counting || !/(?:^|\s)gc=s(?:\s|$)/.test(text)) return;
    const pause = field(text, "pause");
    if (!Number.isFinite(pause)) return;
    this.pauses.push(pause);
    this.survived += field(text, "new_space_survived") || 0;
    this.promoted += field(text, "promoted") || 0;
    const rate = field(text, "new_space_allocation_throughput");
    if (Number.isFinite(rate)) this.allocationRates.push(rate);
  }

  /** The measured run begins: earlier collections (start-up, warm-up) are not counted. */
  start(): void {
    this.pauses = [];
    this.survived = 0;
    this.promoted = 0;
    this.allocationRates = [];
    this.counting = true;
  }

  summary(): YoungCollectionFigures {
    this.counting = false;
    const n = this.pauses.length;
    return {
      count: n,
      meanPauseMs: mean(this.pauses),
      maxPauseMs: n ? Math.max(...this.pauses) : Number.NaN,
      survivedBytes: n ? this.survived / n : Number.NaN,
      promotedBytes: n ? this.promoted / n : Number.NaN,
      allocatedBytesPerMs: mean(this.allocationRates),
    };
  }
}

/** What the collections of a run come to per simulated room-week, in KB. */
export interface PerRoomWeek {
  allocatedKb: number;
  /** Copied within the young generation or into the old one. */
  copiedKb: number;
  /** Of it, moved into the old generation. */
  promotedKb: number;
}

/** `seconds` measured in which `roomWeeks` weeks were simulated across all rooms. */
export function perRoomWeek(y: YoungCollectionFigures, seconds: number, roomWeeks: number): PerRoomWeek {
  const kb = (bytes: number) => bytes / 1024 / roomWeeks;
  return {
    allocatedKb: kb(y.allocatedBytesPerMs * 1000 * seconds),
    copiedKb: kb((y.survivedBytes + y.promotedBytes) * y.count),
    promotedKb: kb(y.promotedBytes * y.count),
  };
}
