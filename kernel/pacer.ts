// The GC pacer: a port of gcControllerState (runtime/mgcpacer.go) and of the test-only knobs its TestGcPacer harness
// uses (runtime/export_test.go: GCController), for every Go version heapcast models. Every formula cites its function
// of runtime/mgcpacer.go (Go 1.19.8 at /usr/lib/go-1.19/src; what changed since: the PacerRules below). The pacer's
// formulas are those of Go 1.19.8 except where a version's PacerRules say otherwise; the rules differ in three places
// only (diff of mgcpacer.go 1.19.8 → 1.26.8 → 1.27.4; the rest of that diff is atomics, tracing and the scheduler's
// worker hand-off):
//   - cons/mark smoothing in endCycle (consmark.ts: PI controller 1.19, mean of 2 in 1.20, max of 5 since 1.21);
//   - what startCycle records as `triggered` (the computed trigger in 1.19, heapLive at the start since 1.20);
//   - the headroom under the memory-limit goal (memlimitgoal.ts: 1 MiB until 1.20, max(3 %, 1 MiB) since 1.21).
// Each version's rules are data in kernel/versions/go1_NN.ts; the golden test (test/pacer.golden.test.ts) reproduces
// every cycle of each version's own TestGcPacer to the byte.
//
// Style follows mgcpacer.go: every field says what it holds, in which unit, and who changes it when. Time is always
// passed in (integer nanoseconds on the caller's monotonic clock); nothing here reads a clock or does I/O. Numbers are
// doubles holding Go's uint64/int64 values; gonum.ts says why that is exact and how Go's conversions are reproduced.

import type { ConsMarkEstimator } from "./consmark";
import { MAX_INT64, MAX_UINT64, goInt64, goUint64, mulDiv100, wrapInt64 } from "./gonum";
import { memoryLimitHeapGoal, type MemoryLimitHeadroom } from "./memlimitgoal";
import { DEFAULT_HEAP_MINIMUM, heapTrigger } from "./trigger";
import { GO1_19_PACER } from "./versions/go1_19";

/**
 * What the pacer does differently from one Go version to the next (the version modules, kernel/versions/, hold one
 * PacerRules each, with the Go source lines they come from).
 */
export interface PacerRules {
  /** Makes the cons/mark estimator this controller feeds at every endCycle (it keeps the estimator's state). */
  newConsMarkEstimator(): ConsMarkEstimator;
  /**
   * What startCycle records in `triggered`: "trigger" = the trigger computed at that moment (Go 1.19), "heapLive" =
   * heapLive when the cycle starts, i.e. where it really triggered (Go 1.20+).
   */
  triggered: "trigger" | "heapLive";
  /** The headroom memoryLimitHeapGoal leaves under the memory-limit goal, given that goal in bytes. */
  memoryLimitHeadroom: MemoryLimitHeadroom;
}

/** runtime/mgcpacer.go: gcGoalUtilization — goal CPU utilization of marking, as a fraction of GOMAXPROCS. */
export const GC_GOAL_UTILIZATION = 0.25;
/** runtime/mgcpacer.go: gcBackgroundUtilization — fixed utilization of background mark workers (= goal in 1.19). */
export const GC_BACKGROUND_UTILIZATION = 0.25;
/** runtime/mgcpacer.go: gcCreditSlack — scan work a P accumulates before flushing to the global counters. */
export const GC_CREDIT_SLACK = 2000;
/** runtime/mgcpacer.go: gcAssistTimeSlack — assist ns a P accumulates before flushing assistTime. */
export const GC_ASSIST_TIME_SLACK = 5000;
/** runtime/mgcpacer.go: gcOverAssistWork — minimum scan work (bytes) an assist performs once it assists at all. */
export const GC_OVER_ASSIST_WORK = 64 << 10;
/** runtime/mgcpacer.go: maxStackScanSlack — stack bytes a P may batch before updating maxStackScan. */
export const MAX_STACK_SCAN_SLACK = 8 << 10;
/** runtime/mgcpacer.go: heapGoalInternal `const minRunway` — the goal stays ≥ triggered + 64 KiB during a cycle. */
export const MIN_RUNWAY = 64 << 10;
/** runtime/mgc.go: sweepMinHeapDistance — heap growth reserved for the sweeper after mark termination (1 MiB). */
export const SWEEP_MIN_HEAP_DISTANCE = 1 << 20;
/** runtime/mgcpacer.go: revise `const maxOvershoot` — goal stretch once heapLive is past the (extended) goal. */
export const MAX_OVERSHOOT = 1.1;
/** runtime/mgcpacer.go: revise — lower bound of the remaining scan work estimate. */
export const MIN_SCAN_WORK_REMAINING = 1000;
/** runtime/mgcpacer.go: revise — GOGC assumed for the hard goal when GC is off but a cycle runs anyway. */
export const GC_PERCENT_WHEN_OFF = 100000;
/** runtime/mgcpacer.go: startCycle `const maxUtilError` — rounding error tolerated before fractional workers. */
export const MAX_UTIL_ERROR = 0.3;

