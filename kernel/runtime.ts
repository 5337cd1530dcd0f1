// The Go runtime as a discrete-event model: the GC cycle's state machine (runtime/mgc.go: gcStart → the first
// stop-the-world pause → concurrent mark → gcMarkDone → the second pause, gcMarkTermination → sweep), over the time
// integration of every other mechanism (integrate.ts: the workload, heap, mark phase, sweeper, scavenger, CPU quota,
// the pacer's door and the OOM killer). Rates hold between events and state is integrated in closed form; the instant
// the heap reaches the trigger is solved for, not stepped to. Events (timers.ts): plan actions, ramp ends, trigger,
// phase ends, mark steps (where the assist regime changes), sysmon's 2-minute forced GC (sysmon.ts), samples, CFS
// periods, the end. kernel/README.md describes every module.
//
// Pure: no I/O, no clock; time is the scheduler's integer nanoseconds.

import { EventQueue } from "./scheduler";
import { Timer, schedule, E_PLAN, E_RAMP_END, E_STW_END, E_MARK_STEP, E_TRIGGER, E_PERIODIC } from "./timers";
import { E_SAMPLE, E_END, E_CFS_PERIOD, E_CFS_THROTTLE, E_SWEEP, E_GOMAXPROCS } from "./timers";
import { Rng } from "./rng";
import type { EventPlan, PlanEvent } from "./plan";
import type { KernelResult } from "./records";
import type { PacerRules } from "./pacer";
import { startingStackSize } from "./workload/stacks";
import { DEFAULT_MAX_EVENTS, EventBudget, checkPlan } from "./budget";
import { Integrator, OFF, STW1, MARK, STW2, type CycleKind } from "./integrate";
import { SettingsWarnings } from "./warnings";
import { machineSpeed } from "./markphase";
import { FORCE_GC_PERIOD_NS, nextPeriodicGcNs, sysmonPreemptAfter } from "./sysmon";
import { CYCLE, CYCLE_KIND_CODE } from "./cyclelog";
import { MARK_MIN_NS, STW_BASE_NS, STW_PER_P_NS, CFS_PERIOD_NS } from "./constants";

export { FORCE_GC_PERIOD_NS } from "./sysmon";
export { SCAVENGE_PERCENT, RETAIN_EXTRA_PERCENT } from "./scavenge";
export { MAX_MODEL_BYTES } from "./oom";
export { DEFAULT_MAX_EVENTS, RunawayScenarioError } from "./budget";

export interface KernelOptions {
  maxEvents?: number;
  /** Check the plan's projected events before simulating (default true; the fuzz suite turns it off to check it). */
  project?: boolean;
  /** The Go version's pacer rules (kernel/versions: GoVersion.pacer), for pacing.ts unchanged; default Go 1.19's. */
  pacerRules?: PacerRules;
  /** The simulated machine's mark speed relative to the calibration machine's (default 1): markphase machineSpeed. */
  markSpeed?: number;
}

export function runKernel(plan: EventPlan, options: KernelOptions = {}): KernelResult {
  // Before any simulation: even the fewest events the plan can take (projection.ts) must fit the budget.
  const projection = options.project !== false ? checkPlan(plan, options.maxEvents ?? DEFAULT_MAX_EVENTS) : null;
  return new GoRuntime(plan, options, projection?.horizonNs ?? null).run();
}

