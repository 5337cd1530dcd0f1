// Parameter grids: a base scenario (or plan) run once per combination of axis values — and, with `seeds`, many times
// per combination — on worker threads across all cores, summarized in one arquero table.
//
//   const t = await grid(base, { "go.GOGC": [50, 100, 200, "off"], "go.GOMEMLIMIT": ["300MiB", "400MiB"] }, { seeds: 100 });
//
// Determinism: a run is a pure function of (base plan, the combination's settings, the run number, noise options);
// worker threads only decide where it runs. Rows are in combination order. The same grid gives byte-identical tables
// whatever the worker count.

import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { performance } from "node:perf_hooks";
import * as aq from "arquero";
import { Scenario, scenario, ScenarioSettings } from "../authoring/dsl";
import { compile, validatePlan } from "../authoring/compile";
import { ScenarioError, describeValue } from "../authoring/errors";
import { formatBytes, formatDurationNs } from "../authoring/units";
import { normalizeNoise, NoiseOptions, NormalizedNoise } from "./noise";
import type { GoVersionName } from "../../kernel/plan";
import { checkPlanBudget } from "./budget";
import { AXIS_KEYS, AxisKey, applySettings, runJob, runPlan, RunJob, RunMetrics, Setting, GridContext } from "./grid-run";
import type { FromWorker, ToWorker } from "./grid-worker";
import { RunawayScenarioError } from "../../kernel/runtime";
import type { EventPlan, NormalizedScenario } from "../../kernel/plan";
import type { Table } from "../results/tables";

export { AXIS_KEYS, runSeed } from "./grid-run";
export type { AxisKey } from "./grid-run";

/** Axis values as a user writes them, by axis path: `{ "go.GOGC": [50, 100, "off"], "container.memory": ["512MiB"] }`. */
export type GridAxes = Partial<Record<AxisKey, readonly unknown[]>>;

export interface GridOptions {
  /**
   * Runs per combination (1 to 100,000). Given, the table holds one aggregate row per combination (see grid()).
   * Run r of every combination uses the seed runSeed(scenario seed, r): run 0 the scenario's own seed, the others
   * mix32(seed, r) — the same seeds in every combination (common random numbers).
   */
  seeds?: number;
  /** Worker threads (default: the machine's available parallelism, at most one per run). 1 runs in this thread. */
  workers?: number;
  /** Called with (runs done, runs in all) at the start, after every run, and at the end. */
  onProgress?: (done: number, total: number) => void;
  /** Seeded noise on each run's plan (lib/noise.ts): rate jitter, Poisson requests. */
  noise?: NoiseOptions;
  /** One row per run (with `run` and `seed` columns) instead of aggregates. */
  perRun?: boolean;
  /** The kernel's event budget per run (default 20 million). */
  maxEvents?: number;
  /** Cancels the grid: workers are stopped and the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Runs that differ only in `container.memory` share one kernel run when the limit is above that run's peak RSS (the
   * limit only matters to the OOM killer, so the figures are identical to the byte). Default true; false runs every
   * combination.
   */
  reuse?: boolean;
}

/** Most runs one grid may make (combinations × seeds). */
export const MAX_GRID_RUNS = 1_000_000;
const MAX_SEEDS = 100_000;
const MAX_WORKERS = 256;

interface ParsedAxis {
  key: AxisKey;
  /** The values as the user wrote them (the table's column). */
  values: unknown[];
  settings: Setting[];
}

