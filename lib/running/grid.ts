// Parameter grids: a base scenario (or plan) run once per combination of axis values — and, with `seeds`, many times
// per combination — on worker threads across all cores, summarized in one arquero table.
//
// const t = await grid(base, { "go.GOGC": [50, 100, 200, "off"], "go.GOMEMLIMIT": ["300MiB", "400MiB"] }, { seeds: 100
// });
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
import { formatDurationNs } from "../authoring/units";
import { OUTPUTS, columnUnit, formatValue, tableFields } from "../results/outputs";
import type { GoVersionName } from "../../kernel/plan";
import { normalizeNoise, NoiseOptions, NormalizedNoise } from "./noise";
import { checkPlanBudget } from "./budget";
import {
  AXIS_KEYS,
  AxisKey,
  applySettings,
  runJob,
  runPlan,
  RunJob,
  RunMetrics,
  Setting,
  GridContext,
} from "./grid-run";
import type { FromWorker, ToWorker } from "./grid-worker";
import { RunawayScenarioError } from "../../kernel/runtime";
import type { EventPlan, NormalizedScenario } from "../../kernel/plan";
import type { Table } from "../results/tables";

export { AXIS_KEYS, runSeed } from "./grid-run";
export type { AxisKey } from "./grid-run";

/**
 * Axis values as a user writes them, by axis path: `{ "go.GOGC": [50, 100, "off"], "container.memory": ["512MiB"] }`.
 */
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
 * Axes (`AXIS_KEYS`): "go.version" ("1.19", "1.26", "1.27"), "go.GOGC", "go.GOMEMLIMIT", "go.GOMAXPROCS",
 * "container.memory", "container.cpus", "duration",
 * "seed", "sampleEvery", "globals", "markJitter", with values written as in `scenario(...)` settings ("off",
 * "300MiB", "10m"...) and checked by the same rules; container axes also take "none" (or null) for no limit. A bad
 * value throws ScenarioError naming it, e.g. `grid["go.GOGC"][2]: expected a whole percentage like 100, or "off", got
 * "fast"`. An axis sets the value the process starts with: it replaces the scenario's setting, and a `go`/`container`
 * call at t = 0 that sets the same field gives way to the axis; later calls (`.at("20s", ...)`) still happen.
 *
 * Columns, one per axis first (named by the axis path, holding the user's value), then:
 * - without `seeds` (one run per combination, seeded as `run()` would be; the row equals `run(gridPlan(...)).summary`):
 *   the summary's table columns, as summaryTable names them (lib/results/outputs.ts: `simulated_s, gc_cycles,
 *   peak_heap_bytes, ..., peak_rss_bytes, gc_cpu_fraction, pause_p50_s, pause_p99_s, max_pause_s, ...,
 *   oom_killed_at_s`; null where the summary has none);
 * - with `perRun`: `run, seed`, then the columns above, one row per run;
 * - with `seeds: N` (statistics over the N runs of each combination, an arquero rollup):
 *   `runs`; `oom_probability` (share of runs OOM-killed) with its 95 % Wilson score interval
 *   `oom_probability_ci95_low, oom_probability_ci95_high`; `oom_killed_at_s_p50` (median kill time of the killed runs,
 *   null if none); then each field's statistics as the catalogue lists them (`<column>_min`, `_p50`, `_p90`, `_p99`,
 *   `_max`: `gc_cycles_p50`, `peak_heap_bytes_p50`, `peak_rss_bytes_min` ... `_max`, `gc_cpu_fraction_p90`,
 *   `pause_p99_s_p99`, `max_pause_s_max`, ...).
 *   Percentiles interpolate linearly between order statistics (numpy's default, "type 7"), so p50 ≤ p90 ≤ p99.
 * No value is NaN or infinite.
 */
export async function grid(
  base: Scenario | EventPlan,
  axes: GridAxes | Record<string, readonly unknown[]>,
  options: GridOptions = {},
): Promise<Table> {
  const opts = checkOptions(options);
  const plan = basePlan(base);
  const parsed = parseAxes(axes, plan);
  const combos = product(parsed);
  const seeds = opts.seeds ?? 1;
  const total = combos.length * seeds;
  if (total > MAX_GRID_RUNS) {
    throw new ScenarioError(
      "grid",
      `${combos.length} combinations × ${seeds} seeds`,
      `at most ${MAX_GRID_RUNS.toLocaleString("en-US")} runs`,
    );
  }
  const ctx: GridContext = {
    base: plan,
    noise: opts.noise,
    maxEvents: opts.maxEvents,
    baseDefaultSampleEveryNs: defaultSampleEveryNs(plan.scenario.durationNs),
  };
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
    const phase: RunOptions = {
      signal: opts.signal,
      onProgress: opts.onProgress && ((done) => opts.onProgress?.(offset + done, total)),
    };
    const n = Math.min(workers, list.length);
    return n <= 1 ? runInProcess(ctx, list, phase, describeJob) : runOnWorkers(ctx, list, n, phase, describeJob);
  };
  // Every combination through the kernel. (Runs that differ only in a container memory above their peak RSS used to
  // share one run; since the kernel splits its steps where RSS could reach the limit (runtime.ts: earliestOomNs), a
  // limit changes a run it never kills in the last bits — 50 of 180 rows of a 60-seed grid differed — so no run is
  // taken for another's.)
  const metrics = await runAll(jobs, 0);
  return buildTable(parsed, combos, metrics, opts.seeds, opts.perRun ?? false);
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
  if (!Number.isInteger(run) || run < 0 || run >= MAX_SEEDS)
    throw new ScenarioError("gridPlan.run", run, `a run number from 0 to ${MAX_SEEDS - 1}`);
  return runPlan(
    plan,
    list,
    run,
    normalizeNoise(options.noise, "gridPlan.noise"),
    defaultSampleEveryNs(plan.scenario.durationNs),
  );
}

// ---- inputs ----

function basePlan(base: Scenario | EventPlan): EventPlan {
  if (base instanceof Scenario) return compile(base);
  return structuredClone(validatePlan(base, "grid.base"));
}

function checkOptions(o: GridOptions): Omit<GridOptions, "noise"> & { noise: NormalizedNoise | null } {
  if (o === null || typeof o !== "object") throw new ScenarioError("grid.options", o, "{ seeds: 100, workers: 2 }");
  const allowed = ["seeds", "workers", "onProgress", "noise", "perRun", "maxEvents", "signal"];
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k))
      throw new ScenarioError(
        `grid.options.${k}`,
        (o as Record<string, unknown>)[k],
        `one of the fields ${allowed.join(", ")}`,
        "unknown field",
      );
  }
  const whole = (v: unknown, name: string, min: number, max: number) => {
    if (v === undefined) return;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      throw new ScenarioError(
        `grid.options.${name}`,
        v,
        `a whole number from ${min} to ${max.toLocaleString("en-US")}`,
      );
    }
  };
  whole(o.seeds, "seeds", 1, MAX_SEEDS);
  whole(o.workers, "workers", 1, MAX_WORKERS);
  whole(o.maxEvents, "maxEvents", 1, Number.MAX_SAFE_INTEGER);
  if (o.onProgress !== undefined && typeof o.onProgress !== "function")
    throw new ScenarioError("grid.options.onProgress", o.onProgress, "a function (done, total) => ...");
  if (o.perRun !== undefined && typeof o.perRun !== "boolean")
    throw new ScenarioError("grid.options.perRun", o.perRun, "true or false");
  return { ...o, noise: normalizeNoise(o.noise, "grid.options.noise") };
}

function axisKey(key: string, path: string): AxisKey {
  if (!(AXIS_KEYS as readonly string[]).includes(key))
    throw new ScenarioError(path, key, `one of the axes ${AXIS_KEYS.join(", ")}`, "unknown axis");
  return key as AxisKey;
}

function parseAxes(axes: Record<string, readonly unknown[]>, plan: EventPlan): ParsedAxis[] {
  if (axes === null || typeof axes !== "object" || Array.isArray(axes)) {
    throw new ScenarioError(
      "grid.axes",
      axes,
      '{ "go.GOGC": [50, 100, "off"], "container.memory": ["512MiB", "1GiB"] }',
    );
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
  if (value === undefined || value === null)
    throw new ScenarioError(path, value, "a value (an axis lists the values to try)");
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
      throw new ScenarioError(
        path,
        value,
        `a duration of at least ${formatDurationNs(rampEnd)} (a ramp of the scenario ends there)`,
      );
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
    if (out.length > MAX_GRID_RUNS)
      throw new ScenarioError(
        "grid",
        `more than ${MAX_GRID_RUNS} combinations`,
        `at most ${MAX_GRID_RUNS.toLocaleString("en-US")} runs`,
      );
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
  if (err instanceof RunawayScenarioError || err?.name === "RunawayScenarioError")
    return new RunawayScenarioError(message);
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

async function runInProcess(
  ctx: GridContext,
  jobs: RunJob[],
  opts: RunOptions,
  describe: (i: number) => string,
): Promise<RunMetrics[]> {
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
 * The worker thread: the compiled worker next to this file (dist/lib/running/grid-worker.js) when running compiled;
 * under ts-node or jest (this file is .ts) the TypeScript worker through ts-node, so workers run the same source as the
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

function runOnWorkers(
  ctx: GridContext,
  jobs: RunJob[],
  nWorkers: number,
  opts: RunOptions,
  describe: (i: number) => string,
): Promise<RunMetrics[]> {
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
    // eslint-disable-next-line prefer-const -- assigned below, after the exit handler that clears it
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

/** 95 % Wilson score interval for k successes in n trials. */
export function wilson95(k: number, n: number): [number, number] {
  const z = 1.959963984540054;
  const p = k / n;
  const z2n = (z * z) / n;
  const center = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  return [Math.max(0, center - half), Math.min(1, center + half)];
}

/** The catalogue's table columns of each run (summaryTable's columns, in the same order). */
function runColumns(ms: RunMetrics[]): Record<string, unknown[]> {
  const cols: Record<string, unknown[]> = {};
  for (const f of tableFields()) cols[f.column as string] = ms.map((m) => m.summary[f.key]);
  return cols;
}

/** A rollup's missing value (a statistic of no valid value: arquero gives undefined) as null. */
const nullish = (v: unknown) => (v === undefined ? null : v);

function buildTable(
  axes: ParsedAxis[],
  combos: Combination[],
  metrics: RunMetrics[],
  seeds: number | undefined,
  perRun: boolean,
): Table {
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
  // Statistics over the runs of each combination: an arquero rollup per combination (quantiles interpolate linearly
  // between order statistics; a statistic of a column that is null in every run, e.g. no kill, is null).
  const runs = aq.table({ combination: metrics.map((_, i) => Math.floor(i / n)), ...runColumns(metrics) });
  const exprs: Record<string, string> = {
    runs: "op.count()",
    killed: "op.valid(d.oom_killed_at_s)",
    oom_killed_at_s_p50: "op.median(d.oom_killed_at_s)",
  };
  for (const f of tableFields()) {
    for (const stat of f.seeds ?? []) {
      const c = `d[${JSON.stringify(f.column)}]`;
      exprs[`${f.column}_${stat}`] =
        stat === "min"
          ? `op.min(${c})`
          : stat === "max"
            ? `op.max(${c})`
            : `op.quantile(${c}, ${Number(stat.slice(1)) / 100})`;
    }
  }
  const stats = runs.groupby("combination").rollup(exprs).orderby("combination");
  const col = (name: string) => Array.from(stats.array(name) as ArrayLike<unknown>, nullish);
  const killed = col("killed") as number[];
  const ci = killed.map((k) => wilson95(k, n));
  axes.forEach((a, j) => (cols[a.key] = combos.map((c) => a.values[c.at[j]])));
  cols.runs = col("runs");
  cols.oom_probability = killed.map((k) => k / n);
  cols.oom_probability_ci95_low = ci.map((c) => c[0]);
  cols.oom_probability_ci95_high = ci.map((c) => c[1]);
  cols.oom_killed_at_s_p50 = col("oom_killed_at_s_p50");
  for (const name of Object.keys(exprs)) if (!(name in cols) && name !== "killed") cols[name] = col(name);
  return aq.table(cols);
}

// ---- text ----

/** Whether a column is one `heapcast grid` prints as text: an axis, run and seed, the OOM odds, or a brief field's. */
function briefColumn(name: string): boolean {
  if (columnUnit(name) === null || /^oom_probability(_ci95_high)?$/.test(name) || name === "oom_killed_at_s_p50")
    return true;
  return OUTPUTS.some((f) => f.brief && f.column !== null && (name === f.column || name.startsWith(f.column + "_")));
}

/**
 * A grid table as aligned text for a terminal, each value written by its unit in the outputs catalogue (bytes in
 * binary units, fractions and probabilities in percent, durations as h/m/s, null as "none"). By default only the axes
 * and the brief columns (peak RSS, GC cycles and CPU, p99 pause, the OOM kill), with a last line counting the others;
 * `all` prints every column. The table itself (CSV, JSON) keeps the raw numbers.
 */
export function formatGridTable(table: Table, options: { all?: boolean } = {}): string {
  const names = table.columnNames().filter((n) => options.all || briefColumn(n));
  const hidden = table.numCols() - names.length;
  const rows = table.objects() as Record<string, unknown>[];
  const cell = (name: string, v: unknown): string => {
    if (typeof v !== "number") return v === null || v === undefined ? "none" : String(v);
    const unit = columnUnit(name);
    // An instant in a column named after it reads as a duration since the start ("7m2.116s").
    return unit === null ? String(+v.toFixed(3)) : formatValue(unit === "instant" ? "duration" : unit, v);
  };
  const header = names;
  const body = rows.map((r) => names.map((n) => cell(n, r[n])));
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((b) => b[j].length)));
  const numeric = names.map((n) => rows.every((r) => r[n] === null || typeof r[n] === "number"));
  const line = (cells: string[]) =>
    cells
      .map((c, j) => (numeric[j] ? c.padStart(widths[j]) : c.padEnd(widths[j])))
      .join("  ")
      .trimEnd();
  const more =
    hidden > 0
      ? [
          `(${hidden} more column${hidden === 1 ? "" : "s"} in --csv FILE or --json: ${table
            .columnNames()
            .filter((n) => !names.includes(n))
            .join(", ")})`,
        ]
      : [];
  return [line(header), ...body.map(line), ...more].join("\n") + "\n";
}