class GoRuntime extends Integrator {
  /** The run's event budget (budget.ts): counted, extrapolated, bounded. */
  private readonly budget: EventBudget;
  private readonly queue = new EventQueue();
  // The events that are re-armed as the state changes (timers.ts); the others are one-shot.
  /** The heap reaches the pacer's trigger (outside a cycle). */
  private readonly trigger = new Timer(this.queue, E_TRIGGER);
  /** The mark rates change or the mark ends. */
  private readonly markStep = new Timer(this.queue, E_MARK_STEP);
  /** The stop-the-world pause in progress ends. */
  private readonly stwEnd = new Timer(this.queue, E_STW_END);
  /** The CFS quota of the current period runs out. */
  private readonly cfsThrottle = new Timer(this.queue, E_CFS_THROTTLE);
  /** The sweep ends (bgsweep under a quota, proportional sweep, or gcStart's sweep the mutator waits on). */
  private readonly sweepEnd = new Timer(this.queue, E_SWEEP);
  /** Owned by the kernel for stochastic workloads; seeded from the scenario. */
  readonly rng: Rng;
  /** Time of the one pending forcegc timer event, or −1 (a lazy timer: it re-arms itself if a GC ran meanwhile). */
  private periodicAtNs = -1;
  /** runtime.GC() calls made during a cycle, each to run when the one before ends. */
  private pendingForced = 0;
  private readonly warnings = new SettingsWarnings();

  // The running cycle (set by gcStart, markDone and markTermination; read when it is logged).
  private cycleKind: CycleKind = "heap";
  private cycleStartNs = 0;
  private markTermNs = 0;
  /** heapLive at the cycle's start, bytes (floored; gctrace's first heap figure). */
  private heap0 = 0;
  private startHeapLive = 0; // heapLive when gcStart ran: the pacer's `triggered` since Go 1.20
  /** heapLive at mark termination, bytes (floored). */
  private heap1 = 0;
  /** endCycle's GC utilization (fraction of GOMAXPROCS). */
  private utilization = 0;
  /** The trigger the heap crossed, bytes; −1 for a forced or periodic cycle. */
  private cycleTrigger = 0;
  private reachableAtMarkStart = 0;
  private lastGcEndNs = 0;
  /** memstats.lastHeapInUse: heap in use at the last mark termination, before sweeping (the scavenger's goal). */
  private lastHeapInUse = 0;
  private maxPauseNs = 0;
  /** A scenario action is being applied (scheduleStwEnd queues a pause's end instead of running it at once). */
  private applyingPlan = false;

  /** `horizonNs`: the earliest OOM kill (projection.ts), for the budget's early check; null without the projection. */
  constructor(plan: EventPlan, options: KernelOptions, horizonNs: number | null) {
    super(plan, options.pacerRules);
    this.mark.machineSpeed = machineSpeed(options.markSpeed);
    this.budget = new EventBudget(options.maxEvents ?? DEFAULT_MAX_EVENTS, plan.scenario.durationNs, horizonNs);
    this.rng = new Rng(plan.scenario.seed);
  }

  run(): KernelResult {
    const s = this.plan.scenario;
    this.plan.events.forEach((e, i) => this.push(e.atNs, E_PLAN, i));
    this.push(0, E_SAMPLE);
    this.push(s.durationNs, E_END);
    if (this.cfs.active(this.procs)) {
      this.cfs.chain = true;
      this.push(CFS_PERIOD_NS, E_CFS_PERIOD);
    }
    this.syncStacks();
    this.checkSettings();
    this.reschedule();

    const q = this.queue;
    while (!this.ended && q.pop()) {
      const kind = q.kind;
      const gen = q.gen;
      if (gen !== 0 && !this.timerOf(kind).fires(gen)) continue; // cancelled or re-armed since
      this.budget.count(q.t, this.cycles.length);
      this.advanceTo(q.t);
      if (this.ended) break;
      this.budget.check(this.now, this.cycles.length);
      this.handle(kind, q.arg);
      if (this.ended) break;
    }
    return this.result();
  }

  protected push(t: number, kind: number, arg = 0): void {
    schedule(this.queue, t, kind, arg);
  }

  /** The timer behind an event kind that can be cancelled (the loop drops its stale events). */
  private timerOf(kind: number): Timer {
    switch (kind) {
      case E_TRIGGER:
        return this.trigger;
      case E_MARK_STEP:
        return this.markStep;
      case E_STW_END:
        return this.stwEnd;
      case E_CFS_THROTTLE:
        return this.cfsThrottle;
      default:
        return this.sweepEnd;
    }
  }