/**
 * Runs `base` once per combination of the axes' values (the cartesian product, the first axis varying slowest, the
 * last fastest: combination index = row number), on worker threads, and returns one arquero table.
 *
 * Axes (`AXIS_KEYS`): "go.version" ("1.19", "1.26", "1.27"), "go.GOGC", "go.GOMEMLIMIT", "go.GOMAXPROCS", "container.memory", "container.cpus", "duration",
 * "seed", "sampleEvery", "globals", "markJitter", with values written as in `scenario(...)` settings ("off",
 * "300MiB", "10m"...) and checked by the same rules; container axes also take "none" (or null) for no limit. A bad
 * value throws ScenarioError naming it, e.g. `grid["go.GOGC"][2]: expected a whole percentage like 100, or "off", got
 * "fast"`. An axis sets the value the process starts with: it replaces the scenario's setting, and a `go`/`container`
 * call at t = 0 that sets the same field gives way to the axis; later calls (`.at("20s", ...)`) still happen.
 *
 * Columns, one per axis first (named by the axis path, holding the user's value), then:
 * - without `seeds` (one run per combination, seeded as `run()` would be; the row equals `run(gridPlan(...)).summary`):
 *   `peak_rss_bytes, gc_cycles, gc_cpu_fraction, max_pause_s, oom_killed_at_s` (null if not OOM-killed),
 *   `peak_heap_bytes` (at mark termination), `peak_heap_in_use_bytes, final_heap_goal_bytes, simulated_s`;
 * - with `perRun`: `run, seed`, then the columns above, one row per run;
 * - with `seeds: N` (aggregates over the N runs of each combination):
 *   `runs`; `oom_probability` (share of runs OOM-killed) with its 95 % Wilson score interval
 *   `oom_probability_ci95_low, oom_probability_ci95_high`; `oom_killed_at_s_p50` (median kill time of the killed runs,
 *   null if none); `peak_rss_bytes_min, _p50, _p90, _p99, _max`; `peak_heap_bytes_p50, peak_heap_bytes_p99`;
 *   `gc_cycles_p50`; `gc_cpu_fraction_p50, gc_cpu_fraction_p90`; `max_pause_s_max`.
 *   Percentiles interpolate linearly between order statistics (numpy's default, "type 7"), so p50 ≤ p90 ≤ p99.
 * No value is NaN or infinite.
 */
export async function grid(base: Scenario | EventPlan, axes: GridAxes | Record<string, readonly unknown[]>, options: GridOptions = {}): Promise<Table> {
  const opts = checkOptions(options);
  const plan = basePlan(base);
  const parsed = parseAxes(axes, plan);
  const combos = product(parsed);
  const seeds = opts.seeds ?? 1;
  const total = combos.length * seeds;
  if (total > MAX_GRID_RUNS) {
    throw new ScenarioError("grid", `${combos.length} combinations × ${seeds} seeds`, `at most ${MAX_GRID_RUNS.toLocaleString("en-US")} runs`);
  }
  const ctx: GridContext = { base: plan, noise: opts.noise, maxEvents: opts.maxEvents, baseDefaultSampleEveryNs: defaultSampleEveryNs(plan.scenario.durationNs) };
  // Fail at once, before any run, if a combination's plan alone is over the budget (only duration and sampleEvery
  // change what a plan fixes in advance: one check per distinct pair).
  const extra = poissonBound(plan, opts.noise);
  const checked = new Set<string>();
  combos.forEach((c, i) => {
    const timing = c.settings.filter((x) => x.key === "duration" || x.key === "sampleEvery");
    const key = JSON.stringify(timing);
    if (checked.has(key)) return;
    checked.add(key);
    try {
      checkPlanBudget(applySettings(plan, timing, ctx.baseDefaultSampleEveryNs), { maxEvents: opts.maxEvents }, extra);
    } catch (e) {
      throw wrapRunError(e, describeCombination(parsed, c, i, combos.length));
    }
  });
  const jobs: RunJob[] = [];
  combos.forEach((c, i) => {
    for (let r = 0; r < seeds; r++) jobs.push({ index: i * seeds + r, settings: c.settings, run: r });
  });
  const describeJob = (index: number) => {
    const ci = Math.floor(index / seeds);
    const r = index % seeds;
    return describeCombination(parsed, combos[ci], ci, combos.length) + (opts.seeds !== undefined ? `, run ${r}` : "");
  };
  const workers = Math.max(1, Math.min(opts.workers ?? defaultWorkers(), total));
  const runAll = (list: RunJob[], offset: number): Promise<RunMetrics[]> => {
    const phase: RunOptions = { signal: opts.signal, onProgress: opts.onProgress && ((done) => opts.onProgress?.(offset + done, total)) };
    const n = Math.min(workers, list.length);
    return n <= 1 ? runInProcess(ctx, list, phase, describeJob) : runOnWorkers(ctx, list, n, phase, describeJob);
  };
  const shared = opts.reuse === false ? null : containerMemoryGroups(plan, jobs);
  let metrics: RunMetrics[];
  if (!shared) {
    metrics = await runAll(jobs, 0);
  } else {
    // First the run with the largest container memory of each group, then only the runs that could end otherwise.
    metrics = await runAll(shared.leaders, 0);
    const rest: RunJob[] = [];
    let reused = 0;
    for (const job of jobs) {
      if (metrics[job.index] !== undefined) continue;
      const leader = metrics[shared.leaderOf[job.index]];
      const memory = memorySetting(job);
      if (leader.oomKilledAtNs === null && (memory === null || (memory as number) > leader.peakRssBytes)) {
        metrics[job.index] = leader;
        reused++;
      } else rest.push(job);
    }
    if (reused > 0) report(opts, shared.leaders.length + reused, total);
    const more = await runAll(rest, shared.leaders.length + reused);
    for (const job of rest) metrics[job.index] = more[job.index];
  }
  return buildTable(parsed, combos, metrics, opts.seeds, opts.perRun ?? false);
}

