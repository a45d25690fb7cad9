// Many runs at once: replications (seeds S…S+N−1) of one or more policy settings (a sweep's grid
// points), each run reduced to its figures. Runs take the scenario's bare path when it has one for the
// bots (see shared/engine/bare.ts), the Simulation otherwise; weekly hashes only when asked. The same
// task always gives the same row, whichever thread runs it, so results do not depend on --threads.

import { Worker } from "node:worker_threads";
import { genericCli } from "../shared/cli/generic.ts";
import type { BareGame, BareMetric, BareScenario } from "../shared/engine/bare.ts";
import { LayoutHasher } from "../shared/engine/hash.ts";
import { deriveLayout } from "../shared/engine/layout.ts";
import { Simulation } from "../shared/engine/simulation.ts";
import type { AnyScenario, ShockEvent } from "../shared/engine/types.ts";
import { createBot, type PolicyChoice, parsePolicy } from "../shared/policies/index.ts";
import { type DecisionScript, scripted } from "../shared/policies/scripted.ts";
import { findScenarioModule, getScenario } from "../shared/scenarios/index.ts";

/** Everything a thread needs to run any task of a batch: plain data, so it crosses to a worker. */
export interface BatchSpec {
  scenario: string;
  /** Parsed options. */
  options: unknown;
  /** One entry per grid point (a plain run: one): role → policy text. */
  points: Record<string, string>[];
  shocks: ShockEvent[];
  script: DecisionScript;
  seed: number;
  replications: number;
  /** Hash every week and keep each run's last hash. */
  hash: boolean;
}

/** Task i is grid point ⌊i / replications⌋ with seed S + i mod replications. */
export function taskCount(spec: BatchSpec): number {
  return spec.points.length * spec.replications;
}

/**
 * One thread's runner. Tasks come in grid order, so it holds one grid point's prepared game at a time:
 * a sweep of a million points must not parse and prepare them all up front (gridPoints has checked them).
 */
export class BatchRunner {
  readonly spec: BatchSpec;
  readonly metrics: readonly BareMetric[];
  private readonly scenario: AnyScenario;
  private readonly bare: BareScenario | undefined;
  private readonly scripted: boolean;
  private point = -1;
  private game: BareGame | null = null;
  private choices: Record<string, PolicyChoice> = {};
  private hasher: LayoutHasher | null = null;
  private words: Uint32Array | null = null;

  constructor(spec: BatchSpec, metrics?: readonly BareMetric[]) {
    this.spec = spec;
    this.scenario = getScenario(spec.scenario);
    this.bare = findScenarioModule(spec.scenario)?.bare;
    this.scripted = Object.keys(spec.script).length > 0;
    this.use(0);
    this.metrics = metrics ?? this.game?.metrics ?? this.simulationMetrics();
  }

  /** Makes grid point `point` the current one: its policies parsed, its bare game prepared (if any). */
  private use(point: number): void {
    if (point === this.point) return;
    const { spec } = this;
    this.point = point;
    this.choices = Object.fromEntries(
      Object.entries(spec.points[point]!).map(([role, text]) => [role, parsePolicy(spec.scenario, text)]),
    );
    this.game = this.scripted ? null : (this.bare?.prepare(spec.options, this.choices, spec.shocks) ?? null);
  }

  /** The figures a Simulation run reports, named from the first task. */
  private simulationMetrics(): BareMetric[] {
    const m = this.report(this.simulate(0, this.spec.seed));
    return [
      ...Object.keys(m.team).map((key) => ({ role: null, key })),
      ...Object.entries(m.roles).flatMap(([role, x]) => Object.keys(x).map((key) => ({ role, key }))),
    ];
  }

  private simulate(point: number, seed: number): Simulation {
    const { spec } = this;
    const sim = new Simulation(this.scenario, spec.options, seed, { hash: spec.hash });
    for (const s of spec.shocks) sim.inject(s);
    this.use(point);
    const choices = this.choices;
    return sim.playOut(
      Object.fromEntries(sim.roles.map((r) => [r, scripted(createBot(choices[r]!, r), spec.script[r])])),
    );
  }

