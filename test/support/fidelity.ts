// Sim vs real for the calibration workloads: each scenarios/calibration/<workload>.ts against both recorded reps of
// test/fixtures/real-go/runs/<workload>. Used by the fidelity tests and by `npm run fidelity`.

import * as path from "node:path";
import * as fs from "node:fs";
import { loadPlan } from "../../lib/cli/heapcast";
import { run } from "../../lib/running/run";
import type { RunResult } from "../../lib/results/result";
import { HARNESS_CORPUS, REAL_GO_DIR, loadRealRuns, RealRun } from "./realgo";
import type { GoVersionName } from "../../kernel/plan";

export const CALIBRATION_DIR = path.join(__dirname, "../../scenarios/calibration");
const MiB = 2 ** 20;

/**
 * The model is stochastic (each cycle's mark speed is drawn: markJitter), and so is a real run: one simulated run is
 * one draw, like each real rep. Each workload is therefore run with FIDELITY_SEEDS consecutive seeds from the
 * scenario's own, and the sim side of every metric is the median over them (the range is shown beside it).
 */
export const FIDELITY_SEEDS = 9;

export interface Metric {
  /** Median over the seeds (null: no OOM kill in most of them). */
  sim: number | null;
  /** Smallest and largest over the seeds (OOM time: over the seeds that were killed; null if none). */
  simRange: [number, number] | null;
  real: (number | null)[];
}

export interface Comparison {
  workload: string;
  /** The Go version simulated and recorded. */
  goVersion: GoVersionName;
  /** The run with the scenario's own seed (charts). */
  result: RunResult;
  /** Seeds run, and in how many of them the GC CPU limiter switched on. */
  seeds: number;
  limiterOnRuns: number;
  reps: RealRun[];
  gcCycles: Metric;
  peakHeap: Metric;
  peakHeapInUse: Metric;
  peakRss: Metric;
  timeToOom: Metric;
}

/** What the fidelity rules read of a comparison (toleranceMisses): the model's run or another recording's reps. */
export type Judged = Pick<
  Comparison,
  "workload" | "seeds" | "limiterOnRuns" | "reps" | "gcCycles" | "peakHeapInUse" | "peakRss" | "timeToOom"
>;

/**
 * One recording held to another with the fidelity rules, as the model is (toleranceMisses): recording `a`'s reps
 * take the seeds' place, each metric at their mean (OOM time: the mean when every rep was killed, else the lower
 * median, "no kill" ranking above every time, as seedMetric does), the limiter's state over them against `b`'s.
 * Corpora are folders under test/fixtures/real-go (HARNESS_CORPUS, go1.26.8, session-2026-12-07/go1.26.8, …).
 */
export function recordingAgainstRecording(workload: string, a: string, b: string): Judged {
  const A = loadRealRuns(workload, a);
  const B = loadRealRuns(workload, b);
  if (A.length === 0 || B.length === 0)
    throw new Error(`recordingAgainstRecording: ${workload} has no reps in ${A.length === 0 ? a : b}`);
  const center = (f: (r: RealRun) => number | null): Metric => {
    const values = A.map(f);
    const present = values.filter((v): v is number => v !== null);
    const m = seedMetric(values, B.map(f));
    return present.length === values.length ? { ...m, sim: present.reduce((x, y) => x + y, 0) / present.length } : m;
  };
  return {
    workload,
    seeds: A.length,
    limiterOnRuns: A.filter((r) => r.limiterFirstOnSeconds !== null).length,
    reps: B,
    gcCycles: center((r) => r.gcCycles),
    peakHeapInUse: center((r) => r.peakHeapInUseBytes),
    peakRss: center((r) => r.peakRssBytes),
    timeToOom: center((r) => r.timeToOomSeconds),
  };
}

/** Whether Go `go`'s corpus has runs of `workload`. */
export function hasCorpus(workload: string, go: GoVersionName): boolean {
  return fs.existsSync(path.join(REAL_GO_DIR, CORPUS[go], workload));
}

