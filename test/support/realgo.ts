// Loader of the real-Go calibration corpora for fidelity tests: the external harness's go1.19.8 runs
// (/work/shared/calibration/real-go/README.md) in test/fixtures/real-go/{workloads/<name>.json,
// runs/<name>/rep1|rep2/…},
// and this project's re-recordings per Go version in test/fixtures/real-go/<go version>/<name>/rep1|rep2/….
//
// Per run: gctrace.txt (GODEBUG=gctrace=1,scavtrace=1 stderr), result.json (runner summary; note that its
// samples_summary keys are flat, e.g. "final./gc/heap/goal:bytes"), samples.jsonl.gz (one JSON object every 50 ms;
// in an OOM-killed run at most the last line may be cut), summary.json (absent for OOM-killed runs; not read here).

import * as fs from "fs";
import * as path from "path";
import { gunzipSync } from "zlib";
import { parseGctrace, type GctraceCycle } from "../../lib/results/importers/gctrace";

/** Root of the copied corpus. */
export const REAL_GO_DIR = path.join(__dirname, "../fixtures/real-go");

const MiB = 1 << 20;

/** One 50 ms sample of a real run, the fields fidelity tests compare. */
export interface Sample {
  /** Seconds since loadgen start (the workload's time origin). */
  t: number;
  /** The same instant in seconds since Go runtime init (≈ gctrace's `@` time base). */
  tRt: number;
  /** Index of the active workload phase. */
  phase: number;
  /** ms.HeapInuse: bytes in in-use heap spans (excludes stacks). */
  heapInUse: number;
  /** /gc/heap/goal:bytes. */
  heapGoal: number;
  /** proc.rss_bytes (/proc/self/statm resident × 4096). */
  rss: number;
  /** /sched/goroutines:goroutines. */
  goroutines: number;
  /** /memory/classes/heap/stacks:bytes. */
  stacks: number;
  /** /gc/limiter/last-enabled:gc-cycle (0 = the GC CPU limiter was never on). */
  limiterLastEnabled: number;
}

/** One recorded run (one rep directory) of a workload. */
export interface RealRun {
  workload: string;
  /** Repetition number (1 for rep1, …). */
  rep: number;
  /** Absolute path of the rep directory. */
  dir: string;
  /** Number of gc lines in gctrace.txt (for OOM runs: completed cycles before the kill). */
  gcCycles: number;
  /** The parsed gctrace. */
  gctrace: GctraceCycle[];
  /** max over cycles of gctrace H1 (heap at mark termination) in bytes = MiB·2^20: truncated to whole MiB. */
  peakHeapEndBytes: number;
  /** result.json samples_summary.peak_heap_inuse_bytes (max ms.HeapInuse over samples). */
  peakHeapInUseBytes: number;
  /** result.json samples_summary.peak_rss_bytes. */
  peakRssBytes: number;
  /** /gc/heap/goal:bytes in the last sample (result.json samples_summary "final./gc/heap/goal:bytes"). */
  finalHeapGoalBytes: number;
  /** result.json exit.oom_killed. */
  oomKilled: boolean;
  /** result.json time_to_oom_s: wall time from exec to the OOM kill, or null. */
  timeToOomSeconds: number | null;
  /** /gc/limiter/last-enabled:gc-cycle in the last sample. */
  limiterLastEnabled: number;
  /**
   * t of the first sample with /gc/limiter/last-enabled:gc-cycle > 0 (samples_summary.limiter_first_seen_t), or null.
   */
  limiterFirstOnSeconds: number | null;
  /** result.json duration_s: the requested run length (the workload's duration_s), even for OOM-killed runs. */
  durationSeconds: number;
  /** result.json wall_s: measured wall time from start to exit (or kill). */
  wallSeconds: number;
  /** The whole result.json, for fields not lifted above. */
  result: JsonObject;
  /** The samples, read from samples.jsonl.gz on first call and cached. */
  samples(): Sample[];
}

/** A workload JSON (workloads/<name>.json): the schema in the corpus README; only the common fields are typed. */
export interface RealWorkload {
  name: string;
  description?: string;
  duration_s: number;
  env?: { GOGC?: string; GOMEMLIMIT?: string; GOMAXPROCS?: number; GODEBUG?: string };
  cgroup?: { memory_limit_bytes?: number; cpu_cores?: number; cpu_period_us?: number };
  phases: Array<{ name?: string; start_s: number; [section: string]: unknown }>;
  [field: string]: unknown;
}

export type JsonObject = { [key: string]: unknown };

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
}

/** obj[key] as an object; throws naming the file and key otherwise. */
function objectField(obj: JsonObject, key: string, where: string): JsonObject {
  const v = obj[key];
  if (!isObject(v)) throw new Error(`${where}: expected an object at "${key}"`);
  return v;
}