/** A job's container memory setting: bytes, null for no limit, undefined if the job does not set it. */
function memorySetting(job: RunJob): number | null | undefined {
  const x = job.settings.find((s) => s.key === "container.memory");
  return x === undefined ? undefined : (x.value as number | null);
}

/**
 * Runs that differ only in container memory, grouped (same other settings, same run): the container's limit is read
 * by nothing in the kernel but the OOM killer, so a run whose RSS never reached a limit is the run of every larger
 * limit, to the byte. Each group's leader is its job with the largest limit (or none); the others reuse its figures
 * when they are not OOM-killed before it ends (limit above its peak RSS) and are run otherwise. Null when the grid has
 * no container.memory axis or the scenario changes the container's memory later on (then every run is run).
 */
function containerMemoryGroups(plan: EventPlan, jobs: RunJob[]): { leaders: RunJob[]; leaderOf: number[] } | null {
  if (jobs.length < 2 || memorySetting(jobs[0]) === undefined) return null;
  if (plan.events.some((e) => e.kind === "container" && e.atNs > 0 && (e as { memoryBytes?: unknown }).memoryBytes !== undefined)) return null;
  const byKey = new Map<string, RunJob>();
  const keyOf = (job: RunJob) => JSON.stringify([job.run, job.settings.filter((x) => x.key !== "container.memory")]);
  const larger = (a: number | null | undefined, b: number | null | undefined) => (a === null ? Infinity : (a as number)) > (b === null ? Infinity : (b as number));
  for (const job of jobs) {
    const k = keyOf(job);
    const cur = byKey.get(k);
    if (!cur || larger(memorySetting(job), memorySetting(cur))) byKey.set(k, job);
  }
  const leaderOf: number[] = [];
  for (const job of jobs) leaderOf[job.index] = (byKey.get(keyOf(job)) as RunJob).index;
  const leaders = [...byKey.values()].sort((a, b) => a.index - b.index);
  return leaders.length < jobs.length ? { leaders, leaderOf } : null;
}

/**
 * The plan a grid runs for one combination (and run), for a closer look at a row: `run(gridPlan(base, { "go.GOGC":
 * 50 }))` gives that row's figures, plus its timeline and cycles. Settings are checked as grid() checks axis values.
 */
