// Records the kernel emits while it runs: one per GC cycle, one per timeline sample, one per notable event.
// Plain objects of numbers (and a few strings) so that lib/ can turn them into tables, gctrace text and CSV.
// Times are integer nanoseconds since the process started (runtimeInitTime); bytes are integer bytes.

/** One completed GC cycle, carrying every field of Go 1.19's gctrace line (runtime/mgc.go: gcMarkTermination, its
 * `print("gc ", memstats.numgc, …)`). */
export interface GcCycleRecord {
  /** memstats.numgc after the increment: 1-based cycle number. */
  cycle: number;
  /** tSweepTerm: when STW #1 began (ns since start). gctrace "@S.SSSs". */
  startNs: number;
  /** tMark − tSweepTerm: STW #1 (sweep termination) wall time, ns. */
  stw1Ns: number;
  /** tMarkTerm − tMark: concurrent mark wall time, ns. */
  markNs: number;
  /** tEnd − tMarkTerm: STW #2 (mark termination) wall time, ns. */
  stw2Ns: number;
  /** stwprocs·stw1Ns: CPU ns of STW #1. */
  stw1CpuNs: number;
  /** assistTime: CPU ns spent in mark assists. */
  assistCpuNs: number;
  /** dedicatedMarkTime + fractionalMarkTime: CPU ns of background mark workers. */
  backgroundCpuNs: number;
  /** idleMarkTime: CPU ns of idle-priority mark workers. */
  idleCpuNs: number;
  /** stwprocs·stw2Ns: CPU ns of STW #2. */
  stw2CpuNs: number;
  /** work.heap0: heapLive when the cycle started (bytes). */
  heapStartBytes: number;
  /** work.heap1: heapLive at mark termination (bytes): the peak heap as the GC sees it. */
  heapEndBytes: number;
  /** work.heap2: bytes marked (live + allocated black during mark): the next heapMarked. */
  heapMarkedBytes: number;
  /** lastHeapGoal: the heap goal at endCycle (bytes), gctrace "goal". */
  heapGoalBytes: number;
  /**
   * The trigger the pacer computed for this cycle (bytes); null for a forced or periodic cycle (no trigger started it).
   */
  heapTriggerBytes: number | null;
  /**
   * gctrace's "MB stacks", as the cycle's Go version counts it (GoVersion.gctrace.stacks): maxStackScan, the allocated
   * stack bytes of live goroutines, in Go 1.19; lastStackScan, the stack bytes the last mark scanned, since 1.20.
   */
  stackBytes: number;
  /** globalsScan: data+bss bytes (gctrace "MB globals"). */
  globalsBytes: number;
  /** work.maxprocs: GOMAXPROCS at gcStart. */
  procs: number;
  /** Cumulative GC CPU fraction since start (memstats.gc_cpu_fraction), 0..1, at the end of this cycle. */
  gcCpuFraction: number;
  /**
   * How the cycle was started. "heap": heapLive reached the trigger; "periodic": the 2-minute forcegc; "forced":
   * runtime.GC().
   */
  kind: "heap" | "periodic" | "forced";
  /** GC utilization the pacer measured this cycle (0.25 + assist share), as endCycle computes it. */
  utilization: number;
  /** True if the GC CPU limiter was on at any time during the cycle. */
  limiterOn: boolean;
}

