// fit(): from a real run's gctrace to a scenario that reproduces it.
//
// 1. infer.ts reads the workload off the cycles: live heap, garbage rate, stacks, GOGC, GOMAXPROCS, each cut into
//    phases where it changes;
// 2. a memory limit, where the goals show one, is found by simulation: the model's own non-heap memory (stacks,
//    metadata, free spans) is what the runtime subtracts from GOMEMLIMIT to set the goal (runtime/mgcpacer.go,
//    memoryLimitHeapGoal), so the limit is moved until the simulated goals meet the traced ones;
// 3. the scenario is written as DSL calls (write.ts), simulated, and compared with the trace cycle by cycle; the
//    header of the written scenario says what was inferred from what, and how well the simulation reproduces it.
//
// What a gctrace does not show is not invented: object sizes and pointer density stay at the DSL's defaults, stacks
// are goroutines of a stated size (gctrace prints their bytes, not their number), and the container's memory and CPU
// limits are facts the caller gives.

import { GO_VERSION_NAMES } from "../../../kernel/versions";
import { median } from "simple-statistics";
import type { GctraceCycle } from "../../results/importers/gctrace";
import { describeGctraceLog } from "../../results/importers/gctrace";
import { parseSize, parseDuration, formatBytes, type Size, type Duration } from "../units";
import { ScenarioError } from "../errors";
import { compile } from "../compile";
import { run } from "../../running/run";
import type { RunResult } from "../../results/result";
import type { Scenario } from "../dsl";
import type { ImportedRun } from "../../results/importers/imported-run";
import {
  MIN_PHASE_CYCLES,
  cycleSeries,
  garbagePhases,
  inferGogc,
  inferProcs,
  iqr,
  levelPieces,
  recentInterval,
  type Piece,
  type GogcInference,
} from "./infer";
import {
  byteRate,
  countRate,
  duration,
  size,
  toScenario,
  toSource,
  type Call,
  type ScenarioSource,
  type Step,
} from "./write";

const MiB = 2 ** 20;
/** Seeds each step of the fit reads (the median of their runs), from the scenario's own. */
export const FIT_SEEDS = 3;

/** Index of the simulated cycle that starts nearest to t (seconds), or −1 if there is none. */
function nearestCycle(sim: readonly { startNs: number }[], t: number): number {
  let lo = 0;
  let hi = sim.length - 1;
  if (hi < 0) return -1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sim[mid].startNs / 1e9 < t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && Math.abs(sim[lo - 1].startNs / 1e9 - t) < Math.abs(sim[lo].startNs / 1e9 - t) ? lo - 1 : lo;
}

export interface FitOptions {
  /** The container's memory limit (a fact: gctrace does not show it), e.g. "512MiB". */
  containerMemory?: Size;
  /** The container's CPU quota in cores (a fact), e.g. 2. */
  cpus?: number;
  /** How long the scenario runs. Default: the trace, and its last phase held for about two more cycles. */
  duration?: Duration;
  /** Stack per goroutine for the stacks gctrace shows (it shows their bytes, not their number). Default "8KiB". */
  goroutineStack?: Size;
  /**
   * The Go release that printed the trace: "1.19" reads `MB stacks` as allocated stacks, later ones as scanned. Default
   * "1.19".
   */
  goVersion?: string;
  /** Scenario name. Default: the trace's name. */
  name?: string;
  /**
   * The backlog the program keeps when it falls behind (assisting, stopped, throttled) and catches up on: the trace
   * shows the allocation it achieved, so the scenario must achieve it too. Default "200ms" (two CFS periods).
   */
  catchUp?: Duration;
  /** Seed of the simulation. Default 1. */
  seed?: number;
}

/** One row of the comparison of the simulation with the trace. */
export interface FitError {
  metric: string;
  trace: number | null;
  simulation: number | null;
  /** (simulation − trace) / trace, or null where either is missing. */
  relative: number | null;
  unit: string;
}

export interface FitResult {
  /** The scenario as TypeScript (default export), header included. */
  source: string;
  scenario: Scenario;
  /** The simulation of the fitted scenario. */
  result: RunResult;
  /** The trace's end: its last cycle's end (s). */
  traceEndSeconds: number;
  /** The comparison window: simulated cycles that start up to here are compared with the trace's (s). */
  windowSeconds: number;
  errors: FitError[];
  inferred: Inferred;
  /** The header lines (also at the top of `source`). */
  header: string[];
}

