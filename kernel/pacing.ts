// The runtime's door to the pacer and the GC CPU limiter: inputs in (heap and memory statistics, stacks, scan work,
// mark CPU, P-time), goal, trigger and assist ratio out. Behind it: GcController (pacer.ts, a port of
// runtime/mgcpacer.go: gcControllerState, with a Go version's PacerRules) and GcCpuLimiter (limiter.ts, a port of
// runtime/mgclimit.go: gcCPULimiterState). The runtime (runtime.ts) never writes their fields; the Go versions work
// plugs a version's rules in here (new Pacing(settings, version.pacer)).
//
// Where the model does not go through Go's own entry points, and why:
//   - heapLive/heapScan are handed over (setHeap) instead of gcController.update(dHeapLive, dHeapScan): the model
//     keeps them exactly (fractional bytes between events) and the pacer sees their floors; update() would revise the
//     assist ratio at every call while marking, but the model revises only where it recomputes the mark rates (a
//     sample taken in the middle of a step must not change them).
//   - the mark's scan work and CPU times are handed over as totals (setScanWork, endCycle's arguments) instead of
//     gcDrain's atomic adds and markWorkerStop: the model knows them in closed form at each step.
//   - the limiter is fed each step's mutator and GC P-time through accumulate (accountCpu) instead of update(now):
//     see accountCpu.
// Time is passed in; nothing here reads a clock.

import { GcController, type GcTriggerKind, type PacerRules, type TriggerResult } from "./pacer";
import { MAX_INT64 } from "./gonum";
import { GcCpuLimiter } from "./limiter";
import type { GcCycleRecord } from "./records";

/** The settings the pacer starts from (the plan's scenario.go and globals). */
export interface PacerSettings {
  /** GOGC; −1 = off. */
  gcPercent: number;
  /** GOMEMLIMIT, bytes; null = no limit. */
  memoryLimitBytes: number | null;
  /** Scannable globals (data+bss), bytes (gcController.addGlobals at module init). */
  globalsBytes: number;
  /** GOMAXPROCS at start (the limiter's capacity). */
  procs: number;
}

/** The memory statistics the memory-limit goal reads (mgcpacer.go: memoryLimitHeapGoal; heap.ts holds them). */
export interface MemoryStats {
  /** Free pages not released, bytes. */
  readonly free: number;
  /** Cumulative object bytes allocated. */
  readonly totalAlloc: number;
  /** Cumulative object bytes freed. */
  readonly totalFree: number;
  /** Σ memory classes − released, bytes. */
  mappedReady(): number;
}

/**
 * runtime/mgc.go's gcTriggerKind for each cycle kind of the records (records.ts: GcCycleRecord.kind): "heap" is
 * gcTriggerHeap, "periodic" gcTriggerTime (sysmon's forcegc), "forced" gcTriggerCycle (runtime.GC, debug.FreeOSMemory).
 */
const TRIGGER_KIND: Record<GcCycleRecord["kind"], GcTriggerKind> = { heap: "heap", periodic: "time", forced: "cycle" };

export class Pacing {
  private readonly pacer: GcController;
  private readonly limiter: GcCpuLimiter;

  /**
   * gcControllerState.init (mgcpacer.go) with GOGC and GOMEMLIMIT, the globals added (addGlobals), then commit(true)
   * (no sweep before the first cycle); the limiter sized for GOMAXPROCS at time 0 (mgclimit.go: resetCapacity).
   * @param rules the Go version's pacer rules (kernel/versions: GoVersion.pacer); default Go 1.19's
   */
  constructor(settings: PacerSettings, rules?: PacerRules) {
    this.pacer = new GcController(settings.gcPercent, settings.memoryLimitBytes ?? MAX_INT64, rules);
    this.limiter = new GcCpuLimiter(0, settings.procs);
    this.pacer.addGlobals(settings.globalsBytes);
    this.pacer.commit(true);
  }

  // ── Inputs ─────────────────────────────────────────────────────────────────────────────────────────────────────

  /** heapLive and heapScan as the model keeps them (exact, fractional bytes): the pacer holds their floors. */
  setHeap(heapLive: number, heapScan: number): void {
    this.pacer.heapLive = Math.floor(heapLive);
    this.pacer.heapScan = Math.floor(heapScan);
  }

  /** heapLive only, bytes (already an integer): batch assists revise along the batch (mark.ts: batchAssist). */
  setHeapLive(bytes: number): void {
    this.pacer.heapLive = bytes;
  }

