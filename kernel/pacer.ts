// The GC pacer of Go 1.19.8: a port of gcControllerState (runtime/mgcpacer.go) and of the test-only knobs its
// TestGcPacer harness uses (runtime/export_test.go: GCController). Formulas and citations are in
// shared/reference/go-runtime-model.md §§3–8; the golden test (test/pacer.golden.test.ts) reproduces every cycle of
// Go's own TestGcPacer to the byte.
//
// Style follows mgcpacer.go: every field says what it holds, in which unit, and who changes it when. Time is always
// passed in (integer nanoseconds on the caller's monotonic clock); nothing here reads a clock or does I/O.
//
// ── Number representation ───────────────────────────────────────────────────────────────────────────────────────
// Go keeps bytes in uint64 and times in int64. This port uses plain JS numbers (doubles) because the controller runs
// on every heap change of a simulation (~1e5 calls per simulated hour) and BigInt would be an order of magnitude
// slower. That is exact as long as every byte count and time is an integer below 2^53 (8 PiB; 104 days in ns), which
// holds for every real quantity. Go's integer operations are reproduced in Go's operation order:
//   - uint64 division `a / b` on non-negative operands → Math.floor(a / b)  (exact for integers < 2^53);
//   - `a * p / 100` → mulDiv(), which splits the product so it stays exact beyond 2^53;
//   - int64(f) / uint64(f) conversions of floats → goInt64() / goUint64(), which truncate toward zero like Go and
//     reproduce what Go on linux/amd64 yields for out-of-range inputs (CVTTSD2SQ "integer indefinite"), so that a
//     negative runway becomes a huge uint64 (→ trigger = minTrigger) exactly as in Go.
// The two sentinels cannot be represented exactly and are stored as the nearest doubles:
//   - MAX_UINT64 = 2^64 stands for ^uint64(0) (GOGC=off goal, `triggered` outside a cycle). Any real value is < 2^53,
//     so every comparison against the sentinel comes out as in Go.
//   - MAX_INT64 = 2^63 stands for math.MaxInt64 = 2^63−1 ("no memory limit"). The memory-limit goal derived from it is
//     then ≈ 2^63 − overheads, off from Go's value by at most a few hundred bytes (the double spacing near 2^63 is
//     1024). Only its hugeness matters: it is never the binding goal unless GOGC=off, and then the trigger lands
//     around 2^63 too — far above 2^53, i.e. "never".
// No NaN or Infinity can escape: the cons/mark PI controller resets on a non-finite value, as Go's does.

/** ^uint64(0) as a double (2^64); see the header for why comparisons against it stay exact. */
export const MAX_UINT64 = 2 ** 64;
/** math.MaxInt64 (2^63−1) as a double (2^63): the "no limit" value of memoryLimit (runtime/debug.SetMemoryLimit). */
export const MAX_INT64 = 2 ** 63;
/** math.MinInt64: what Go/amd64 yields for int64(f) when f is NaN or out of range. */
const MIN_INT64 = -(2 ** 63);

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
/** runtime/mgcpacer.go: defaultHeapMinimum — heapMinimum at GOGC=100 (4 MiB; no heapminimum512kib experiment). */
export const DEFAULT_HEAP_MINIMUM = 4 << 20;
/** runtime/mgcpacer.go: maxStackScanSlack — stack bytes a P may batch before updating maxStackScan. */
export const MAX_STACK_SCAN_SLACK = 8 << 10;
/** runtime/mgcpacer.go: memoryLimitHeapGoalHeadroom — fixed headroom under the memory-limit goal (1.19: 1 MiB). */
export const MEMORY_LIMIT_HEAP_GOAL_HEADROOM = 1 << 20;
/** runtime/mgcpacer.go: triggerRatioDen — denominator of the trigger bounds. */
export const TRIGGER_RATIO_DEN = 64;
/** runtime/mgcpacer.go: minTriggerRatioNum — lowest trigger = 45/64 of the way from heapMarked to the goal. */
export const MIN_TRIGGER_RATIO_NUM = 45;
/** runtime/mgcpacer.go: maxTriggerRatioNum — highest trigger (small heaps) = 61/64 of the way to the goal. */
export const MAX_TRIGGER_RATIO_NUM = 61;
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

