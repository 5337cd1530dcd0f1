// A real run brought in from its traces: the same tables as a simulation (cycles, timeline, events), a summary with
// what the data shows (null where it shows nothing), and a report of what was read and what was skipped. Every chart
// and comparison that takes a RunResult takes an ImportedRun.
//
// Time is seconds since the Go runtime started, as gctrace's `@` and runtime/metrics samples' t_rt count it; data
// with wall-clock timestamps only (Prometheus) counts from process_start_time_seconds where it has it. A run that
// `heapcast real` made (loadReal, lib/results/real.ts) counts from its plan's time 0 instead (facts.timeOriginSeconds)
// and carries its plan, the events the load generator applied and its record (result.json).

import * as aq from "arquero";
import { TIMELINE_COLUMNS, type Table } from "../tables";
import type { EventPlan } from "../../../kernel/plan";
import { PLAN_FORMAT, PLAN_VERSION } from "../../../kernel/plan";
import type { GctraceCycle, GctraceLog } from "./gctrace";
import { describeGctraceLog } from "./gctrace";
import { DEFAULTS } from "../../authoring/dsl";
import type { ImportSummary } from "../outputs";
import { cycleStatistics } from "../summary";

const MiB = 2 ** 20;

/** The headline numbers of an imported run: the outputs catalogue's fields, null where the data does not show one. */
export type { ImportSummary } from "../outputs";

/** What an import read: its sources and, per source, what was read and what was skipped. */
export interface ImportReport {
  sources: { kind: "gctrace" | "samples" | "prometheus"; name: string; read: string }[];
}

/** Facts about the run that its data does not carry. */
export interface ImportFacts {
  /** The run's name in charts and tables. */
  name?: string;
  /** When the process was OOM-killed (seconds since it started). */
  oomKilledAtSeconds?: number | null;
  /** The container's memory limit (bytes) and CPU quota (cores), drawn on charts as a simulation's are. */
  container?: { memoryBytes?: number | null; cpus?: number | null };
  /**
   * The instant the tables' t_s = 0 is, in seconds since the Go runtime started (default 0). A real run of a plan
   * counts from the plan's time 0: the load generator's start, a millisecond or so after the runtime's.
   */
  timeOriginSeconds?: number;
  /** The plan the run executed, when there was one (heapcast real): charts draw its settings and limits. */
  plan?: EventPlan;
  /** Events known from outside the data (t_s from the time origin): the plan's events as applied, a kill, … */
  events?: { t_s: number; kind: string; detail: string }[];
  /** The run's own record, when heapcast real made it: its directory and result.json. */
  record?: RealRecord;
}

/** What `heapcast real` wrote about one run (lib/running/real/README.md "Per rep: result.json"). */
export interface RealRecord {
  /** The rep directory. */
  dir: string;
  /** result.json as written. */
  result: Record<string, any>;
}

/** Columns of a timeline built from gctrace alone (the runtime/metrics names where gctrace shows the same thing). */
export const GCTRACE_TIMELINE_COLUMNS = [
  "t_s",
  "heap_live:bytes",
  "/gc/heap/goal:bytes",
  "/gc/cycles/total:gc-cycles",
  "/sched/gomaxprocs:threads",
  "gctrace_stacks:bytes",
  "gctrace_globals:bytes",
  "gc_cpu_fraction",
] as const;

/**
 * One row per GC cycle, the columns of a simulation's cycles table; what gctrace does not show is null. t_s counts
 * from `origin` (seconds since the runtime started). limiter_on: the cycles samples saw as
 * /gc/limiter/last-enabled:gc-cycle when given (a lower bound: a cycle that enabled the limiter between two samples
 * and was overtaken is not seen), else null (gctrace does not show the limiter).
 */