export function calibrationScenarios(dir = CALIBRATION_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => f.slice(0, -3))
    .sort();
}

/**
 * The real corpus each Go version is held to: Go 1.19 to the external harness's go1.19.8 runs
 * (test/fixtures/real-go/runs,
 * what the model was first calibrated on), the newer versions to this project's recordings with that toolchain
 * (test/fixtures/real-go/go1.NN.M, recorded by `npm run record` with the plan's GOMAXPROCS and a go line of the
 * toolchain's own version).
 */
export const CORPUS: Record<GoVersionName, string> = { "1.19": HARNESS_CORPUS, "1.26": "go1.26.8", "1.27": "go1.27.4" };

/**
 * Sim vs real for one calibration workload under Go `go` (default: the version the scenario names): the scenario
 * is run as written but for its go.version (and go.mod line), set to `go`, against that version's corpus.
 */
/**
 * Workloads written for what changed after Go 1.19 (issue 14: headers, Green Tea, the scavenger's memory-limit goal,
 * cons/mark bursts), recorded with Go 1.26.8 only: scenarios/calibration-go1.26, test/fixtures/real-go/new-workloads.
 */
export const GO126_WORKLOADS_DIR = path.join(__dirname, "../../scenarios/calibration-go1.26");
export const GO126_WORKLOADS_CORPUS = "new-workloads/go1.26.8";

/** The toolchain each version was recorded with in a session that recorded all of them (a folder of the session). */
const SESSION_TOOLCHAIN: Record<GoVersionName, string> = { "1.19": "go1.19.8", "1.26": "go1.26.8", "1.27": "go1.27.4" };
function sessionCorpora(session: string): Record<GoVersionName, string> {
  const out = {} as Record<GoVersionName, string>;
  for (const [v, toolchain] of Object.entries(SESSION_TOOLCHAIN)) out[v as GoVersionName] = `${session}/${toolchain}`;
  return out;
}

/** The 21 calibration workloads recorded with Go 1.19.8, 1.26.8 and 1.27.4 in one session (its README says how). */
export const SESSION = "session-2026-12-07";
export const SESSION_CORPUS = sessionCorpora(SESSION);
/**
 * The same, recorded again an hour later (01:26–02:01) with the load generator that writes every page of every object
 * (lib/running/real/loadgen/alloc.go: touch); the corpora before it wrote each object from its start only.
 */
export const SESSION_B = "session-2026-12-07b";
export const SESSION_B_CORPUS = sessionCorpora(SESSION_B);