  private report(sim: Simulation) {
    const adapter = findScenarioModule(this.spec.scenario)?.cli ?? genericCli(this.scenario);
    return adapter.report(sim, { fit: false, loops: false }).metrics;
  }

  /**
   * Runs task i, writing its figures to values[row · M …] (M figures a row, NaN for none) and, when
   * hashing, its last week's hash to hashes[hashRow]. Returns the weeks it ran.
   */
  run(i: number, values: Float64Array, row: number, hashes?: string[], hashRow = row): number {
    const { spec, metrics } = this;
    const point = Math.floor(i / spec.replications);
    const seed = spec.seed + (i % spec.replications);
    this.use(point);
    const game = this.game;
    const m = metrics.length;
    if (game) {
      // Straight into its row: every grid point's game reports the batch's figures (one scenario).
      game.play(seed, values, row * m, spec.hash ? this.watch : undefined);
      if (hashes) hashes[hashRow] = this.hasher!.text();
      return game.weeks;
    }
    const sim = this.simulate(point, seed);
    const r = this.report(sim);
    for (let k = 0; k < m; k++) {
      const x = metrics[k]!;
      const v = x.role === null ? r.team[x.key] : r.roles[x.role]?.[x.key];
      values[row * m + k] = v ?? Number.NaN;
    }
    if (hashes) hashes[hashRow] = sim.hashes[sim.week]!;
    return sim.week;
  }

  private readonly watch = (w: number, state: Float64Array, rng: ArrayLike<number>) =>
    this.hashWeek(w, state, rng);

  private hashWeek(week: number, state: Float64Array, rng: ArrayLike<number>): void {
    if (!this.hasher) {
      const layout =
        this.scenario.stateLayout?.(this.spec.options) ??
        deriveLayout(new Simulation(this.scenario, this.spec.options, 0, { hash: false }).state);
      this.hasher = new LayoutHasher(layout.keys);
    }
    if (this.words?.buffer !== state.buffer) this.words = new Uint32Array(state.buffer);
    this.hasher.hash(week, rng, this.words, state.byteOffset / 8);
  }
}

/** What a batch gives back: every task's figures (row i = task i) and, when hashing, its last hash. */
export interface BatchResult {
  metrics: readonly BareMetric[];
  values: Float64Array;
  hashes: string[] | null;
  /** Team-weeks simulated. */
  weeks: number;
}

export type Progress = (done: number, total: number, weeks: number) => void;

/** Runs every task of the batch in this thread. */
export function runBatchHere(spec: BatchSpec, progress?: Progress): BatchResult {
  const runner = new BatchRunner(spec);
  const total = taskCount(spec);
  const values = new Float64Array(total * runner.metrics.length);
  const hashes = spec.hash ? new Array<string>(total) : null;
  let weeks = 0;
  for (let i = 0; i < total; i++) {
    weeks += runner.run(i, values, i, hashes ?? undefined);
    if (progress && (i & 1023) === 1023) progress(i + 1, total, weeks);
  }
  return { metrics: runner.metrics, values, hashes, weeks };
}

/** A chunk of tasks as a worker reports it (its figures are already in the shared rows). */
export interface ChunkResult {
  from: number;
  to: number;
  hashes: string[] | null;
  weeks: number;
}

/** Runs tasks [from, to) with `runner`, writing row i of `values` for task i (a worker's chunk). */
export function runChunk(runner: BatchRunner, values: Float64Array, from: number, to: number): ChunkResult {
  const hashes = runner.spec.hash ? new Array<string>(to - from) : null;
  let weeks = 0;
  for (let i = from; i < to; i++) weeks += runner.run(i, values, i, hashes ?? undefined, i - from);
  return { from, to, hashes, weeks };
}

/**
 * Tasks [0, total) in chunks, handed out from one counter that every thread shares: a thread takes
 * the next chunk as soon as it is free, without a message to the main thread and back.
 */
