// Kernel records → columnar arquero tables. Column names follow Go: gctrace's fields for cycles, Go 1.19's
// runtime/metrics names for the timeline (§18 of go-runtime-model.md), plus the model's own quantities where Go has
// no metric (rss, heap live as the pacer sees it, reachable heap). Each table's columns are listed once, by name
// (CYCLE_COLUMNS, TIMELINE_COLUMNS, EVENT_COLUMNS): the arquero tables and the streamed CSV files (outputs/csv.ts)
// are built from the same list.

import * as aq from "arquero";
import type { GcCycleRecord, RuntimeEventRecord, TimelineSample } from "../../kernel/records";

export type Table = ReturnType<typeof aq.table>;

/** A table's column: its name and its value for one record (null: none). */
export type Column<R> = readonly [name: string, value: (r: R) => number | string | boolean | null];

/** One row per GC cycle. Times in seconds (start) and milliseconds (phases, CPU); bytes in bytes. */
export const CYCLE_COLUMNS: readonly Column<GcCycleRecord>[] = [
  ["cycle", (c) => c.cycle],
  ["t_s", (c) => c.startNs / 1e9],
  ["kind", (c) => c.kind],
  ["stw1_ms", (c) => c.stw1Ns / 1e6],
  ["mark_ms", (c) => c.markNs / 1e6],
  ["stw2_ms", (c) => c.stw2Ns / 1e6],
  ["stw1_cpu_ms", (c) => c.stw1CpuNs / 1e6],
  ["assist_cpu_ms", (c) => c.assistCpuNs / 1e6],
  ["background_cpu_ms", (c) => c.backgroundCpuNs / 1e6],
  ["idle_cpu_ms", (c) => c.idleCpuNs / 1e6],
  ["stw2_cpu_ms", (c) => c.stw2CpuNs / 1e6],
  ["heap_start_bytes", (c) => c.heapStartBytes],
  ["heap_end_bytes", (c) => c.heapEndBytes],
  ["heap_marked_bytes", (c) => c.heapMarkedBytes],
  // GOGC=off without GOMEMLIMIT: Go's goal is then maxInt64-ish (mgcpacer.go: heapGoal of a gcPercent < 0 pacer with
  // no limit), which gctrace prints as it is; a table has no goal there: null (a sentinel above 2^53 is not a size).
  ["heap_goal_bytes", (c) => (c.heapGoalBytes > Number.MAX_SAFE_INTEGER ? null : c.heapGoalBytes)],
  ["heap_trigger_bytes", (c) => c.heapTriggerBytes],
  ["stacks_bytes", (c) => c.stackBytes],
  ["globals_bytes", (c) => c.globalsBytes],
  ["procs", (c) => c.procs],
  ["gc_cpu_fraction", (c) => c.gcCpuFraction],
  ["utilization", (c) => c.utilization],
  ["limiter_on", (c) => c.limiterOn],
];