/** One timeline sample: the state of the process at tNs, with values as Go 1.19's runtime/metrics would read them. */
export interface TimelineSample {
  tNs: number;
  /** /gc/heap/goal:bytes — heapGoal() now; null with GOGC=off and no memory limit (no goal). */
  heapGoalBytes: number | null;
  /** The pacer's heapLive: marked heap plus everything allocated since (what the trigger is compared with). */
  heapLiveBytes: number;
  /** The trigger the pacer would use now (bytes); null while a cycle runs, and with no goal. */
  heapTriggerBytes: number | null;
  /**
   * Reachable heap of the workload (rounded bytes): live + leaked + requests in flight + retained by leaked goroutines.
   */
  reachableBytes: number;
  /** /memory/classes/heap/objects:bytes */
  heapObjectsBytes: number;
  /** /memory/classes/heap/unused:bytes */
  heapUnusedBytes: number;
  /** /memory/classes/heap/free:bytes */
  heapFreeBytes: number;
  /** /memory/classes/heap/released:bytes */
  heapReleasedBytes: number;
  /** /memory/classes/heap/stacks:bytes */
  heapStacksBytes: number;
  /** /memory/classes/metadata/* + other: everything else the runtime mapped. */
  metadataBytes: number;
  /** /memory/classes/total:bytes */
  totalBytes: number;
  /** Resident set size (/proc/self/statm), which the container's cgroup charges. */
  rssBytes: number;
  /** /sched/goroutines:goroutines */
  goroutines: number;
  /** /gc/cycles/total:gc-cycles */
  gcCycles: number;
  /** /gc/cycles/forced:gc-cycles */
  gcForcedCycles: number;
  /** /gc/heap/allocs:bytes */
  allocsBytes: number;
  /** /gc/heap/frees:bytes */
  freesBytes: number;
  /** /sched/gomaxprocs:threads */
  gomaxprocs: number;
  /** /gc/stack/starting-size:bytes */
  stackStartingSizeBytes: number;
  /** /gc/limiter/last-enabled:gc-cycle */
  limiterLastEnabledCycle: number;
  /** Cumulative GC CPU fraction (MemStats.GCCPUFraction). */
  gcCpuFraction: number;
  /** "off" | "mark" | "stw": the GC phase at this instant. */
  gcPhase: string;
}

/** Something that happened once: a scenario action applied, an OOM kill, the limiter switching, a forced GC. */
export interface RuntimeEventRecord {
  tNs: number;
  kind: string;
  detail: string;
}

/** cgroup cpu.stat's counters of a CPU quota (CFS bandwidth control), over the run. */
export interface CpuQuotaStats {
  /** Periods (100 ms) elapsed with the quota below GOMAXPROCS, the only time it can throttle (nr_periods). */
  periods: number;
  /** Periods in which the quota ran out and the threads were throttled until the period's end (nr_throttled). */
  throttledPeriods: number;
  /** Time the threads spent throttled, ns (throttled_time). */
  throttledNs: number;
}

/** Headline numbers of a run. */
export interface KernelSummary {
  simulatedNs: number;
  gcCycles: number;
  /** Largest heap at mark termination (gctrace's middle number), bytes. */
  peakHeapBytes: number;
  /** Largest heap in use (spans) seen, bytes. */
  peakHeapInUseBytes: number;
  /** The heap goal at the end; null with GOGC=off and no memory limit (no goal). */
  finalHeapGoalBytes: number | null;
  peakRssBytes: number;
  gcCpuFraction: number;
  maxPauseNs: number;
  /** When the container's OOM killer ended the process, ns; null if it did not. */
  oomKilledAtNs: number | null;
  /** CFS bandwidth control, as cgroup's cpu.stat counts it; null if the container never had a CPU quota. */
  cpuQuota: CpuQuotaStats | null;
  /** Events the kernel processed. */
  events: number;
}

/** The numeric fields of a cycle record (cycleColumn; heapTriggerBytes' null is NaN there). */
export type CycleField = Exclude<keyof GcCycleRecord, "kind" | "limiterOn">;

export interface KernelResult {
  /** The records, built once when first read (a million cycles are a million objects: outputs stream instead). */
  cycles: GcCycleRecord[];
  samples: TimelineSample[];
  events: RuntimeEventRecord[];
  summary: KernelSummary;
  /**
   * Settings that cannot do what they seem to, in words: GOMEMLIMIT above the container's memory, a container smaller
   * than the live heap.
   */
  warnings: string[];
  /** One numeric field of every cycle, in order (a copy of the kernel's column: no record objects). */
  cycleColumn(field: CycleField): Float64Array;
  /** Numeric fields of every cycle, in order, read in one pass (copies of the kernel's columns). */
  cycleColumns(fields: readonly CycleField[]): Float64Array[];
  /** The records one at a time, none kept: for outputs that stream (CSV, gctrace). */
  eachCycle(): Iterable<GcCycleRecord>;
  eachSample(): Iterable<TimelineSample>;
}