export interface Inferred {
  gogc: GogcInference;
  GOGC: number | "off";
  GOMEMLIMIT: number | null;
  limitEvidence: string;
  GOMAXPROCS: number;
  live: Piece[];
  stacks: Piece[];
  garbage: { t0: number; t1: number; rate: number; intervals: number }[];
  globalsBytes: number | null;
  goroutineStackBytes: number;
  forced: number[];
}

/** The trace's cycles, from an import or given directly. */
function cyclesOf(trace: ImportedRun | readonly GctraceCycle[]): {
  cycles: readonly GctraceCycle[];
  name: string;
  described: string;
} {
  if (Array.isArray(trace)) return { cycles: trace, name: "trace", described: `${trace.length} gc cycles` };
  const r = trace as ImportedRun;
  return {
    cycles: r.gctrace,
    name: r.summary.scenario,
    described: r.gctraceLog ? describeGctraceLog(r.gctraceLog) : `${r.gctrace.length} gc cycles`,
  };
}

/**
 * Stack per goroutine where the data has goroutine counts (runtime/metrics samples or Prometheus beside the gctrace):
 * the median over cycles with at least 2 MiB of stacks of stacks ÷ goroutines at the nearest sample, as the power of
 * two nearest in log scale (Go's stacks are powers of two; a Go 1.20+ trace shows the scanned part of them).
 */
export function stackPerGoroutine(
  trace: ImportedRun,
  cycles: readonly GctraceCycle[],
): { bytes: number; evidence: string } | null {
  const tl = trace.timeline;
  const name = "/sched/goroutines:goroutines";
  if (!tl.columnNames().includes(name)) return null;
  const t = Array.from(tl.array("t_s") as ArrayLike<number>);
  const g = Array.from(tl.array(name) as ArrayLike<number | null>);
  const ratios: number[] = [];
  const at = t.map((x) => ({ startNs: x * 1e9 }));
  for (const c of cycles) {
    if (c.stacksMiB < 2) continue;
    const k = nearestCycle(at, c.startSeconds);
    const n = k < 0 ? null : g[k];
    if (n !== null && n > 0 && Math.abs(t[k] - c.startSeconds) < 1) ratios.push(((c.stacksMiB + 0.5) * MiB) / n);
  }
  if (ratios.length < 3) return null;
  const m = median(ratios);
  const bytes = Math.max(2048, 2 ** Math.round(Math.log2(m)));
  return {
    bytes,
    evidence: `${formatBytes(m)} of stacks per goroutine (median of ${ratios.length} cycles, stacks ÷ ${name} at the nearest sample), as a power of two`,
  };
}

/** Knots of a piecewise level: piece ends, joined by straight lines. */
function knots(pieces: Piece[]): { t: number; y: number }[] {
  const k: { t: number; y: number }[] = [];
  for (const p of pieces) {
    k.push({ t: p.t0, y: p.y0 });
    if (p.t1 > p.t0) k.push({ t: p.t1, y: p.y1 });
  }
  return k;
}

/** Whether a piece rises by more than its noise (a leak, if it is the last). */
function rising(p: Piece): boolean {
  return p.y1 > p.y0 && p.t1 > p.t0;
}

/**
 * DSL calls that follow a piecewise level: at each knot, move to the next knot's level over the time between them.
 * A last piece that rises is a leak and goes on after the trace (`leak` makes that call). Levels closer than `quantum`
 * are the same.
 */
function levelCalls(
  pieces: Piece[],
  quantum: number,
  set: (level: number, over: number | null) => Call,
  leak: (perSec: number) => Call,
  add: (t: number, c: Call) => void,
): void {
  if (pieces.length === 0) return;
  const lastRises = rising(pieces[pieces.length - 1]);
  const ks = knots(
    lastRises
      ? [
          ...pieces.slice(0, -1),
          { ...pieces[pieces.length - 1], t1: pieces[pieces.length - 1].t0, y1: pieces[pieces.length - 1].y0 },
        ]
      : pieces,
  );
  let t = 0;
  let y = 0;
  for (const k of ks) {
    if (Math.abs(k.y - y) >= quantum || (k === ks[0] && k.y > 0)) {
      add(t, set(k.y, k.t > t ? k.t - t : null));
      y = k.y;
    }
    t = k.t;
  }
  if (lastRises) {
    const p = pieces[pieces.length - 1];
    add(p.t0, leak((p.y1 - p.y0) / (p.t1 - p.t0)));
  }
}