  private handle(kind: number, arg: number): void {
    switch (kind) {
      case E_PLAN: {
        // The scenario's actions at one instant are one change: memory is checked once they all took effect.
        const events = this.plan.events;
        const first = arg === 0 || events[arg - 1].atNs !== this.now;
        const last = arg === events.length - 1 || events[arg + 1].atNs !== this.now;
        const c = this.container;
        if (first) {
          this.beforeJump(Infinity);
          c.limitBefore = c.limitBytes;
        }
        this.applyingPlan = true;
        this.applyPlanEvent(events[arg]);
        this.applyingPlan = false;
        if (last) {
          c.limitLowered = c.limitBytes !== null && (c.limitBefore === null || c.limitBytes < c.limitBefore);
          this.afterJump();
          c.limitLowered = false;
        }
        if (!this.ended) this.reschedule();
        break;
      }
      case E_RAMP_END:
        this.workload.endRamps(this.now);
        this.syncStacks();
        this.reschedule();
        break;
      case E_TRIGGER:
        if (this.phase === OFF) {
          // the rates changed here (a backlog was paid off)
          if (!this.startIfTriggered(this.scheduledTrigger)) this.reschedule();
        }
        break;
      case E_SWEEP:
        // The sweep phase ended (bgsweep's rate drops to 0), or gcStart finished it: re-test the trigger and start.
        if (this.phase === OFF) {
          const finished = this.sweepWait && this.sweeper.done();
          if (finished) this.sweepWait = false;
          if (!finished || !this.startIfTriggered(-1)) this.reschedule();
        }
        break;
      case E_PERIODIC:
        // sysmon's forcegc test (mgc.go: gcTrigger.test, gcTriggerTime): GOGC on, a GC has completed, 2 minutes since.
        this.periodicAtNs = -1; // (a running cycle re-arms it at its end)
        if (!this.pacing.gcEnabled() || this.lastGcEndNs <= 0 || this.phase !== OFF) break;
        if (this.now >= this.lastGcEndNs + FORCE_GC_PERIOD_NS) {
          this.events.add(this.now, "periodic-gc");
          this.gcStart("periodic");
        } else this.schedulePeriodic();
        break;
      case E_STW_END:
        if (this.phase === STW1) this.markStart();
        else if (this.phase === STW2) this.markTermination();
        break;
      case E_MARK_STEP:
        if (this.phase === MARK) {
          const since = this.now - this.mark.startNs;
          if (this.workload.timersStalled && since === sysmonPreemptAfter(since - 1)) this.releaseTimers();
          if (this.mark.workFinished() && this.now >= this.mark.startNs + MARK_MIN_NS) this.markDone();
          else this.reschedule();
        }
        break;
      case E_SAMPLE:
        // (at t = 0, after the scenario's first actions: a container smaller than the program's baseline memory kills
        // it as it starts; later, every change that moves RSS has been checked already)
        if (this.now === 0) this.afterJump();
        if (this.ended) break;
        this.sample();
        if (this.now + this.plan.scenario.sampleEveryNs < this.plan.scenario.durationNs) {
          this.push(this.now + this.plan.scenario.sampleEveryNs, E_SAMPLE);
        }
        break;
      case E_CFS_PERIOD: {
        // A new CFS period: the quota is refilled and throttled threads run again.
        const wasThrottled = this.cfs.newPeriod(this.now);
        this.cfs.chain = this.now + CFS_PERIOD_NS < this.plan.scenario.durationNs && this.cfs.active(this.procs);
        if (this.cfs.chain) this.push(this.now + CFS_PERIOD_NS, E_CFS_PERIOD);
        if (wasThrottled && (this.phase === STW1 || this.phase === STW2)) this.scheduleStwEnd();
        this.reschedule();
        break;
      }
      case E_CFS_THROTTLE:
        this.cfs.throttle(this.now);
        this.stwEnd.cancel(); // a pause in progress stalls until the period ends
        this.reschedule();
        break;
      case E_GOMAXPROCS:
        this.updateDefaultProcs();
        this.handHeap();
        this.commitPacer();
        this.reschedule();
        break;
      case E_END:
        this.sample();
        this.ended = true;
        break;
    }
  }