/** How a cycle was started (runtime/mgc.go: gcTriggerKind): heap trigger, the 2-minute periodic GC, runtime.GC(). */
export type GcTriggerKind = "heap" | "time" | "cycle";

/** Mark worker modes (runtime/mgc.go: gcMarkWorkerMode) whose time markWorkerStop accounts. */
export type GcMarkWorkerMode = "dedicated" | "fractional" | "idle";

/** Result of heapGoalInternal(); reused between calls (copy the fields if you need to keep them). */
export interface HeapGoalResult {
  /** Effective heap goal, bytes. */
  goal: number;
  /** Lower bound for the trigger imposed by the goal computation (sweep distance), bytes. */
  minTrigger: number;
}

/** Result of trigger(); reused between calls (copy the fields if you need to keep them). */
export interface TriggerResult {
  /** heapLive at which the next cycle should start, bytes. */
  trigger: number;
  /** Effective heap goal, bytes. */
  goal: number;
}

/**
 * runtime/mgcpacer.go: gcControllerState — the GC pacer, with one Go version's PacerRules.
 *
 * Lifecycle, as the runtime drives it (mgc.go: gcStart, gcMarkDone, gcMarkTermination; mgcpacer.go:
 * gcControllerCommit):
 *   constructor (= init: setGCPercent, setMemoryLimit, commit(true))
 *   … allocation: update(dHeapLive, dHeapScan); start a GC when heapLive >= triggerBytes() …
 *   gcStart:            startCycle(now, procs, kind)        — also sets marking = true (gcBlackenEnabled = 1)
 *   mark:               update(…) → revise(); workers/assists add to *ScanWork and *Time fields
 *   gcMarkDone:         endCycle(now, procs, userForced)    — also sets marking = false (gcBlackenEnabled = 0)
 *   gcMarkTermination:  resetLive(bytesMarked); commit(isSweepDone = false)
 *   SetGCPercent/SetMemoryLimit: setGCPercent/setMemoryLimit, then commit(isSweepDone) and, if marking, revise()
 *     (gcControllerCommit).
 * Memory statistics used by the memory-limit goal (heapFree, totalAlloc, totalFree, mappedReady) are inputs: the
 * runtime model keeps them current before calling.
 */
export class GcController {
  // ── User-configurable parameters ────────────────────────────────────────────────────────────────────────────

  /** GOGC; −1 = off. Changed by setGCPercent. */
  gcPercent = 100;
  /** GOMEMLIMIT, bytes (MAX_INT64 = no limit). Changed by setMemoryLimit. */
  memoryLimit = MAX_INT64;
  /**
   * Minimum heap goal, bytes: defaultHeapMinimum·GOGC/100 (4 MiB at GOGC=100, 0 at GOGC=0). Changed by setGCPercent.
   * For GOGC<0 Go's uint64 arithmetic wraps to (2^64 − 4 MiB)/100 ≈ 1.8e17; the value is irrelevant then because the
   * GOGC goal is ^0, and is stored as that double.
   */
  heapMinimum = DEFAULT_HEAP_MINIMUM;

  // ── Pacer state (updated each GC cycle) ─────────────────────────────────────────────────────────────────────

