#!/usr/bin/env node
// The heapcast command line: `heapcast run <scenario.ts | plan.json>`, `compile`, `grid`, `fit <gctrace>`, `check`
// (type-check a scenario), `init` (a scenario folder of one's own). A user's mistake prints one line (no stack trace)
// and exits 2 (lib/cli/load.ts says which mistakes); an internal error prints its stack and exits 1.

import { Command, Option } from "commander";
import * as fs from "node:fs";
import * as path from "node:path";
import { ScenarioError } from "../authoring/errors";
import { run } from "../running/run";
import { RunawayScenarioError } from "../../kernel/runtime";
import { GO_VERSION_NAMES } from "../../kernel/versions";
import { summaryText } from "../results/summary";
import { writeCsv } from "../results/csv";
import { writeGctrace } from "../results/gctrace";
import { CYCLE_COLUMNS, EVENT_COLUMNS, TIMELINE_COLUMNS } from "../results/tables";
import type { GridOptions } from "../running/grid";
import { AXIS_KEYS } from "../running/grid-run";
import { UsageError, loadPlan } from "./load";
import { init, packageVersion } from "./init";
import type { Size, Duration } from "../authoring/units";

export { loadPlan } from "./load";

/** Writes an output file; a path that cannot be written is the user's to fix (exit 2), not an internal error. */
function writeOutput(file: string, data: string): void {
  streamOutput(file, (fd) => fs.writeSync(fd, data));
}

/** Opens `file` for writing and hands its descriptor to `write` (outputs that stream: CSV, gctrace). */
function streamOutput(file: string, write: (fd: number) => void): void {
  let fd: number;
  try {
    fd = fs.openSync(file, "w");
  } catch (e) {
    throw new UsageError(`cannot write ${file}: ${(e as Error).message}`);
  }
  try {
    write(fd);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code) throw new UsageError(`cannot write ${file}: ${(e as Error).message}`);
    throw e;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * `mkdir -p` one directory at a time: node's recursive mkdir loops for ever on a path it cannot create under a
 * directory that refuses new entries with ENOENT (/proc), so each missing level is created alone and its error
 * reported.
 */
function makeDirectory(dir: string): void {
  const abs = path.resolve(dir);
  const missing: string[] = [];
  for (let d = abs; ; d = path.dirname(d)) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(d);
    } catch {
      st = undefined;
    }
    if (st) {
      if (!st.isDirectory()) throw new UsageError(`cannot create ${dir}: ${d} is not a directory`);
      break;
    }
    missing.unshift(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing) {
    try {
      fs.mkdirSync(d);
    } catch (e) {
      throw new UsageError(`cannot create ${dir}: ${(e as Error).message}`);
    }
  }
}

async function runCommand(
  file: string,
  opts: { summary: string; gctrace?: string; csv?: string; report?: string; plan?: string; real?: string },
): Promise<void> {
  const plan = loadPlan(file);
  if (opts.real && !opts.report)
    throw new UsageError("--real DIR: give --report FILE.html too (the comparison is a report)");
  if (opts.plan) writeOutput(opts.plan, JSON.stringify(plan, null, 2) + "\n");
  const r = run(plan);
  // What in the settings makes the run end badly (GOMEMLIMIT above the container, ...): one line each, on stderr.
  for (const w of r.summary.warnings) process.stderr.write(`heapcast: warning: ${w}\n`);
  // Streamed from the kernel's rows, one record at a time: a run of millions of cycles never holds its text.
  if (opts.gctrace)
    streamOutput(opts.gctrace, (fd) => writeGctrace((text) => fs.writeSync(fd, text), r.raw.eachCycle()));
  if (opts.csv) {
    makeDirectory(opts.csv);
    streamOutput(path.join(opts.csv, "cycles.csv"), (fd) => writeCsv(fd, CYCLE_COLUMNS, r.raw.eachCycle()));
    streamOutput(path.join(opts.csv, "timeline.csv"), (fd) => writeCsv(fd, TIMELINE_COLUMNS, r.raw.eachSample()));
    streamOutput(path.join(opts.csv, "events.csv"), (fd) => writeCsv(fd, EVENT_COLUMNS, r.raw.events));
  }
  if (opts.report) {
    const { htmlReport, compareReport } = await import("../views/report");
    if (opts.real) {
      const { loadRealReps } = await import("../results/real");
      let reals;
      try {
        reals = loadRealReps(opts.real, plan);
      } catch (e) {
        throw new UsageError(`--real: ${(e as Error).message}`);
      }
      writeOutput(opts.report, await compareReport(r, reals));
    } else writeOutput(opts.report, await htmlReport(r));
  }
  if (opts.summary === "json") process.stdout.write(JSON.stringify(r.summary) + "\n");
  else {
    process.stdout.write(summaryText(r.summary));
    if (opts.report) process.stdout.write(`report: ${opts.report}\n`);
  }
}