/**
 * The speed at which the machine a corpus was recorded on marks, relative to the machine the model's mark throughput
 * was fitted on (the external harness's, test/fixtures/real-go/runs: constants.ts SCAN_BYTES_PER_CPU_SECOND), handed
 * to the kernel as KernelOptions.markSpeed: the model simulates the version on the machine of the recording. Every
 * corpus but runs/ was recorded on this project's VM, whose mark speed moves between sessions. Measured as scan rates
 * (test/support/markspeed.ts: scan work per mark CPU-ms, gctrace) of the same Go version, median over the workloads
 * both hold (test/versions/mark-speed.test.ts):
 * - go1.19.8 (Go 1.19.8, 10:12–10:41): 1 / 1.265 of runs' (19 workloads, [1.05–1.46]), so 0.79;
 * - same-session/go1.19.8 (Go 1.19.8, 11:37–13:33): 1 / 1.30 (the harness binary itself: 1 / 1.32, [1.02–1.57]);
 * - same-session-versions (Go 1.19.8, 1.26.8, 1.27.4 interleaved in three quiet windows, 14:57–15:13): Go 1.19.8 at
 *   1 / 1.017 of runs' (4 workloads, [1.00–1.41]): that session's machine is the calibration machine, within 2 %;
 * - go1.26.8 (09:24–09:35): 0.981 of same-session-versions' Go 1.26.8 (4 workloads [0.97–1.00]), so 0.96;
 * - go1.27.4 (10:30–10:44): 0.826 of same-session-versions' Go 1.27.4 (4 workloads [0.70–0.90]), so 0.81;
 * - new-workloads/go1.26.8 (13:18–13:20): 0.631 of same-session-versions/new-workloads' (its 4 workloads, one rep
 *   each, [0.54–0.79]), so 0.62. A caveat: that corpus ran an older build of the load generator (before 04837d8,
 *   whose change is to the pointer-free allocation path), and its 64 B-object workload marks a different heap than
 *   the same-session one (gctrace H2 78 vs 89 MiB): 0.62 may hold more than the machine.
 * - session-2026-12-07 (the 21 calibration workloads, Go 1.19.8, 1.26.8 and 1.27.4 interleaved per workload in one
 *   quiet window, 2026-12-07 00:16–00:51): Go 1.19.8 at 1 / 1.233 of runs' (19 workloads, [0.92–1.49]), so 0.81 for
 *   all three (one machine, the same minutes);
 * - session-2026-12-07b (the same, an hour later, 01:26–02:01, with the load generator that writes every page):
 *   Go 1.19.8 at 1 / 1.228 of runs' (19 workloads), so 0.81 again.
 * Only the mark is scaled: the mutator's CPU cost on those machines was not measured.
 */
export const MACHINE_MARK_SPEED: Record<string, number> = {
  [HARNESS_CORPUS]: 1,
  "go1.19.8": 0.79,
  "go1.26.8": 0.96,
  "go1.27.4": 0.81,
  [GO126_WORKLOADS_CORPUS]: 0.62,
  // both sessions: every version at the speed measured on its go1.19.8 (one machine, the same minutes)
  ...Object.fromEntries([...Object.values(SESSION_CORPUS), ...Object.values(SESSION_B_CORPUS)].map((c) => [c, 0.81])),
};
export function machineMarkSpeed(corpus: string): number {
  const override = process.env.HEAPCAST_MARK_SPEED; // experiments only: `HEAPCAST_MARK_SPEED=1 npm run fidelity`
  if (override !== undefined) return Number(override);
  const speed = MACHINE_MARK_SPEED[corpus];
  if (speed === undefined) throw new Error(`machineMarkSpeed: no measured mark speed for the corpus ${corpus}`);
  return speed;
}

export function compareWorkload(
  workload: string,
  seeds = FIDELITY_SEEDS,
  go?: GoVersionName,
  source: { dir: string; corpus?: string } = { dir: CALIBRATION_DIR },
): Comparison {
  const plan = loadPlan(path.join(source.dir, `${workload}.ts`));
  if (go !== undefined) plan.scenario.go = { ...plan.scenario.go, version: go, goMod: go };
  const version = plan.scenario.go.version;
  const corpus = source.corpus ?? CORPUS[version];
  const markSpeed = machineMarkSpeed(corpus);
  const results: RunResult[] = [];
  for (let k = 0; k < seeds; k++)
    results.push(run({ ...plan, scenario: { ...plan.scenario, seed: plan.scenario.seed + k } }, { markSpeed }));
  const reps = loadRealRuns(workload, corpus);
  const over = (f: (s: RunResult["summary"]) => number | null, real: (number | null)[]): Metric =>
    seedMetric(
      results.map((r) => f(r.summary)),
      real,
    );
  return {
    workload,
    goVersion: version,
    result: results[0],
    seeds,
    limiterOnRuns: results.filter((r) => r.raw.events.some((e) => e.kind === "limiter-on")).length,
    reps,
    gcCycles: over(
      (s) => s.gcCycles,
      reps.map((r) => r.gcCycles),
    ),
    peakHeap: over(
      (s) => s.peakHeapBytes,
      reps.map((r) => r.peakHeapEndBytes),
    ),
    peakHeapInUse: over(
      (s) => s.peakHeapInUseBytes,
      reps.map((r) => r.peakHeapInUseBytes),
    ),
    peakRss: over(
      (s) => s.peakRssBytes,
      reps.map((r) => r.peakRssBytes),
    ),
    timeToOom: over(
      (s) => s.oomKilledAtSeconds,
      reps.map((r) => r.timeToOomSeconds),
    ),
  };
}