export function gctraceCyclesTable(
  cycles: readonly GctraceCycle[],
  origin = 0,
  limiterCycles: ReadonlySet<number> | null = null,
): Table {
  const col = <T>(f: (c: GctraceCycle) => T) => cycles.map(f);
  return aq.table({
    cycle: col((c) => c.cycle),
    t_s: col((c) => c.startSeconds - origin),
    kind: col((c) => (c.forced ? "forced" : c.periodic ? "periodic" : "heap")),
    stw1_ms: col((c) => c.stw1Ms),
    mark_ms: col((c) => c.markMs),
    stw2_ms: col((c) => c.stw2Ms),
    stw1_cpu_ms: col((c) => c.stw1CpuMs),
    assist_cpu_ms: col((c) => c.assistCpuMs),
    background_cpu_ms: col((c) => c.backgroundCpuMs),
    idle_cpu_ms: col((c) => c.idleCpuMs),
    stw2_cpu_ms: col((c) => c.stw2CpuMs),
    heap_start_bytes: col((c) => c.heapStartMiB * MiB),
    heap_end_bytes: col((c) => c.heapEndMiB * MiB),
    heap_marked_bytes: col((c) => c.heapMarkedMiB * MiB),
    heap_goal_bytes: col((c) => c.goalMiB * MiB),
    heap_trigger_bytes: col(() => null),
    stacks_bytes: col((c) => c.stacksMiB * MiB),
    globals_bytes: col((c) => c.globalsMiB * MiB),
    procs: col((c) => c.procs),
    gc_cpu_fraction: col((c) => c.cpuPercent / 100),
    utilization: col(() => null),
    limiter_on: col((c) => (limiterCycles === null ? null : limiterCycles.has(c.cycle))),
  });
}

/** When a cycle's mark terminated and when it ended (seconds since start). */
export function cycleTimes(c: GctraceCycle): { markEnd: number; end: number } {
  return {
    markEnd: c.startSeconds + (c.stw1Ms + c.markMs) / 1e3,
    end: c.startSeconds + (c.stw1Ms + c.markMs + c.stw2Ms) / 1e3,
  };
}

/**
 * The heap over time as gctrace shows it: three rows per cycle (its start: heap0; mark termination: heap1; its end:
 * the marked heap heap2, where the next cycle's growth starts). The goal is the cycle's own until it ends, then the
 * next cycle's (null after the last cycle: gctrace prints a goal only with the cycle that uses it).
 */
export function gctraceTimelineTable(cycles: readonly GctraceCycle[], origin = 0): Table {
  const rows: Record<(typeof GCTRACE_TIMELINE_COLUMNS)[number], number | null>[] = [];
  cycles.forEach((c, i) => {
    const t = cycleTimes(c);
    const start = c.startSeconds - origin;
    const markEnd = t.markEnd - origin;
    const end = t.end - origin;
    const next = cycles[i + 1];
    const common = {
      "/sched/gomaxprocs:threads": c.procs,
      "gctrace_stacks:bytes": c.stacksMiB * MiB,
      "gctrace_globals:bytes": c.globalsMiB * MiB,
      gc_cpu_fraction: c.cpuPercent / 100,
    };
    const done = i; // cycles completed before this one (the log's own numbering may have gaps)
    rows.push({
      t_s: start,
      "heap_live:bytes": c.heapStartMiB * MiB,
      "/gc/heap/goal:bytes": c.goalMiB * MiB,
      "/gc/cycles/total:gc-cycles": done,
      ...common,
    });
    rows.push({
      t_s: markEnd,
      "heap_live:bytes": c.heapEndMiB * MiB,
      "/gc/heap/goal:bytes": c.goalMiB * MiB,
      "/gc/cycles/total:gc-cycles": done,
      ...common,
    });
    rows.push({
      t_s: end,
      "heap_live:bytes": c.heapMarkedMiB * MiB,
      "/gc/heap/goal:bytes": next ? next.goalMiB * MiB : null,
      "/gc/cycles/total:gc-cycles": done + 1,
      ...common,
    });
  });
  const cols: Record<string, (number | null)[]> = {};
  for (const k of GCTRACE_TIMELINE_COLUMNS) cols[k] = rows.map((r) => r[k]);
  return aq.table(cols);
}

