// `npm run sim -- …`: runs a scenario headless with bots and prints what happened, for trainers
// and researchers. Generic over the scenario registry: a scenario plugs in through the command-line
// adapter in its module, and one without an adapter is reported through its KPIs and series.

import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Command, CommanderError, Option } from "commander";
import { type Summary, summarize } from "../shared/analytics/stats.ts";
import type { ScenarioCli } from "../shared/cli/adapter.ts";
import { renderCsv, renderTable, type Table } from "../shared/cli/format.ts";
import { genericCli } from "../shared/cli/generic.ts";
import { hashState } from "../shared/engine/hash.ts";
import { Simulation } from "../shared/engine/simulation.ts";
import type { AnyScenario } from "../shared/engine/types.ts";
import { formatNumber } from "../shared/format/number.ts";
import { createBot, defaultPolicy, type PolicyChoice, parsePolicy } from "../shared/policies/index.ts";
import { type DecisionScript, parseDecisionScript, scripted } from "../shared/policies/scripted.ts";
import { defaultScenarioId, findScenarioModule, scenarios } from "../shared/scenarios/index.ts";
import { type BatchResult, type BatchSpec, runBatchHere, runBatchOnWorkers, taskCount } from "./batch.ts";
import { gridPoints, parseAxis, type SweepAxis } from "./sweep.ts";

/** Every registered scenario's command-line adapter, by scenario id. */
function cliAdapters(): Record<string, ScenarioCli> {
  return Object.fromEntries(
    Object.values(scenarios).map((s) => [s.id, findScenarioModule(s.id)?.cli ?? genericCli(s)]),
  );
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (progress redraws in place). */
  errIsTTY?: boolean;
}

const stdio: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  errIsTTY: process.stderr.isTTY === true,
};

/** Bad input: reported on one line with exit code 2. */
class UsageError extends Error {}

const usage = (message: string): never => {
  throw new UsageError(message);
};

function wholeNumber(flag: string, v: string | undefined, lo: number, hi: number): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === "" || !Number.isInteger(x) || x < lo || x > hi) {
    usage(`${flag} must be a whole number from ${lo} to ${hi}, not "${v}"`);
  }
  return x;
}

/** The `--decisions` file, read and checked against the scenario; any fault is a usage error naming it. */
function readScript(
  file: string | undefined,
  scenario: AnyScenario,
  options: unknown,
  roles: readonly string[],
): DecisionScript {
  if (file === undefined) return {};
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    usage(`--decisions ${file}: ${(e as Error).message}`);
  }
  try {
    return parseDecisionScript(
      input,
      roles,
      (r) => scenario.decisions(r, options),
      scenario.horizon(options),
    );
  } catch (e) {
    return usage(`--decisions ${file}: ${(e as Error).message}`);
  }
}

function buildProgram(io: Io): Command {
  const program = new Command("sim")
    .description("Runs a scenario week by week with bot players and prints what happened.")
    .option("--scenario <id>", `scenario to run: ${Object.keys(scenarios).join(", ")}`, defaultScenarioId())
    .option("--weeks <n>", "weeks to run (default: the scenario's horizon)")
    .option("--seed <s>", "random seed, a whole number", "1")
    .option(
      "--policy <ROLE=NAME[:key=value,...]>",
      "bot policy for a role, or all=...; repeatable, later ones win",
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option("--replications <n>", "Monte Carlo over seeds S…S+N−1: summary statistics (mean, sd, min, max)")
    .option(
      "--sweep <key=from:to:step>",
      "grid over a policy parameter (key: PARAM for every role whose policy has it, or ROLE.PARAM); repeatable, every combination; each point runs --replications seeds (default 1)",
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option("--threads <n>", "worker threads for replications and sweeps (default: every core)")
    .option("--hash", "replications and sweeps: hash every week, and report each run's last hash")
    .option(
      "--decisions <FILE.json>",
      'decisions written down in advance, { "<role>": { "<week>": { "<decisionId>": value } } }; the rest come from each role\'s policy',
    )
    .option("--replay <file>", "re-simulate an exported round (export.json), every week checked by its hash")
    .option(
      "--from-week <w>",
      "with --replay: branch at week W; from W+1 --policy seats play bots, the others their recorded decisions",
    )
    .option("--fit", "add each role's decision-rule fit (theta, alpha, beta, sprime, r2)")
    .addOption(
      new Option("--format <format>", "output format").choices(["table", "json", "csv"]).default("table"),
    )
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.out(t), writeErr: () => {}, outputError: () => {} });
  const seen = new Set<string>();
  for (const [id, a] of Object.entries(cliAdapters())) {
    for (const f of a.flags) {
      if (seen.has(f.key)) continue;
      seen.add(f.key);
      const opt = new Option(f.flags, `[${id}] ${f.description}`);
      if (f.repeatable) opt.argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
      program.addOption(opt);
    }
  }
  return program;
}