  /**
   * The heap test of gcTrigger (mgc.go): if the heap has reached the pacer's trigger (`trigger`, or computed now if
   * negative), a cycle starts — after gcStart has swept what is left, the mutator waiting on it (sweep.ts). Returns
   * false if the heap is below the trigger.
   */
  private startIfTriggered(trigger: number): boolean {
    if (trigger < 0) {
      this.handHeap();
      trigger = this.pacing.triggerBytes();
    }
    if (this.heapLive < trigger - 1) return false;
    if (this.sweeper.done()) this.gcStart("heap", trigger);
    else {
      this.sweepWait = true;
      this.reschedule();
    }
    return true;
  }

  // ---- scenario actions ----

  private applyPlanEvent(e: PlanEvent): void {
    switch (e.kind) {
      case "go":
        if (e.GOGC !== undefined) this.pacing.setGCPercent(e.GOGC);
        if (e.GOMEMLIMIT !== undefined) {
          this.memoryLimitBytes = e.GOMEMLIMIT;
          this.pacing.setMemoryLimit(e.GOMEMLIMIT);
        }
        if (e.GOMAXPROCS !== undefined) {
          // runtime.GOMAXPROCS (debug.go) stops the world with stopTheWorldGC, which first takes gcsema (proc.go):
          // gcStart holds it until the end of gcMarkTermination (mgc.go), so the change waits for a running cycle.
          this.defaultProcs.set(); // (Go 1.25+: the runtime stops following the CPU limit)
          if (this.phase === OFF) this.setProcs(e.GOMAXPROCS);
          else this.pendingProcs = e.GOMAXPROCS;
        }
        this.handHeap();
        this.handMemory();
        this.commitPacer();
        if (this.pacing.gcEnabled() && this.lastGcEndNs > 0) this.schedulePeriodic();
        break;
      case "container":
        if (e.memoryBytes !== undefined) this.container.limitBytes = e.memoryBytes;
        if (e.cpus !== undefined) {
          this.cfs.set(e.cpus);
          this.scheduleProcsUpdate();
          if (this.cfs.active(this.procs) && !this.cfs.chain) {
            this.cfs.start(this.now);
            this.push(this.now + CFS_PERIOD_NS, E_CFS_PERIOD);
          }
          if (!this.cfs.active(this.procs) && this.cfs.throttled) {
            this.cfs.release(this.now);
            if (this.phase === STW1 || this.phase === STW2) this.scheduleStwEnd();
          }
        }
        break;
      case "gc":
        this.events.add(this.now, "forced-gc");
        if (this.phase === OFF) this.gcStart("forced");
        else this.pendingForced++;
        break;
      default: {
        const grown = this.workload.apply(e, this.now);
        if (grown > 0) {
          this.heapLive += grown;
          this.heapScan += grown * this.workload.livePointers;
          this.heap.allocate(grown, this.workload.liveOverhead);
        }
        for (const t of this.workload.rampEnds()) if (t > this.now) this.push(t, E_RAMP_END);
        this.syncStacks();
      }
    }
    this.events.add(this.now, "scenario", 0, e.source);
    this.checkSettings();
  }

  /** Settings that cannot do what they seem to (warnings.ts), at the start and after every scenario action. */
  private checkSettings(): void {
    const w = this.workload;
    this.warnings.check(this.now, this.container.limitBytes, this.memoryLimitBytes, Math.max(w.liveTarget, w.live));
  }

  // ---- the GC cycle ----