export function gridPlan(
  base: Scenario | EventPlan,
  settings: Partial<Record<AxisKey, unknown>> | Record<string, unknown>,
  options: { run?: number; noise?: NoiseOptions } = {},
): EventPlan {
  const plan = basePlan(base);
  if (settings === null || typeof settings !== "object" || Array.isArray(settings)) {
    throw new ScenarioError("gridPlan.settings", settings, '{ "go.GOGC": 50, "container.memory": "512MiB" }');
  }
  const list: Setting[] = [];
  for (const [key, value] of Object.entries(settings)) {
    const k = axisKey(key, `gridPlan["${key}"]`);
    list.push(parseAxisValue(k, value, `gridPlan["${key}"]`, plan));
  }
  const run = options.run ?? 0;
  if (!Number.isInteger(run) || run < 0 || run >= MAX_SEEDS) throw new ScenarioError("gridPlan.run", run, `a run number from 0 to ${MAX_SEEDS - 1}`);
  return runPlan(plan, list, run, normalizeNoise(options.noise, "gridPlan.noise"), defaultSampleEveryNs(plan.scenario.durationNs));
}

// ---- inputs ----

function basePlan(base: Scenario | EventPlan): EventPlan {
  if (base instanceof Scenario) return compile(base);
  return structuredClone(validatePlan(base, "grid.base"));
}

function checkOptions(o: GridOptions): Omit<GridOptions, "noise"> & { noise: NormalizedNoise | null } {
  if (o === null || typeof o !== "object") throw new ScenarioError("grid.options", o, "{ seeds: 100, workers: 2 }");
  const allowed = ["seeds", "workers", "onProgress", "noise", "perRun", "maxEvents", "signal", "reuse"];
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new ScenarioError(`grid.options.${k}`, (o as Record<string, unknown>)[k], `one of the fields ${allowed.join(", ")}`, "unknown field");
  }
  const whole = (v: unknown, name: string, min: number, max: number) => {
    if (v === undefined) return;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      throw new ScenarioError(`grid.options.${name}`, v, `a whole number from ${min} to ${max.toLocaleString("en-US")}`);
    }
  };
  whole(o.seeds, "seeds", 1, MAX_SEEDS);
  whole(o.workers, "workers", 1, MAX_WORKERS);
  whole(o.maxEvents, "maxEvents", 1, Number.MAX_SAFE_INTEGER);
  if (o.onProgress !== undefined && typeof o.onProgress !== "function") throw new ScenarioError("grid.options.onProgress", o.onProgress, "a function (done, total) => ...");
  if (o.perRun !== undefined && typeof o.perRun !== "boolean") throw new ScenarioError("grid.options.perRun", o.perRun, "true or false");
  if (o.reuse !== undefined && typeof o.reuse !== "boolean") throw new ScenarioError("grid.options.reuse", o.reuse, "true or false");
  return { ...o, noise: normalizeNoise(o.noise, "grid.options.noise") };
}

function axisKey(key: string, path: string): AxisKey {
  if (!(AXIS_KEYS as readonly string[]).includes(key)) throw new ScenarioError(path, key, `one of the axes ${AXIS_KEYS.join(", ")}`, "unknown axis");
  return key as AxisKey;
}

function parseAxes(axes: Record<string, readonly unknown[]>, plan: EventPlan): ParsedAxis[] {
  if (axes === null || typeof axes !== "object" || Array.isArray(axes)) {
    throw new ScenarioError("grid.axes", axes, '{ "go.GOGC": [50, 100, "off"], "container.memory": ["512MiB", "1GiB"] }');
  }
  return Object.entries(axes).map(([key, values]) => {
    const p = `grid["${key}"]`;
    const k = axisKey(key, p);
    if (!Array.isArray(values) || values.length === 0) throw new ScenarioError(p, values, "a non-empty list of values");
    return { key: k, values: [...values], settings: values.map((v, i) => parseAxisValue(k, v, `${p}[${i}]`, plan)) };
  });
}