  /** The memory statistics the memory-limit goal reads, floored (heapFree, totalAlloc, totalFree, mappedReady). */
  setMemory(m: MemoryStats): void {
    this.pacer.heapFree = Math.floor(m.free);
    this.pacer.totalAlloc = Math.floor(m.totalAlloc);
    this.pacer.totalFree = Math.floor(m.totalFree);
    this.pacer.mappedReady = Math.floor(m.mappedReady());
  }

  /**
   * Whether the goal reads the memory statistics: only the memory-limit goal does, which heapGoalInternal skips
   * without a limit unless GOGC is off (mgcpacer.go: heapGoalInternal).
   */
  goalReadsMemory(): boolean {
    return this.pacer.memoryLimit !== MAX_INT64 || this.pacer.gcPercent < 0;
  }

  /** Allocated stack bytes of every goroutine, Σ hi−lo (gcController.maxStackScan, addScannableStack's total). */
  setStacks(bytes: number): void {
    this.pacer.maxStackScan = Math.floor(bytes);
  }

  /** Scan work done so far this cycle, bytes, split as gcDrain does it (globals, stacks, heap); floored. */
  setScanWork(globals: number, stacks: number, heap: number): void {
    this.pacer.globalsScanWork = Math.floor(globals);
    this.pacer.stackScanWork = Math.floor(stacks);
    this.pacer.heapScanWork = Math.floor(heap);
  }

  /** debug.SetGCPercent's setGCPercent (mgcpacer.go); the caller commits. */
  setGCPercent(gcPercent: number): void {
    this.pacer.setGCPercent(gcPercent);
  }

  /** debug.SetMemoryLimit's setMemoryLimit (mgcpacer.go), null = no limit; the caller commits. */
  setMemoryLimit(bytes: number | null): void {
    this.pacer.setMemoryLimit(bytes ?? MAX_INT64);
  }

  // ── The cycle ──────────────────────────────────────────────────────────────────────────────────────────────────

  /** gcStart's startCycle (mgcpacer.go): mark workers sized, first assist ratio. `kind`: how the cycle started. */
  startCycle(cycleStartNs: number, procs: number, kind: GcCycleRecord["kind"], heapLiveAtStart?: number): void {
    // heapLiveAtStart: heapLive where gcStart ran, the pacer's `triggered` under Go 1.20+'s rule (pacer.ts)
    this.pacer.startCycle(cycleStartNs, procs, TRIGGER_KIND[kind], heapLiveAtStart);
  }

  /** revise (mgcpacer.go): the assist ratio from the heap and scan work handed over. Returns assistWorkPerByte. */
  revise(): number {
    this.pacer.revise();
    return this.pacer.assistWorkPerByte;
  }

  /**
   * gcMarkDone's endCycle (mgcpacer.go) with the cycle's mark CPU, CPU-ns (rounded to Go's integer ns): assists,
   * idle and dedicated workers (the model's background workers are dedicated-equivalent; fractional time is in them).
   * Returns the cycle's GC utilization (gctrace's and the cons/mark estimate's).
   */
  endCycle(
    nowNs: number,
    procs: number,
    forced: boolean,
    assistNs: number,
    idleNs: number,
    backgroundNs: number,
  ): number {
    this.pacer.assistTime = Math.round(assistNs);
    this.pacer.idleMarkTime = Math.round(idleNs);
    this.pacer.dedicatedMarkTime = Math.round(backgroundNs);
    this.pacer.fractionalMarkTime = 0;
    return this.pacer.endCycle(nowNs, procs, forced);
  }

  /** gcMarkTermination's resetLive (mgcpacer.go): heapLive = heapMarked = `marked`. Returns the new heapScan. */
  resetLive(marked: number): number {
    this.pacer.resetLive(marked);
    return this.pacer.heapScan;
  }

  /**
   * gcControllerCommit's commit (mgcpacer.go), then the trigger and goal it leads to (the sweeper and the scavenger
   * are paced from them). The result object is reused: read it before the next call.
   */
  commit(sweepDone: boolean): TriggerResult {
    this.pacer.commit(sweepDone);
    return this.pacer.trigger();
  }

  // ── Outputs ────────────────────────────────────────────────────────────────────────────────────────────────────

  /** The heap goal now, bytes (mgcpacer.go: heapGoal); see hasGoal. */
  heapGoal(): number {
    return this.pacer.heapGoal();
  }

  /** The heap trigger outside a cycle, bytes (mgcpacer.go: trigger). */
  triggerBytes(): number {
    return this.pacer.triggerBytes();
  }