/** Runs one round with a bot per role; returns the finished simulation. */
export function runWithBots(
  scenario: AnyScenario,
  options: unknown,
  seed: number,
  choices: Readonly<Record<string, PolicyChoice>>,
  shocks: readonly { name: string; week: number; params?: Record<string, number> }[] = [],
  script: DecisionScript = {},
): Simulation {
  const sim = new Simulation(scenario, options, seed);
  for (const s of shocks) sim.inject(s);
  return sim.playOut(
    Object.fromEntries(sim.roles.map((r) => [r, scripted(createBot(choices[r]!, r), script[r])])),
  );
}

/**
 * Runs the CLI on `argv` (without node and script); returns the exit code, or a promise of it when
 * the runs go to worker threads.
 */
export function main(argv: readonly string[], io: Io = stdio): number | Promise<number> {
  let parsed: {
    scenario: AnyScenario;
    adapter: ScenarioCli;
    options: unknown;
    seed: number;
    replications: number | undefined;
    sweep: SweepAxis[];
    threads: number;
    threadsGiven: boolean;
    hash: boolean;
    choices: Record<string, PolicyChoice>;
    shocks: { name: string; week: number; params?: Record<string, number> }[];
    script: DecisionScript;
    fit: boolean;
    format: string;
  };
  try {
    const program = buildProgram(io);
    try {
      program.parse([...argv], { from: "user" });
    } catch (e) {
      if (e instanceof CommanderError) {
        if (e.code === "commander.helpDisplayed" || e.code === "commander.version") return 0;
        let msg = e.message.replace(/^error: /, "");
        if (e.code === "commander.unknownOption") {
          msg += `; valid flags: ${program.options.map((o) => o.long).join(", ")}`;
        }
        usage(msg);
      }
      throw e;
    }
    const flags = program.opts<Record<string, unknown>>();
    if (typeof flags.replay === "string") return runReplay(flags, io);
    if (flags.fromWeek !== undefined) usage("--from-week needs --replay FILE.json");
    const scenarioId = String(flags.scenario);
    const registered = scenarios[scenarioId];
    if (!registered) {
      usage(`unknown scenario "${scenarioId}"; choose one of: ${Object.keys(scenarios).join(", ")}`);
    }
    const adapters = cliAdapters();
    const a = adapters[scenarioId]!;
    const own: Record<string, unknown> = {};
    const ownKeys = new Set(a.flags.map((f) => f.key));
    for (const other of Object.values(adapters)) {
      for (const f of other.flags) {
        if (program.getOptionValueSource(f.key) !== "cli") continue;
        if (!ownKeys.has(f.key)) usage(`${f.flags.split(" ")[0]} does not apply to ${scenarioId}`);
        own[f.key] = flags[f.key];
      }
    }
    const roles = registered!.roles.map((r) => r.id);
    const choices: Record<string, PolicyChoice> = {};
    const fallback = defaultPolicy(scenarioId);
    for (const r of roles) choices[r] = fallback;
    for (const spec of flags.policy as string[]) {
      const eq = spec.indexOf("=");
      if (eq < 0) usage(`--policy takes ROLE=NAME[:key=value,...], e.g. all=sterman; got "${spec}"`);
      const role = spec.slice(0, eq).trim();
      if (role !== "all" && !roles.includes(role)) {
        usage(`unknown role "${role}" in --policy; choose one of: all, ${roles.join(", ")}`);
      }
      let choice: PolicyChoice;
      try {
        choice = parsePolicy(scenarioId, spec.slice(eq + 1));
      } catch (e) {
        usage(`--policy ${spec}: ${(e as Error).message}`);
      }
      for (const r of role === "all" ? roles : [role]) choices[r] = choice!;
    }
    const weeks = wholeNumber("--weeks", flags.weeks as string | undefined, 1, 100_000);
    const seed = wholeNumber("--seed", flags.seed as string, 0, 0xffffffff)!;
    const replications = wholeNumber(
      "--replications",
      flags.replications as string | undefined,
      1,
      1_000_000,
    );
    if (replications !== undefined && seed + replications - 1 > 0xffffffff) {
      usage(`--seed + --replications runs past the largest seed ${0xffffffff}`);
    }
    const threads =
      wholeNumber("--threads", flags.threads as string | undefined, 1, 1024) ?? availableParallelism();
    const sweep: SweepAxis[] = [];
    for (const text of flags.sweep as string[]) {
      try {
        sweep.push(parseAxis(text, roles));
      } catch (e) {
        usage((e as Error).message);
      }
    }
    let options: unknown;
    let shocks: { name: string; week: number; params?: Record<string, number> }[];
    try {
      options = registered!.parseOptions(a.options(weeks === undefined ? {} : { weeks }, own, choices));
      shocks = a.shocks?.(own) ?? [];
    } catch (e) {
      usage((e as Error).message);
    }
    const script = readScript(flags.decisions as string | undefined, registered!, options, roles);
    parsed = {
      scenario: registered!,
      adapter: a,
      options,
      seed,
      replications,
      sweep,
      threads,
      threadsGiven: flags.threads !== undefined,
      hash: flags.hash === true,
      choices,
      shocks: shocks!,
      script,
      fit: flags.fit === true,
      format: String(flags.format),
    };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`sim: ${e.message.replace(/\s*\n\s*/g, " ")}\n`);
    return 2;
  }

  const { adapter, options, seed, replications, choices, shocks, script, fit, format } = parsed;
  const policies = Object.fromEntries(Object.entries(choices).map(([r, c]) => [r, c.text]));
  const scenario = parsed.scenario.id;
  if (parsed.sweep.length > 0 || replications !== undefined) {
    let grid: ReturnType<typeof gridPoints>;
    try {
      grid = gridPoints(parsed.sweep, choices);
    } catch (e) {
      io.err(`sim: ${(e as Error).message}\n`);
      return 2;
    }
    const spec: BatchSpec = {
      scenario,
      options,
      points: grid.policies,
      shocks,
      script,
      seed,
      replications: replications ?? 1,
      hash: parsed.hash,
    };
    const report = (r: BatchResult, seconds: number): number => {
      const rate = formatNumber(r.weeks / Math.max(seconds, 1e-9), { decimals: 0, group: true });
      const secs = formatNumber(seconds, { decimals: 2, fixed: true, group: false });
      const runs = taskCount(spec);
      const what = parsed.sweep.length > 0 ? "runs" : "replications";
      io.err(
        `${io.errIsTTY ? "\r" : ""}${what}: ${runs}/${runs} in ${secs} s (${rate} team-weeks/s, ${threadsUsed} thread${threadsUsed === 1 ? "" : "s"})\n`,
      );
      return parsed.sweep.length > 0
        ? printSweep(io, parsed, spec, grid.values, r, policies)
        : printReplications(io, parsed, spec, r, policies);
    };
    // Unless --threads says otherwise, a small batch is quicker here than starting threads.
    const runs = taskCount(spec);
    const small = !parsed.threadsGiven && runs * parsed.scenario.horizon(options) < 100_000;
    const threadsUsed = small ? 1 : Math.min(parsed.threads, runs);
    const progress = progressLine(io, parsed.sweep.length > 0 ? "runs" : "replication");
    const started = performance.now();
    const fail = (e: unknown) => {
      io.err(`sim: run failed: ${(e as Error).message}\n`);
      return 1;
    };
    if (threadsUsed === 1) {
      try {
        return report(runBatchHere(spec, progress), (performance.now() - started) / 1000);
      } catch (e) {
        return fail(e);
      }
    }
    return runBatchOnWorkers(spec, threadsUsed, progress)
      .then((r) => report(r, (performance.now() - started) / 1000))
      .catch(fail);
  }
  try {
    const sim = runWithBots(parsed.scenario, options, seed, choices, shocks, script);
    // The round's own last week: a drawn end is known once the run is over.
    const weeks = sim.horizon;
    const out = adapter.report(sim, { fit });
    if (format === "json") {
      io.out(`${JSON.stringify({ scenario, weeks, seed, ...out.json, policies }, null, 2)}\n`);
    } else if (format === "csv") {
      io.out(renderCsv(out.csv));
    } else {
      const head = `${parsed.scenario.title} · ${weeks} weeks · seed ${seed}\n${Object.entries(policies)
        .map(([r, p]) => `  ${r}: ${p}`)
        .join("\n")}`;
      io.out(`${[head, ...out.tables.map(renderTable)].join("\n\n")}\n`);
    }
    return 0;
  } catch (e) {
    io.err(`sim: run failed: ${(e as Error).message}\n`);
    return 1;
  }
}