/** A setting path → the scenario settings that hold it, so the DSL itself checks and normalizes the value. */
function settingsFor(key: AxisKey, value: unknown): ScenarioSettings {
  switch (key) {
    case "go.version":
      return { duration: 1, go: { version: value as GoVersionName } };
    case "go.GOGC":
      return { duration: 1, go: { GOGC: value as number } };
    case "go.GOMEMLIMIT":
      return { duration: 1, go: { GOMEMLIMIT: value as number } };
    case "go.GOMAXPROCS":
      return { duration: 1, go: { GOMAXPROCS: value as number } };
    case "container.memory":
      return { duration: 1, container: { memory: value as number } };
    case "container.cpus":
      return { duration: 1, container: { cpus: value as number } };
    case "duration":
      return { duration: value as number };
    default:
      return { duration: 1, [key]: value } as ScenarioSettings;
  }
}

function extract(key: AxisKey, s: NormalizedScenario): number | string | null {
  switch (key) {
    case "go.version":
      return s.go.version;
    case "go.GOGC":
      return s.go.GOGC;
    case "go.GOMEMLIMIT":
      return s.go.GOMEMLIMIT;
    case "go.GOMAXPROCS":
      return s.go.GOMAXPROCS;
    case "container.memory":
      return s.container.memoryBytes;
    case "container.cpus":
      return s.container.cpus;
    case "duration":
      return s.durationNs;
    case "seed":
      return s.seed;
    case "sampleEvery":
      return s.sampleEveryNs;
    case "globals":
      return s.globalsBytes;
    case "markJitter":
      return s.markJitter;
  }
}

/** Checks one axis value with the DSL's own rules (same messages), re-pathed to the axis: `grid["go.GOGC"][2]`. */
function parseAxisValue(key: AxisKey, value: unknown, path: string, plan: EventPlan): Setting {
  const container = key === "container.memory" || key === "container.cpus";
  if (container && (value === null || value === "none")) return { key, value: null };
  if (value === undefined || value === null) throw new ScenarioError(path, value, "a value (an axis lists the values to try)");
  let s: NormalizedScenario;
  try {
    s = compile(scenario("grid axis", settingsFor(key, value))).scenario;
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    throw repath(e, path, container ? `${e.expected}, or "none"` : e.expected);
  }
  const setting: Setting = { key, value: extract(key, s) };
  if (key === "duration") {
    setting.defaultSampleEveryNs = s.sampleEveryNs;
    const rampEnd = plan.events.reduce((m, e) => Math.max(m, "overNs" in e ? e.atNs + e.overNs : 0), 0);
    if (s.durationNs < rampEnd) {
      throw new ScenarioError(path, value, `a duration of at least ${formatDurationNs(rampEnd)} (a ramp of the scenario ends there)`);
    }
  }
  return setting;
}

function repath(e: ScenarioError, path: string, expected: string): ScenarioError {
  const head = `${e.path}: expected ${e.expected}, got ${describeValue(e.value)}`;
  const rest = e.message.startsWith(head) ? e.message.slice(head.length) : "";
  const detail = rest.startsWith(" (") && rest.endsWith(")") ? rest.slice(2, -1) : undefined;
  return new ScenarioError(path, e.value, expected, detail);
}

/** The DSL's default sampling interval for a duration (what `scenario()` picks when sampleEvery is not given). */
function defaultSampleEveryNs(durationNs: number): number {
  return compile(scenario("default sampling", { duration: `${durationNs}ns` })).scenario.sampleEveryNs;
}

interface Combination {
  /** Index into each axis's values. */
  at: number[];
  settings: Setting[];
}

function product(axes: ParsedAxis[]): Combination[] {
  let out: Combination[] = [{ at: [], settings: [] }];
  for (const a of axes) {
    const next: Combination[] = [];
    for (const c of out) a.settings.forEach((s, i) => next.push({ at: [...c.at, i], settings: [...c.settings, s] }));
    out = next;
    if (out.length > MAX_GRID_RUNS) throw new ScenarioError("grid", `more than ${MAX_GRID_RUNS} combinations`, `at most ${MAX_GRID_RUNS.toLocaleString("en-US")} runs`);
  }
  return out;
}

function describeCombination(axes: ParsedAxis[], c: Combination, i: number, n: number): string {
  const values = axes.map((a, j) => `${a.key}=${describeValue(a.values[c.at[j]])}`).join(", ");
  return `grid combination ${i + 1} of ${n}${values ? ` (${values})` : ""}`;
}