export interface ChunkQueue {
  /** One Int32 in shared memory: the first task not handed out yet. */
  next: Int32Array;
  total: number;
  chunk: number;
}

/** The next chunk [from, to) of `queue`, or null when every task has been handed out. */
export function takeChunk(queue: ChunkQueue): { from: number; to: number } | null {
  const from = Atomics.add(queue.next, 0, queue.chunk);
  return from < queue.total ? { from, to: Math.min(queue.total, from + queue.chunk) } : null;
}

/** What a worker thread is handed (see worker.ts): plain and shared data. */
export interface WorkerData {
  spec: BatchSpec;
  metrics: readonly BareMetric[];
  values: Float64Array;
  queue: ChunkQueue;
}

/** A worker thread on a batch (see worker.ts). */
export function startWorker(data: WorkerData): Worker {
  return new Worker(new URL("./worker.js", import.meta.url), { workerData: data });
}

/** `n` workers on a batch: each passes its chunks' reports to `report`, a failure to `fail`. */
function enlistWorkers(
  n: number,
  data: WorkerData,
  report: (r: ChunkResult) => void,
  fail: (e: Error) => void,
  finished: () => boolean,
): Worker[] {
  const workers = Array.from({ length: n }, () => startWorker(data));
  for (const w of workers) {
    w.on("message", (r: ChunkResult | { error: string }) => {
      if ("error" in r) fail(new Error(r.error));
      else report(r);
    });
    w.on("error", fail);
    // A worker ends by itself (code 0) once the queue is empty, its reports sent before its exit event.
    w.on("exit", (code) => {
      if (code !== 0 && !finished()) fail(new Error(`a worker thread stopped (exit code ${code})`));
    });
  }
  return workers;
}

/**
 * Runs the batch on `threads` threads: this one and threads − 1 workers, all taking chunks from one
 * queue. This thread starts at once, with the core loaded, while each worker still loads it (about
 * 0.3 s); a batch done by then never waits for them. The figures land in task order, so they equal
 * runBatchHere's.
 */
export async function runBatchOnWorkers(
  spec: BatchSpec,
  threads: number,
  progress?: Progress,
): Promise<BatchResult> {
  // The metric names (a Simulation-path scenario: from its first run) are fixed here, once.
  const here = new BatchRunner(spec);
  const metrics = here.metrics;
  const total = taskCount(spec);
  const m = metrics.length;
  // The threads write their rows straight into one shared table: nothing copied back.
  const values = new Float64Array(new SharedArrayBuffer(total * m * 8));
  const hashes = spec.hash ? new Array<string>(total) : null;
  const chunk = Math.max(1, Math.min(20_000, Math.ceil(total / (threads * 8))));
  const queue: ChunkQueue = { next: new Int32Array(new SharedArrayBuffer(4)), total, chunk };
  let done = 0;
  let weeks = 0;
  let failed = false;
  let finish!: () => void;
  let fail!: (e: Error) => void;
  const finished = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = (e) => {
      failed = true;
      reject(e);
    };
  });
  // A worker may fail while this thread is still running chunks: the failure waits for the await below.
  finished.catch(() => {});
  const record = (r: ChunkResult) => {
    if (hashes && r.hashes) for (let i = 0; i < r.hashes.length; i++) hashes[r.from + i] = r.hashes[i]!;
    done += r.to - r.from;
    weeks += r.weeks;
    progress?.(done, total, weeks);
    if (done === total) finish();
  };
  const data: WorkerData = { spec, metrics, values, queue };
  const wanted = Math.min(threads, Math.ceil(total / chunk)) - 1;
  const workers = enlistWorkers(wanted, data, record, fail, () => done === total);
  try {
    for (let c = takeChunk(queue); c && !failed; c = takeChunk(queue)) {
      record(runChunk(here, values, c.from, c.to));
      // Let the workers' reports (and progress) in between chunks.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await finished;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { metrics, values, hashes, weeks };
}