type Parsed = {
  scenario: AnyScenario;
  adapter: ScenarioCli;
  options: unknown;
  seed: number;
  format: string;
};

/** A progress line on stderr, at most four times a second: runs done and the rate. */
function progressLine(io: Io, noun: string) {
  const started = performance.now();
  let shown = started;
  return (done: number, total: number, weeks: number) => {
    const now = performance.now();
    if (now - shown < 250 || done >= total) return;
    shown = now;
    const rate = formatNumber(weeks / ((now - started) / 1000), { decimals: 0, group: true });
    io.err(
      `${io.errIsTTY ? "\r" : ""}${noun} ${done}/${total} · ${rate} team-weeks/s${io.errIsTTY ? "" : "\n"}`,
    );
  };
}

let scratch = new Float64Array(0);

/** Mean, sd, min and max of metric k over tasks [from, to), finite values only; null for none. */
function summaryOf(r: BatchResult, k: number, from: number, to: number): Summary | null {
  const m = r.metrics.length;
  // A typed array, not a growing list (a batch has up to millions of runs), reused from call to call.
  if (scratch.length < to - from) scratch = new Float64Array(to - from);
  const xs = scratch;
  let n = 0;
  for (let i = from; i < to; i++) {
    const x = r.values[i * m + k]!;
    if (Number.isFinite(x)) xs[n++] = x;
  }
  return n ? summarize(xs.subarray(0, n)) : null;
}