function poissonBound(plan: EventPlan, noise: NormalizedNoise | null): number {
  if (!noise?.poisson) return 0;
  return noise.poissonMaxEvents + plan.events.filter((e) => e.kind === "requests").length;
}

function defaultWorkers(): number {
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}

/** A run's error, named after its combination; a runaway stays a RunawayScenarioError (the CLI's exit code 2). */
function wrapRunError(e: unknown, where: string): Error {
  const err = e as Error;
  const message = `${where}: ${err?.message ?? String(e)}`;
  if (err instanceof RunawayScenarioError || err?.name === "RunawayScenarioError") return new RunawayScenarioError(message);
  if (err instanceof ScenarioError) return new ScenarioError(`${where}: ${err.path}`, err.value, err.expected);
  return new Error(message, { cause: e });
}

// ---- running ----

type RunOptions = Pick<GridOptions, "onProgress" | "signal">;

function report(opts: RunOptions, done: number, total: number): void {
  opts.onProgress?.(done, total);
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error("grid aborted");
}

async function runInProcess(ctx: GridContext, jobs: RunJob[], opts: RunOptions, describe: (i: number) => string): Promise<RunMetrics[]> {
  const out: RunMetrics[] = new Array(jobs.length);
  const total = jobs.length;
  if (opts.signal?.aborted) throw abortReason(opts.signal);
  report(opts, 0, total);
  let lastYield = performance.now();
  for (let n = 0; n < jobs.length; n++) {
    const job = jobs[n];
    try {
      out[job.index] = runJob(ctx, job);
    } catch (e) {
      throw wrapRunError(e, describe(job.index));
    }
    report(opts, n + 1, total);
    // Let timers, progress displays and abort signals through every ~25 ms.
    if (performance.now() - lastYield > 25 && n + 1 < jobs.length) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = performance.now();
      if (opts.signal?.aborted) throw abortReason(opts.signal);
    }
  }
  return out;
}

/**
 * The worker thread: the compiled worker next to this file (dist/lib/running/grid-worker.js) when running compiled; under
 * ts-node or jest (this file is .ts) the TypeScript worker through ts-node, so workers run the same source as the
 * caller and never a stale build.
 */
function startWorker(ctx: GridContext): Worker {
  if (__filename.endsWith(".ts")) {
    const tsNode = require.resolve("ts-node");
    const entry = path.join(__dirname, "grid-worker.ts");
    const code =
      `require(${JSON.stringify(tsNode)}).register({ transpileOnly: true, skipProject: true, ` +
      `compilerOptions: { module: "commonjs", target: "ES2022", esModuleInterop: true } });\n` +
      `require(${JSON.stringify(entry)});\n`;
    return new Worker(code, { eval: true, workerData: ctx });
  }
  return new Worker(path.join(__dirname, "grid-worker.js"), { workerData: ctx });
}