/**
 * Events the data shows: forced and periodic cycles, a known OOM kill, the limiter seen on, events given, the end of
 * the data.
 */
function eventsOf(
  cycles: readonly GctraceCycle[],
  endSeconds: number,
  facts: ImportFacts,
  report: ImportReport,
  limiterOnAt: { t: number; cycle: number } | null,
): Table {
  const origin = facts.timeOriginSeconds ?? 0;
  const ev: { t_s: number; kind: string; detail: string }[] = [...(facts.events ?? [])];
  for (const c of cycles) {
    if (c.forced)
      ev.push({ t_s: c.startSeconds - origin, kind: "forced-gc", detail: `runtime.GC() (gc ${c.cycle} (forced))` });
    else if (c.periodic)
      ev.push({ t_s: c.startSeconds - origin, kind: "periodic-gc", detail: `GC forced (gc ${c.cycle})` });
  }
  if (limiterOnAt !== null)
    ev.push({
      t_s: limiterOnAt.t,
      kind: "limiter-on",
      detail: `GC CPU limiter seen on (last enabled in cycle ${limiterOnAt.cycle})`,
    });
  if (facts.oomKilledAtSeconds != null && !ev.some((e) => e.kind === "oom-kill")) {
    const limit = facts.container?.memoryBytes;
    ev.push({
      t_s: facts.oomKilledAtSeconds,
      kind: "oom-kill",
      detail: `OOM-killed (a fact given with the import${limit != null ? `; container limit ${limit} bytes` : ""})`,
    });
  }
  ev.push({
    t_s: endSeconds,
    kind: "end-of-data",
    detail: report.sources.map((s) => `${s.kind} ${s.name}: ${s.read}`).join("; "),
  });
  ev.sort((a, b) => a.t_s - b.t_s);
  return aq.table({ t_s: ev.map((e) => e.t_s), kind: ev.map((e) => e.kind), detail: ev.map((e) => e.detail) });
}

/** A timeline of samples (runtime/metrics names as columns, t_s in seconds since start). */
export interface SampleTimeline {
  /** Column name → values, t_s first; every column as long as t_s (null where a sample lacks the value). */
  columns: Record<string, (number | null)[]>;
  /** Lines or points read, and what was skipped, in one line. */
  read: string;
  name: string;
  kind: "samples" | "prometheus";
}

function colMax(v: (number | null)[] | undefined): number | null {
  if (!v) return null;
  let m: number | null = null;
  for (const x of v) if (x !== null && Number.isFinite(x) && (m === null || x > m)) m = x;
  return m;
}

function colLast(v: (number | null)[] | undefined): number | null {
  if (!v) return null;
  for (let i = v.length - 1; i >= 0; i--) if (v[i] !== null && Number.isFinite(v[i] as number)) return v[i];
  return null;
}

/**
 * The timeline of samples: t_s from the time origin, a simulation's timeline columns first (in its order; null where
 * the samples do not have the quantity, e.g. heap_live:bytes and reachable:bytes, which no runtime metric shows), then
 * every other sampled column under its own name.
 */
function samplesTimelineTable(samples: SampleTimeline, origin: number): Table {
  const n = samples.columns.t_s.length;
  const cols: Record<string, (number | null)[]> = {
    t_s: samples.columns.t_s.map((t) => (t === null ? null : t - origin)),
  };
  const metadata = metadataColumn(samples.columns);
  for (const [name] of TIMELINE_COLUMNS)
    if (name !== "t_s")
      cols[name] = (name === METADATA ? metadata : undefined) ?? samples.columns[name] ?? new Array<null>(n).fill(null);
  for (const [name, values] of Object.entries(samples.columns)) if (!(name in cols)) cols[name] = values;
  return aq.table(cols);
}

const METADATA = "/memory/classes/metadata/other:bytes";
const HEAP_CLASSES = ["objects", "unused", "free", "released", "stacks"].map((c) => `/memory/classes/heap/${c}:bytes`);