/** Every run's last hash, as one fingerprint (and the hashes themselves for up to 1,000 runs). */
function hashJson(r: BatchResult): Record<string, unknown> {
  if (!r.hashes) return {};
  return {
    hashFingerprint: hashState(r.hashes),
    ...(r.hashes.length <= 1000 ? { finalHashes: r.hashes } : {}),
  };
}

function printReplications(
  io: Io,
  parsed: Parsed,
  spec: BatchSpec,
  r: BatchResult,
  policies: Record<string, string>,
): number {
  const { adapter, options, seed, format } = parsed;
  const replications = spec.replications;
  const team: Record<string, Summary | null> = {};
  const roles: Record<string, Record<string, Summary | null>> = {};
  r.metrics.forEach((x, k) => {
    const s = summaryOf(r, k, 0, replications);
    if (x.role === null) team[x.key] = s;
    else {
      roles[x.role] ??= {};
      roles[x.role]![x.key] = s;
    }
  });
  // Each seed may draw its own last week: the table names the length the players are told.
  const told = new Simulation(parsed.scenario, options, seed, { hash: false }).told;
  const weeks = told.weeks;
  const weeksText = `${told.approximate ? "about " : ""}${weeks} weeks`;
  const scenario = parsed.scenario.id;
  if (format === "json") {
    io.out(
      `${JSON.stringify({ scenario, replications, weeks, seed, ...(adapter.nestTeam ? { team } : team), roles, policies, ...hashJson(r) }, null, 2)}\n`,
    );
    return 0;
  }
  const rows: Table["rows"] = [];
  const row = (name: string, s: Summary | null) =>
    rows.push([name, s?.mean ?? null, s?.sd ?? null, s?.min ?? null, s?.max ?? null]);
  for (const [k, s] of Object.entries(team)) row(k, s);
  for (const [role, m] of Object.entries(roles))
    for (const [k, s] of Object.entries(m)) row(`${role}.${k}`, s);
  const table: Table = {
    title: `${parsed.scenario.title} · ${replications} replications (seeds ${seed}…${seed + replications - 1}) · ${weeksText}`,
    headers: ["metric", "mean", "sd", "min", "max"],
    rows,
  };
  const fingerprint = r.hashes
    ? `\nlast-week hashes of the runs, in seed order: ${hashState(r.hashes)}\n`
    : "";
  io.out(
    format === "csv" ? renderCsv({ headers: table.headers, rows }) : `${renderTable(table)}\n${fingerprint}`,
  );
  return 0;
}