/**
 * Go's int64(f) on linux/amd64: truncation toward zero; NaN and values outside [−2^63, 2^63) give math.MinInt64
 * (CVTTSD2SQ's "integer indefinite"), which is what the hardware does and what Go programs observe.
 */
export function goInt64(f: number): number {
  if (f >= -(2 ** 63) && f < 2 ** 63) return Math.trunc(f);
  return MIN_INT64;
}

/**
 * Go's uint64(f) on linux/amd64 (cmd/compile ssagen float64ToUint64): f < 2^63 → int64(f) reinterpreted as uint64
 * (so a small negative f wraps to ≈ 2^64); otherwise int64(f − 2^63) | 1<<63. NaN takes the second branch → 2^63.
 */
export function goUint64(f: number): number {
  if (f < 2 ** 63) {
    const i = goInt64(f);
    return i < 0 ? i + 2 ** 64 : i;
  }
  const z = goInt64(f - 2 ** 63);
  return z === MIN_INT64 ? 2 ** 63 : z + 2 ** 63;
}

/** Go's int64 addition/subtraction overflow: wraps a mathematically exact (double) result back into [−2^63, 2^63). */
function wrapInt64(x: number): number {
  if (x >= 2 ** 63) return x - 2 ** 64;
  if (x < -(2 ** 63)) return x + 2 ** 64;
  return x;
}

/** floor(a * p / 100) for integers a ≥ 0, p ≥ 0, exact even when a * p exceeds 2^53 (Go: uint64 mul then div). */
function mulDiv100(a: number, p: number): number {
  if (a * p <= Number.MAX_SAFE_INTEGER) return Math.floor((a * p) / 100);
  const q = Math.floor(a / 100);
  const r = a - q * 100;
  return q * p + Math.floor((r * p) / 100);
}

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
 * runtime/mgcpacer.go: piController — a proportional-integral controller with anti-windup (tracking time tt),
 * used to smooth the cons/mark measurement across cycles. Units: whatever input/setpoint are in; period in cycles.
 */
export class PiController {
  /** Proportional constant. */
  kp: number;
  /** Integral time constant (cycles). */
  ti: number;
  /** Reset (anti-windup tracking) time (cycles). */
  tt: number;
  /** Output lower bound. */
  min: number;
  /** Output upper bound. */
  max: number;
  /** Integral term; changes on every next(), zeroed by reset(). */
  errIntegral = 0;
  /** Second result of the last next() call (Go returns (float64, bool); kept here to stay allocation-free). */
  lastOk = true;

  constructor(kp: number, ti: number, tt: number, min: number, max: number) {
    this.kp = kp;
    this.ti = ti;
    this.tt = tt;
    this.min = min;
    this.max = max;
  }

  /**
   * runtime/mgcpacer.go: piController.next. Returns the clamped output; Go's second result `ok` is left in lastOk:
   * false when the output or the integral became non-finite, in which case the controller was reset and `min` is
   * returned (as Go does).
   */
  next(input: number, setpoint: number, period: number): number {
    // Compute the raw output value.
    const prop = this.kp * (setpoint - input);
    const rawOutput = prop + this.errIntegral;

    // Clamp rawOutput into output.
    let output = rawOutput;
    if (!Number.isFinite(output)) {
      // The input had a large enough magnitude that either it was already overflowed, or some operation with it
      // overflowed. Set a saturated output value and reset the integral term.
      this.reset();
      this.lastOk = false;
      return this.min;
    }
    if (output < this.min) {
      output = this.min;
    } else if (output > this.max) {
      output = this.max;
    }

    // Update the controller's state.
    if (this.ti !== 0 && this.tt !== 0) {
      this.errIntegral += ((this.kp * period) / this.ti) * (setpoint - input) + (period / this.tt) * (output - rawOutput);
      if (!Number.isFinite(this.errIntegral)) {
        // So much error has accumulated that we managed to overflow. Set a saturated output value and reset.
        this.reset();
        this.lastOk = false;
        return this.min;
      }
    }
    this.lastOk = true;
    return output;
  }