/** Median over the seeds' values (null, no OOM kill, ranks above every time) and the range of the non-null ones. */
export function seedMetric(values: (number | null)[], real: (number | null)[]): Metric {
  const sorted = [...values].sort((a, b) => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : a - b));
  const sim = sorted[(sorted.length - 1) >> 1]; // the lower median: an even count never averages a time with "no kill"
  const present = values.filter((v): v is number => v !== null);
  const simRange: [number, number] | null = present.length > 0 ? [Math.min(...present), Math.max(...present)] : null;
  return { sim, simRange, real };
}

/** Relative error against the nearer of the reps: |sim − real| / real, smallest over reps. */
export function nearerRepError(m: Metric): number {
  if (m.sim === null) return m.real.every((r) => r === null) ? 0 : Infinity;
  let best = Infinity;
  for (const r of m.real) if (r !== null && r !== 0) best = Math.min(best, Math.abs(m.sim - r) / Math.abs(r));
  return best;
}

/**
 * The tolerances of every fidelity test (issue 14: "GC cycles and peak heap in use ±5 %, chaotic regimes ±15 %;
 * peak RSS ±10 %/±15 %"): the median over the seeds against the nearer rep. Chaotic: the memory-limit death
 * spirals and the CPU quota (test/fidelity.test.ts says why, per workload).
 */
export type Regime = "deterministic" | "chaotic";
export const TOLERANCE = {
  deterministic: { gcCycles: 0.05, peakHeapInUse: 0.05, peakRss: 0.1 },
  chaotic: { gcCycles: 0.15, peakHeapInUse: 0.15, peakRss: 0.15 },
};
export type ToleranceMetric = keyof (typeof TOLERANCE)["deterministic"];
export const CHAOTIC_WORKLOADS: ReadonlySet<string> = new Set([
  "goroutine_leak_200ps_16k_stack_cgroup256m_gomemlimit192m",
  "leak_to_gomemlimit512m_gogc100",
  "leak_to_gomemlimit512m_gogcoff",
  "cpu_quota_0.5core_gomaxprocs2_live64m_900mibps",
]);
export function regimeOf(workload: string): Regime {
  return CHAOTIC_WORKLOADS.has(workload) ? "chaotic" : "deterministic";
}

/**
 * Which of the tolerances a comparison misses (empty: within every one): the three metrics of its regime, the
 * OOM kill and its time (oomAsInReps), the limiter (limiterAsInReps). What `npm run fidelity` counts as "within every
 * tolerance"; the tests hold the same rules, with their measured misses.
 */
export function toleranceMisses(c: Judged): string[] {
  const tol = TOLERANCE[regimeOf(c.workload)];
  const misses: string[] = (Object.keys(tol) as ToleranceMetric[]).filter((m) => !(nearerRepError(c[m]) <= tol[m]));
  const oom = oomAsInReps(c);
  if (!(oom.repsAgree && oom.killedAsReal && oom.timeWithin)) misses.push("oom");
  if (!limiterAsInReps(c)) misses.push("limiter");
  return misses;
}

/**
 * Whether the GC CPU limiter switched on: "on" in every seed (or both reps), "off" in none, "split" in some and not
 * others (the reps disagreeing). It is a state, not a fraction: the limiter either fills its bucket in a run or not
 * (mgclimit.go: gcCPULimiterState.update, enabled once the bucket is full), and one run's first-on time moves with
 * its draws far more than the 10 % an OOM time is held to, so the rule is the state only.
 */
