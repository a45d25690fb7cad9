// `npm run sim -- …`: runs a scenario headless with bots and prints what happened, for trainers
// and researchers. Generic over the scenario registry: a scenario plugs in through the command-line
// adapter in its module, and one without an adapter is reported through its KPIs and series.

import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { summarize } from "../shared/analytics/stats.ts";
import type { RunSummaryMetrics, ScenarioCli } from "../shared/cli/adapter.ts";
import { renderCsv, renderTable, type Table } from "../shared/cli/format.ts";
import { genericCli } from "../shared/cli/generic.ts";
import { Simulation } from "../shared/engine/simulation.ts";
import type { AnyScenario } from "../shared/engine/types.ts";
import { formatNumber } from "../shared/format/number.ts";
import { createBot, defaultPolicy, type PolicyChoice, parsePolicy } from "../shared/policies/index.ts";
import { type DecisionScript, parseDecisionScript, scripted } from "../shared/policies/scripted.ts";
import { defaultScenarioId, findScenarioModule, scenarios } from "../shared/scenarios/index.ts";
import { replayFile } from "./replay.ts";

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

function summarizeRuns(all: readonly RunSummaryMetrics[]) {
  const stat = (xs: (number | null)[]) => {
    const vals = xs.filter((x): x is number => x !== null && Number.isFinite(x));
    return vals.length ? summarize(vals) : null;
  };
  const first = all[0]!;
  const team: Record<string, ReturnType<typeof stat>> = {};
  for (const k of Object.keys(first.team)) team[k] = stat(all.map((m) => m.team[k] ?? null));
  const roles: Record<string, Record<string, ReturnType<typeof stat>>> = {};
  for (const [role, metrics] of Object.entries(first.roles)) {
    roles[role] = {};
    for (const k of Object.keys(metrics)) roles[role][k] = stat(all.map((m) => m.roles[role]?.[k] ?? null));
  }
  return { team, roles };
}

/** Runs the CLI on `argv` (without node and script); returns the exit code. */
export function main(argv: readonly string[], io: Io = stdio): number {
  let parsed: {
    scenario: AnyScenario;
    adapter: ScenarioCli;
    options: unknown;
    seed: number;
    replications: number | undefined;
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
  try {
    if (replications === undefined) {
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
    }
    const all: RunSummaryMetrics[] = [];
    const started = performance.now();
    let shown = started;
    for (let i = 0; i < replications; i++) {
      const sim = runWithBots(parsed.scenario, options, seed + i, choices, shocks, script);
      all.push(adapter.report(sim, { fit: false, loops: false }).metrics);
      const now = performance.now();
      if (now - shown > 250 && i + 1 < replications) {
        shown = now;
        io.err(`${io.errIsTTY ? "\r" : ""}replication ${i + 1}/${replications}${io.errIsTTY ? "" : "\n"}`);
      }
    }
    const secs = formatNumber((performance.now() - started) / 1000, {
      decimals: 2,
      fixed: true,
      group: false,
    });
    io.err(`${io.errIsTTY ? "\r" : ""}replications: ${replications}/${replications} in ${secs} s\n`);
    const { team, roles } = summarizeRuns(all);
    // Each seed may draw its own last week: the table names the length the players are told.
    const told = new Simulation(parsed.scenario, options, seed).told;
    const weeks = told.weeks;
    const weeksText = `${told.approximate ? "about " : ""}${weeks} weeks`;
    if (format === "json") {
      io.out(
        `${JSON.stringify({ scenario, replications, weeks, seed, ...(adapter.nestTeam ? { team } : team), roles, policies }, null, 2)}\n`,
      );
      return 0;
    }
    const rows: Table["rows"] = [];
    const row = (name: string, s: ReturnType<typeof summarize> | null) =>
      rows.push([name, s?.mean ?? null, s?.sd ?? null, s?.min ?? null, s?.max ?? null]);
    for (const [k, s] of Object.entries(team)) row(k, s);
    for (const [r, m] of Object.entries(roles)) for (const [k, s] of Object.entries(m)) row(`${r}.${k}`, s);
    const table: Table = {
      title: `${parsed.scenario.title} · ${replications} replications (seeds ${seed}…${seed + replications - 1}) · ${weeksText}`,
      headers: ["metric", "mean", "sd", "min", "max"],
      rows,
    };
    io.out(format === "csv" ? renderCsv({ headers: table.headers, rows }) : `${renderTable(table)}\n`);
    return 0;
  } catch (e) {
    io.err(`sim: run failed: ${(e as Error).message}\n`);
    return 1;
  }
}

/** --replay: the exported round (or its branch) reported like a normal run. */
function runReplay(flags: Record<string, unknown>, io: Io): number {
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

if (import.meta.main) {
  // A reader that stops early (`| head`) is not an error: end quietly, as Unix filters do.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(process.exitCode ?? 0);
  });
  process.exitCode = main(process.argv.slice(2));
}