  /** Starts a cycle; `trigger` is the pacer's trigger when a heap cycle starts (the caller just computed it). */
  private gcStart(kind: CycleKind, trigger = -1): void {
    // Whatever is left unswept is swept in the pause (finishsweep_m): a forced or periodic GC, or nothing.
    this.sweeper.finish();
    this.sweepWait = false;
    this.sweepEnd.cancel();
    this.phase = STW1;
    this.cycleLimiterOn = this.pacing.limiterOn();
    this.cycleKind = kind;
    this.cycleStartNs = this.now;
    // One P, batched garbage: the tick's batches that crossed the trigger finish after mark start (mark.ts:
    // batchAssist). On more Ps the whole tick lands before gcStart (test/versions/trigger-crossing.test.ts: the gap).
    const w = this.workload;
    const oneP = kind === "heap" && this.procs === 1 && w.garbageEveryNs > 0 && w.batchesIn(this.now - 1, this.now) > 0;
    this.mark.batchAssistBytes = oneP ? Math.min(w.garbageBatchBytes(), Math.max(0, this.heapLive - trigger)) : 0;
    this.heap0 = Math.floor(this.heapLive - this.mark.batchAssistBytes);
    this.startHeapLive =
      kind === "heap" && trigger >= 0 ? w.heapAtGcStart(this.now, this.heapLive, trigger, this.heap0) : this.heap0;
    this.cycleTrigger = trigger;
    this.trigger.cancel();
    this.stwRemainingNs = this.stwNs();
    this.scheduleStwEnd();
  }

  private scheduleStwEnd(): void {
    this.stwEnd.cancel();
    if (this.cfs.throttled) return; // the pause resumes when the CFS period ends
    const end = this.now + Math.max(0, Math.ceil(this.stwRemainingNs));
    if (this.queue.peekTime() > end && !this.applyingPlan) {
      // Nothing else happens during the pause: end it now instead of queueing its end (same result, no queue work).
      // Not while a scenario action is applied: the rest of the instant's actions, and their memory check, come first.
      this.budget.count(end, this.cycles.length);
      this.advanceTo(end);
      if (this.ended) return;
      if (this.phase === STW1) this.markStart();
      else if (this.phase === STW2) this.markTermination();
      return;
    }
    this.stwEnd.arm(end);
  }

  /** A stop-the-world pause's own length (stopping the goroutines, per-P work); CFS throttling may stretch it. */
  private stwNs(): number {
    return STW_BASE_NS + STW_PER_P_NS * this.procs;
  }

  private markStart(): void {
    this.phase = MARK;
    this.handHeap();
    this.pacing.startCycle(this.cycleStartNs, this.procs, this.cycleKind, this.startHeapLive);
    const w = this.workload;
    w.readMarkStart(this.version.markCost.relativeToGo119); // the version's mark cost per byte relative to Go 1.19's
    this.reachableAtMarkStart = w.markReachable;
    const stacks = w.markStacks;
    const scannable = w.markScannable;
    this.cycleLimiterOn = this.pacing.limiterOn();
    // One P, held by a mark worker for the whole mark: timers wait for sysmon's preemption (FORCE_PREEMPT_NS).
    this.workload.timersStalled = this.stallsTimers();
    const jitter = this.plan.scenario.markJitter;
    const g = this.plan.scenario.globalsBytes; // (markcost.ts: the mark cost of the scannable heap)
    const speed =
      (jitter > 0 ? Math.exp(jitter * this.rng.normal()) : 1) / ((g + stacks + w.markCost) / (g + stacks + scannable));
    this.mark.begin(this.now, this.plan.scenario.globalsBytes, stacks, scannable, this.procs, speed);
    if (this.mark.batchAssistBytes > 0) {
      this.mark.startBatchAssist(this.now, this.heapLive, this.heapScan, this.pacing, this.workload);
      // The mutator holds the P: ticks falling due in the phase run (allocated by advance), not stalled.
      this.workload.timersStalled = false;
    }
    this.reschedule(true); // startCycle (and startBatchAssist) just revised the assist ratio from this state
  }

  private stallsTimers(): boolean {
    return this.procs === 1 && this.workload.garbageEveryNs > 0 && this.cycleKind !== "periodic";
  }