function runOnWorkers(ctx: GridContext, jobs: RunJob[], nWorkers: number, opts: RunOptions, describe: (i: number) => string): Promise<RunMetrics[]> {
  const total = jobs.length;
  const out: RunMetrics[] = new Array(total);
  // Jobs go out in batches, two batches' worth in flight per worker so that none waits for its next message.
  const batch = Math.max(1, Math.min(16, Math.ceil(total / (nWorkers * 16))));
  return new Promise<RunMetrics[]>((resolve, reject) => {
    if (opts.signal?.aborted) return reject(abortReason(opts.signal));
    const workers: Worker[] = [];
    const outstanding = new Map<Worker, number>();
    let next = 0;
    let done = 0;
    let settled = false;
    const onAbort = () => fail(abortReason(opts.signal as AbortSignal));
    const finish = (err: unknown, value?: RunMetrics[]) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener("abort", onAbort);
      // Settle only once every worker has exited: a process that exits while a worker isolate is being torn down can
      // abort in Node's platform (NodePlatform::ForIsolate, a V8 background task for a disposed isolate). After a
      // complete grid the workers are asked to close their port and exit on their own (their queues are empty);
      // after an error or an abort they are terminated.
      const settle = () => (err !== undefined ? reject(err) : resolve(value as RunMetrics[]));
      Promise.all(workers.map((w) => stopWorker(w, err === undefined))).then(settle, settle);
    };
    const fail = (e: unknown) => finish(e);
    const feed = (w: Worker) => {
      while ((outstanding.get(w) ?? 0) < 2 * batch && next < total) {
        const list = jobs.slice(next, next + batch);
        next += list.length;
        outstanding.set(w, (outstanding.get(w) ?? 0) + list.length);
        w.postMessage({ jobs: list });
      }
    };
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      report(opts, 0, total);
    } catch (e) {
      return fail(e);
    }
    for (let i = 0; i < nWorkers; i++) {
      const w = startWorker(ctx);
      workers.push(w);
      outstanding.set(w, 0);
      w.on("message", (m: FromWorker) => {
        if (settled) return;
        if (m.kind === "error") {
          const e = new Error(m.message);
          e.name = m.name;
          if (m.stack) e.stack = m.stack;
          return fail(wrapRunError(e, describe(m.index)));
        }
        out[m.index] = m.metrics;
        outstanding.set(w, (outstanding.get(w) ?? 1) - 1);
        done++;
        try {
          report(opts, done, total);
        } catch (e) {
          return fail(e);
        }
        if (done === total) return finish(undefined, out);
        feed(w);
      });
      w.on("error", (e) => fail(new Error(`grid worker failed: ${e.message}`, { cause: e })));
      w.on("exit", (code) => {
        if (!settled) fail(new Error(`grid worker exited with code ${code} before the grid was done`));
      });
      feed(w);
    }
  });
}

/**
 * Stops a grid worker and resolves once its thread has exited: gracefully (it closes its port when asked, and exits
 * once its event loop is empty), or at once with terminate(). A graceful stop that takes over 10 s is terminated.
 */
function stopWorker(w: Worker, graceful: boolean): Promise<void> {
  return new Promise<void>((done) => {
    let timer: NodeJS.Timeout | undefined;
    w.once("exit", () => {
      if (timer) clearTimeout(timer);
      done();
    });
    if (!graceful) {
      void w.terminate();
      return;
    }
    w.postMessage({ close: true } satisfies ToWorker);
    timer = setTimeout(() => void w.terminate(), 10_000);
    timer.unref();
  });
}

// ---- the table ----

/** Linear interpolation between order statistics (numpy's default): sorted ascending, q in [0, 1]. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error("quantile of nothing");
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** 95 % Wilson score interval for k successes in n trials. */
export function wilson95(k: number, n: number): [number, number] {
  const z = 1.959963984540054;
  const p = k / n;
  const z2n = (z * z) / n;
  const center = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  return [Math.max(0, center - half), Math.min(1, center + half)];
}

function runColumns(ms: RunMetrics[]): Record<string, unknown[]> {
  return {
    peak_rss_bytes: ms.map((m) => m.peakRssBytes),
    gc_cycles: ms.map((m) => m.gcCycles),
    gc_cpu_fraction: ms.map((m) => m.gcCpuFraction),
    max_pause_s: ms.map((m) => m.maxPauseNs / 1e9),
    oom_killed_at_s: ms.map((m) => (m.oomKilledAtNs === null ? null : m.oomKilledAtNs / 1e9)),
    peak_heap_bytes: ms.map((m) => m.peakHeapBytes),
    peak_heap_in_use_bytes: ms.map((m) => m.peakHeapInUseBytes),
    final_heap_goal_bytes: ms.map((m) => m.finalHeapGoalBytes),
    simulated_s: ms.map((m) => m.simulatedNs / 1e9),
  };
}