  /** Heap bytes the mutator may allocate between trigger and goal; computed from consMark in commit. */
  runway = 0;
  /**
   * Estimated cons/mark ratio: (bytes allocated per mutator CPU-ns) / (bytes scanned per GC CPU-ns), dimensionless.
   * Updated at the end of each cycle in endCycle through consMarkEstimator.
   */
  consMark = 0;
  /**
   * Smooths each cycle's measured cons/mark into consMark (Go 1.19: consMarkController, a PI controller; 1.20+:
   * lastConsMark); made by the rules in the constructor, fed by endCycle.
   */
  readonly consMarkEstimator: ConsMarkEstimator;
  /** Goal derived from GOGC, bytes (MAX_UINT64 when GOGC is off). Computed by commit. */
  gcPercentHeapGoal = 0;
  /** Minimum trigger (and goal, in the GOGC regime) guaranteeing the sweeper 1 MiB of distance; bytes. commit. */
  sweepDistMinTrigger = 0;
  /**
   * The trigger of the running cycle, bytes, set by startCycle: the trigger computed then (Go 1.19; see the #53738
   * TODO there) or heapLive at that moment (1.20+), as rules.triggered says. MAX_UINT64 outside a cycle (reset by
   * resetLive).
   */
  triggered = MAX_UINT64;
  /** Heap goal at the end of the previous mark phase, bytes (scavenger pacing, gctrace "goal"). Set by endCycle. */
  lastHeapGoal = 0;

  /**
   * Bytes the GC considers live: heapMarked plus everything allocated (span-granular) since the last mark
   * termination. Changed by update (allocation) and resetLive (mark termination).
   */
  heapLive = 0;
  /**
   * Scannable bytes of heapLive (pointer-bearing prefixes). Fixed during a cycle (update only changes it while not
   * marking); set to heapScanWork at mark termination by resetLive.
   */
  heapScan = 0;
  /** Heap scan work done last cycle, bytes (heapMarked's scannable part). Set by resetLive. */
  lastHeapScan = 0;
  /** Stack bytes actually scanned last cycle. Set by resetLive from stackScanWork. */
  lastStackScan = 0;
  /** Allocated stack bytes of all live goroutines (Σ hi−lo). Changed by addScannableStack. */
  maxStackScan = 0;
  /** Scannable global bytes (data+bss of all modules). Changed by addGlobals. */
  globalsScan = 0;
  /** Bytes marked by the previous cycle; after mark termination heapLive == heapMarked. Set by resetLive. */
  heapMarked = 0;

  /** Heap scan work (bytes) done this cycle; zeroed by startCycle, added to by mark workers and assists. */
  heapScanWork = 0;
  /** Stack scan work (bytes actually scanned) this cycle; zeroed by startCycle. */
  stackScanWork = 0;
  /** Globals scan work (bytes) this cycle; zeroed by startCycle. */
  globalsScanWork = 0;

  /** CPU-ns spent in mark assists this cycle; zeroed by startCycle, added to by the runtime model. */
  assistTime = 0;
  /** CPU-ns spent in dedicated mark workers this cycle; zeroed by startCycle (markWorkerStop adds). */
  dedicatedMarkTime = 0;
  /** CPU-ns spent in fractional mark workers this cycle; zeroed by startCycle (markWorkerStop adds). */
  fractionalMarkTime = 0;
  /** CPU-ns spent in idle mark workers this cycle; zeroed by startCycle (markWorkerStop adds). */
  idleMarkTime = 0;
  /** Time (ns) at which assists and background workers started this cycle: startCycle's argument. */
  markStartTime = 0;

  /** Dedicated mark workers still to start this cycle; computed by startCycle, the scheduler decrements it. */
  dedicatedMarkWorkersNeeded = 0;
  /** Idle mark workers currently running (low half of Go's packed idleMarkWorkers). */
  idleMarkWorkers = 0;
  /** Maximum concurrent idle mark workers (high half of idleMarkWorkers); set by startCycle. */
  maxIdleMarkWorkers = 0;
  /** Scan work per allocated byte that assists must do; set by revise. */
  assistWorkPerByte = 0;
  /** 1/assistWorkPerByte: allocation bytes credited per unit of scan work; set by revise. */
  assistBytesPerWork = 0;
  /** Fraction of wall time each P should spend in a fractional worker (0 = none); set by startCycle. */
  fractionalUtilizationGoal = 0;

  /**
   * Mirror of gcBlackenEnabled != 0: true during the concurrent mark phase. startCycle sets it and endCycle clears
   * it (gcStart enables blackening right after startCycle; gcMarkDone disables it right before endCycle); the
   * runtime model may also set it directly. While true, update() calls revise() and leaves heapScan fixed.
   */
  marking = false;

  // ── Memory statistics (inputs; runtime/mgcpacer.go gcControllerState.heapInUse … mappedReady) ────────────────