  private markDone(): void {
    // The worker that finds no more work calls gcMarkDone and stops the world itself, with no schedule() (and so no
    // checkTimers) in between: ticker-driven goroutines still stalled run only after mark termination, white.
    this.phase = STW2;
    this.markTermNs = this.now;
    this.markStep.cancel();
    this.stwRemainingNs = this.stwNs();
    this.scheduleStwEnd();
  }

  private markTermination(): void {
    const now = this.now;
    const m = this.mark;
    this.heap1 = Math.floor(this.heapLive);
    const allocatedBlack = this.heapLive - this.heap0;
    const marked = Math.floor(this.reachableAtMarkStart + Math.max(0, allocatedBlack));
    const stw1 = m.startNs - this.cycleStartNs;
    const stw2 = now - this.markTermNs;
    this.gcCpuNs += this.stwProcs() * (stw1 + stw2);

    this.handHeap();
    m.handScanWork(this.pacing, m.workTotal);
    this.utilization = this.pacing.endCycle(
      now,
      this.procs,
      this.cycleKind === "forced",
      m.assistCpuNs,
      m.idleCpuNs,
      m.backgroundCpuNs,
    );
    this.heapScan = this.pacing.resetLive(marked);
    this.heapLive = marked;
    // memstats.lastHeapInUse is read at mark termination, before sweeping (mgc.go: gcMarkTermination).
    this.lastHeapInUse = this.heap.inUse();
    this.sweepHeap(marked);
    // gcSweep: every span in use is to be swept before the next cycle (paced to the new trigger by commitPacer).
    this.sweeper.start(this.lastHeapInUse, this.workload.sweepSpans(this.lastHeapInUse), this.version.sweepNsPerSpan);
    // Stalled timer goroutines run once the world restarts: their allocation comes after the sweep (it survives it).
    this.workload.timersStalled = false;
    this.releaseTimers();
    // Go 1.19's adaptive starting stack size (proc.go: gcComputeStartingStackSize): average scanned stack + 928 B.
    this.stackStartingSize = startingStackSize(m.stacks, this.workload.goroutines());
    this.workload.startingStack = this.stackStartingSize;
    const stacks = this.workload.stackAllocated();
    this.beforeJump(Math.max(0, stacks - this.heap.stacks));
    this.setStacks(stacks);
    this.afterJump();
    this.handMemoryForGoal();
    this.scheduledTrigger = this.commitPacer();

    if (this.cycleKind === "forced") this.forcedCycles++;
    this.maxPauseNs = Math.max(this.maxPauseNs, stw1, stw2);
    this.logCycle();

    this.phase = OFF;
    this.lastGcEndNs = now;
    if (this.ended) return; // OOM-killed as the world restarted (timers' batches, stacks)
    if (this.pendingProcs !== null) {
      // gcsema released: the GOMAXPROCS call that waited on it stops the world and resizes the Ps (debug.go).
      this.setProcs(this.pendingProcs);
      this.handHeap();
      this.handMemory();
      this.scheduledTrigger = this.commitPacer();
    }
    this.schedulePeriodic();
    if (this.pendingForced > 0) {
      this.pendingForced--;
      this.gcStart("forced");
      return;
    }
    this.reschedule();
  }