async function realCommand(
  file: string,
  opts: {
    go?: string;
    goLine?: string;
    reps: string;
    out?: string;
    limits: boolean;
    gomaxprocs: string;
    margin?: string;
    report?: string;
    summary: string;
  },
): Promise<void> {
  const plan = loadPlan(file);
  const { runReal, ToolchainError, PlanNotExecutableError, LimitsNotEnforceableError } =
    await import("../running/real");
  const { loadRealReps } = await import("../results/real");
  const reps = wholeNumberOption("--reps", opts.reps) ?? 1;
  if (reps < 1) throw new UsageError(`--reps: expected at least 1, got ${reps}`);
  let marginS: number | undefined;
  if (opts.margin !== undefined) {
    marginS = Number(opts.margin);
    if (!Number.isFinite(marginS) || marginS < 0)
      throw new UsageError(`--margin: expected seconds like 10, got "${opts.margin}"`);
  }
  const out = path.resolve(opts.out ?? `heapcast-real-${plan.scenario.name.replace(/[^A-Za-z0-9_.-]+/g, "_")}`);
  try {
    await runReal(plan, {
      go: opts.go,
      goLine: opts.goLine,
      reps,
      out,
      noLimits: !opts.limits,
      gomaxprocs: opts.gomaxprocs as "plan" | "runtime",
      marginS,
      onRep: (rep, dir) => process.stderr.write(`heapcast real: rep ${rep} of ${reps} → ${dir}\n`),
    });
  } catch (e) {
    if (e instanceof ToolchainError || e instanceof PlanNotExecutableError || e instanceof LimitsNotEnforceableError)
      throw new UsageError((e as Error).message);
    throw e;
  }
  const reals = loadRealReps(out, plan);
  if (opts.summary === "json")
    process.stdout.write(
      JSON.stringify(
        reals.map((r) => ({
          dir: r.record!.dir,
          ...r.summary,
          goVersion: r.record!.result.go_version,
          limits: r.record!.result.limits,
        })),
      ) + "\n",
    );
  else {
    for (const r of reals) {
      const x = r.record!.result;
      process.stdout.write(`\n${r.record!.dir} (${x.go_version}, go line ${x.go_line})\n`);
      process.stdout.write(summaryText(r.summary));
      const lim = x.limits;
      for (const k of ["memory", "cpu"] as const)
        if (lim[k].in_plan)
          process.stdout.write(`${k} limit ${lim[k].enforced ? "enforced" : "NOT enforced (--no-limits)"}\n`);
      const skipped = x.samples_summary?.["final.h.garbage_skipped_bytes"] ?? 0;
      if (skipped > 0)
        process.stdout.write(
          `could not keep up: ${(skipped / 2 ** 20).toFixed(0)} MiB of garbage dropped (beyond catchUp)\n`,
        );
      if (x.exit.killed_by_runner_timeout) process.stdout.write(`killed: still running ${x.timeout_s} s after start\n`);
    }
  }
  if (opts.report) {
    const { compareReport } = await import("../views/report");
    writeOutput(opts.report, await compareReport(run(plan), reals));
    if (opts.summary !== "json") process.stdout.write(`report: ${opts.report}\n`);
  }
}

/** `--axis go.GOGC=50,100,off`: a setting path and its values; plain numbers become numbers, the rest stay strings. */
function parseAxisOption(spec: string, axes: Record<string, unknown[]>): Record<string, unknown[]> {
  const eq = spec.indexOf("=");
  if (eq <= 0 || eq === spec.length - 1)
    throw new UsageError(`--axis: expected PATH=VALUE,VALUE,... (e.g. go.GOGC=50,100,off), got "${spec}"`);
  const key = spec.slice(0, eq).trim();
  if (key in axes) throw new UsageError(`--axis: ${key} given twice`);
  const values = spec
    .slice(eq + 1)
    .split(",")
    .map((v) => v.trim());
  if (values.some((v) => v === "")) throw new UsageError(`--axis: empty value in "${spec}"`);
  axes[key] = values.map((v) => (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(v) ? Number(v) : v));
  return axes;
}

function wholeNumberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${name}: expected a whole number, got "${value}"`);
  return Number(value);
}

async function gridCommand(
  file: string,
  opts: {
    axis: string[];
    seeds?: string;
    workers?: string;
    csv?: string;
    json?: boolean;
    all?: boolean;
    jitter?: string;
    poisson?: string | boolean;
    perRun?: boolean;
  },
): Promise<void> {
  const { grid, formatGridTable } = await import("../running/grid");
  const axes: Record<string, unknown[]> = {};
  for (const a of opts.axis) parseAxisOption(a, axes);
  const options: GridOptions = {};
  const seeds = wholeNumberOption("--seeds", opts.seeds);
  if (seeds !== undefined) options.seeds = seeds;
  const workers = wholeNumberOption("--workers", opts.workers);
  if (workers !== undefined) options.workers = workers;
  if (opts.perRun) options.perRun = true;
  if (opts.jitter !== undefined || opts.poisson !== undefined) {
    options.noise = {};
    if (opts.jitter !== undefined) {
      const j = Number(opts.jitter);
      if (opts.jitter.trim() === "" || !Number.isFinite(j))
        throw new UsageError(`--jitter: expected a log standard deviation like 0.1, got "${opts.jitter}"`);
      options.noise.jitter = { rates: j };
    }
    if (opts.poisson !== undefined)
      options.noise.poisson = opts.poisson === true ? true : { window: opts.poisson as string };
  }
  const plan = loadPlan(file);
  // A progress bar on a terminal only: CI logs and pipes get the table alone.
  let bar: { start(total: number, v: number): void; update(v: number): void; stop(): void } | undefined;
  if (process.stderr.isTTY) {
    const cliProgress = await import("cli-progress");
    bar = new cliProgress.SingleBar(
      {
        format: "grid [{bar}] {percentage}% | {value}/{total} runs | {duration_formatted} | ETA {eta_formatted}",
        stream: process.stderr,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    options.onProgress = (done, total) => {
      if (!started) {
        bar?.start(total, done);
        started = true;
      } else bar?.update(done);
    };
  }
  let table;
  try {
    table = await grid(plan, axes, options);
  } finally {
    bar?.stop();
  }
  if (opts.csv) writeOutput(opts.csv, table.toCSV());
  if (opts.json) process.stdout.write(JSON.stringify(table.objects()) + "\n");
  else process.stdout.write(formatGridTable(table, { all: opts.all }));
}

/** Each grid axis with an example of its values. */
const AXIS_EXAMPLES: Record<(typeof AXIS_KEYS)[number], string> = {
  "go.version": "1.19,1.26",
  "go.GOGC": "50,100,off",
  "go.GOMEMLIMIT": "300MiB,400MiB,off",
  "go.GOMAXPROCS": "1,2,4",
  "container.memory": "256MiB,512MiB,none",
  "container.cpus": "0.5,1.5,none",
  duration: "1h,24h",
  seed: "1,2,3",
  sampleEvery: "100ms,1s",
  globals: "256KiB,4MiB",
  markJitter: "0,0.25",
};
const AXIS_HELP = AXIS_KEYS.map((k) => `  ${k.padEnd(17)} e.g. ${AXIS_EXAMPLES[k]}`).join("\n");

async function fitCommand(
  trace: string,
  opts: {
    containerMemory?: string;
    cpus?: string;
    duration?: string;
    goroutineStack?: string;
    goVersion?: string;
    process?: string;
    name?: string;
    out?: string;
    samples?: string;
    prometheus?: string;
  },
): Promise<void> {
  const { importRun, ImportError } = await import("../results/importers");
  const { SamplesError } = await import("../results/importers/samples");
  const { PrometheusError } = await import("../results/importers/prometheus");
  const { GctraceError } = await import("../results/importers/gctrace");
  const { fit } = await import("../authoring/fit");
  let cpus: number | undefined;
  if (opts.cpus !== undefined) {
    cpus = Number(opts.cpus);
    if (opts.cpus.trim() === "" || !Number.isFinite(cpus) || cpus <= 0)
      throw new UsageError(`--cpus: expected a CPU quota in cores like 2 or 0.5, got "${opts.cpus}"`);
  }
  let proc: number | "last" | undefined;
  if (opts.process !== undefined) {
    proc = opts.process === "last" ? "last" : Number(opts.process);
    if (proc !== "last" && !(Number.isInteger(proc) && proc >= 1))
      throw new UsageError(`--process: expected 1, 2, ... or last, got "${opts.process}"`);
  }
  let imported;
  try {
    imported = importRun(
      {
        gctrace: { file: trace },
        ...(opts.samples ? { samples: { file: opts.samples } } : {}),
        ...(opts.prometheus ? { prometheus: { file: opts.prometheus } } : {}),
      },
      { gctrace: { process: proc } },
    );
  } catch (e) {
    if (
      e instanceof GctraceError ||
      e instanceof ImportError ||
      e instanceof SamplesError ||
      e instanceof PrometheusError
    )
      throw new UsageError((e as Error).message);
    throw e;
  }
  const f = fit(imported, {
    containerMemory: opts.containerMemory as Size | undefined,
    cpus,
    duration: opts.duration as Duration | undefined,
    goroutineStack: opts.goroutineStack as Size | undefined,
    goVersion: opts.goVersion,
    name: opts.name,
  });
  if (opts.out) {
    writeOutput(opts.out, f.source);
    const from = f.header.findIndex((l) => l.startsWith("Simulated"));
    process.stdout.write([...f.header.slice(from), `scenario: ${opts.out}`].join("\n") + "\n");
  } else {
    process.stdout.write(f.source);
  }
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name("heapcast")
    .description(
      `Go memory capacity planning: run scenarios through a model of the Go runtime (${GO_VERSION_NAMES.join(", ")})`,
    )
    .version(`heapcast ${packageVersion()}`, "-v, --version", "print the version")
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(`heapcast: ${str.replace(/^error: /, "")}`) })
    .addHelpText(
      "after",
      `
