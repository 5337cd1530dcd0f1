// Kernel records → columnar arquero tables. Column names follow Go: gctrace's fields for cycles, Go 1.19's
// runtime/metrics names for the timeline (§18 of go-runtime-model.md), plus the model's own quantities where Go has
// no metric (rss, heap live as the pacer sees it, reachable heap).

import * as aq from "arquero";
import type { GcCycleRecord, RuntimeEventRecord, TimelineSample } from "../../kernel/records";

export type Table = ReturnType<typeof aq.table>;

/** One row per GC cycle. Times in seconds (start) and milliseconds (phases, CPU); bytes in bytes. */
export function cyclesTable(cycles: readonly GcCycleRecord[]): Table {
  const col = <T>(f: (c: GcCycleRecord) => T) => cycles.map(f);
  return aq.table({
    cycle: col((c) => c.cycle),
    t_s: col((c) => c.startNs / 1e9),
    kind: col((c) => c.kind),
    stw1_ms: col((c) => c.stw1Ns / 1e6),
    mark_ms: col((c) => c.markNs / 1e6),
    stw2_ms: col((c) => c.stw2Ns / 1e6),
    stw1_cpu_ms: col((c) => c.stw1CpuNs / 1e6),
    assist_cpu_ms: col((c) => c.assistCpuNs / 1e6),
    background_cpu_ms: col((c) => c.backgroundCpuNs / 1e6),
    idle_cpu_ms: col((c) => c.idleCpuNs / 1e6),
    stw2_cpu_ms: col((c) => c.stw2CpuNs / 1e6),
    heap_start_bytes: col((c) => c.heapStartBytes),
    heap_end_bytes: col((c) => c.heapEndBytes),
    heap_marked_bytes: col((c) => c.heapMarkedBytes),
    heap_goal_bytes: col((c) => c.heapGoalBytes),
    heap_trigger_bytes: col((c) => (c.heapTriggerBytes < 0 ? null : c.heapTriggerBytes)),
    stacks_bytes: col((c) => c.stackBytes),
    globals_bytes: col((c) => c.globalsBytes),
    procs: col((c) => c.procs),
    gc_cpu_fraction: col((c) => c.gcCpuFraction),
    utilization: col((c) => c.utilization),
    limiter_on: col((c) => c.limiterOn),
  });
}

/** One row per sample, runtime/metrics names as columns. */
export function timelineTable(samples: readonly TimelineSample[]): Table {
  const col = <T>(f: (s: TimelineSample) => T) => samples.map(f);
  return aq.table({
    t_s: col((s) => s.tNs / 1e9),
    "/gc/heap/goal:bytes": col((s) => s.heapGoalBytes),
    "/memory/classes/heap/objects:bytes": col((s) => s.heapObjectsBytes),
    "/memory/classes/heap/unused:bytes": col((s) => s.heapUnusedBytes),
    "/memory/classes/heap/free:bytes": col((s) => s.heapFreeBytes),
    "/memory/classes/heap/released:bytes": col((s) => s.heapReleasedBytes),
    "/memory/classes/heap/stacks:bytes": col((s) => s.heapStacksBytes),
    "/memory/classes/metadata/other:bytes": col((s) => s.metadataBytes),
    "/memory/classes/total:bytes": col((s) => s.totalBytes),
    "/gc/heap/allocs:bytes": col((s) => s.allocsBytes),
    "/gc/heap/frees:bytes": col((s) => s.freesBytes),
    "/gc/cycles/total:gc-cycles": col((s) => s.gcCycles),
    "/gc/cycles/forced:gc-cycles": col((s) => s.gcForcedCycles),
    "/gc/cycles/automatic:gc-cycles": col((s) => s.gcCycles - s.gcForcedCycles),
    "/gc/stack/starting-size:bytes": col((s) => s.stackStartingSizeBytes),
    "/gc/limiter/last-enabled:gc-cycle": col((s) => s.limiterLastEnabledCycle),
    "/sched/goroutines:goroutines": col((s) => s.goroutines),
    "/sched/gomaxprocs:threads": col((s) => s.gomaxprocs),
    "rss:bytes": col((s) => s.rssBytes),
    "heap_live:bytes": col((s) => s.heapLiveBytes),
    "heap_trigger:bytes": col((s) => s.heapTriggerBytes),
    "reachable:bytes": col((s) => s.reachableBytes),
    gc_cpu_fraction: col((s) => s.gcCpuFraction),
    gc_phase: col((s) => s.gcPhase),
  });
}

export function eventsTable(events: readonly RuntimeEventRecord[]): Table {
  return aq.table({
    t_s: events.map((e) => e.tNs / 1e9),
    kind: events.map((e) => e.kind),
    detail: events.map((e) => e.detail),
  });
}