/**
 * A simulation's /memory/classes/metadata/other:bytes holds every runtime metadata class plus "other"
 * (kernel/records.ts
 * metadataBytes): everything in /memory/classes/total:bytes that is not a heap class. From samples that have the total
 * and the heap classes it is computed the same way (so sim and real compare like with like); else undefined (the
 * sampled metric, if any, is kept as it is).
 */
function metadataColumn(c: Record<string, (number | null)[]>): (number | null)[] | undefined {
  const total = c["/memory/classes/total:bytes"];
  const parts = HEAP_CLASSES.map((k) => c[k]);
  if (!total || parts.some((p) => !p)) return undefined;
  return total.map((t, i) => {
    const ps = parts.map((p) => p![i]);
    return t === null || ps.some((p) => p === null) ? null : t - (ps as number[]).reduce((a, b) => a + b, 0);
  });
}

/** The first sample that saw the GC CPU limiter on, and the cycles the samples saw as its last-enabled one. */
function limiterSeen(
  samples: SampleTimeline | undefined,
  origin: number,
): { cycles: Set<number> | null; first: { t: number; cycle: number } | null } {
  const v = samples?.columns["/gc/limiter/last-enabled:gc-cycle"];
  if (!samples || !v) return { cycles: null, first: null };
  const cycles = new Set<number>();
  let first: { t: number; cycle: number } | null = null;
  v.forEach((c, i) => {
    if (c === null || c <= 0) return;
    cycles.add(c);
    if (first === null) first = { t: (samples.columns.t_s[i] as number) - origin, cycle: c };
  });
  return { cycles, first };
}

/** An imported run: tables, summary, the settings the data shows as a plan (for charts' settings line and limits). */
export class ImportedRun {
  readonly cycles: Table;
  readonly timeline: Table;
  readonly events: Table;
  readonly plan: EventPlan;
  readonly summary: ImportSummary;
  readonly report: ImportReport;
  /** The parsed gc lines (empty without a gctrace). */
  readonly gctrace: readonly GctraceCycle[];
  /** The gctrace log as read (null without one). */
  readonly gctraceLog: GctraceLog | null;
  /** The run's record when heapcast real made it (loadReal), else null. */
  readonly record: RealRecord | null;