  /** runtime/mgcpacer.go: piController.reset. */
  reset(): void {
    this.errIntegral = 0;
  }
}

/**
 * runtime/mgcpacer.go: gcControllerState — the GC pacer of Go 1.19.8.
 *
 * Lifecycle, as the runtime drives it (mgc.go; §2 and §19 of the reference):
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
   * Updated at the end of each cycle in endCycle through consMarkController.
   */
  consMark = 0;
  /** PI controller smoothing consMark (kp 0.9, ti 4, tt 1000, output ∈ [−1000, 1000]; gcControllerState.init). */
  consMarkController = new PiController(0.9, 4.0, 1000, -1000, 1000);
  /** Goal derived from GOGC, bytes (MAX_UINT64 when GOGC is off). Computed by commit. */
  gcPercentHeapGoal = 0;
  /** Minimum trigger (and goal, in the GOGC regime) guaranteeing the sweeper 1 MiB of distance; bytes. commit. */
  sweepDistMinTrigger = 0;
  /**
   * The trigger of the running cycle, bytes: the *computed* trigger at startCycle (1.19; see the #53738 TODO there),
   * not the heapLive at which the cycle actually started. MAX_UINT64 outside a cycle (reset by resetLive).
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
   */
  constructor(gcPercent: number, memoryLimit: number) {
    this.heapMinimum = DEFAULT_HEAP_MINIMUM;
    this.triggered = MAX_UINT64;
    this.setGCPercent(gcPercent);
    this.setMemoryLimit(memoryLimit);
    this.commit(true); // No sweep phase in the first GC cycle.
  }

  /**
   * runtime/mgcpacer.go: startCycle — resets per-cycle counters, records the trigger, sizes the mark workers and
   * computes the first assist ratio. Called with the world stopped (gcStart), before blackening is enabled.
   * @param markStartTime ns
   * @param procs GOMAXPROCS
   * @param triggerKind "time" (periodic GC) limits idle mark workers
   */
  startCycle(markStartTime: number, procs: number, triggerKind: GcTriggerKind): void {
    this.heapScanWork = 0;
    this.stackScanWork = 0;
    this.globalsScanWork = 0;
    this.assistTime = 0;
    this.dedicatedMarkTime = 0;
    this.fractionalMarkTime = 0;
    this.idleMarkTime = 0;
    this.markStartTime = markStartTime;

    // 1.19: the trigger *computed* now, not heapLive (TODO #53738/#53892 in startCycle).
    this.triggerInto();
    this.triggered = this.trResult.trigger;

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
   * runtime/mgcpacer.go: endCycle — records lastHeapGoal and feeds this cycle's measured cons/mark into the PI
   * controller. Called by gcMarkDone with the world stopped, after blackening was disabled (sets marking = false).
   * @param now ns (mark termination start)
   * @param procs GOMAXPROCS
   * @param userForced unused by the 1.19 pacer (kept for the signature)
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

    // Update the cons/mark controller. The time period for this is 1 GC cycle.
    this.consMark = this.consMarkController.next(this.consMark, currentConsMark, 1.0);
    if (!this.consMarkController.lastOk) {
      // The error spiraled out of control; reset consMark and keep going.
      this.consMark = 0;
    }
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
   * memoryLimit: limit − (non-heap memory + overage) − 1 MiB headroom, never below heapMarked, bytes.
   */
  memoryLimitHeapGoal(): number {
    // Go re-reads the stats until heapFree + heapAlloc <= mappedReady (they are updated independently and may be
    // observed mid-update). Here the caller sets them consistently; an inconsistent set is clamped (non-heap
    // memory and heapAlloc never negative) instead of spinning.
    const heapFree = this.heapFree; // Free and unscavenged memory.
    const heapAlloc = this.totalAlloc > this.totalFree ? this.totalAlloc - this.totalFree : 0; // Heap objects in use.
    const mappedReady = this.mappedReady; // Total unreleased mapped memory.

    const memoryLimit = this.memoryLimit; // uint64(c.memoryLimit.Load())

    // Term 1: memory that is neither heap objects nor free heap pages.
    const used = heapFree + heapAlloc;
    const nonHeapMemory = mappedReady > used ? mappedReady - used : 0;

    // Term 2: how far the total is over the limit (free-but-unreleased pages count here).
    let overage = 0;
    if (mappedReady > memoryLimit) {
      overage = mappedReady - memoryLimit;
    }

    if (nonHeapMemory + overage >= memoryLimit) {
      // Non-heap memory exceeds the limit on its own: trigger continuously, the lowest possible goal.
      return this.heapMarked;
    }

    // Compute the goal.
    let goal = memoryLimit - (nonHeapMemory + overage);

    // Apply some headroom to the goal to account for pacing inaccuracies. Be careful about small limits.
    if (goal < MEMORY_LIMIT_HEAP_GOAL_HEADROOM || goal - MEMORY_LIMIT_HEAP_GOAL_HEADROOM < MEMORY_LIMIT_HEAP_GOAL_HEADROOM) {
      goal = MEMORY_LIMIT_HEAP_GOAL_HEADROOM;
    } else {
      goal = goal - MEMORY_LIMIT_HEAP_GOAL_HEADROOM;
    }
    // Don't let us go below the live heap. A heap goal below the live heap doesn't make sense.
    if (goal < this.heapMarked) {
      goal = this.heapMarked;
    }
    return goal;
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
    let minTrigger = this.hgMinTrigger;
    const heapMarked = this.heapMarked;
    const out = this.trResult;
    out.goal = goal;

    // Invariant: the trigger must always be less than the heap goal. The memory limit is a hard maximum on the
    // goal, but the live heap may grow beyond it.
    if (heapMarked >= goal) {
      // The only reasonable trigger is one that causes a continuous GC cycle at heapMarked, but respect the goal.
      out.trigger = goal;
      return;
    }

    // Below this point, heapMarked < goal. heapMarked is our absolute minimum.
    if (minTrigger < heapMarked) {
      minTrigger = heapMarked;
    }

    // Don't let the trigger go too low (nearly always-on GC with black allocation would grow the heap).
    const triggerLowerBound = Math.floor((goal - heapMarked) / TRIGGER_RATIO_DEN) * MIN_TRIGGER_RATIO_NUM + heapMarked;
    if (minTrigger < triggerLowerBound) {
      minTrigger = triggerLowerBound;
    }

    // Small heaps: max trigger at 61/64 of the way to the goal. Large heaps: goal minus the default minimum heap
    // (defaultHeapMinimum, not heapMinimum).
    let maxTrigger = Math.floor((goal - heapMarked) / TRIGGER_RATIO_DEN) * MAX_TRIGGER_RATIO_NUM + heapMarked;
    if (goal > DEFAULT_HEAP_MINIMUM && goal - DEFAULT_HEAP_MINIMUM > maxTrigger) {
      maxTrigger = goal - DEFAULT_HEAP_MINIMUM;
    }
    if (maxTrigger < minTrigger) {
      maxTrigger = minTrigger;
    }

    // Compute the trigger from our bounds and the runway stored by commit.
    let trigger: number;
    const runway = this.runway;
    if (runway > goal) {
      trigger = minTrigger;
    } else {
      trigger = goal - runway;
    }
    if (trigger < minTrigger) {
      trigger = minTrigger;
    }
    if (trigger > maxTrigger) {
      trigger = maxTrigger;
    }
    if (trigger > goal) {
      throw new Error(
        `pacer: produced a trigger greater than the heap goal (trigger=${trigger} heapGoal=${goal} ` +
          `minTrigger=${minTrigger} maxTrigger=${maxTrigger})`,
      );
    }
    out.trigger = trigger;
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