  /** Bytes in in-use spans (mSpanInUse). Not used by the pacer itself; kept for the scavenger. */
  heapInUse = 0;
  /** Bytes released to the OS. Not used by the pacer itself; kept for the scavenger. */
  heapReleased = 0;
  /** Bytes in free pages not released to the OS. Read by memoryLimitHeapGoal. */
  heapFree = 0;
  /** Cumulative object bytes allocated (size-class rounded). Read by memoryLimitHeapGoal. */
  totalAlloc = 0;
  /** Cumulative object bytes freed (by sweeping). Read by memoryLimitHeapGoal. */
  totalFree = 0;
  /** All runtime-mapped memory in the Ready state (Σ memory classes − released), bytes. Read by memoryLimitHeapGoal. */
  mappedReady = 0;

  // Reused result objects (hot paths stay allocation-free).
  private readonly hgResult: HeapGoalResult = { goal: 0, minTrigger: 0 };
  private readonly trResult: TriggerResult = { trigger: 0, goal: 0 };
  // Scratch outputs of heapGoalInternalInto().
  private hgGoal = 0;
  private hgMinTrigger = 0;

  /**
   * runtime/mgcpacer.go: gcControllerState.init (via export_test.go NewGCController):
   * heapMinimum = defaultHeapMinimum, triggered = ^0, setGCPercent, setMemoryLimit, commit(true).
   * @param gcPercent GOGC (−1 = off)
   * @param memoryLimit GOMEMLIMIT in bytes; MAX_INT64 for no limit
   * @param rules the Go version's pacer rules (default: Go 1.19's)
   */
  constructor(
    gcPercent: number,
    memoryLimit: number,
    readonly rules: PacerRules = GO1_19_PACER,
  ) {
    this.consMarkEstimator = rules.newConsMarkEstimator();
    this.heapMinimum = DEFAULT_HEAP_MINIMUM;
    this.triggered = MAX_UINT64;
    this.setGCPercent(gcPercent);
    this.setMemoryLimit(memoryLimit);
    this.commit(true); // No sweep phase in the first GC cycle.
  }

  /**
   * runtime/mgcpacer.go: startCycle — resets per-cycle counters, records the trigger, sizes the mark workers and
   * computes the first assist ratio. Called with the world stopped (gcStart), before blackening is enabled.
   * Under rules.triggered = "heapLive" the caller must have brought heapLive up to date first (gcStart reads it).
   * @param markStartTime ns
   * @param procs GOMAXPROCS
   * @param triggerKind "time" (periodic GC) limits idle mark workers
   * @param heapLiveAtStart heapLive when gcStart ran (rules.triggered = "heapLive"; default heapLive now): where the
   *   allocation that crossed the trigger was, when the model applies a batch of allocations at once
   */
  startCycle(markStartTime: number, procs: number, triggerKind: GcTriggerKind, heapLiveAtStart = this.heapLive): void {
    this.heapScanWork = 0;
    this.stackScanWork = 0;
    this.globalsScanWork = 0;
    this.assistTime = 0;
    this.dedicatedMarkTime = 0;
    this.fractionalMarkTime = 0;
    this.idleMarkTime = 0;
    this.markStartTime = markStartTime;

    if (this.rules.triggered === "heapLive") {
      // 1.20+: where the cycle really started (commit 41795528b0, #53892).
      this.triggered = heapLiveAtStart;
    } else {
      // 1.19: the trigger *computed* now, not heapLive (TODO #53738/#53892 in startCycle).
      this.triggerInto();
      this.triggered = this.trResult.trigger;
    }

    // Compute the background mark utilization goal. Round the number of dedicated workers so that utilization is
    // closest to 25%; for small GOMAXPROCS this would be too far off, so add fractional workers then.
    const totalUtilizationGoal = procs * GC_BACKGROUND_UTILIZATION;
    let dedicatedMarkWorkersNeeded = goInt64(totalUtilizationGoal + 0.5);
    const utilError = dedicatedMarkWorkersNeeded / totalUtilizationGoal - 1;
    if (utilError < -MAX_UTIL_ERROR || utilError > MAX_UTIL_ERROR) {
      // Rounding put us more than 30% off our goal: GOMAXPROCS <= 3 or == 6. Enable fractional workers.
      if (dedicatedMarkWorkersNeeded > totalUtilizationGoal) {
        // Too many dedicated workers.
        dedicatedMarkWorkersNeeded--;
      }
      this.fractionalUtilizationGoal = (totalUtilizationGoal - dedicatedMarkWorkersNeeded) / procs;
    } else {
      this.fractionalUtilizationGoal = 0;
    }
    // (debug.gcstoptheworld is not modelled.)

    if (triggerKind === "time") {
      // Periodic GC: reduce idle mark workers, but keep one if there is no dedicated worker to ensure progress.
      this.setMaxIdleMarkWorkers(dedicatedMarkWorkersNeeded > 0 ? 0 : 1);
    } else {
      this.setMaxIdleMarkWorkers(procs - dedicatedMarkWorkersNeeded);
    }

    this.dedicatedMarkWorkersNeeded = dedicatedMarkWorkersNeeded;
    this.revise();
    this.marking = true;
  }