function buildTable(axes: ParsedAxis[], combos: Combination[], metrics: RunMetrics[], seeds: number | undefined, perRun: boolean): Table {
  const n = seeds ?? 1;
  const cols: Record<string, unknown[]> = {};
  if (perRun || seeds === undefined) {
    axes.forEach((a, j) => (cols[a.key] = metrics.map((_, i) => a.values[combos[Math.floor(i / n)].at[j]])));
    if (perRun) {
      cols.run = metrics.map((_, i) => i % n);
      cols.seed = metrics.map((m) => m.seed);
    }
    Object.assign(cols, runColumns(metrics));
    return aq.table(cols);
  }
  axes.forEach((a, j) => (cols[a.key] = combos.map((c) => a.values[c.at[j]])));
  const groups = combos.map((_, ci) => metrics.slice(ci * n, ci * n + n));
  const sorted = (f: (m: RunMetrics) => number) => groups.map((g) => g.map(f).sort((a, b) => a - b));
  const rss = sorted((m) => m.peakRssBytes);
  const heap = sorted((m) => m.peakHeapBytes);
  const cycles = sorted((m) => m.gcCycles);
  const cpu = sorted((m) => m.gcCpuFraction);
  const pause = sorted((m) => m.maxPauseNs / 1e9);
  const ooms = groups.map((g) => g.filter((m) => m.oomKilledAtNs !== null).map((m) => (m.oomKilledAtNs as number) / 1e9).sort((a, b) => a - b));
  const ci = ooms.map((o) => wilson95(o.length, n));
  Object.assign(cols, {
    runs: groups.map((g) => g.length),
    oom_probability: ooms.map((o) => o.length / n),
    oom_probability_ci95_low: ci.map((c) => c[0]),
    oom_probability_ci95_high: ci.map((c) => c[1]),
    oom_killed_at_s_p50: ooms.map((o) => (o.length === 0 ? null : quantile(o, 0.5))),
    peak_rss_bytes_min: rss.map((s) => s[0]),
    peak_rss_bytes_p50: rss.map((s) => quantile(s, 0.5)),
    peak_rss_bytes_p90: rss.map((s) => quantile(s, 0.9)),
    peak_rss_bytes_p99: rss.map((s) => quantile(s, 0.99)),
    peak_rss_bytes_max: rss.map((s) => s[s.length - 1]),
    peak_heap_bytes_p50: heap.map((s) => quantile(s, 0.5)),
    peak_heap_bytes_p99: heap.map((s) => quantile(s, 0.99)),
    gc_cycles_p50: cycles.map((s) => quantile(s, 0.5)),
    gc_cpu_fraction_p50: cpu.map((s) => quantile(s, 0.5)),
    gc_cpu_fraction_p90: cpu.map((s) => quantile(s, 0.9)),
    max_pause_s_max: pause.map((s) => s[s.length - 1]),
  });
  return aq.table(cols);
}

// ---- text ----

/**
 * A grid table as aligned text for a terminal: bytes in binary units, fractions and probabilities in percent, times in
 * seconds, null as "-". The table itself (CSV, JSON) keeps the raw numbers.
 */
export function formatGridTable(table: Table): string {
  const names = table.columnNames();
  const rows = table.objects() as Record<string, unknown>[];
  const cell = (name: string, v: unknown): string => {
    if (v === null || v === undefined) return "-";
    if (typeof v !== "number") return String(v);
    if (/_bytes(_|$)/.test(name)) return formatBytes(v);
    if (/fraction|probability/.test(name)) return `${(v * 100).toFixed(2)}%`;
    if (name.startsWith("max_pause_s")) return `${(v * 1e3).toFixed(3)}ms`;
    if (/_s(_|$)/.test(name)) return `${+v.toFixed(3)}s`;
    return String(+v.toFixed(3));
  };
  const header = names;
  const body = rows.map((r) => names.map((n) => cell(n, r[n])));
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((b) => b[j].length)));
  const numeric = names.map((n) => rows.every((r) => r[n] === null || typeof r[n] === "number"));
  const line = (cells: string[]) => cells.map((c, j) => (numeric[j] ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join("  ").trimEnd();
  return [line(header), ...body.map(line)].join("\n") + "\n";
}