/** Snaps a limit to a multiple of 16 MiB when it is within 2 % of one (people set round limits), else to whole MiB. */
function roundLimit(bytes: number): { bytes: number; snapped: boolean } {
  const m16 = Math.round(bytes / (16 * MiB)) * 16 * MiB;
  if (m16 > 0 && Math.abs(m16 - bytes) <= 0.02 * bytes) return { bytes: m16, snapped: true };
  return { bytes: Math.round(bytes / MiB) * MiB, snapped: false };
}

interface Plan {
  source: ScenarioSource;
}

/** Compare a simulation with the trace over the window. */
export function compareWithTrace(cycles: readonly GctraceCycle[], r: RunResult, windowSeconds: number): FitError[] {
  const sim = r.raw.cycles.filter((c) => c.startNs / 1e9 <= windowSeconds);
  const rel = (s: number | null, t: number | null) => (s === null || t === null || t === 0 ? null : (s - t) / t);
  const row = (metric: string, trace: number | null, simulation: number | null, unit: string): FitError => ({
    metric,
    trace,
    simulation,
    relative: rel(simulation, trace),
    unit,
  });
  const peakTrace = Math.max(...cycles.map((c) => c.heapEndMiB));
  const peakSim = sim.length ? Math.max(...sim.map((c) => Math.floor(c.heapEndBytes / MiB))) : null;
  // Cycle by cycle: the simulated cycle nearest in time to each traced one; the error of its goal and of its heap at
  // mark termination, as a root mean square relative to the trace's.
  const sTimes = sim.map((c) => c.startNs / 1e9);
  const nearest = (t: number) => {
    let lo = 0;
    let hi = sTimes.length - 1;
    if (hi < 0) return -1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sTimes[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && Math.abs(sTimes[lo - 1] - t) < Math.abs(sTimes[lo] - t) ? lo - 1 : lo;
  };
  const rms = (f: (c: GctraceCycle, k: number) => number | null) => {
    const e: number[] = [];
    for (const c of cycles) {
      const k = nearest(c.startSeconds);
      if (k < 0) continue;
      const v = f(c, k);
      if (v !== null && Number.isFinite(v)) e.push(v * v);
    }
    return e.length ? Math.sqrt(e.reduce((a, b) => a + b, 0) / e.length) : null;
  };
  const goalErr = rms((c, k) =>
    c.goalMiB > 0 ? (sim[k].heapGoalBytes / MiB - (c.goalMiB + 0.5)) / (c.goalMiB + 0.5) : null,
  );
  const heapErr = rms((c, k) =>
    c.heapEndMiB > 0 ? (sim[k].heapEndBytes / MiB - (c.heapEndMiB + 0.5)) / (c.heapEndMiB + 0.5) : null,
  );
  const markedErr = rms((c, k) =>
    c.heapMarkedMiB > 0 ? (sim[k].heapMarkedBytes / MiB - (c.heapMarkedMiB + 0.5)) / (c.heapMarkedMiB + 0.5) : null,
  );
  return [
    row("GC cycles", cycles.length, sim.length, "cycles"),
    row("peak heap (gctrace's middle number)", peakTrace * MiB, peakSim === null ? null : peakSim * MiB, "bytes"),
    row(
      "final goal",
      cycles[cycles.length - 1].goalMiB * MiB,
      sim.length ? Math.floor(sim[sim.length - 1].heapGoalBytes / MiB) * MiB : null,
      "bytes",
    ),
    { metric: "goal per cycle (RMS relative error)", trace: null, simulation: null, relative: goalErr, unit: "" },
    { metric: "heap at mark termination per cycle (RMS)", trace: null, simulation: null, relative: heapErr, unit: "" },
    { metric: "marked heap per cycle (RMS)", trace: null, simulation: null, relative: markedErr, unit: "" },
  ];
}

function traceEndOf(c: GctraceCycle): number {
  return c.startSeconds + (c.stw1Ms + c.markMs + c.stw2Ms) / 1e3;
}

/** How far a simulation is from the trace: cycle count, peak heap and per-cycle goal errors added up. */
function score(errors: FitError[]): number {
  return errors.slice(0, 4).reduce((a, e) => a + (e.relative === null ? 1 : Math.abs(e.relative)), 0);
}

function pct(x: number | null): string {
  return x === null ? "–" : `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)} %`;
}

/** Fits a scenario to a gctrace. */
export function fit(trace: ImportedRun | readonly GctraceCycle[], options: FitOptions = {}): FitResult {
  const { cycles: all, name: traceName, described } = cyclesOf(trace);
  if (all.length < 2 * 3)
    throw new ScenarioError(
      "fit.trace",
      `${all.length} gc cycles`,
      "a gctrace of at least 6 gc cycles (a phase needs 3)",
    );
  const containerMemory =
    options.containerMemory === undefined ? null : parseSize(options.containerMemory, "fit.containerMemory");
  const cpus = options.cpus ?? null;
  if (cpus !== null && (typeof cpus !== "number" || !(cpus > 0) || cpus > 1024))
    throw new ScenarioError("fit.cpus", cpus, "a CPU quota in cores, e.g. 2 or 0.5");
  const measuredStack =
    Array.isArray(trace) || options.goroutineStack !== undefined ? null : stackPerGoroutine(trace as ImportedRun, all);
  const stackBytes =
    options.goroutineStack !== undefined
      ? parseSize(options.goroutineStack, "fit.goroutineStack")
      : (measuredStack?.bytes ?? 8192);
  // The release that printed the trace: given, or read off what only some releases print (Go 1.21's scavenger
  // line, Go 1.26's goroutine leak check); else 1.19, whose gctrace the model was calibrated on.
  const log = Array.isArray(trace) ? null : (trace as ImportedRun).gctraceLog;
  const detected = all.some((c) => c.leakCheck)
    ? "1.26"
    : log?.scavenger.some((s) => s.format === "go1.21+")
      ? "1.21"
      : null;
  const goVersion = options.goVersion ?? detected ?? "1.19";
  const goVersionEvidence =
    options.goVersion !== undefined
      ? "as given"
      : detected === "1.26"
        ? "Go 1.26+: a cycle checks for goroutine leaks"
        : detected === "1.21"
          ? "Go 1.21+: its scavenger lines' layout"
          : "not shown by the trace; read as Go 1.19's";
  if (!/^1\.(19|[2-9]\d)(\.\d+)?$/.test(goVersion))
    throw new ScenarioError("fit.goVersion", goVersion, 'a Go release from "1.19" on, e.g. "1.19" or "1.26.8"');
  const printsAllocatedStacks = /^1\.19(\.|$)/.test(goVersion);
  // The model version the scenario runs: the release's own line where heapcast models it, else the nearest modelled
  // one at or after it (1.20–1.25 → 1.26: the pacer, headers and scavenger goal of 1.21/1.22 are 1.26's), the newest
  // beyond.
  const minor = Number(goVersion.split(".")[1]);
  const modelVersion =
    GO_VERSION_NAMES.find((v) => Number(v.split(".")[1]) >= minor) ?? GO_VERSION_NAMES[GO_VERSION_NAMES.length - 1];
  const seed = options.seed ?? 1;
  const catchUpGiven = options.catchUp === undefined ? null : parseDuration(options.catchUp, "fit.catchUp") / 1e9;

  // Periodic cycles come from the model's own forcegc; forced ones become .gc() calls; all show the heap.
  const cycles = all;
  const series = cycleSeries(cycles);
  const live = levelPieces(series.t, series.live, MiB);
  const stacks = levelPieces(series.t, series.stacks, MiB);
  const garbage = garbagePhases(series, live.pieces);
  const gogc = inferGogc(cycles, printsAllocatedStacks ? 0.5 : 1);
  const procs = inferProcs(cycles);
  const forced = cycles.filter((c) => c.forced).map((c) => c.startSeconds);
  const globalsMiB = median(cycles.map((c) => c.globalsMiB));
  const globalsBytes = globalsMiB > 0 ? (globalsMiB + 0.5) * MiB : null;

  const last = cycles[cycles.length - 1];
  const interval = recentInterval(cycles);
  const traceEnd = series.end[series.end.length - 1];
  // Held after the trace for three more cycles' time or a quarter of the trace, whichever is longer: enough for what
  // came next (an OOM kill comes before the next cycle ends; the simulation's may come a little later).
  const extension = Math.max(3 * interval, 0.25 * last.startSeconds);
  const durationSeconds =
    options.duration !== undefined
      ? parseDuration(options.duration, "fit.duration") / 1e9
      : traceEndOf(last) + extension;
  const windowSeconds = last.startSeconds + interval / 2;

  const GOGC: number | "off" = gogc.gogc ?? "off";
  const boundedHeap = gogc.bounded.filter((i) => !cycles[i].forced && i > 0);
  const hasLimit = boundedHeap.length >= 3;

  const build = (
    limitBytes: number | null,
    catchUpSeconds: number,
    rates: number[],
    shifts: number[],
    runSeed = seed,
  ): Plan => {
    const steps = new Map<number, Call[]>();
    const add = (t: number, c: Call) => {
      const at = Math.round(t * 1000) / 1000;
      const list = steps.get(at) ?? [];
      list.push(c);
      steps.set(at, list);
    };
    levelCalls(
      live.pieces.map((p, k) => ({ ...p, y0: Math.max(0, p.y0 + shifts[k]), y1: Math.max(0, p.y1 + shifts[k]) })),
      MiB,
      (y, over) => ({ method: "liveHeap", args: over === null ? [size(y)] : [size(y), { over: duration(over) }] }),
      (perSec) => ({
        method: "leakHeap",
        args: [byteRate(perSec)],
        note: "the last phase's growth, kept after the trace",
      }),
      add,
    );
    let lastRate = "";
    garbage.phases.forEach((p, k) => {
      const rate = byteRate(rates[k]);
      if (rate === lastRate) return;
      add(lastRate === "" ? 0 : p.t0, {
        method: "garbage",
        args: catchUpSeconds > 0 ? [rate, { catchUp: duration(catchUpSeconds) }] : [rate],
      });
      lastRate = rate;
    });
    levelCalls(
      stacks.pieces,
      MiB,
      (y, over) => ({
        method: "goroutines",
        args:
          over === null
            ? [Math.round(y / stackBytes), { stack: size(stackBytes) }]
            : [Math.round(y / stackBytes), { stack: size(stackBytes), over: duration(over) }],
      }),
      (perSec) => ({
        method: "leakGoroutines",
        args: [countRate(perSec / stackBytes), { stack: size(stackBytes) }],
        note: "the last phase's stack growth, kept after the trace",
      }),
      add,
    );
    for (const t of forced) add(t, { method: "gc", args: [], note: "gctrace: (forced)" });
    for (const c of procs.changes) add(c.t, { method: "go", args: [{ GOMAXPROCS: c.procs }] });
    const stepsList: Step[] = [...steps.entries()].sort((a, b) => a[0] - b[0]).map(([at, calls]) => ({ at, calls }));
    if (stepsList.length === 0 || stepsList[0].at !== 0) stepsList.unshift({ at: 0, calls: [] });
    const go: Record<string, unknown> = { version: modelVersion, GOGC, GOMAXPROCS: procs.initial };
    if (limitBytes !== null) go.GOMEMLIMIT = size(limitBytes);
    const container: Record<string, unknown> = {};
    if (containerMemory !== null) container.memory = size(containerMemory);
    if (cpus !== null) container.cpus = cpus;
    const settings = {
      go,
      ...(Object.keys(container).length ? { container } : {}),
      duration: duration(durationSeconds),
      seed: runSeed,
      ...(globalsBytes !== null ? { globals: size(globalsBytes) } : {}),
    } as ScenarioSource["settings"];
    return { source: { name: options.name ?? `fitted: ${traceName}`, settings, steps: stepsList, header: [] } };
  };

  const simulate = (p: Plan) => run(compile(toScenario(p.source)));

  // Garbage phases whose GC frequency tells their rate: long enough, and not paced by a memory limit (there the cycles
  // come back to back whatever the rate).
  const boundedSet = new Set(gogc.bounded);
  const phaseCycles = garbage.phases.map((p) =>
    cycles.map((c, i) => ({ c, i })).filter(({ c }) => c.startSeconds >= p.t0 && c.startSeconds < p.t1 && !c.forced),
  );
  const frequencyPhases = garbage.phases.map(
    (_, k) =>
      phaseCycles[k].length >= 6 &&
      phaseCycles[k].filter(({ i }) => boundedSet.has(i)).length < phaseCycles[k].length / 2,
  );

  // One variant of the scenario: with or without a backlog the program catches up on (see FitOptions.catchUp).
  // Two quantities are then found by simulation, together:
  //   - the memory limit, where the goals show one: the model's own non-heap memory (stacks, metadata, free spans)
  //     is what the runtime subtracts from GOMEMLIMIT to set the goal (runtime/mgcpacer.go, memoryLimitHeapGoal),
  //     so the limit moves by the median gap between traced and simulated goals over the bounded cycles;
  //   - each garbage phase's rate, moved so that the simulated GC frequency meets the traced one: gctrace's byte
  //     counts are truncated to whole MiB, its times are exact to the millisecond, and the cycles come at the rate
  //     the heap grows through the pacer's runway (a 4 MiB heap allocating 2.5 MiB per cycle reads as 2 MiB).
  const variant = (catchUpSeconds: number) => {
    let limit: number | null = null;
    let limitEvidence = "none: no goal is below what GOGC gives";
    const rates = garbage.phases.map((p) => p.rate);
    const shifts = live.pieces.map(() => 0);
    if (hasLimit)
      limit = median(boundedHeap.map((i) => (cycles[i].goalMiB + 0.5 + cycles[i].stacksMiB) * MiB)) * 1.06 + 8 * MiB;
    // Each step reads the median over SEEDS runs: the mark speed is drawn per cycle, and under a CPU quota or a
    // memory limit one run's cycle count can be far from another's.
    const seeds = Array.from({ length: FIT_SEEDS }, (_, k) => seed + k);
    let iterations = 0;
    for (; iterations < 8; iterations++) {
      const runs = seeds.map((sd) => simulate(build(limit, catchUpSeconds, rates, shifts, sd)).raw.cycles);
      let done = true;
      if (limit !== null) {
        const gaps: number[] = [];
        for (const simCycles of runs) {
          for (const i of boundedHeap) {
            const t = cycles[i].startSeconds;
            const best = nearestCycle(simCycles, t);
            if (best >= 0 && Math.abs(simCycles[best].startNs / 1e9 - t) < 2 * interval + 0.5)
              gaps.push((cycles[i].goalMiB + 0.5) * MiB - simCycles[best].heapGoalBytes);
          }
        }
        if (gaps.length > 0) {
          const gap = median(gaps);
          limit += gap;
          if (Math.abs(gap) >= 0.25 * MiB) done = false;
        }
      }
      live.pieces.forEach((p, k) => {
        if (p.cycles < MIN_PHASE_CYCLES) return;
        const gaps: number[] = [];
        for (const simCycles of runs) {
          for (const c of cycles) {
            if (c.startSeconds < p.t0 || c.startSeconds > p.t1) continue;
            const best = nearestCycle(simCycles, c.startSeconds);
            if (best >= 0) gaps.push((c.heapMarkedMiB + 0.5) * MiB - simCycles[best].heapMarkedBytes);
          }
        }
        if (gaps.length === 0) return;
        const gap = median(gaps);
        if (Math.abs(gap) < 0.5 * MiB) return;
        shifts[k] = Math.max(-Math.min(p.y0, p.y1), shifts[k] + gap);
        done = false;
      });
      garbage.phases.forEach((p, k) => {
        if (!frequencyPhases[k]) return;
        const traced = phaseCycles[k].length;
        const simulated = median(
          runs.map(
            (simCycles) =>
              simCycles.filter((c) => c.kind !== "forced" && c.startNs / 1e9 >= p.t0 && c.startNs / 1e9 < p.t1).length,
          ),
        );
        if (simulated === 0) return;
        // Within ½ cycle the counts agree; beyond, scale the rate (at most ×2 or ½ of the bytes' estimate).
        if (Math.abs(traced - simulated) <= 0.5) return;
        rates[k] = Math.min(2 * p.rate, Math.max(0.5 * p.rate, rates[k] * (traced / simulated)));
        if (Math.abs(traced / simulated - 1) > 0.01) done = false;
      });
      if (done) break;
    }
    if (limit !== null) {
      const rounded = roundLimit(limit);
      limitEvidence =
        `${boundedHeap.length} of ${cycles.length} goals are below what GOGC${GOGC === "off" ? " (off)" : `=${GOGC}`} gives (median ${median(boundedHeap.map((i) => cycles[i].goalMiB)) | 0} MB): ` +
        `a memory limit; the one whose simulated goals meet the traced ones is ${formatBytes(limit)}` +
        (rounded.snapped ? `, written as ${formatBytes(rounded.bytes)}` : "");
      limit = rounded.bytes;
    }
    const plan = build(limit, catchUpSeconds, rates, shifts);
    const result = simulate(plan);
    const errors = compareWithTrace(cycles, result, windowSeconds);
    const scores = [
      score(errors),
      ...seeds
        .slice(1)
        .map((sd) =>
          score(compareWithTrace(cycles, simulate(build(limit, catchUpSeconds, rates, shifts, sd)), windowSeconds)),
        ),
    ];
    return {
      catchUpSeconds,
      limit,
      limitEvidence,
      plan,
      result,
      errors,
      rates,
      shifts,
      iterations,
      score: median(scores),
    };
  };
  // The trace shows the allocation the program achieved. Where it fell behind (assisting, stopped, throttled) and
  // caught up, only a scenario with a backlog achieves it; where it did not, catching up would allocate in bursts it
  // did not have. Which one the program did is read from which simulation reproduces the trace better.
  const tried = catchUpGiven !== null ? [variant(catchUpGiven)] : [variant(0), variant(0.2)];
  const chosen = tried.reduce((a, b) => (b.score < a.score ? b : a));
  const { limit, limitEvidence, plan, result, errors, catchUpSeconds, rates } = chosen;
  const inferred: Inferred = {
    gogc,
    GOGC,
    GOMEMLIMIT: limit,
    limitEvidence,
    GOMAXPROCS: procs.initial,
    live: live.pieces,
    stacks: stacks.pieces,
    garbage: garbage.phases,
    globalsBytes,
    goroutineStackBytes: stackBytes,
    forced,
  };

  // The header: what was inferred from what, and how well the simulation reproduces the trace.
  const h: string[] = [];
  const ratios = gogc.ratios.filter((_, i) => !gogc.bounded.includes(i + 1));
  const [r25, r75] = iqr(ratios.map((r) => r * 100));
  h.push(`Fitted by heapcast fit from ${traceName}: ${described}.`);
  h.push(
    `Go release of the trace: ${goVersion}${options.goVersion === undefined && detected ? " or later" : ""} (${goVersionEvidence}). The scenario runs on heapcast's model of Go ${modelVersion}.`,
  );
  h.push(
    `The trace covers ${traceEnd.toFixed(3)} s (its last cycle, gc ${last.cycle}, ends there). Time is seconds since the Go runtime started.`,
  );
  h.push("");
  h.push("Inferred from the trace:");
  h.push(
    gogc.gogc === null
      ? `- GOGC off: no GOGC explains the goals (each is below what any GOGC gives from the cycle before), so a memory limit set them all.`
      : `- GOGC=${gogc.gogc}: it gives ${gogc.explained} of ${gogc.tried} cycles' goals from the previous cycle's marked heap, stacks and globals` +
          `${gogc.range && gogc.range[0] !== gogc.range[1] ? ` (so does any value from ${gogc.range[0]} to ${gogc.range[1]})` : ""}; the printed ratios (goal − marked)/(marked + stacks + globals) have their middle half at ${r25.toFixed(0)}–${r75.toFixed(0)} %.`,
  );
  h.push(`- GOMEMLIMIT: ${limit === null ? limitEvidence : limitEvidence}.`);
  h.push(
    `- GOMAXPROCS=${procs.initial}: the cycles' "N P"${procs.changes.length ? `, changing at ${procs.changes.map((c) => `${c.t.toFixed(3)} s to ${c.procs}`).join(", ")}` : ""}.`,
  );
  h.push(
    `- Live heap: marked − allocated during the mark (heap2 − (heap1 − heap0)) per cycle, in ${live.pieces.length} phase${live.pieces.length === 1 ? "" : "s"} ` +
      `(PELT change points on a piecewise-linear fit, noise σ = ${(live.sigma / MiB).toFixed(2)} MiB): ` +
      live.pieces
        .map(
          (p) =>
            `${p.t0.toFixed(2)}–${p.t1.toFixed(2)} s ${formatBytes(p.y0)}${p.y1 !== p.y0 ? ` → ${formatBytes(p.y1)}` : ""}`,
        )
        .join("; ") +
      ".",
  );
  h.push(
    `- Garbage: bytes allocated from one cycle's start to the next ((heap1 − heap0) + (next heap0 − heap2)) less the live heap's growth, in ${garbage.phases.length} phase${garbage.phases.length === 1 ? "" : "s"} ` +
      `(PELT on the rate per interval, weighted by its length; neighbours within 10 % merged): ` +
      garbage.phases
        .map(
          (p, k) =>
            `${p.t0.toFixed(2)}–${p.t1.toFixed(2)} s ${byteRate(p.rate)}${byteRate(rates[k]) !== byteRate(p.rate) ? ` (written as ${byteRate(rates[k])}: the rate at which the simulation has the trace's ${phaseCycles[k].length} cycles)` : ""}`,
        )
        .join("; ") +
      ".",
  );
  const maxStacks = Math.max(...cycles.map((c) => c.stacksMiB));
  h.push(
    maxStacks === 0
      ? `- Stacks: gctrace shows under 1 MiB in every cycle; no goroutines are modelled beyond the runtime's own.`
      : `- Stacks: gctrace's "MB stacks" (${printsAllocatedStacks ? "Go 1.19: allocated stack bytes, maxStackScan" : "Go 1.20+: stack bytes scanned, lastStackScan; the allocated stacks are larger"}) up to ${maxStacks} MiB, ` +
          (measuredStack
            ? `written as goroutines of ${formatBytes(stackBytes)} each: ${measuredStack.evidence}. `
            : `written as goroutines of ${formatBytes(stackBytes)} each: gctrace shows their bytes, not their number (--goroutine-stack sets the size; goroutine counts beside the trace, runtime/metrics samples or Prometheus, measure it). `) +
          stacks.pieces
            .map(
              (p) =>
                `${p.t0.toFixed(2)}–${p.t1.toFixed(2)} s ${formatBytes(p.y0)}${p.y1 !== p.y0 ? ` → ${formatBytes(p.y1)}` : ""}`,
            )
            .join("; ") +
          ".",
  );
  h.push(
    `- Globals: ${globalsBytes === null ? "under 1 MiB (gctrace shows 0 MB); the DSL's default 256 KiB" : `${globalsMiB} MB in gctrace, written as ${formatBytes(globalsBytes)}`}.`,
  );
  if (forced.length)
    h.push(
      `- ${forced.length} cycle${forced.length === 1 ? "" : "s"} marked (forced): runtime.GC() calls at their times.`,
    );
  h.push(
    catchUpGiven !== null
      ? `- Catch-up: a backlog of ${duration(catchUpGiven)} of garbage, as asked.`
      : `- Catch-up: ${catchUpSeconds > 0 ? `the program kept up to ${duration(catchUpSeconds)} of work it fell behind on (assisting, stopped, throttled) and caught up` : "none: work the program could not do while assisting or stopped was not caught up"}` +
          ` — the simulation with it reproduces the trace better (median score over ${FIT_SEEDS} seeds ${tried.map((v) => `${v.catchUpSeconds > 0 ? duration(v.catchUpSeconds) : "none"}: ${v.score.toFixed(3)}`).join(", ")}: cycle count, peak heap, final goal and per-cycle goal errors added up).`,
  );
  h.push(
    `Given as facts: ${containerMemory === null ? "no container memory limit" : `container memory ${formatBytes(containerMemory)}`}, ${cpus === null ? "no CPU quota" : `${cpus} CPUs`}.`,
  );
  h.push(
    "Not in a gctrace, so the DSL's defaults: object sizes (garbage 1 KiB, live heap 4 KiB), pointer density, requests (in-flight heap shows as live heap).",
  );
  h.push(
    `The scenario runs to ${durationSeconds.toFixed(3)} s: ${options.duration !== undefined ? "as asked" : `the trace and its last phase held for ${extension.toFixed(3)} s more (three cycles' time or a quarter of the trace, whichever is longer), to show what came next`}.`,
  );
  h.push("");
  h.push(
    `Simulated (seed ${seed}) against the trace, over the trace's cycles (those starting by ${windowSeconds.toFixed(3)} s):`,
  );
  for (const e of errors) {
    const v = (x: number | null) => (x === null ? "–" : e.unit === "bytes" ? formatBytes(x) : String(x));
    h.push(
      e.trace === null
        ? `- ${e.metric}: ${pct(e.relative).replace(/^\+/, "")}`
        : `- ${e.metric}: trace ${v(e.trace)}, simulation ${v(e.simulation)} (${pct(e.relative)})`,
    );
  }
  const oom = result.summary.oomKilledAtSeconds;
  h.push(
    oom === null
      ? `- OOM kill: none in the simulation${containerMemory === null ? " (no container limit given)" : ""}.`
      : `- OOM kill: the simulation is OOM-killed at ${oom.toFixed(3)} s, ${(oom - traceEnd).toFixed(3)} s after the trace's last cycle ends.`,
  );
  plan.source.header = h;
  return {
    source: toSource(plan.source),
    scenario: toScenario(plan.source),
    result,
    traceEndSeconds: traceEnd,
    windowSeconds,
    errors,
    inferred,
    header: h,
  };
}