  /**
   * runtime/mgcpacer.go: revise — recomputes assistWorkPerByte/assistBytesPerWork from the scan work left and the
   * heap left before the goal. Called by startCycle, by update() while marking, and by gcControllerCommit while
   * marking. Only meaningful during a cycle (triggered set).
   */
  revise(): void {
    let gcPercent = this.gcPercent;
    if (gcPercent < 0) {
      // If GC is disabled but we're running a forced GC, act like GOGC is huge for the below calculations.
      gcPercent = GC_PERCENT_WHEN_OFF;
    }
    const live = this.heapLive;
    const scan = this.heapScan;
    const work = this.heapScanWork + this.stackScanWork + this.globalsScanWork;

    // Assume we're under the soft goal. Pace GC to complete at heapGoal assuming the heap is in steady-state.
    this.heapGoalInternalInto();
    let heapGoal = this.hgGoal; // int64(c.heapGoal()); always < 2^63 (see memoryLimitHeapGoal)

    // The expected scan work is the bytes scanned last cycle (heap and stack) plus globals for this cycle.
    let scanWorkExpected = this.lastHeapScan + this.lastStackScan + this.globalsScan;

    // Worst case: all scannable memory turns out live and all allocated stack must be scanned.
    const maxScanWork = scan + this.maxStackScan + this.globalsScan;
    if (work > scanWorkExpected) {
      // More scan work than expected: assume the heap is growing. Extrapolate the runway computed for
      // scanWorkExpected to maxScanWork, bounded by the hard goal (1 + GOGC/100)·heapGoal.
      const triggered = this.triggered === MAX_UINT64 ? -1 : this.triggered; // int64(c.triggered)
      let extHeapGoal = wrapInt64(goInt64(((heapGoal - triggered) / scanWorkExpected) * maxScanWork) + triggered);
      scanWorkExpected = maxScanWork;

      const hardGoal = goInt64((1.0 + gcPercent / 100.0) * heapGoal);
      if (extHeapGoal > hardGoal) {
        extHeapGoal = hardGoal;
      }
      heapGoal = extHeapGoal;
    }
    if (live > heapGoal) {
      // Already past the heap goal, even the extrapolated one. Leave some extra runway so that in the worst case
      // we finish by that point.
      heapGoal = goInt64(heapGoal * MAX_OVERSHOOT);

      // Compute the upper bound on the scan work remaining.
      scanWorkExpected = maxScanWork;
    }

    // Compute the remaining scan work estimate (at least 1000; marking is racy and may double-scan).
    let scanWorkRemaining = scanWorkExpected - work;
    if (scanWorkRemaining < MIN_SCAN_WORK_REMAINING) {
      scanWorkRemaining = MIN_SCAN_WORK_REMAINING;
    }

    // Compute the heap distance remaining (at least 1 to avoid dividing by zero or a negative assist ratio).
    let heapRemaining = wrapInt64(heapGoal - live);
    if (heapRemaining <= 0) {
      heapRemaining = 1;
    }

    this.assistWorkPerByte = scanWorkRemaining / heapRemaining;
    this.assistBytesPerWork = heapRemaining / scanWorkRemaining;
  }