function printSweep(
  io: Io,
  parsed: Parsed & { sweep: SweepAxis[] },
  spec: BatchSpec,
  values: number[][],
  r: BatchResult,
  policies: Record<string, string>,
): number {
  const { adapter, seed, format } = parsed;
  const objective = adapter.objective ?? {
    metric: r.metrics.find((x) => x.role === null)?.key ?? r.metrics[0]!.key,
    better: "lower" as const,
  };
  const k = r.metrics.findIndex((x) => x.role === null && x.key === objective.metric);
  if (k < 0) throw new Error(`the runs report no team figure "${objective.metric}"`);
  const n = spec.replications;
  const keys = parsed.sweep.map((a) => a.key);
  const points = values.map((v, p) => ({
    params: Object.fromEntries(keys.map((key, i) => [key, v[i]!])),
    summary: summaryOf(r, k, p * n, (p + 1) * n),
  }));
  const sign = objective.better === "lower" ? 1 : -1;
  let best = 0;
  points.forEach((p, i) => {
    const m = p.summary?.mean ?? Number.NaN;
    const b = points[best]!.summary?.mean ?? Number.NaN;
    if (Number.isNaN(b) || sign * m < sign * b) best = i;
  });
  const seeds = `seeds ${seed}…${seed + n - 1}`;
  if (format === "json") {
    io.out(
      `${JSON.stringify(
        {
          scenario: parsed.scenario.id,
          sweep: { keys, points: points.length, replications: n, seed, objective },
          best: { ...points[best]!.params, [objective.metric]: points[best]!.summary },
          points: points.map((p) => ({ ...p.params, [objective.metric]: p.summary })),
          policies,
          ...hashJson(r),
        },
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  const headers = [...keys, `${objective.metric} mean`, "sd", "min", "max"];
  const rows: Table["rows"] = points.map((p) => [
    ...keys.map((key) => p.params[key]!),
    p.summary?.mean ?? null,
    p.summary?.sd ?? null,
    p.summary?.min ?? null,
    p.summary?.max ?? null,
  ]);
  if (format === "csv") {
    io.out(renderCsv({ headers, rows }));
    return 0;
  }
  const b = points[best]!;
  const bestText = `Best (${objective.better} ${objective.metric} is better): ${keys.map((key) => `${key}=${b.params[key]}`).join(", ")} → mean ${formatNumber(b.summary?.mean ?? Number.NaN, { decimals: 2, group: true })}`;
  const table: Table = {
    title: `${parsed.scenario.title} · sweep of ${points.length} points × ${n} replications (${seeds}) · ${Object.entries(
      policies,
    )
      .map(([role, p]) => `${role}: ${p}`)
      .join("; ")}`,
    headers,
    rows,
  };
  io.out(`${renderTable(table)}\n\n${bestText}\n`);
  return 0;
}

/**
 * --replay: the exported round (or its branch) reported like a normal run. Its module (the round's
 * checks and branching) loads only here: 30–40 ms of start-up that every other run skips.
 */
async function runReplay(flags: Record<string, unknown>, io: Io): Promise<number> {
  const { replayFile } = await import("./replay.ts");
  let run: ReturnType<typeof replayFile>;
  try {
    const fromWeek = wholeNumber("--from-week", flags.fromWeek as string | undefined, 0, 100_000);
    run = replayFile(flags.replay as string, fromWeek, flags.policy as string[]);
  } catch (e) {
    io.err(`sim: ${(e as Error).message.replace(/\s*\n\s*/g, " ")}\n`);
    return 2;
  }
  const { sim, policies } = run;
  const adapter = cliAdapters()[sim.scenario.id]!;
  const out = adapter.report(sim, { fit: flags.fit === true });
  const weeks = sim.horizon;
  const format = String(flags.format);
  if (format === "json") {
    io.out(
      `${JSON.stringify({ scenario: sim.scenario.id, weeks, seed: sim.seed, ...out.json, policies }, null, 2)}\n`,
    );
  } else if (format === "csv") io.out(renderCsv(out.csv));
  else
    io.out(
      `${[`${sim.scenario.title} · replay · ${weeks} weeks · seed ${sim.seed}`, ...out.tables.map(renderTable)].join("\n\n")}\n`,
    );
  return 0;
}

/** Runs the command line on this process's arguments and streams, setting its exit code. */
export async function runFromShell(): Promise<void> {
  // A reader that stops early (`| head`) is not an error: end quietly, as Unix filters do.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(process.exitCode ?? 0);
  });
  process.exitCode = await main(process.argv.slice(2));
}

if (import.meta.main) await runFromShell();