Examples:
  heapcast run scenarios/checkout-api-goroutine-leak.ts --report report.html
  heapcast grid scenario.ts --axis go.GOGC=50,100,off --axis container.memory=256MiB,512MiB
  heapcast check scenario.ts          type-check a scenario
  heapcast init my-scenarios          a folder of your own (then: cd my-scenarios && npm install)

Exit codes: 0 success, 2 a mistake in the scenario, plan or command line (one line on stderr), 1 an internal error.
`,
    );
  program
    .command("run")
    .description("run a scenario (.ts with a default export) or a saved event plan (.json)")
    .argument("<file>", "scenario.ts or plan.json")
    .addOption(new Option("--summary <format>", "summary format").choices(["text", "json"]).default("text"))
    .option("--gctrace <file>", "write the run as GODEBUG=gctrace=1 lines")
    .option("--csv <dir>", "write cycles.csv, timeline.csv and events.csv")
    .option("--report <file.html>", "write a self-contained HTML report with charts")
    .option("--plan <file.json>", "write the compiled event plan")
    .option("--real <dir>", "with --report: lay the simulation over the real runs in DIR (written by heapcast real)")
    .action(runCommand);
  program
    .command("real")
    .description("run a scenario or plan as a real Go program under real container limits (cgroups; needs root and Go)")
    .argument("<file>", "scenario.ts or plan.json")
    .option(
      "--go <version>",
      "Go release, e.g. 1.26.8 (fetched by the go command) or 1.19 (Debian's golang-1.19-go); default: the go on PATH",
    )
    .option("--go-line <version>", "go.mod go line to build with (default: the toolchain's own version)")
    .option("--reps <n>", "repetitions", "1")
    .option("--out <dir>", "output directory (rep1, rep2, …); default heapcast-real-<scenario>")
    .option(
      "--no-limits",
      "run without container limits where cgroups cannot be made (the result says they were not enforced)",
    )
    .addOption(
      new Option(
        "--gomaxprocs <from>",
        "GOMAXPROCS from the plan (set in the environment) or left to the runtime's default",
      )
        .choices(["plan", "runtime"])
        .default("plan"),
    )
    .option("--margin <seconds>", "kill a run this long after its duration (default 10 s + 10 %)")
    .option("--report <file.html>", "also simulate the plan and write the comparison (fidelity table, overlay chart)")
    .addOption(new Option("--summary <format>", "summary format").choices(["text", "json"]).default("text"))
    .action(realCommand);
  program
    .command("compile")
    .description("compile a scenario to its event plan (JSON on stdout)")
    .argument("<file>", "scenario.ts")
    .action((file: string) => {
      process.stdout.write(JSON.stringify(loadPlan(file), null, 2) + "\n");
    });
  program
    .command("grid")
    .description("run a scenario or plan once per combination of settings, on all cores (one row per combination)")
    .argument("<file>", "scenario.ts or plan.json")
    .option(
      "--axis <path=values>",
      "a setting and its values, e.g. go.GOGC=50,100,off (repeatable)",
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option("--seeds <n>", "runs per combination: OOM probability and percentiles of peak RSS")
    .option("--workers <n>", "worker threads (default: all cores)")
    .option("--jitter <logsd>", "multiply each event's rates by a lognormal factor of this log-sd, e.g. 0.1")
    .option("--poisson [window]", "Poisson request arrivals (counted over each request's lasts, or this window)")
    .option("--per-run", "one row per run instead of aggregates (with --seeds)")
    .option("--csv <file>", "write the table as CSV")
    .option("--json", "print the table as JSON (one object per row) instead of text")
    .option("--all", "print every column as text (default: the axes, peak RSS, GC cycles and CPU, p99 pause, OOM)")
    .addHelpText(
      "after",
      `