/** One row per sample, runtime/metrics names as columns. */
export const TIMELINE_COLUMNS: readonly Column<TimelineSample>[] = [
  ["t_s", (s) => s.tNs / 1e9],
  ["/gc/heap/goal:bytes", (s) => s.heapGoalBytes],
  ["/memory/classes/heap/objects:bytes", (s) => s.heapObjectsBytes],
  ["/memory/classes/heap/unused:bytes", (s) => s.heapUnusedBytes],
  ["/memory/classes/heap/free:bytes", (s) => s.heapFreeBytes],
  ["/memory/classes/heap/released:bytes", (s) => s.heapReleasedBytes],
  ["/memory/classes/heap/stacks:bytes", (s) => s.heapStacksBytes],
  ["/memory/classes/metadata/other:bytes", (s) => s.metadataBytes],
  ["/memory/classes/total:bytes", (s) => s.totalBytes],
  ["/gc/heap/allocs:bytes", (s) => s.allocsBytes],
  ["/gc/heap/frees:bytes", (s) => s.freesBytes],
  ["/gc/cycles/total:gc-cycles", (s) => s.gcCycles],
  ["/gc/cycles/forced:gc-cycles", (s) => s.gcForcedCycles],
  ["/gc/cycles/automatic:gc-cycles", (s) => s.gcCycles - s.gcForcedCycles],
  ["/gc/stack/starting-size:bytes", (s) => s.stackStartingSizeBytes],
  ["/gc/limiter/last-enabled:gc-cycle", (s) => s.limiterLastEnabledCycle],
  ["/sched/goroutines:goroutines", (s) => s.goroutines],
  ["/sched/gomaxprocs:threads", (s) => s.gomaxprocs],
  ["rss:bytes", (s) => s.rssBytes],
  ["heap_live:bytes", (s) => s.heapLiveBytes],
  ["heap_trigger:bytes", (s) => s.heapTriggerBytes],
  ["reachable:bytes", (s) => s.reachableBytes],
  ["gc_cpu_fraction", (s) => s.gcCpuFraction],
  ["gc_phase", (s) => s.gcPhase],
];

export const EVENT_COLUMNS: readonly Column<RuntimeEventRecord>[] = [
  ["t_s", (e) => e.tNs / 1e9],
  ["kind", (e) => e.kind],
  ["detail", (e) => e.detail],
];

function tableOf<R>(columns: readonly Column<R>[], records: readonly R[]): Table {
  const data: Record<string, unknown[]> = {};
  for (const [name, value] of columns) data[name] = records.map(value);
  return aq.table(data);
}

export function cyclesTable(cycles: readonly GcCycleRecord[]): Table {
  return tableOf(CYCLE_COLUMNS, cycles);
}

export function timelineTable(samples: readonly TimelineSample[]): Table {
  return tableOf(TIMELINE_COLUMNS, samples);
}

/**
 * The cycles table of a run with too many cycles to chart one by one, read one record at a time: `k` consecutive
 * cycles become one row (the first's number, start and kind; the longest pauses and mark, the largest heaps and
 * GOMAXPROCS; CPU times summed; the last cumulative GC CPU fraction; the limiter on if it was in any), so the table
 * has at most `maxRows` rows whatever the run's length.
 */
export function mergedCyclesTable(
  cycles: Iterable<GcCycleRecord>,
  count: number,
  maxRows: number,
): { table: Table; perRow: number } {
  const k = Math.max(1, Math.ceil(count / maxRows));
  const out: GcCycleRecord[] = [];
  let cur: GcCycleRecord | null = null;
  let n = 0;
  for (const c of cycles) {
    if (cur === null || n === k) {
      if (cur) out.push(cur);
      cur = { ...c };
      n = 1;
      continue;
    }
    n++;
    for (const f of [
      "stw1Ns",
      "markNs",
      "stw2Ns",
      "heapStartBytes",
      "heapEndBytes",
      "heapMarkedBytes",
      "heapGoalBytes",
      "stackBytes",
      "globalsBytes",
      "procs",
      "utilization",
    ] as const) {
      cur[f] = Math.max(cur[f], c[f]);
    }
    for (const f of ["stw1CpuNs", "assistCpuNs", "backgroundCpuNs", "idleCpuNs", "stw2CpuNs"] as const) cur[f] += c[f];
    cur.heapTriggerBytes =
      c.heapTriggerBytes === null ? cur.heapTriggerBytes : Math.max(cur.heapTriggerBytes ?? 0, c.heapTriggerBytes);
    cur.gcCpuFraction = c.gcCpuFraction;
    cur.limiterOn = cur.limiterOn || c.limiterOn;
  }
  if (cur) out.push(cur);
  return { table: cyclesTable(out), perRow: k };
}

export function eventsTable(events: readonly RuntimeEventRecord[]): Table {
  return tableOf(EVENT_COLUMNS, events);
}