  constructor(
    parts: { gctrace?: { log: GctraceLog; name: string }; samples?: SampleTimeline },
    facts: ImportFacts = {},
  ) {
    const log = parts.gctrace?.log ?? null;
    const cycles = log?.cycles ?? [];
    const samples = parts.samples;
    if (cycles.length === 0 && !samples) throw new Error("import: nothing to import (no gc cycle and no samples)");
    this.gctrace = cycles;
    this.gctraceLog = log;
    this.report = { sources: [] };
    if (parts.gctrace)
      this.report.sources.push({
        kind: "gctrace",
        name: parts.gctrace.name,
        read: describeGctraceLog(parts.gctrace.log),
      });
    if (samples) this.report.sources.push({ kind: samples.kind, name: samples.name, read: samples.read });
    const origin = facts.timeOriginSeconds ?? 0;
    this.record = facts.record ?? null;
    const limiter = limiterSeen(samples, origin);
    this.cycles = gctraceCyclesTable(cycles, origin, limiter.cycles);
    this.timeline = samples ? samplesTimelineTable(samples, origin) : gctraceTimelineTable(cycles, origin);
    const lastCycle = cycles.length > 0 ? cycleTimes(cycles[cycles.length - 1]).end - origin : 0;
    const lastSample = samples ? (colMax(samples.columns.t_s) ?? origin) - origin : 0;
    const end = Math.max(lastCycle, lastSample, facts.oomKilledAtSeconds ?? 0);
    const sc = samples?.columns ?? {};
    const heapInUse =
      sc["ms.HeapInuse"] ??
      (sc["/memory/classes/heap/objects:bytes"] && sc["/memory/classes/heap/unused:bytes"]
        ? sc["/memory/classes/heap/objects:bytes"].map((v, i) =>
            v === null || sc["/memory/classes/heap/unused:bytes"][i] === null
              ? null
              : v + (sc["/memory/classes/heap/unused:bytes"][i] as number),
          )
        : undefined);
    const last = cycles[cycles.length - 1];
    this.summary = {
      scenario: facts.name ?? parts.gctrace?.name ?? samples!.name,
      // the toolchain of a run heapcast real made ("go1.26.8" → "1.26"); unknown in a trace
      goVersion: /^go(\d+\.\d+)/.exec(String(facts.record?.result.go_version ?? ""))?.[1] ?? null,
      simulatedSeconds: end,
      gcCycles: cycles.length > 0 ? cycles.length : colLast(sc["/gc/cycles/total:gc-cycles"]),
      peakHeapBytes: cycles.length > 0 ? Math.max(...cycles.map((c) => c.heapEndMiB)) * MiB : null,
      peakHeapInUseBytes: colMax(heapInUse),
      finalHeapGoalBytes: colLast(sc["/gc/heap/goal:bytes"]) ?? (last ? last.goalMiB * MiB : null),
      peakRssBytes: colMax(sc["rss:bytes"]),
      gcCpuFraction: colLast(sc["gc_cpu_fraction"]) ?? (last ? last.cpuPercent / 100 : null),
      // Every stop-the-world pause and each cycle's assist CPU, as gctrace prints them (ms, rounded by the runtime).
      ...(cycles.length > 0
        ? cycleStatistics(
            cycles.map((c) => c.stw1Ms * 1e6),
            cycles.map((c) => c.stw2Ms * 1e6),
            cycles.map((c) => c.assistCpuMs * 1e6),
          )
        : {
            pauseP50Seconds: null,
            pauseP99Seconds: null,
            maxPauseSeconds: null,
            assistP50Seconds: null,
            assistP99Seconds: null,
          }),
      oomKilledAtSeconds: facts.oomKilledAtSeconds ?? null,
      // The cgroup's cpu.stat where the samples carry it (the load generator's cg.* columns); unknown otherwise.
      cpuQuotaPeriods: colLast(sc["cg.nr_periods"]),
      throttledPeriods: colLast(sc["cg.nr_throttled"]),
      throttledSeconds:
        colLast(sc["cg.throttled_time"]) === null ? null : (colLast(sc["cg.throttled_time"]) as number) / 1e9,
      warnings: [],
      // Not a simulation: no kernel time, no kernel events.
      wallMs: null,
      events: null,
    };
    this.events = eventsOf(cycles, end, facts, this.report, limiter.first);
    const gomaxprocs = last?.procs ?? colLast(sc["/sched/gomaxprocs:threads"]) ?? DEFAULTS.GOMAXPROCS;
    const gogc = colLast(sc["/gc/gogc:percent"]);
    const limit = colLast(sc["/gc/gomemlimit:bytes"]);
    this.plan = facts.plan ?? {
      format: PLAN_FORMAT,
      version: PLAN_VERSION,
      scenario: {
        name: this.summary.scenario,
        // What the data shows; GOGC and GOMEMLIMIT only where a metric carries them (gctrace does not: see fit()).
        // (the Go version is not in the data: the default one; GOMAXPROCS as observed, on a node of that many CPUs)
        go: {
          version: DEFAULTS.goVersion,
          goMod: DEFAULTS.goVersion,
          GOGC: gogc ?? DEFAULTS.GOGC,
          GOMEMLIMIT: limit === null || limit >= 2 ** 62 ? null : limit,
          GOMAXPROCS: gomaxprocs,
        },
        container: {
          memoryBytes: facts.container?.memoryBytes ?? null,
          cpus: facts.container?.cpus ?? null,
          nodeCpus: gomaxprocs,
        },
        durationNs: Math.round(end * 1e9),
        seed: 0,
        sampleEveryNs: 0,
        globalsBytes: last ? last.globalsMiB * MiB : DEFAULTS.globals,
        markJitter: 0,
      },
      events: [],
    };
  }

  /** What was read and skipped, one line per source. */
  describe(): string {
    return this.report.sources.map((s) => `${s.kind} ${s.name}: ${s.read}`).join("\n");
  }
}