Axes (--axis PATH=VALUE,VALUE,...; values written as in scenario(...) settings, checked the same way):
${AXIS_HELP}
An axis sets what the process starts with; the scenario's later at() calls still happen.

Example:
  heapcast grid scenario.ts --axis go.GOGC=50,100,200,off --axis go.GOMEMLIMIT=300MiB,off --seeds 20
`,
    )
    .action(gridCommand);
  program
    .command("check")
    .description("type-check scenarios (strict TypeScript, against heapcast's types; no tsconfig.json needed)")
    .argument("<files...>", "scenario.ts files")
    .action(async (files: string[]) => {
      const { checkScenarios, isTypeScriptFile } = await import("./check");
      for (const f of files)
        if (!isTypeScriptFile(f)) throw new UsageError(`check: ${f}: expected a TypeScript scenario file (.ts)`);
      const { errors } = checkScenarios(files);
      if (errors.length > 0) {
        process.stderr.write(errors.join("\n") + "\n");
        throw new UsageError(`check: ${errors.length} type error${errors.length === 1 ? "" : "s"}`);
      }
      process.stdout.write(`${files.join(", ")}: no type errors\n`);
    });
  program
    .command("init")
    .description(
      "make a folder for your own scenarios: package.json (depending on this heapcast), tsconfig.json, an example",
    )
    .argument("[dir]", "the folder (created if needed; existing files are not overwritten)", ".")
    .option("--from <path>", "what to depend on: this checkout's folder (default) or a tarball made with npm pack")
    .action((dir: string, opts: { from?: string }) => {
      const files = init(dir, opts);
      process.stdout.write(
        files.map((f) => `wrote ${path.relative(process.cwd(), f) || f}`).join("\n") +
          `\n\nNext:\n  cd ${dir}\n  npm install\n  npx heapcast run scenario.ts --report report.html\n  npx heapcast check scenario.ts\n`,
      );
    });
  program
    .command("fit")
    .description(
      "fit a scenario to a real run's GODEBUG=gctrace=1 log (application lines and all) and say how well its simulation reproduces it",
    )
    .argument("<trace>", "the gctrace log (stderr of the Go program; gzip is read too)")
    .option("--container-memory <size>", "the container's memory limit, e.g. 512MiB (a fact: gctrace does not show it)")
    .option("--cpus <cores>", "the container's CPU quota in cores, e.g. 2")
    .option("--duration <time>", "how long the scenario runs (default: the trace, and its last phase a while longer)")
    .option(
      "--goroutine-stack <size>",
      "stack per goroutine for the stacks gctrace shows (default: measured from --samples or --prometheus, else 8KiB)",
    )
    .option("--samples <file>", "runtime/metrics samples of the same run (JSON lines): goroutine counts")
    .option("--prometheus <file>", "Prometheus data of the same process (query_range JSON or CSV): goroutine counts")
    .option("--go-version <release>", "the Go release that printed the trace, e.g. 1.19 or 1.26 (default 1.19)")
    .option("--process <n>", "which process to fit when the log holds several (1, 2, ... or last)")
    .option("--name <name>", "the scenario's name")
    .option("--out <file.ts>", "write the scenario here (default: stdout)")
    .action(fitCommand);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    const err = e as { code?: string; exitCode?: number };
    if (typeof err.code === "string" && err.code.startsWith("commander.")) {
      return err.code === "commander.helpDisplayed" || err.code === "commander.version" ? 0 : 2;
    }
    if (e instanceof ScenarioError || e instanceof UsageError || e instanceof RunawayScenarioError) {
      process.stderr.write(`heapcast: ${(e as Error).message}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  main(process.argv).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`heapcast: internal error: ${(e as Error).stack ?? e}\n`);
      process.exit(1);
    },
  );
}