  /** Appends the cycle just terminated (now, its second pause's end) to the cycle log: gctrace's fields, limiter. */
  private logCycle(): void {
    const m = this.mark;
    const stw1 = m.startNs - this.cycleStartNs;
    const stw2 = this.now - this.markTermNs;
    const stwprocs = this.stwProcs();
    const heap1 = this.heap1;
    // The row, written by field name (cyclelog.ts: CYCLE).
    const i = this.cycles.append();
    const c = this.cycles.row;
    const F = CYCLE; // (read once: the calls below could change what CYCLE names, for all V8 knows)
    c[i + F.cycle] = this.cycles.length;
    c[i + F.startNs] = this.cycleStartNs;
    c[i + F.stw1Ns] = stw1;
    c[i + F.markNs] = this.markTermNs - m.startNs;
    c[i + F.stw2Ns] = stw2;
    c[i + F.stw1CpuNs] = stwprocs * stw1;
    c[i + F.assistCpuNs] = Math.round(m.assistCpuNs);
    c[i + F.backgroundCpuNs] = Math.round(m.backgroundCpuNs);
    c[i + F.idleCpuNs] = Math.round(m.idleCpuNs);
    c[i + F.stw2CpuNs] = stwprocs * stw2;
    c[i + F.heapStartBytes] = this.heap0;
    c[i + F.heapEndBytes] = heap1;
    c[i + F.heapMarkedBytes] = this.pacing.heapMarked;
    c[i + F.heapGoalBytes] = this.pacing.lastHeapGoal;
    // none (null) for a forced or periodic cycle
    c[i + F.heapTriggerBytes] = this.cycleTrigger < 0 ? NaN : this.cycleTrigger;
    // gctrace's "MB stacks": maxStackScan (1.19) or this mark's lastStackScan (1.20+, mgc.go gcMarkTermination)
    c[i + F.stackBytes] =
      this.version.gctrace.stacks === "allocated" ? this.pacing.stackBytes : this.pacing.stackScanned;
    c[i + F.globalsBytes] = this.pacing.globalsBytes;
    c[i + F.procs] = this.procs;
    c[i + F.gcCpuFraction] = this.gcCpuFraction();
    c[i + F.utilization] = this.utilization;
    c[i + F.kind] = CYCLE_KIND_CODE[this.cycleKind];
    c[i + F.limiterOn] = this.cycleLimiterOn || this.pacing.limiterOn() ? 1 : 0;
    if (heap1 > this.cycles.peakHeapEnd) this.cycles.peakHeapEnd = heap1;
  }

  /** Arms sysmon's forcegc timer (sysmon.ts: nextPeriodicGcNs), unless one is pending (it re-checks when it fires). */
  private schedulePeriodic(): void {
    if (this.periodicAtNs < 0 && this.pacing.gcEnabled()) this.armPeriodic(); // (mostly pending: arming out of line)
  }

  private armPeriodic(): void {
    const t = nextPeriodicGcNs(this.now, this.lastGcEndNs);
    if (t > this.plan.scenario.durationNs) return;
    this.periodicAtNs = t;
    this.push(t, E_PERIODIC);
  }

  /**
   * gcControllerCommit (mgcpacer.go): the pacer's commit (isSweepDone: whether the sweeper has finished), then the
   * sweeper paced to the new trigger (gcPaceSweeper) and the scavenger to the new goal (gcPaceScavenger). At mark
   * termination, after the sweep started, and when GOGC, GOMEMLIMIT or GOMAXPROCS change. Returns the trigger.
   */
  private commitPacer(): number {
    const next = this.pacing.commit(this.sweeper.done());
    // gcPaceScavenger's retained-heap goal: lastHeapInUse scaled by the goal's change, +10 % (scavenge.ts).
    this.scavenger.pace(this.lastHeapInUse, this.pacing.lastHeapGoal, next.goal);
    this.sweeper.pace(next.trigger - this.heapLive);
    return next.trigger;
  }

  /**
   * Recomputes what happens next from the current state: when the trigger is reached, or the next mark step.
   * `paceRevised`: the pacer's assist ratio was just revised from the current state (at mark start, by startCycle).
   */
  private reschedule(paceRevised = false): void {
    // (small, its branches in their own functions: V8 inlines it where it is called once per cycle)
    if (this.cfs.throttled) this.stallGc();
    else if (this.phase === OFF) this.rescheduleOff();
    else if (this.phase === MARK) this.scheduleMarkStep(paceRevised);
    if (this.cfs.quota !== null) this.rescheduleThrottle();
  }

  /** Nothing runs until the CFS period ends; keep the mark rates (P-time accounting) but schedule no progress. */
  private stallGc(): void {
    this.trigger.cancel();
    this.markStep.cancel();
  }