export type LimiterState = "on" | "off" | "split";
function state(on: number, of: number): LimiterState {
  return on === 0 ? "off" : on === of ? "on" : "split";
}
/** The model's limiter over the seeds (limiterOnRuns of seeds). */
export function simLimiter(c: Judged): LimiterState {
  return state(c.limiterOnRuns, c.seeds);
}
/** The real limiter over the reps (summary.limiter_first_seen_t present or not). */
export function realLimiter(c: Judged): LimiterState {
  return state(c.reps.filter((r) => r.limiterFirstOnSeconds !== null).length, c.reps.length);
}
/**
 * The limiter rule of every fidelity test: the limiter switches on in every seed if it did in both reps, in none if
 * in neither, and in some seeds but not all where the reps disagree (issue: "the limiter as in both reps").
 */
export function limiterAsInReps(c: Judged): boolean {
  return simLimiter(c) === realLimiter(c);
}

/**
 * The OOM rule of every fidelity test: both reps agree on the kill (a workload whose reps disagree has no rule to
 * hold and is reported as such), the median over the seeds is killed iff they were, and its time is within 10 % of
 * the nearer rep's.
 */
export const OOM_TIME_TOLERANCE = 0.1;
export function oomAsInReps(c: Judged): { repsAgree: boolean; killedAsReal: boolean; timeWithin: boolean } {
  const realOom = c.reps.map((r) => r.oomKilled);
  const repsAgree = new Set(realOom).size === 1;
  const killedAsReal = repsAgree && (c.timeToOom.sim !== null) === realOom[0];
  const timeWithin = !killedAsReal || !realOom[0] || nearerRepError(c.timeToOom) <= OOM_TIME_TOLERANCE;
  return { repsAgree, killedAsReal, timeWithin };
}

function fmt(m: Metric, scale: number, digits: number): string {
  const f = (v: number | null) => (v === null ? "–" : (v / scale).toFixed(digits));
  const range = m.simRange && m.simRange[0] !== m.simRange[1] ? ` [${f(m.simRange[0])}–${f(m.simRange[1])}]` : "";
  return `${f(m.sim)}${range} vs ${m.real.map(f).join("/")} (${(nearerRepError(m) * 100).toFixed(1)}%)`;
}

/** "0/9 vs 9.05/8.20 s ✗": seeds whose limiter switched on vs each rep's first-on time (– never); ✗ off the rule. */
function limiterCell(c: Comparison): string {
  const reps = c.reps.map((r) => (r.limiterFirstOnSeconds === null ? "–" : r.limiterFirstOnSeconds.toFixed(2)));
  const s = reps.some((r) => r !== "–") ? " s" : "";
  return `${c.limiterOnRuns}/${c.seeds} vs ${reps.join("/")}${s}${limiterAsInReps(c) ? "" : " ✗"}`;
}

/**
 * A Markdown table of sim vs real: sim = median over the seeds [their range], real = rep1/rep2, % = error of the
 * median against the nearer rep; limiter on = in how many seeds the GC CPU limiter switched on vs when it first did in
 * each rep (✗: not as in both reps, limiterAsInReps).
 */
export function comparisonTable(rows: Comparison[]): string {
  const head =
    "| workload | GC cycles | peak heap MiB (gctrace) | peak heap in use MiB | peak RSS MiB | OOM at s | limiter on |\n|---|---|---|---|---|---|---|\n";
  return (
    head +
    rows
      .map(
        (c) =>
          `| ${c.workload} | ${fmt(c.gcCycles, 1, 0)} | ${fmt(c.peakHeap, MiB, 1)} | ${fmt(c.peakHeapInUse, MiB, 1)} | ${fmt(c.peakRss, MiB, 1)} | ${
            c.timeToOom.sim === null && c.timeToOom.real.every((r) => r === null)
              ? "no / no, no"
              : fmt(c.timeToOom, 1, 2)
          } | ${limiterCell(c)} |`,
      )
      .join("\n") +
    "\n"
  );
}