  /**
   * runtime/mgcpacer.go: endCycle — records lastHeapGoal and feeds this cycle's measured cons/mark into the
   * version's estimator. Called by gcMarkDone with the world stopped, after blackening was disabled (sets marking =
   * false).
   * @param now ns (mark termination start)
   * @param procs GOMAXPROCS
   * @param userForced unused by the pacer (Go 1.27 dropped the parameter)
   * @returns the GC utilization of the cycle as endCycle computes it: 0.25 + assistTime/(duration·procs)
   */
  endCycle(now: number, procs: number, userForced: boolean): number {
    void userForced;
    this.marking = false;
    // Record last heap goal for the scavenger. We'll be updating the heap goal soon.
    this.lastHeapGoal = this.heapGoal();

    // Compute the duration of time for which assists were turned on.
    const assistDuration = now - this.markStartTime;

    // Assume background mark hit its utilization goal; add assist utilization (avoid divide by zero).
    let utilization = GC_BACKGROUND_UTILIZATION;
    if (assistDuration > 0) {
      utilization += this.assistTime / (assistDuration * procs);
    }

    if (this.heapLive <= this.triggered) {
      // Shouldn't happen, but be very safe in case the GC is extremely short: don't update anything.
      return utilization;
    }
    let idleUtilization = 0.0;
    if (assistDuration > 0) {
      idleUtilization = this.idleMarkTime / (assistDuration * procs);
    }
    // cons/mark = (bytes allocated / mutator CPU) / (bytes scanned / GC CPU); duration and procs cancel out.
    // Idle mark time counts as GC CPU for scanning but not as taken from the mutator.
    const scanWork = this.heapScanWork + this.stackScanWork + this.globalsScanWork;
    const currentConsMark =
      ((this.heapLive - this.triggered) * (utilization + idleUtilization)) / (scanWork * (1 - utilization));

    // Update the cons/mark estimate (the version's smoothing; consmark.ts).
    this.consMark = this.consMarkEstimator.next(this.consMark, currentConsMark);
    return utilization;
  }

  /**
   * runtime/mgcpacer.go: resetLive — at mark termination: heapMarked = heapLive = bytesMarked, heapScan and
   * lastHeapScan = heapScanWork, lastStackScan = stackScanWork, triggered = ^0.
   * @param bytesMarked bytes marked this cycle (work.bytesMarked)
   */
  resetLive(bytesMarked: number): void {
    this.heapMarked = bytesMarked;
    this.heapLive = bytesMarked;
    this.heapScan = this.heapScanWork;
    this.lastHeapScan = this.heapScanWork;
    this.lastStackScan = this.stackScanWork;
    this.triggered = MAX_UINT64; // Reset triggered.
  }

  /**
   * runtime/mgcpacer.go: update — heap accounting from mcache refill/allocLarge/releaseAll: heapLive += dHeapLive;
   * heapScan += dHeapScan only outside marking (it is fixed during a cycle); while marking, revise().
   * @param dHeapLive bytes (may be negative: releaseAll returns unused span slots)
   * @param dHeapScan bytes
   */
  update(dHeapLive: number, dHeapScan: number): void {
    if (dHeapLive !== 0) {
      this.heapLive += dHeapLive;
    }
    if (!this.marking) {
      // Update heapScan when we're not in a current GC. It is fixed at the beginning of a cycle.
      if (dHeapScan !== 0) {
        this.heapScan += dHeapScan;
      }
    } else {
      // heapLive changed.
      this.revise();
    }
  }

  /**
   * runtime/mgcpacer.go: addScannableStack — maxStackScan += amount (bytes of allocated stack). Go batches per P in
   * maxStackScanSlack (8 KiB) steps; this port applies the amount at once (the pp == nil path).
   */
  addScannableStack(amount: number): void {
    this.maxStackScan += amount;
  }

  /** runtime/mgcpacer.go: addGlobals — globalsScan += amount (bytes of data+bss, from modulesinit). */
  addGlobals(amount: number): void {
    this.globalsScan += amount;
  }

  /**
   * runtime/mgcpacer.go: heapGoal — the effective heap goal now, bytes (min of the GOGC goal, adjusted for sweep
   * distance and minRunway, and the memory-limit goal).
   */
  heapGoal(): number {
    this.heapGoalInternalInto();
    return this.hgGoal;
  }

  /** runtime/mgcpacer.go: heapGoalInternal — {goal, minTrigger}; the returned object is reused by the next call. */
  heapGoalInternal(): HeapGoalResult {
    this.heapGoalInternalInto();
    this.hgResult.goal = this.hgGoal;
    this.hgResult.minTrigger = this.hgMinTrigger;
    return this.hgResult;
  }