  /**
   * False for GOGC=off without a memory limit: the heap has no goal (the pacer's is 2^63 minus the runtime's other
   * memory, Go's "no limit"; mgcpacer.go: heapGoalInternal) and no trigger is ever reached; outputs say null.
   */
  hasGoal(): boolean {
    return this.pacer.gcPercent >= 0 || this.pacer.memoryLimit !== MAX_INT64;
  }

  /** GOGC is on: sysmon forces a GC every 2 minutes (mgc.go: gcTrigger.test, gcTriggerTime needs gcPercent ≥ 0). */
  gcEnabled(): boolean {
    return this.pacer.gcPercent >= 0;
  }

  /** Scan work per allocated byte assists owe (set by revise). */
  get assistWorkPerByte(): number {
    return this.pacer.assistWorkPerByte;
  }
  /** Dedicated mark workers this cycle (startCycle). */
  get dedicatedWorkers(): number {
    return this.pacer.dedicatedMarkWorkersNeeded;
  }
  /** Share of each P a fractional worker takes (startCycle). */
  get fractionalGoal(): number {
    return this.pacer.fractionalUtilizationGoal;
  }
  /** Bytes marked by the last cycle (resetLive). */
  get heapMarked(): number {
    return this.pacer.heapMarked;
  }
  /** The goal at the last mark termination (endCycle): gctrace's "goal". */
  get lastHeapGoal(): number {
    return this.pacer.lastHeapGoal;
  }
  /** Allocated stack bytes the pacer counts (setStacks). */
  get stackBytes(): number {
    return this.pacer.maxStackScan;
  }
  /** Stack bytes the last mark scanned (lastStackScan, set at mark termination by resetLive). */
  get stackScanned(): number {
    return this.pacer.lastStackScan;
  }
  /** Scannable globals, bytes. */
  get globalsBytes(): number {
    return this.pacer.globalsScan;
  }

  // ── The GC CPU limiter ─────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Feeds the limiter's bucket one step's P-time; returns whether the limiter switched on or off. `marking`: while the
   * bucket is full during a mark, the mark rates already hold GC time equal to mutator time (assists cut back, see
   * mark.ts), so a change within rounding leaves it full instead of chattering on and off. `cycles`: completed GC
   * cycles (memstats.numgc, recorded when the limiter turns on).
   *
   * Why accumulate and not Go's entry point, update(now) (mgclimit.go: gcCPULimiterState.update → updateLocked):
   * update derives GC time from wall time as the runtime does — 25 % of every P while gcEnabled, plus the assist time
   * pooled by the Ps — and subtracts the idle time pooled. The model knows each step's GC and mutator P-time exactly
   * (the mark rates split them: background workers at their share, assists, idle workers, a mutator short of Ps), and
   * steps are not the runtime's sysmon/GC-transition update points, so it hands updateLocked's last line, accumulate,
   * the two totals directly. update and its GC transitions stay tested through test/limiter.test.ts (Go's
   * TestGCCPULimiter); the model uses update's arithmetic, not its sampling.
   */
  accountCpu(mutatorNs: number, gcNs: number, marking: boolean, cycles: number): boolean {
    const L = this.limiter;
    const change = gcNs - mutatorNs;
    if (L.enabled && marking && Math.abs(change) <= 1e-9 * (mutatorNs + gcNs) + 1e-3) return false;
    const was = L.enabled;
    L.numgc = cycles;
    L.accumulate(mutatorNs, gcNs);
    return L.enabled !== was;
  }

  /** The limiter is on (mgclimit.go: limiting): assists and the memory-limit scavenger stand down. */
  limiterOn(): boolean {
    return this.limiter.enabled;
  }

  /** The GC cycle that last turned the limiter on, 0 = never (/gc/limiter/last-enabled:gc-cycle). */
  limiterLastEnabledCycle(): number {
    return this.limiter.lastEnabledCycle;
  }

  /** Time (ns) until the bucket fills at `fillPs` Ps of net GC time; Infinity if on already or not filling. */
  timeToFillLimiter(fillPs: number): number {
    const L = this.limiter;
    return !L.enabled && fillPs > 0 ? Math.ceil((L.capacity - L.fill) / fillPs) : Infinity;
  }

  /** procresize's limiter.resetCapacity (mgclimit.go) for a new GOMAXPROCS. */
  resize(nowNs: number, procs: number): void {
    this.limiter.resetCapacity(nowNs, procs);
  }
}