/** obj[key] as a finite number; throws naming the file and key otherwise. */
function numberField(obj: JsonObject, key: string, where: string): number {
  const v = obj[key];
  if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${where}: expected a number at "${key}"`);
  return v;
}

/** obj[key] as a number, or null when absent or null. */
function optionalNumberField(obj: JsonObject, key: string, where: string): number | null {
  if (obj[key] === undefined || obj[key] === null) return null;
  return numberField(obj, key, where);
}

/** Names of all workloads (workloads/*.json without the extension), sorted. */
export function listWorkloads(): string[] {
  return fs
    .readdirSync(path.join(REAL_GO_DIR, "workloads"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();
}

/** The parsed workloads/<name>.json. */
export function loadWorkload(name: string): RealWorkload {
  const file = path.join(REAL_GO_DIR, "workloads", `${name}.json`);
  if (!fs.existsSync(file)) throw new Error(`real-go corpus: no workload "${name}" (${file})`);
  const w = readJson(file);
  if (!isObject(w) || typeof w.name !== "string" || !Array.isArray(w.phases)) {
    throw new Error(`${file}: not a workload JSON`);
  }
  return w as RealWorkload;
}

/** Parse one samples.jsonl line into a Sample. */
function toSample(raw: JsonObject, where: string): Sample {
  return {
    t: numberField(raw, "t", where),
    tRt: numberField(raw, "t_rt", where),
    phase: numberField(raw, "phase", where),
    heapInUse: numberField(raw, "ms.HeapInuse", where),
    heapGoal: numberField(raw, "/gc/heap/goal:bytes", where),
    rss: numberField(raw, "proc.rss_bytes", where),
    goroutines: numberField(raw, "/sched/goroutines:goroutines", where),
    stacks: numberField(raw, "/memory/classes/heap/stacks:bytes", where),
    limiterLastEnabled: numberField(raw, "/gc/limiter/last-enabled:gc-cycle", where),
  };
}

/**
 * Read samples.jsonl.gz. A malformed final line (cut by a SIGKILL) is dropped; a malformed line anywhere else throws.
 */
export function readSamples(file: string): Sample[] {
  const lines = gunzipSync(fs.readFileSync(file)).toString("utf8").split("\n");
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
  const samples: Sample[] = [];
  lines.forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      if (i === lines.length - 1) return; // the line a SIGKILL cut
      throw new Error(`${where}: malformed sample line`);
    }
    if (!isObject(raw)) throw new Error(`${where}: sample is not an object`);
    samples.push(toSample(raw, where));
  });
  return samples;
}

/**
 * The corpora under REAL_GO_DIR: "runs" is the external harness's (go1.19.8, /work/shared/calibration/real-go);
 * "go1.19.8", "go1.26.8", … are this project's re-recordings (`npm run record -- --go V`), laid out the same way:
 * <corpus>/<workload>/rep<N>/{gctrace.txt, result.json, samples.jsonl.gz, plan.json, …}.
 */
export const HARNESS_CORPUS = "runs";

/** The re-recorded corpora present (directories named go*), sorted. */
export function listCorpora(): string[] {
  return fs
    .readdirSync(REAL_GO_DIR)
    .filter((d) => /^go\d/.test(d) && fs.statSync(path.join(REAL_GO_DIR, d)).isDirectory())
    .sort();
}

/** Load one rep directory. */
function loadRun(workload: string, repDir: string, corpus = HARNESS_CORPUS): RealRun {
  const dir = path.resolve(REAL_GO_DIR, corpus, workload, repDir);
  const resultFile = path.join(dir, "result.json");
  const result = readJson(resultFile);
  if (!isObject(result)) throw new Error(`${resultFile}: not an object`);
  const summary = objectField(result, "samples_summary", resultFile);
  const exit = objectField(result, "exit", resultFile);
  const gctrace = parseGctrace(fs.readFileSync(path.join(dir, "gctrace.txt"), "utf8"));
  const peakHeapEndMiB = gctrace.reduce((max, c) => Math.max(max, c.heapEndMiB), 0);
  let cachedSamples: Sample[] | undefined;
  return {
    workload,
    rep: Number(repDir.replace(/^rep/, "")),
    dir,
    gcCycles: gctrace.length,
    gctrace,
    peakHeapEndBytes: peakHeapEndMiB * MiB,
    peakHeapInUseBytes: numberField(summary, "peak_heap_inuse_bytes", resultFile),
    peakRssBytes: numberField(summary, "peak_rss_bytes", resultFile),
    finalHeapGoalBytes: numberField(summary, "final./gc/heap/goal:bytes", resultFile),
    oomKilled: exit.oom_killed === true,
    timeToOomSeconds: optionalNumberField(result, "time_to_oom_s", resultFile),
    limiterLastEnabled: numberField(summary, "final./gc/limiter/last-enabled:gc-cycle", resultFile),
    limiterFirstOnSeconds: optionalNumberField(summary, "limiter_first_seen_t", resultFile),
    durationSeconds: numberField(result, "duration_s", resultFile),
    wallSeconds: numberField(result, "wall_s", resultFile),
    result,
    samples(): Sample[] {
      cachedSamples ??= readSamples(path.join(dir, "samples.jsonl.gz"));
      return cachedSamples;
    },
  };
}

/**
 * All recorded runs of a workload in a corpus (default the harness's), one per rep directory, ordered by rep number.
 */
export function loadRealRuns(workload: string, corpus = HARNESS_CORPUS): RealRun[] {
  const runsDir = path.resolve(REAL_GO_DIR, corpus, workload);
  if (!fs.existsSync(runsDir)) throw new Error(`real-go corpus: no runs for workload "${workload}" (${runsDir})`);
  return fs
    .readdirSync(runsDir)
    .filter((d) => /^rep\d+$/.test(d) && fs.existsSync(path.join(runsDir, d, "result.json")))
    .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)))
    .map((d) => loadRun(workload, d, corpus));
}