  private heapGoalInternalInto(): void {
    // Start with the goal calculated for gcPercent.
    let goal = this.gcPercentHeapGoal;
    let minTrigger = 0;

    // Check if the memory-limit-based goal is smaller, and if so, pick that. (Without a limit that goal is at least
    // 2^63 − non-heap memory − 1 MiB > 2^62, so it can only win over GOGC=off's goal: skip computing it otherwise.)
    const newGoal = this.memoryLimit === MAX_INT64 && goal < 2 ** 62 ? MAX_INT64 : this.memoryLimitHeapGoal();
    if (newGoal < goal) {
      goal = newGoal;
    } else {
      // Not limited by the memory limit: adjustments that may move the goal forward.
      const sweepDistTrigger = this.sweepDistMinTrigger;
      if (sweepDistTrigger > goal) {
        // Maintain the minimum sweep distance since the last commit (never in the memory-limit regime).
        goal = sweepDistTrigger;
      }
      // The sweep-distance bound also applies to the trigger (not propagated in the memory-limit regime, where it
      // could break trigger < goal).
      minTrigger = sweepDistTrigger;

      // Keep the goal a little above the point at which we triggered (assists are proportional to this distance),
      // even if it means going over the GOGC goal by a bit. Only during a cycle.
      if (this.triggered !== MAX_UINT64 && goal < this.triggered + MIN_RUNWAY) {
        goal = this.triggered + MIN_RUNWAY;
      }
    }
    this.hgGoal = goal;
    this.hgMinTrigger = minTrigger;
  }

  /**
   * runtime/mgcpacer.go: memoryLimitHeapGoal — the heap goal that keeps total runtime memory (mappedReady) under
   * memoryLimit: limit − (non-heap memory + overage) − the version's headroom, never below heapMarked, bytes
   * (memlimitgoal.ts).
   */
  memoryLimitHeapGoal(): number {
    // Go re-reads the stats until heapFree + heapAlloc <= mappedReady (they are updated independently and may be
    // observed mid-update). Here the caller sets them consistently; an inconsistent set is clamped (non-heap
    // memory and heapAlloc never negative) instead of spinning.
    const heapAlloc = this.totalAlloc > this.totalFree ? this.totalAlloc - this.totalFree : 0; // Heap objects in use.
    return memoryLimitHeapGoal(
      this.memoryLimit,
      this.heapFree,
      heapAlloc,
      this.mappedReady,
      this.heapMarked,
      this.rules.memoryLimitHeadroom,
    );
  }

  /**
   * runtime/mgcpacer.go: trigger — {trigger, goal} in bytes: goal − runway, clamped to
   * [max(sweepDistMinTrigger, heapMarked + 45/64·Δ), max(heapMarked + 61/64·Δ, goal − 4 MiB)], Δ = goal − heapMarked.
   * The returned object is reused by the next call; use triggerBytes() for just the number.
   */
  trigger(): TriggerResult {
    this.triggerInto();
    return this.trResult;
  }

  /** trigger().trigger without exposing the shared result object. */
  triggerBytes(): number {
    this.triggerInto();
    return this.trResult.trigger;
  }

  private triggerInto(): void {
    this.heapGoalInternalInto();
    const goal = this.hgGoal;
    const minTrigger = this.hgMinTrigger;
    const out = this.trResult;
    out.goal = goal;

    out.trigger = heapTrigger(goal, minTrigger, this.heapMarked, this.runway);
  }

  /**
   * runtime/mgcpacer.go: commit — recomputes gcPercentHeapGoal, sweepDistMinTrigger and runway. Called at init
   * (isSweepDone = true), at every mark termination after resetLive (false), and after setGCPercent/setMemoryLimit
   * (gcControllerCommit, with isSweepDone()).
   */
  commit(isSweepDone: boolean): void {
    if (isSweepDone) {
      // The sweep is done, so there aren't any restrictions on the trigger we need to think about.
      this.sweepDistMinTrigger = 0;
    } else {
      // Concurrent sweep happens in the heap growth from heapLive to trigger: give it some runway.
      this.sweepDistMinTrigger = this.heapLive + SWEEP_MIN_HEAP_DISTANCE;
    }

    // GOGC goal: heapMarked grown by GOGC/100 of (heapMarked + roots); roots = stacks scanned last cycle + globals.
    let gcPercentHeapGoal = MAX_UINT64;
    const gcPercent = this.gcPercent;
    if (gcPercent >= 0) {
      gcPercentHeapGoal =
        this.heapMarked + mulDiv100(this.heapMarked + this.lastStackScan + this.globalsScan, gcPercent);
    }
    // Apply the minimum heap size here. It's defined in terms of gcPercent and is only updated by functions that
    // call commit.
    if (gcPercentHeapGoal < this.heapMinimum) {
      gcPercentHeapGoal = this.heapMinimum;
    }
    this.gcPercentHeapGoal = gcPercentHeapGoal;

    // Runway: the bytes the mutator allocates while the GC does the expected scan work, if the mutator gets
    // (1 − u) and the GC u of the CPU, u = gcGoalUtilization.
    this.runway = goUint64(
      ((this.consMark * (1 - GC_GOAL_UTILIZATION)) / GC_GOAL_UTILIZATION) *
        (this.lastHeapScan + this.lastStackScan + this.globalsScan),
    );
  }