  /** Outside a cycle: the trigger, or the sweep the mutator waits on, and where the sweep's end matters. */
  private rescheduleOff(): void {
    this.sweepEnd.cancel();
    if (this.sweepWait) {
      this.scheduleSweepWait();
      return;
    }
    this.scheduleTrigger();
    // (the sweep's end matters only under a CFS quota or to a mutator behind: integrate.ts, sweepEndAfter)
    if (!this.sweeper.done() && (this.workload.behind() || this.cfs.active(this.procs))) {
      const dt = this.sweepEndAfter();
      if (Number.isFinite(dt)) this.sweepEnd.arm(this.now + dt);
    }
  }

  /** Under a CFS quota below GOMAXPROCS, not throttled: the instant the period's quota runs out (E_CFS_THROTTLE). */
  private rescheduleThrottle(): void {
    if (this.cfs.active(this.procs) && !this.cfs.throttled) {
      this.cfsThrottle.cancel();
      const t = this.cfs.timeToThrottle(this.now, this.cpuUseCores());
      if (t !== null) this.cfsThrottle.arm(t);
    }
  }

  /** The mutator waits on gcStart's sweep: nothing is allocated until it is done (E_SWEEP at its end). */
  private scheduleSweepWait(): void {
    this.trigger.cancel();
    const dt = this.sweeper.timeToFinish(this.procs);
    if (Number.isFinite(dt)) this.sweepEnd.arm(this.now + dt);
  }

  /** Outside a cycle: the instant the heap reaches the pacer's trigger (E_TRIGGER). */
  private scheduleTrigger(): void {
    this.trigger.cancel();
    this.handHeap();
    this.handMemoryForGoal();
    if (this.scheduledTrigger < 0) this.scheduledTrigger = this.pacing.triggerBytes();
    const trig = this.scheduledTrigger;
    if (this.heapLive >= trig) {
      this.trigger.arm(this.now);
      return;
    }
    const progress = this.offProgress();
    let dtNs = this.workload.timeToAllocate(this.now, trig - this.heapLive, progress, this.plan.scenario.durationNs);
    if (this.workload.behind()) dtNs = Math.min(dtNs, this.workload.timeToCatchUp(progress));
    if (!Number.isFinite(dtNs)) return;
    const t = this.now + dtNs;
    // (an E_TRIGGER that fires before the heap reaches the trigger — the backlog was paid off — just reschedules)
    if (t <= this.plan.scenario.durationNs) this.trigger.arm(t);
  }

  /** While marking: the mark rates from now on, and the next instant they change or the mark ends (E_MARK_STEP). */
  private scheduleMarkStep(paceRevised: boolean): void {
    const mk = this.mark;
    const w = this.workload;
    this.markStep.cancel();
    if (mk.batchAssistEndNs >= 0 && this.batchAssistRuns()) return;
    if (!paceRevised) {
      this.handHeap();
      mk.handScanWork(this.pacing, mk.workDone);
      this.pacing.revise();
    }
    // Stalled timers: the idle worker holds the only P (the fractional worker gets no turn) and the batches wait.
    const stalled = w.timersStalled && !w.behind(); // a mutator behind is runnable: it takes the P
    mk.updateRates(this.pacing, w, this.procs, this.cycleKind, stalled);
    const dtNs = mk.nextStepNs(this.now, this.heapLive, this.pacing, w, this.plan.scenario.durationNs);
    if (!Number.isFinite(dtNs)) return; // nothing can make progress until the next event changes the rates
    this.markStep.arm(this.now + Math.max(1, dtNs));
  }

  /** One P (startBatchAssist): true while the crossing tick's batches run; then the idle worker takes the P. */
  private batchAssistRuns(): boolean {
    const mk = this.mark;
    if (this.now < mk.batchAssistEndNs) {
      this.markStep.arm(mk.batchAssistEndNs);
      return true;
    }
    mk.batchAssistEndNs = -1;
    this.workload.timersStalled = this.stallsTimers();
    return false;
  }

  private result(): KernelResult {
    return this.outputs(this.warnings.all(), this.maxPauseNs, this.budget.processed);
  }
}