  /**
   * runtime/mgcpacer.go: setGCPercent — sets GOGC (negative → −1 = off) and heapMinimum = 4 MiB·GOGC/100.
   * Does not commit: call commit(isSweepDone) afterwards (and revise() if marking), as gcControllerCommit does.
   * @returns the previous GOGC
   */
  setGCPercent(gcPercent: number): number {
    const out = this.gcPercent;
    let inp = Math.trunc(gcPercent);
    if (inp < 0) {
      inp = -1;
    }
    this.heapMinimum =
      inp >= 0
        ? Math.floor((DEFAULT_HEAP_MINIMUM * inp) / 100)
        : // uint64(-1) wraps: defaultHeapMinimum·(2^64−1) mod 2^64 = 2^64 − 4 MiB, then /100. Never used (goal = ^0).
          Math.floor((2 ** 64 - DEFAULT_HEAP_MINIMUM) / 100);
    this.gcPercent = inp;
    return out;
  }

  /**
   * runtime/mgcpacer.go: setMemoryLimit — sets GOMEMLIMIT in bytes if ≥ 0 (negative values only query).
   * Does not commit: call commit(isSweepDone) afterwards, as gcControllerCommit does.
   * @returns the previous limit
   */
  setMemoryLimit(memoryLimit: number): number {
    const out = this.memoryLimit;
    if (memoryLimit >= 0) {
      this.memoryLimit = memoryLimit;
    }
    return out;
  }

  // ── Mark worker bookkeeping (runtime/mgcpacer.go) ───────────────────────────────────────────────────────────

  /** runtime/mgcpacer.go: setMaxIdleMarkWorkers — caps concurrently running idle mark workers. */
  setMaxIdleMarkWorkers(max: number): void {
    this.maxIdleMarkWorkers = max;
  }

  /** runtime/mgcpacer.go: needIdleMarkWorker — true if another idle mark worker may start. */
  needIdleMarkWorker(): boolean {
    return this.idleMarkWorkers < this.maxIdleMarkWorkers;
  }

  /** runtime/mgcpacer.go: addIdleMarkWorker — claims an idle-worker slot; false if at the maximum. */
  addIdleMarkWorker(): boolean {
    if (this.idleMarkWorkers >= this.maxIdleMarkWorkers) {
      return false;
    }
    this.idleMarkWorkers++;
    return true;
  }

  /** runtime/mgcpacer.go: removeIdleMarkWorker — releases an idle-worker slot. */
  removeIdleMarkWorker(): void {
    if (this.idleMarkWorkers - 1 < 0) {
      throw new Error("pacer: number of running idle mark workers would be negative");
    }
    this.idleMarkWorkers--;
  }

  /**
   * runtime/mgcpacer.go: markWorkerStop (in 1.19 inline in mgc.go gcBgMarkWorker) — accounts a background mark
   * worker's run of `duration` CPU-ns to its mode's time counter; a dedicated worker's slot becomes free again and an
   * idle worker releases its idle slot.
   */
  markWorkerStop(mode: GcMarkWorkerMode, duration: number): void {
    switch (mode) {
      case "dedicated":
        this.dedicatedMarkTime += duration;
        this.dedicatedMarkWorkersNeeded++;
        break;
      case "fractional":
        this.fractionalMarkTime += duration;
        break;
      case "idle":
        this.idleMarkTime += duration;
        this.removeIdleMarkWorker();
        break;
    }
  }
}
