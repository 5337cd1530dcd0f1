// The Go 1.19 runtime as a discrete-event model: the GC cycle's state machine (off → STW #1 → mark → STW #2 → off,
// §2 of go-runtime-model.md) driven by the pacer (pacer.ts), over a workload (workload.ts) and the heap's memory
// states (heap.ts). Rates hold between events and state is integrated in closed form; the instant the heap reaches
// the trigger is solved for, not stepped to. Events: plan actions, ramp ends, trigger, phase ends, mark steps (where
// the assist regime changes), the 2-minute forced GC, samples, the end.
//
// Pure: no I/O, no clock; time is the scheduler's integer nanoseconds.

import { EventQueue } from "./scheduler";
import {
  Timer,
  schedule,
  E_PLAN,
  E_RAMP_END,
  E_STW_END,
  E_MARK_STEP,
  E_TRIGGER,
  E_PERIODIC,
  E_SAMPLE,
  E_END,
  E_CFS_PERIOD,
  E_CFS_THROTTLE,
  E_SWEEP,
  E_GOMAXPROCS,
} from "./timers";
import { goVersion, initialGomaxprocs, type GoVersion } from "./versions";
import { parseGoLine, type GoLine } from "./versions/gomaxprocs";
import { Rng } from "./rng";
import type { EventPlan, PlanEvent } from "./plan";
import type { KernelResult } from "./records";
import { Workload } from "./workload";
import { DEFAULT_MAX_EVENTS, EventBudget, RunawayScenarioError, checkPlan } from "./budget";
import { HEAP_ARENA_BYTES, HeapMemory } from "./heap";
import { MarkInputs, MarkRates, batchAssist, markRates, mutatorCpusFor, mutatorProgressOff } from "./mark";
import { GcController, MAX_INT64 } from "./pacer";
import { GcCpuLimiter } from "./limiter";
import { Sweeper } from "./sweep";
import { Scavenger } from "./scavenge";
import { CfsQuota } from "./cfs";
import { CycleLog, CYCLE } from "./cyclelog";
import { EventLog } from "./eventlog";
import { SampleLog, SAMPLE_FIELDS, SAMPLE } from "./samplelog";
import { startingStackSize, STACK_MIN } from "./workload";
import {
  BASELINE_HEAP_UNUSED_BYTES,
  MARK_MIN_NS,
  MARK_EXTRA_P_NS,
  SCAN_BYTES_PER_CPU_SECOND,
  STW_BASE_NS,
  STW_PER_P_NS,
  CFS_PERIOD_NS,
  FORCE_PREEMPT_NS,
  SYSMON_MAX_DELAY_NS,
  MSPAN_RATIO,
} from "./constants";

/** A timeline sample's row width (the fields, then the phase) and the offsets the OOM killer reads. */
const SAMPLE_WIDTH = SAMPLE_FIELDS.length + 1;
const RSS_FIELD = SAMPLE.rssBytes;
const IN_USE_OBJECTS_FIELD = SAMPLE.heapObjectsBytes;
const IN_USE_UNUSED_FIELD = SAMPLE.heapUnusedBytes;

/** runtime/proc.go: forcegcperiod — a GC is forced if none ran for 2 minutes. */
export const FORCE_GC_PERIOD_NS = 120e9;
export { SCAVENGE_PERCENT, RETAIN_EXTRA_PERCENT } from "./scavenge";

/**
 * Most memory a run may reach, bytes (1 PiB, the DSL's largest size): byte counts stay exact integers in doubles far
 * below 2^53, and nothing larger is a plan for a real machine. Past it the run fails (RunawayScenarioError).
 */
export const MAX_MODEL_BYTES = 2 ** 50;

export { DEFAULT_MAX_EVENTS, RunawayScenarioError } from "./budget";

export interface KernelOptions {
  maxEvents?: number;
  /** Check the plan's projected events before simulating (default true; the fuzz suite turns it off to check it). */
  project?: boolean;
}

const OFF = 0;
const STW1 = 1;
const MARK = 2;
const STW2 = 3;
const PHASE_NAMES = ["off", "stw", "mark", "stw"];

type CycleKind = "heap" | "periodic" | "forced";

/**
 * Time after mark start (ns) of sysmon's first preemption of the mark worker holding the only P strictly after
 * `sinceStartNs`. retake (proc.go) preempts a P only once it has seen the same schedtick for forcePreemptNS, and an
 * idle sysmon checks only every SYSMON_MAX_DELAY_NS: it last looked when the timer that started the batch (and the
 * cycle) fired, sees the worker's new schedtick one period later and preempts it one forcePreemptNS after that. Once it
 * has preempted, retake resets sysmon's delay (idle = 0), so later preemptions follow every forcePreemptNS.
 */
function sysmonPreemptAfter(sinceStartNs: number): number {
  const first = SYSMON_MAX_DELAY_NS + FORCE_PREEMPT_NS;
  if (sinceStartNs < first) return first;
  return first + (Math.floor((sinceStartNs - first) / FORCE_PREEMPT_NS) + 1) * FORCE_PREEMPT_NS;
}

export function runKernel(plan: EventPlan, options: KernelOptions = {}): KernelResult {
  // Before any simulation: even the fewest events the plan can take (projection.ts) must fit the budget.
  if (options.project !== false) checkPlan(plan, options.maxEvents ?? DEFAULT_MAX_EVENTS);
  return new GoRuntime(plan, options).run();
}

class GoRuntime {
  private readonly plan: EventPlan;
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
  /** The Go version's rules (kernel/versions): pacer, object layout, metadata, scavenger, GOMAXPROCS default, mark cost. */
  private readonly version: GoVersion;
  /** The main module's go.mod go line (the GOMAXPROCS default follows it). */
  private readonly goMod: GoLine;
  /**
   * Whether the runtime picks GOMAXPROCS (the program never set it): Go 1.25+ then follows the container's CPU limit,
   * re-read by sysmon (E_GOMAXPROCS). A `go` action that sets GOMAXPROCS (runtime.GOMAXPROCS(n)) ends it.
   */
  private defaultProcs: boolean;
  private readonly workload: Workload;
  private readonly heap: HeapMemory;
  private readonly pacer: GcController;
  /** The GC CPU limiter's bucket (mgclimit.go), fed with P-time at every step. */
  private readonly limiter: GcCpuLimiter;
  /** The sweep's remaining work (sweep.ts): bgsweep on a P the mutator leaves, gcStart finishing it. */
  private readonly sweeper = new Sweeper();
  /** The heap reached the trigger with spans unswept: gcStart sweeps them first, the mutator waits (sweep.ts). */
  private sweepWait = false;
  /** The step being integrated has the mutator paying the sweep as it allocates (proportional sweep). */
  private sweepingProportionally = false;

  /** Simulated time, ns. */
  private now = 0;
  private procs: number;
  /** RSS per byte of span taken from released or new pages: the page, the arena metadata it touches, its mspan (heap.ts). */
  private readonly rssPerSpanByte: number;
  /** The container's CPU quota, simulated period by period (cfs.ts). */
  private readonly cfs: CfsQuota;
  private memoryLimitBytes: number | null;
  private containerMemory: number | null;

  private phase = OFF;
  /** The pacer's heapLive, kept exactly (fractional bytes); the pacer sees floor(). */
  private heapLive = 0;
  private heapScan = 0;
  /**
   * The pacer's trigger (bytes) outside a cycle as last computed (the pending E_TRIGGER was scheduled for it), or −1
   * once the pacer's inputs to it may have changed: outside a cycle the trigger does not depend on heapLive, only on
   * what commit sets and on the memory statistics. Set at mark termination (after commit) and by scheduleTrigger;
   * reset by syncPacerMemory (every commit outside mark termination follows one).
   */
  private scheduledTrigger = -1;
  /** Time of the one pending forcegc timer event, or −1 (a lazy timer: it re-arms itself if a GC ran meanwhile). */
  private periodicAtNs = -1;
  private pendingForced = 0;
  /** A GOMAXPROCS set during a cycle, applied when it ends (runtime.GOMAXPROCS waits on gcsema); null if none. */
  private pendingProcs: number | null = null;
  /** Wall time left in the current stop-the-world pause (it does not advance while the cgroup is throttled). */
  private stwRemainingNs = 0;
  /** Warnings about the settings, each once (warn). */
  private readonly warnings: string[] = [];

  // The running cycle.
  private cycleKind: CycleKind = "heap";
  private cycleStartNs = 0;
  private markStartNs = 0;
  private markTermNs = 0;
  private heap0 = 0;
  /** heapLive when gcStart ran, bytes (floored): the pacer's `triggered` under Go 1.20+'s rule. */
  private startHeapLive = 0;
  // Set at mark termination, read when the cycle is logged (logCycle): heapLive there (bytes, floored) and endCycle's
  // GC utilization (fraction of GOMAXPROCS). The bytes marked are the pacer's heapMarked (resetLive).
  private heap1 = 0;
  private utilization = 0;
  private cycleTrigger = 0;
  private reachableAtMarkStart = 0;
  private markWorkTotal = 0;
  /** Scan-work equivalent of the mark's fixed CPU (done first; not counted as scan work). */
  private markFixed = 0;
  private markWorkDone = 0;
  private markGlobals = 0;
  private markStacks = 0;
  private assistCpuNs = 0;
  private backgroundCpuNs = 0;
  private idleCpuNs = 0;
  private readonly markInputs: MarkInputs = {
    procs: 0,
    backgroundPs: 0,
    maxIdleWorkers: 0,
    mutatorDemandCores: 0,
    allocBytesPerSec: 0,
    assistWorkPerByte: 0,
    limiterOn: false,
    speed: 1,
    behind: false,
  };
  private readonly rates: MarkRates = {
    scanBytesPerSec: 0,
    mutatorProgress: 1,
    assistPs: 0,
    backgroundPs: 0,
    idlePs: 0,
    mutatorPs: 0,
    unusedPs: 0,
    limiterFillPs: 0,
  };
  private cycleLimiterOn = false;
  /** One P: bytes of the trigger-crossing tick still to allocate at mark start, under assist; and that phase's end. */
  private batchAssistBytes = 0;
  private batchAssistEndNs = -1;
  /** This cycle's mark speed relative to the median, drawn at mark start. */
  private markSpeed = 1;

  // Totals.
  private gcCpuNs = 0;
  private procTimeNs = 0;
  private forcedCycles = 0;
  private lastGcEndNs = 0;
  private lastHeapInUse = 0;
  /** The scavenger's goal and pace (scavenge.ts). */
  private readonly scavenger = new Scavenger();
  private stackStartingSize = 2048;
  private oomKilledAtNs: number | null = null;
  private ended = false;

  private readonly cycles = new CycleLog();
  private readonly samples = new SampleLog(PHASE_NAMES);
  private readonly events = new EventLog();
  private peakRss = 0;
  /** Set when stacks were resized or pages released since the last step (the step must re-read RSS). */
  private memoryMoved = true;
  /** The state before an instantaneous change that may reach the container's limit (beforeJump), if valid. */
  private readonly jumpRow = new Float64Array(SAMPLE_WIDTH);
  private jumpRowValid = false;
  /** The plan event being applied lowered the container's memory limit. */
  private limitLowered = false;
  /** A scenario action is being applied (scheduleStwEnd queues a pause's end instead of running it at once). */
  private applyingPlan = false;
  /** The container's limit before the scenario's actions at this instant. */
  private limitBefore: number | null = null;
  private peakHeapInUse = 0;
  private maxPauseNs = 0;

  constructor(plan: EventPlan, options: KernelOptions) {
    this.plan = plan;
    this.budget = new EventBudget(options.maxEvents ?? DEFAULT_MAX_EVENTS, plan.scenario.durationNs);
    const s = plan.scenario;
    this.rng = new Rng(s.seed);
    this.version = goVersion(s.go.version);
    this.goMod = parseGoLine(s.go.goMod) ?? parseGoLine(s.go.version)!;
    this.workload = new Workload(this.version.layout, this.version.gStructBytes);
    // heapArena's scalar fields (zeroedBase, the checkmarks pointer: 16 B) are not per-byte metadata.
    this.heap = new HeapMemory((this.version.heapArenaMetadataBytes - 16) / HEAP_ARENA_BYTES);
    this.rssPerSpanByte = 1 + this.heap.arenaMetadataRatio + MSPAN_RATIO;
    this.defaultProcs = s.go.GOMAXPROCS === null;
    this.procs = initialGomaxprocs(s);
    this.cfs = new CfsQuota(s.container.cpus, plan.events.some((e) => e.kind === "container" && e.cpus != null));
    this.memoryLimitBytes = s.go.GOMEMLIMIT;
    this.containerMemory = s.container.memoryBytes;
    this.pacer = new GcController(s.go.GOGC, s.go.GOMEMLIMIT ?? MAX_INT64, this.version.pacer);
    this.limiter = new GcCpuLimiter(0, this.procs);
    this.pacer.globalsScan = s.globalsBytes;
    this.pacer.commit(true);
    // The program's baseline heap (runtime and package init), allocated before the workload starts.
    const baseline = this.workload.reachable(); // BASELINE_HEAP_OBJECTS_BYTES and the g of the main goroutine
    this.heap.allocate(baseline, 1);
    this.heap.unused += BASELINE_HEAP_UNUSED_BYTES;
    this.heapLive = baseline;
    this.heapScan = baseline;
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

  private push(t: number, kind: number, arg = 0): void {
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
        if (first) {
          this.beforeJump(Infinity);
          this.limitBefore = this.containerMemory;
        }
        this.applyingPlan = true;
        this.applyPlanEvent(events[arg]);
        this.applyingPlan = false;
        if (last) {
          this.limitLowered = this.containerMemory !== null && (this.limitBefore === null || this.containerMemory < this.limitBefore);
          this.afterJump();
          this.limitLowered = false;
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
          if (!this.startIfTriggered(this.scheduledTrigger)) this.reschedule(); // the rates changed here (a backlog was paid off)
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
        this.periodicAtNs = -1;
        if (this.pacer.gcPercent < 0 || this.lastGcEndNs <= 0 || this.phase !== OFF) break; // a running cycle re-arms at its end
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
          if (this.workload.timersStalled && this.now - this.markStartNs === sysmonPreemptAfter(this.now - this.markStartNs - 1)) this.releaseTimers();
          if (this.markWorkDone >= this.markWorkTotal - 1e-6 && this.now >= this.markStartNs + MARK_MIN_NS) this.markDone();
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
        this.syncPacer();
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
      this.syncPacer();
      trigger = this.pacer.triggerBytes();
    }
    if (this.heapLive < trigger - 1) return false;
    if (this.sweeper.done()) this.gcStart("heap", trigger);
    else {
      this.sweepWait = true;
      this.reschedule();
    }
    return true;
  }

  // ---- time ----

  /** Integrates every quantity from now to t with the rates in force, ending the run at an OOM kill. */
  private advanceTo(t: number): void {
    if (t < this.now) throw new Error(`kernel: time would run backwards from ${this.now} to ${t} ns`);
    if (this.ended || t === this.now) return;
    if (this.containerMemory === null) {
      this.step(t);
      return;
    }
    // Under a container limit, a step that could take RSS to the limit is split at the earliest instant it could:
    // the kill is at the crossing itself, whatever else happens later (the next event may be far away).
    const w = this.workload;
    while (this.now < t && !this.ended) {
      // (every change is checked at its instant, so RSS is below the limit here; if not, the kill is now, not 1 ns later)
      const distance = this.containerMemory - this.heap.rss();
      if (distance <= 0) {
        this.oomKill(null);
        return;
      }
      const crossing = this.earliestOomNs(t, distance);
      if (crossing > t) {
        this.step(t);
        break;
      }
      // A batch of garbage lands at once at a grid instant: the step stops just before it, and the state there is kept
      // for the final sample if the batch is what reaches the limit (an instantaneous change, as beforeJump).
      const batch = w.garbageEveryNs > 0 && !w.behind() && w.batchesIn(crossing - 1, crossing) > 0;
      if (batch && crossing - 1 > this.now) {
        this.step(crossing - 1);
        continue;
      }
      this.jumpRowValid = false;
      if (batch) {
        this.sampleInto(this.jumpRow, 0);
        this.jumpRowValid = true;
      }
      this.step(crossing);
      this.jumpRowValid = false;
    }
  }

  /**
   * The earliest instant in (now, t] at which RSS, `distance` bytes below the container's limit, could reach it at the
   * rates in force, or Infinity if it cannot by then. A bound, not a guess: RSS grows by at most rssPerSpanByte per byte of span taken from released
   * or new pages, and by MSPAN_RATIO per byte taken from the resident free pages (heap.ts: takePages; a stack that
   * grows may take them too, so they are not counted while stacks move). Span bytes come from allocation (the step's
   * allocation rate at full speed or above, in batches on the grid when batched, times its span overhead) and from
   * stacks (g structs included). A step to that instant cannot cross before its end: if RSS is at the limit there,
   * that is the kill's instant.
   */
  private earliestOomNs(t: number, distance: number): number {
    const w = this.workload;
    const stacksRate = w.stacksMoving() ? w.stackBytesRate() * (1 + w.gSlotBytes / STACK_MIN) : 0; // bytes/ns
    // Span bytes d that could take RSS over the distance: MSPAN_RATIO·d even from free pages (heap.ts: takePages
    // raises the mspan peak before taking them), plus (1 + bitmap)·(d − free) once they run out.
    const free = stacksRate > 0 ? 0 : this.heap.free;
    const spanBytes = MSPAN_RATIO * free >= distance ? distance / MSPAN_RATIO : free + (distance - MSPAN_RATIO * free) / this.rssPerSpanByte;
    const overhead = Math.max(w.garbageOverhead, w.reachableSpanOverhead(), 1);
    // (a mutator that is not behind runs at most at full speed: its progress is computed only when it may be above 1)
    const progress = w.behind() ? Math.max(1, this.stepProgress()) : 1;
    const dt = t - this.now;
    // Most span bytes the step could take (rate × time, plus one batch more than the grid's average).
    const most = overhead * ((w.allocRate() * progress * dt) / 1e9 + (w.garbageEveryNs > 0 ? w.garbageBatchBytes() * progress : 0)) + stacksRate * dt;
    if (most < spanBytes) return Infinity;
    if (stacksRate <= 0) return this.now + w.timeToAllocate(this.now, spanBytes / overhead, progress, t);
    // Either the allocation or the stacks take half of it first.
    const byAlloc = w.timeToAllocate(this.now, spanBytes / 2 / overhead, progress, t);
    const byStacks = Math.max(1, Math.floor(spanBytes / 2 / stacksRate));
    const at = this.now + Math.min(byAlloc, byStacks);
    return at <= t ? at : Infinity;
  }

  /** The mutator's progress over the step about to be integrated (advanceTo's step). */
  private stepProgress(): number {
    if (this.cfs.throttled || this.phase === STW1 || this.phase === STW2) return 0;
    if (this.phase === MARK) return this.rates.mutatorProgress;
    return this.sweepWait ? 0 : this.offProgress();
  }

  /** Integrates every quantity from now to t (> now) with the rates in force. */
  private step(t: number): void {
    const dtNs = t - this.now;
    const t0 = this.now;
    if (this.cfs.active(this.procs) && !this.cfs.throttled) this.cfs.use(this.cpuUseCores() * dtNs);
    let progress: number;
    if (this.cfs.throttled) {
      progress = 0;
      this.accountThrottled(dtNs);
    } else if (this.phase === MARK) {
      progress = this.rates.mutatorProgress;
      this.advanceMark(dtNs);
    } else if (this.phase === OFF) {
      progress = this.advanceOff(dtNs);
    } else {
      progress = 0; // the world is stopped: every P's time counts as GC time for the limiter (finishGCTransition)
      this.stwRemainingNs -= dtNs;
      this.limiterAccumulate(0, this.procs * dtNs);
    }
    const allocated = this.workload.advance(t0, t, progress);
    if (this.sweepingProportionally) {
      this.sweeper.payAlloc(allocated);
      this.sweepingProportionally = false;
    }
    if (allocated > 0) {
      const w = this.workload;
      const allocRate = w.allocRate();
      const workShare = allocRate > 0 ? w.workAllocRate() / allocRate : 0;
      this.heapLive += allocated;
      if (this.phase !== MARK) this.heapScan += allocRate > 0 ? (allocated * w.scanAllocRate()) / allocRate : 0; // heapScan grows only while not marking (§12.3)
      this.heap.allocate(allocated, w.garbageOverhead * workShare + w.reachableSpanOverhead() * (1 - workShare));
    }
    this.procTimeNs += this.procs * dtNs;
    this.now = t;
    if (this.workload.stacksMoving()) this.syncStacks(); // otherwise stacks change only where syncStacks is called
    if (this.scavenge(dtNs)) this.memoryMoved = true;
    // RSS and heap in use only change when something was allocated, stacks were resized or pages released.
    if (allocated > 0 || this.memoryMoved) this.watchMemory();
    this.memoryMoved = false;
  }

  /**
   * A step outside a cycle: the mutator runs (or waits on gcStart's sweep) and bgsweep sweeps on a P it leaves. All of
   * it is mutator time for the limiter. Returns the mutator's progress.
   */
  private advanceOff(dtNs: number): number {
    if (this.sweepWait) {
      // Every goroutine that allocates is in gcStart sweeping: all Ps sweep, nothing is allocated.
      const spent = this.sweeper.advance(dtNs, this.procs);
      this.limiterAccumulate(this.procs * spent, 0);
      return 0;
    }
    // A mutator that is behind sweeps as it allocates (proportional sweep, offProgress). The limiter is fed its CPU
    // demand, not every P it runs on: see test/fidelity.test.ts (the CPU-quota run) for this known simplification.
    this.sweepingProportionally = this.workload.behind() && !this.sweeper.done();
    const bg = this.bgsweepPs();
    const swept = bg > 0 ? bg * this.sweeper.advance(dtNs, bg) : 0;
    this.limiterAccumulate(this.mutatorPsOff() * dtNs + swept, 0);
    return this.offProgress();
  }

  /** Ps the mutator runs on outside a cycle at its nominal speed (its CPU demand, at most GOMAXPROCS). */
  private mutatorPsOff(): number {
    return Math.min(this.procs, mutatorCpusFor(this.workload.mutatorDemandCores()));
  }

  /** Ps bgsweep runs on outside a cycle: one goroutine, on what the mutator leaves of a P (none while it is behind). */
  private bgsweepPs(): number {
    if (this.sweeper.done() || this.workload.behind()) return 0;
    return Math.min(1, Math.max(0, this.procs - this.mutatorPsOff()));
  }

  /** Mark work and the P-time of workers, assists and the mutator over a step of a mark, at the rates in force. */
  private advanceMark(dtNs: number): void {
    const r = this.rates;
    this.markWorkDone = Math.min(this.markWorkTotal, this.markWorkDone + (r.scanBytesPerSec * dtNs) / 1e9);
    this.assistCpuNs += r.assistPs * dtNs;
    this.backgroundCpuNs += r.backgroundPs * dtNs;
    this.idleCpuNs += r.idlePs * dtNs;
    this.gcCpuNs += (r.assistPs + r.backgroundPs) * dtNs;
    this.limiterAccumulate(r.mutatorPs * dtNs, (r.backgroundPs + r.assistPs) * dtNs);
  }

  /**
   * A step while the cgroup is throttled: no thread runs. The runtime still counts P-time (it measures wall time):
   * running workers and pauses keep accruing as GC time, a stalled mutator as mutator time.
   */
  private accountThrottled(dtNs: number): void {
    if (this.phase === MARK) {
      const r = this.rates;
      this.assistCpuNs += r.assistPs * dtNs;
      this.backgroundCpuNs += r.backgroundPs * dtNs;
      this.gcCpuNs += (r.assistPs + r.backgroundPs) * dtNs;
      this.limiterAccumulate(r.mutatorPs * dtNs, (r.backgroundPs + r.assistPs) * dtNs);
    } else if (this.phase === OFF) {
      this.limiterAccumulate(this.mutatorPsOff() * dtNs, 0);
    } else {
      this.limiterAccumulate(0, this.procs * dtNs);
    }
  }

  /** The ticker-driven goroutines finally run: what they owe is allocated now (black during a mark, white after). */
  private releaseTimers(): void {
    const bytes = this.workload.releaseTimers();
    if (bytes <= 0) return;
    this.beforeJump(bytes * this.workload.garbageOverhead);
    this.heapLive += bytes;
    if (this.phase !== MARK) this.heapScan += bytes * this.workload.garbagePointers;
    this.heap.allocate(bytes, this.workload.garbageOverhead);
    this.afterJump();
  }

  /**
   * Share of its nominal speed the mutator achieves outside a GC: CPU-starved above GOMAXPROCS, > 1 while catching up.
   * Its capacity is every P, whatever the CFS quota: a quota below GOMAXPROCS is simulated period by period (the
   * process runs at full speed until throttled, E_CFS_THROTTLE, and not at all until the period ends).
   */
  private offProgress(): number {
    const w = this.workload;
    const p = mutatorProgressOff(w.mutatorDemandCores(), this.procs, w.behind());
    if (!w.behind() || this.sweeper.done() || this.sweepWait) return p;
    // Proportional sweep (mgcsweep.go: deductSweepCredit): every byte allocated first sweeps its share of the debt.
    const rate = w.allocRate();
    const nsPerByte = rate > 0 ? (w.mutatorDemandCores() * 1e9) / rate : 0;
    return nsPerByte > 0 ? (p * nsPerByte) / (nsPerByte + this.sweeper.nsPerAllocByte()) : p;
  }

  /** CPU the process may use, cores: GOMAXPROCS, or the CFS quota if smaller (what a pause's CPU is counted on). */
  private cpuCapacity(): number {
    return this.cfs.quota === null ? this.procs : Math.min(this.procs, this.cfs.quota);
  }

  private syncStacks(): void {
    this.memoryMoved = true;
    this.heap.setStacks(this.workload.stackAllocated());
    this.pacer.maxStackScan = Math.floor(this.workload.stackAllocated());
  }

  /**
   * Feeds the limiter's bucket (P-time). While the bucket is full during a mark, the mark rates already hold GC time
   * equal to mutator time (assists cut back, see mark.ts), so the bucket stays full instead of chattering on and off.
   *
   * Why accumulate and not Go's entry point, update(now) (mgclimit.go: gcCPULimiterState.update → updateLocked):
   * update derives GC time from wall time as the runtime does — 25 % of every P while gcEnabled, plus the assist time
   * pooled by the Ps — and subtracts the idle time pooled. The model knows each step's GC and mutator P-time exactly
   * (the mark rates split them: background workers at their share, assists, idle workers, a mutator short of Ps), and
   * steps are not the runtime's sysmon/GC-transition update points, so it hands updateLocked's last line, accumulate,
   * the two totals directly. update and its GC transitions stay tested through test/limiter.test.ts (Go's
   * TestGCCPULimiter); the model uses update's arithmetic, not its sampling.
   */
  private limiterAccumulate(mutatorNs: number, gcNs: number): void {
    const L = this.limiter;
    const change = gcNs - mutatorNs;
    if (L.enabled && this.phase === MARK && Math.abs(change) <= 1e-9 * (mutatorNs + gcNs) + 1e-3) return;
    const was = L.enabled;
    L.numgc = this.cycles.length;
    L.accumulate(mutatorNs, gcNs);
    if (L.enabled !== was) this.limiterSwitched();
  }

  private limiterSwitched(): void {
    if (this.limiter.enabled) {
      this.cycleLimiterOn = this.phase !== OFF;
      this.events.add(this.now, "limiter-on", this.limiter.lastEnabledCycle);
    } else {
      this.events.add(this.now, "limiter-off");
    }
  }

  /** Returning free pages to the OS (scavenge.ts): background and for the memory limit. Whether any page was released. */
  private scavenge(dtNs: number): boolean {
    let released = false;
    const limit = this.memoryLimitBytes;
    const overLimitGoal = limit === null ? 0 : this.heap.mappedReady() - this.version.scavenger.memoryLimitGoal(limit);
    const background = this.scavenger.background(dtNs, this.heap.retained(), this.procs, overLimitGoal);
    if (background > 0) released = this.heap.release(background) > 0;
    if (this.memoryLimitBytes !== null && !this.limiter.enabled) {
      // (mappedReady is read only when the limit can act: it sums every memory class)
      const forLimit = this.scavenger.forMemoryLimit(this.heap.mappedReady(), this.memoryLimitBytes, false);
      if (forLimit > 0) released = this.heap.release(forLimit) > 0 || released;
    }
    return released;
  }

  /**
   * Peak tracking and the container's OOM killer, at the end of a step (split by advanceTo where RSS could reach the
   * limit, so the step's end is the crossing) or after an instantaneous change (afterJump).
   */
  private watchMemory(): void {
    const rss = this.heap.rss();
    if (this.containerMemory !== null && rss >= this.containerMemory) {
      this.oomKill(this.jumpRowValid ? this.jumpRow : null); // (the state before a batch that reached the limit)
      return;
    }
    this.notePeaks(rss, this.heap.inUse());
  }

  private notePeaks(rss: number, inUse: number): void {
    if (inUse > this.peakHeapInUse) this.peakHeapInUse = inUse;
    if (rss > this.peakRss) {
      this.peakRss = rss;
      if (rss > MAX_MODEL_BYTES) {
        throw new RunawayScenarioError(
          `scenario ran away: RSS passes 1 PiB at ${(this.now / 1e9).toFixed(3)} s (the largest memory the model holds to the byte); ` +
            `shorten the duration, lower the rates, or set a container memory limit`,
        );
      }
    }
  }

  /**
   * Before an instantaneous change of memory (a scenario action, timers' batches, stacks resized at mark termination)
   * that takes at most `spanBytes` more span bytes: keeps the state as it is if the change could reach the container's
   * limit, for the final sample (the process is killed while the change is made: it never has the state after it).
   */
  private beforeJump(spanBytes: number): void {
    this.jumpRowValid = false;
    if (this.containerMemory === null || this.ended) return;
    if (this.heap.rss() + spanBytes * this.rssPerSpanByte < this.containerMemory) return;
    this.sampleInto(this.jumpRow, 0);
    this.jumpRowValid = true;
  }

  /** After an instantaneous change: peaks, and the OOM kill if RSS reached the limit (see beforeJump). */
  private afterJump(): void {
    if (this.ended) return;
    const rss = this.heap.rss();
    if (this.containerMemory !== null && rss >= this.containerMemory) {
      this.oomKill(this.jumpRowValid ? this.jumpRow : null);
      return;
    }
    this.notePeaks(rss, this.heap.inUse());
  }

  /**
   * The container's OOM killer ends the process now, RSS at the limit: the last timeline sample is taken here, from
   * `before` (the state before an instantaneous change that reached the limit) or from the state now (a step that ends
   * at the crossing), RSS at the limit — unless the limit itself was just lowered below RSS (a container resize): then
   * the process dies with the RSS it has.
   */
  private oomKill(before: Float64Array | null): void {
    const limit = this.containerMemory as number;
    this.oomKilledAtNs = this.now;
    this.events.add(this.now, "oom-kill", limit);
    const i = this.samples.append();
    const c = this.samples.row;
    if (before !== null) c.set(before.subarray(0, SAMPLE_WIDTH), i);
    else this.sampleInto(c, i);
    c[i] = this.now;
    // RSS at the kill is the limit (a step ends within a nanosecond of the crossing, an instantaneous change is cut
    // short there), but for a limit lowered below the RSS the process has: that RSS is what it dies with.
    if (!this.limitLowered || c[i + RSS_FIELD] < limit) c[i + RSS_FIELD] = limit;
    this.notePeaks(c[i + RSS_FIELD], c[i + IN_USE_OBJECTS_FIELD] + c[i + IN_USE_UNUSED_FIELD]);
    this.ended = true;
  }

  // ---- scenario actions ----

  private applyPlanEvent(e: PlanEvent): void {
    switch (e.kind) {
      case "go":
        if (e.GOGC !== undefined) this.pacer.setGCPercent(e.GOGC);
        if (e.GOMEMLIMIT !== undefined) {
          this.memoryLimitBytes = e.GOMEMLIMIT;
          this.pacer.setMemoryLimit(e.GOMEMLIMIT ?? MAX_INT64);
        }
        if (e.GOMAXPROCS !== undefined) {
          // runtime.GOMAXPROCS (debug.go) stops the world with stopTheWorldGC, which first takes gcsema (proc.go):
          // gcStart holds it until the end of gcMarkTermination (mgc.go), so the change waits for a running cycle.
          // It also ends the runtime's own choice (Go 1.25+ debug.go: `updatemaxprocs` stops following the CPU limit).
          this.defaultProcs = false;
          if (this.phase === OFF) this.setProcs(e.GOMAXPROCS);
          else this.pendingProcs = e.GOMAXPROCS;
        }
        this.syncPacer();
        this.syncPacerMemory();
        this.commitPacer();
        if (this.pacer.gcPercent >= 0 && this.lastGcEndNs > 0) this.schedulePeriodic();
        break;
      case "container":
        if (e.memoryBytes !== undefined) this.containerMemory = e.memoryBytes;
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

  /**
   * Settings that cannot do what they seem to (issue "Honest outputs"): a GOMEMLIMIT above the container's memory (the
   * OOM killer acts before the limit can), a container smaller than the live heap the scenario asks for. Checked at the
   * start and after every scenario action.
   */
  private checkSettings(): void {
    const c = this.containerMemory;
    if (c === null) return;
    const at = `${+(this.now / 1e9).toFixed(3)} s`;
    const mib = (b: number) => `${+(b / 2 ** 20).toFixed(1)} MiB`;
    if (this.memoryLimitBytes !== null && this.memoryLimitBytes > c) {
      this.warn(`GOMEMLIMIT (${mib(this.memoryLimitBytes)}) is above the container's memory (${mib(c)}) at ${at}: the OOM killer acts before the limit can`);
    }
    const live = Math.max(this.workload.liveTarget, this.workload.live);
    if (live > c) this.warn(`the container's memory (${mib(c)}) is smaller than the live heap (${mib(live)}) at ${at}`);
  }

  private warn(text: string): void {
    const key = text.slice(0, text.lastIndexOf(" at "));
    if (!this.warnings.some((w) => w.startsWith(key))) this.warnings.push(text);
  }

  /**
   * A new CPU limit: where the runtime picks GOMAXPROCS and re-reads the limit (Go 1.25+, go.mod ≥ 1.25), sysmon sees
   * it at its next check, at most once a second (proc.go: sysmon, `lastgomaxprocs+1e9 <= now`; checks counted from
   * the start, sysmon's own ≤ 10 ms delay left out): E_GOMAXPROCS at the next whole second.
   */
  private scheduleProcsUpdate(): void {
    if (!this.defaultProcs) return;
    const period = this.version.gomaxprocs.updatePeriodNs(this.goMod);
    if (period === null) return;
    const at = (Math.floor(this.now / period) + 1) * period;
    if (at <= this.plan.scenario.durationNs) this.push(at, E_GOMAXPROCS);
  }

  /**
   * sysmonUpdateGOMAXPROCS (proc.go): the default GOMAXPROCS for the CPU limit now; a change is applied by
   * updateMaxProcsGoroutine under stopTheWorldGC(stwGOMAXPROCS), which waits for a running cycle (gcsema) like
   * runtime.GOMAXPROCS.
   */
  private updateDefaultProcs(): void {
    if (!this.defaultProcs) return;
    const n = this.version.gomaxprocs.initial(this.plan.scenario.container.nodeCpus, this.cfs.quota, this.goMod);
    if (n === (this.pendingProcs ?? this.procs)) return;
    this.events.add(this.now, "gomaxprocs", n);
    if (this.phase === OFF) this.setProcs(n);
    else this.pendingProcs = n;
    if (this.cfs.active(this.procs) && !this.cfs.chain) {
      this.cfs.chain = true;
      this.cfs.start(this.now);
      this.push(this.now + CFS_PERIOD_NS, E_CFS_PERIOD);
    }
  }

  /** startTheWorld's procresize with the new GOMAXPROCS (the limiter's capacity follows: gcCPULimiter.resetCapacity). */
  private setProcs(n: number): void {
    this.pendingProcs = null;
    if (n === this.procs) return;
    this.procs = n;
    this.limiter.resetCapacity(this.now, this.procs);
  }

  // ---- the GC cycle ----

  /** Starts a cycle; `trigger` is the pacer's trigger when a heap cycle starts (the caller just computed it). */
  private gcStart(kind: CycleKind, trigger = -1): void {
    // Whatever is left unswept is swept in the pause (finishsweep_m): a forced or periodic GC, or nothing.
    this.sweeper.finish();
    this.sweepWait = false;
    this.sweepEnd.cancel();
    this.phase = STW1;
    this.cycleLimiterOn = this.limiter.enabled;
    this.cycleKind = kind;
    this.cycleStartNs = this.now;
    // One P, batched garbage: the tick's batches that crossed the trigger finish after mark start (mark.ts: batchAssist).
    const oneP = kind === "heap" && this.procs === 1 && this.workload.garbageEveryNs > 0 && this.workload.batchesIn(this.now - 1, this.now) > 0;
    this.batchAssistBytes = oneP ? Math.min(this.workload.garbageBatchBytes(), Math.max(0, this.heapLive - trigger)) : 0;
    this.heap0 = Math.floor(this.heapLive - this.batchAssistBytes);
    // heapLive where gcStart ran (the pacer's `triggered` since Go 1.20): a batch of garbage applied at once that
    // crossed the trigger started the cycle at its crossing allocation (mallocgc's gcTrigger test), the rest of the
    // batch following once the world restarts; otherwise heapLive now.
    const batch = kind === "heap" && trigger >= 0 && this.workload.garbageEveryNs > 0 && this.workload.batchesIn(this.now - 1, this.now) > 0 ? this.workload.garbageBatchBytes() : 0;
    this.startHeapLive = Math.floor(batch > 0 ? Math.min(this.heapLive, Math.max(trigger, this.heapLive - batch)) : this.heapLive - this.batchAssistBytes);
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


  /**
   * Cores the process burns while not throttled: while marking every P is runnable (workers, idle workers, the
   * mutator); during a pause one thread works; otherwise the mutator's demand.
   */
  private cpuUseCores(): number {
    if (this.phase === MARK) return this.rates.backgroundPs + this.rates.idlePs + this.rates.assistPs + this.rates.mutatorPs;
    if (this.phase === STW1 || this.phase === STW2) return 1;
    if (this.workload.behind() || this.sweepWait) return this.procs;
    return this.mutatorPsOff() + this.bgsweepPs();
  }

  private markStart(): void {
    this.phase = MARK;
    this.markStartNs = this.now;
    this.syncPacer();
    this.pacer.startCycle(this.cycleStartNs, this.procs, this.cycleKind === "heap" ? "heap" : this.cycleKind === "periodic" ? "time" : "cycle", this.startHeapLive);
    this.reachableAtMarkStart = this.workload.reachable();
    this.markGlobals = this.plan.scenario.globalsBytes;
    this.markStacks = this.workload.stackUsed();
    // The fixed part of a mark's CPU (MARK_EXTRA_P_NS for every P beyond the first, at most the scan's own CPU), as
    // scan work of the same CPU: done first, and not scan work for the pacer (setScanWork).
    const scan = this.markGlobals + this.markStacks + this.workload.reachableScannable();
    this.markFixed = Math.min(scan, MARK_EXTRA_P_NS * 1e-9 * (this.procs - 1) * SCAN_BYTES_PER_CPU_SECOND);
    this.markWorkTotal = this.markFixed + scan;
    this.markWorkDone = 0;
    this.cycleLimiterOn = this.limiter.enabled;
    // One P, held by a mark worker for the whole mark: timers wait for sysmon's preemption (FORCE_PREEMPT_NS).
    this.workload.timersStalled = this.stallsTimers();
    const jitter = this.plan.scenario.markJitter;
    // The version's mark cost (kernel/versions/markcost.ts): CPU per byte of scan work relative to Go 1.19's, which
    // SCAN_BYTES_PER_CPU_SECOND was fitted on, over what this mark scans (stacks and globals at 1: not measured).
    const rel = this.version.markCost.relativeToGo119;
    const markCost = (this.markGlobals + this.markStacks + this.workload.reachableMarkCost(rel)) / scan;
    this.markSpeed = (jitter > 0 ? Math.exp(jitter * this.rng.normal()) : 1) / markCost;
    this.assistCpuNs = 0;
    this.backgroundCpuNs = 0;
    this.idleCpuNs = 0;
    this.batchAssistEndNs = -1;
    if (this.batchAssistBytes > 0) this.startBatchAssist();
    this.reschedule(true); // startCycle (and startBatchAssist) just revised the assist ratio from this state
  }

  /** The rest of the trigger-crossing tick, allocated under assist by the mutator holding the only P (mark.ts). */
  private startBatchAssist(): void {
    const h0 = this.heapLive - this.batchAssistBytes;
    const p = this.pacer;
    const w = this.workload;
    const start = this.now;
    const b = batchAssist(
      this.batchAssistBytes,
      w.garbageNsPerByte(),
      this.markSpeed,
      this.markWorkTotal,
      (offset, scanDone) => {
        p.heapLive = Math.floor(h0 + offset);
        this.setScanWork(scanDone);
        p.revise();
        return p.assistWorkPerByte;
      },
      (from, to) => w.batchesIn(start + from, start + to) * w.garbageBatchBytes(),
    );
    this.syncPacer();
    this.setScanWork(0);
    this.pacer.revise();
    this.batchAssistBytes = 0;
    // The mutator holds the P: ticks falling due in the phase run (allocated by advance), not stalled.
    w.timersStalled = false;
    const d = Math.max(1, b.durationNs);
    this.batchAssistEndNs = this.now + d;
    const r = this.rates;
    r.scanBytesPerSec = (b.scanBytes / d) * 1e9;
    r.assistPs = b.assistNs / d;
    r.mutatorPs = b.mutatorNs / d;
    r.backgroundPs = 0;
    r.idlePs = 0;
    r.unusedPs = 0;
    r.mutatorProgress = 1; // ticks falling due meanwhile allocate in full (their assists are in b)
    r.limiterFillPs = r.assistPs - r.mutatorPs;
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
    this.heap1 = Math.floor(this.heapLive);
    const allocatedBlack = this.heapLive - this.heap0;
    const marked = Math.floor(this.reachableAtMarkStart + Math.max(0, allocatedBlack));
    const stw1 = this.markStartNs - this.cycleStartNs;
    const stw2 = now - this.markTermNs;
    this.gcCpuNs += this.stwProcs() * (stw1 + stw2);

    this.syncPacer();
    this.setScanWork(this.markWorkTotal);
    this.pacer.assistTime = Math.round(this.assistCpuNs);
    this.pacer.idleMarkTime = Math.round(this.idleCpuNs);
    this.pacer.dedicatedMarkTime = Math.round(this.backgroundCpuNs);
    this.pacer.fractionalMarkTime = 0;
    this.utilization = this.pacer.endCycle(now, this.procs, this.cycleKind === "forced");
    this.pacer.resetLive(marked);
    this.heapLive = marked;
    this.heapScan = this.pacer.heapScan;
    // memstats.lastHeapInUse is read at mark termination, before sweeping (mgc.go: gcMarkTermination).
    this.lastHeapInUse = this.heap.inUse();
    this.heap.sweep(marked, this.workload.reachableSpanOverhead());
    // gcSweep: every span in use is to be swept before the next cycle (paced to the new trigger by commitPacer).
    this.sweeper.start(this.lastHeapInUse);
    // Stalled timer goroutines run once the world restarts: their allocation comes after the sweep (it survives it).
    this.workload.timersStalled = false;
    this.releaseTimers();
    // Go 1.19's adaptive starting stack size (gcComputeStartingStackSize, §13): average scanned stack + 928 B.
    this.stackStartingSize = startingStackSize(this.markStacks, this.workload.goroutines());
    this.workload.startingStack = this.stackStartingSize;
    this.beforeJump(Math.max(0, this.workload.stackAllocated() - this.heap.stacks));
    this.syncStacks();
    this.afterJump();
    this.syncPacerMemoryForGoal();
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
      this.syncPacer();
      this.syncPacerMemory();
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

  /** Ps stopped in a pause that get a CPU (the pauses' CPU time is this many times their length). */
  private stwProcs(): number {
    return Math.min(this.procs, Math.ceil(this.cpuCapacity()));
  }

  /**
   * Appends the cycle just terminated (at now, the end of its second pause) to the cycle log: the gctrace line's
   * fields and the limiter's state.
   */
  private logCycle(): void {
    const stw1 = this.markStartNs - this.cycleStartNs;
    const stw2 = this.now - this.markTermNs;
    const stwprocs = this.stwProcs();
    const heap1 = this.heap1;
    // The row, written by field name (cyclelog.ts: CYCLE).
    const i = this.cycles.append();
    const c = this.cycles.row;
    c[i + CYCLE.cycle] = this.cycles.length;
    c[i + CYCLE.startNs] = this.cycleStartNs;
    c[i + CYCLE.stw1Ns] = stw1;
    c[i + CYCLE.markNs] = this.markTermNs - this.markStartNs;
    c[i + CYCLE.stw2Ns] = stw2;
    c[i + CYCLE.stw1CpuNs] = stwprocs * stw1;
    c[i + CYCLE.assistCpuNs] = Math.round(this.assistCpuNs);
    c[i + CYCLE.backgroundCpuNs] = Math.round(this.backgroundCpuNs);
    c[i + CYCLE.idleCpuNs] = Math.round(this.idleCpuNs);
    c[i + CYCLE.stw2CpuNs] = stwprocs * stw2;
    c[i + CYCLE.heapStartBytes] = this.heap0;
    c[i + CYCLE.heapEndBytes] = heap1;
    c[i + CYCLE.heapMarkedBytes] = this.pacer.heapMarked;
    c[i + CYCLE.heapGoalBytes] = this.pacer.lastHeapGoal;
    c[i + CYCLE.heapTriggerBytes] = this.cycleTrigger < 0 ? NaN : this.cycleTrigger; // none (null) for a forced or periodic cycle
    // gctrace's "MB stacks": maxStackScan (Go 1.19, mgc.go line 1124) or lastStackScan, set by resetLive at this
    // mark termination (Go 1.20+, go1.26.8 mgc.go line 1611): the version's gctrace rule.
    c[i + CYCLE.stackBytes] = this.version.gctrace.stacks === "allocated" ? this.pacer.maxStackScan : this.pacer.lastStackScan;
    c[i + CYCLE.globalsBytes] = this.pacer.globalsScan;
    c[i + CYCLE.procs] = this.procs;
    c[i + CYCLE.gcCpuFraction] = this.gcCpuFraction();
    c[i + CYCLE.utilization] = this.utilization;
    c[i + CYCLE.kind] = this.cycleKind === "heap" ? 0 : this.cycleKind === "periodic" ? 1 : 2; // CYCLE_KINDS
    c[i + CYCLE.limiterOn] = this.cycleLimiterOn || this.limiter.enabled ? 1 : 0;
    if (heap1 > this.cycles.peakHeapEnd) this.cycles.peakHeapEnd = heap1;
  }

  /**
   * Arms the forcegc timer for 2 minutes after the last GC ended, unless one is pending (it re-checks when it fires).
   * Never in the past: when GOGC comes back on more than 2 minutes after the last GC, sysmon's next forcegc test
   * (proc.go: sysmon, `gcTrigger{kind: gcTriggerTime, now: now}.test()`, at most 10 ms away) starts a cycle at once.
   */
  private schedulePeriodic(): void {
    if (this.pacer.gcPercent < 0 || this.periodicAtNs >= 0) return;
    const t = Math.max(this.now, this.lastGcEndNs + FORCE_GC_PERIOD_NS);
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
    this.pacer.commit(this.sweeper.done());
    const next = this.pacer.trigger();
    this.paceScavenger(next.goal);
    this.sweeper.pace(next.trigger - this.heapLive);
    return next.trigger;
  }

  /** gcPaceScavenger's retained-heap goal: lastHeapInUse scaled by the goal's change to `goal`, +10 % (§14.1). */
  private paceScavenger(goal: number): void {
    this.scavenger.pace(this.lastHeapInUse, this.pacer.lastHeapGoal, goal);
  }

  /**
   * Recomputes what happens next from the current state: when the trigger is reached, or the next mark step.
   * `paceRevised`: the pacer's assist ratio was just revised from the current state (at mark start, by startCycle).
   */
  private reschedule(paceRevised = false): void {
    this.rescheduleGc(paceRevised);
    if (this.cfs.active(this.procs) && !this.cfs.throttled) {
      this.cfsThrottle.cancel();
      const t = this.cfs.timeToThrottle(this.now, this.cpuUseCores());
      if (t !== null) this.cfsThrottle.arm(t);
    }
  }

  private rescheduleGc(paceRevised: boolean): void {
    if (this.cfs.throttled) {
      // Nothing runs until the period ends; keep the mark rates (P-time accounting) but schedule no progress.
      this.trigger.cancel();
      this.markStep.cancel();
      return;
    }
    if (this.phase === OFF) {
      this.sweepEnd.cancel();
      if (this.sweepWait) {
        // The mutator waits on gcStart's sweep: nothing is allocated until it is done.
        this.trigger.cancel();
        const dt = this.sweeper.timeToFinish(this.procs);
        if (Number.isFinite(dt)) this.sweepEnd.arm(this.now + dt);
        return;
      }
      this.scheduleTrigger();
      // bgsweep's end changes only the CPU the process burns (cpuUseCores), which matters under a CFS quota: otherwise
      // the steps integrate it exactly (sweeper.advance returns the time actually spent) and no event is needed.
      const bg = this.bgsweepPs();
      if (bg > 0 && this.cfs.active(this.procs)) this.sweepEnd.arm(this.now + this.sweeper.timeToFinish(bg));
      else if (this.workload.behind() && !this.sweeper.done()) {
        // Proportional sweep pays off the debt after this much allocation: the mutator's speed changes there.
        const dt = this.workload.timeToAllocate(this.now, this.sweeper.allocToFinish(), this.offProgress(), this.plan.scenario.durationNs);
        if (Number.isFinite(dt)) this.sweepEnd.arm(this.now + dt);
      }
    } else if (this.phase === MARK) this.scheduleMarkStep(paceRevised);
  }

  /** Outside a cycle: the instant the heap reaches the pacer's trigger (E_TRIGGER). */
  private scheduleTrigger(): void {
    this.trigger.cancel();
    this.syncPacer();
    this.syncPacerMemoryForGoal();
    if (this.scheduledTrigger < 0) this.scheduledTrigger = this.pacer.triggerBytes();
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
    this.markStep.cancel();
    if (this.now < this.batchAssistEndNs) {
      this.markStep.arm(this.batchAssistEndNs);
      return;
    }
    if (this.batchAssistEndNs >= 0) {
      // The batches are done: the idle worker takes the only P, and timers wait again.
      this.batchAssistEndNs = -1;
      this.workload.timersStalled = this.stallsTimers();
    }
    if (!paceRevised) {
      this.syncPacer();
      this.setScanWork(this.markWorkDone);
      this.pacer.revise();
    }
    const m = this.markInputs; // reused: markRates reads it and keeps nothing
    m.procs = this.procs;
    // Stalled timers: the idle worker holds the only P (the fractional worker gets no turn) and the batches wait.
    const stalled = this.workload.timersStalled && !this.workload.behind(); // a mutator behind is runnable: it takes the P
    m.backgroundPs = stalled ? 0 : this.pacer.dedicatedMarkWorkersNeeded + this.pacer.fractionalUtilizationGoal * this.procs;
    m.maxIdleWorkers =
      this.cycleKind === "periodic" ? (this.pacer.dedicatedMarkWorkersNeeded === 0 ? 1 : 0) : this.procs - this.pacer.dedicatedMarkWorkersNeeded;
    m.mutatorDemandCores = stalled ? this.workload.untimedDemandCores() : this.workload.mutatorDemandCores();
    m.allocBytesPerSec = this.workload.allocRate();
    m.assistWorkPerByte = this.pacer.assistWorkPerByte;
    m.limiterOn = this.limiter.enabled;
    m.speed = this.markSpeed;
    m.behind = this.workload.behind();
    const r = markRates(m, this.rates);
    const remaining = this.markWorkTotal - this.markWorkDone;
    // Step where the limiter's bucket fills: assists stop there.
    const L = this.limiter;
    const fillNs = !L.enabled && r.limiterFillPs > 0 ? Math.ceil((L.capacity - L.fill) / r.limiterFillPs) : Infinity;
    let dtNs = r.scanBytesPerSec > 0 ? Math.ceil((remaining / r.scanBytesPerSec) * 1e9) : Infinity;
    if (remaining <= 1e-6) dtNs = this.markStartNs + MARK_MIN_NS - this.now; // work done; the phase's fixed latency remains
    // Step where the heap passes the goal: revise switches to the overshoot regime there (§8).
    const goal = this.pacer.heapGoal();
    if (this.heapLive < goal) dtNs = Math.min(dtNs, this.workload.timeToAllocate(this.now, goal - this.heapLive, r.mutatorProgress, this.plan.scenario.durationNs));
    dtNs = Math.min(dtNs, fillNs);
    if (this.workload.timersStalled) {
      // Step at sysmon's next preemption of the mark worker: the ticker-driven goroutines run then.
      const sinceStart = this.now - this.markStartNs;
      dtNs = Math.min(dtNs, sysmonPreemptAfter(sinceStart) - sinceStart);
    }
    if (this.workload.behind()) dtNs = Math.min(dtNs, this.workload.timeToCatchUp(r.mutatorProgress));
    if (!Number.isFinite(dtNs)) return; // nothing can make progress until the next event changes the rates
    this.markStep.arm(this.now + Math.max(1, dtNs));
  }

  /** Hands the exact state to the pacer in its integer units. */
  private syncPacer(): void {
    this.pacer.heapLive = Math.floor(this.heapLive);
    this.pacer.heapScan = Math.floor(this.heapScan);
  }

  /**
   * Hands the memory statistics to the pacer where it reads them: only its memory-limit goal does, which it skips
   * without a limit unless GOGC is off (pacer.heapGoalInternalInto).
   */
  private syncPacerMemoryForGoal(): void {
    if (this.pacer.memoryLimit !== MAX_INT64 || this.pacer.gcPercent < 0) this.syncPacerMemory();
  }

  private syncPacerMemory(): void {
    this.scheduledTrigger = -1;
    this.pacer.heapFree = Math.floor(this.heap.free);
    this.pacer.totalAlloc = Math.floor(this.heap.totalAlloc);
    this.pacer.totalFree = Math.floor(this.heap.totalFree);
    this.pacer.mappedReady = Math.floor(this.heap.mappedReady());
  }

  /** Scan work done so far, split as the GC does it: globals, then stacks, then heap. */
  private setScanWork(done: number): void {
    done = Math.max(0, done - this.markFixed);
    const g = Math.min(done, this.markGlobals);
    const s = Math.min(done - g, this.markStacks);
    this.pacer.globalsScanWork = Math.floor(g);
    this.pacer.stackScanWork = Math.floor(s);
    this.pacer.heapScanWork = Math.floor(Math.max(0, done - g - s));
  }

  private gcCpuFraction(): number {
    return this.procTimeNs > 0 ? this.gcCpuNs / this.procTimeNs : 0;
  }

  // ---- outputs ----

  private sample(): void {
    const i = this.samples.append();
    const c = this.samples.row;
    this.sampleInto(c, i);
    // Peaks are taken over the instants RSS is measured on, samples included.
    this.notePeaks(c[i + RSS_FIELD], c[i + IN_USE_OBJECTS_FIELD] + c[i + IN_USE_UNUSED_FIELD]);
  }

  /** Writes the state now into c at offset i: fields in SAMPLE_FIELDS order, then the phase. */
  private sampleInto(c: Float64Array, i: number): void {
    const h = this.heap;
    this.syncPacer();
    this.syncPacerMemory();
    const none = this.noGoal();
    // written by field name (samplelog.ts: SAMPLE); NaN is null in the records
    c[i + SAMPLE.tNs] = this.now;
    c[i + SAMPLE.heapGoalBytes] = none ? NaN : this.pacer.heapGoal();
    c[i + SAMPLE.heapLiveBytes] = Math.floor(this.heapLive);
    c[i + SAMPLE.heapTriggerBytes] = this.phase === OFF && !none ? this.pacer.triggerBytes() : NaN; // no trigger while a cycle runs
    c[i + SAMPLE.reachableBytes] = Math.floor(this.workload.reachable());
    c[i + SAMPLE.heapObjectsBytes] = Math.floor(h.objects);
    c[i + SAMPLE.heapUnusedBytes] = Math.floor(h.unused);
    c[i + SAMPLE.heapFreeBytes] = Math.floor(h.free);
    c[i + SAMPLE.heapReleasedBytes] = Math.floor(h.released);
    c[i + SAMPLE.heapStacksBytes] = Math.floor(h.stacks);
    c[i + SAMPLE.metadataBytes] = Math.floor(h.metadata());
    c[i + SAMPLE.totalBytes] = Math.floor(h.total());
    c[i + SAMPLE.rssBytes] = Math.floor(h.rss());
    c[i + SAMPLE.goroutines] = Math.round(this.workload.goroutines());
    c[i + SAMPLE.gcCycles] = this.cycles.length;
    c[i + SAMPLE.gcForcedCycles] = this.forcedCycles;
    c[i + SAMPLE.allocsBytes] = Math.floor(h.totalAlloc);
    c[i + SAMPLE.freesBytes] = Math.floor(h.totalFree);
    c[i + SAMPLE.gomaxprocs] = this.procs;
    c[i + SAMPLE.stackStartingSizeBytes] = this.stackStartingSize;
    c[i + SAMPLE.limiterLastEnabledCycle] = this.limiter.lastEnabledCycle;
    c[i + SAMPLE.gcCpuFraction] = this.gcCpuFraction();
    c[i + SAMPLE.gcPhase] = this.phase;
  }

  /**
   * GOGC=off without a memory limit: the heap has no goal (the pacer's is 2^63 minus the runtime's other memory, Go's
   * "no limit"; mgcpacer.go: heapGoalInternal), and no heap trigger is ever reached. Outputs say null, not a number.
   */
  private noGoal(): boolean {
    return this.pacer.gcPercent < 0 && this.pacer.memoryLimit === MAX_INT64;
  }

  private result(): KernelResult {
    const log = this.cycles;
    const eventLog = this.events;
    const sampleLog = this.samples;
    return {
      get cycles() {
        return log.records();
      },
      get samples() {
        return sampleLog.records();
      },
      get events() {
        return eventLog.records();
      },
      warnings: this.warnings.slice(),
      cycleColumn: (field) => log.column(field),
      eachCycle: () => log.iterate(),
      eachSample: () => sampleLog.iterate(),
      summary: {
        simulatedNs: this.now,
        gcCycles: this.cycles.length,
        peakHeapBytes: this.cycles.peakHeapEnd,
        peakHeapInUseBytes: Math.floor(this.peakHeapInUse),
        finalHeapGoalBytes: this.noGoal() ? null : this.pacer.heapGoal(),
        peakRssBytes: Math.floor(this.peakRss),
        gcCpuFraction: this.gcCpuFraction(),
        maxPauseNs: this.maxPauseNs,
        oomKilledAtNs: this.oomKilledAtNs,
        cpuQuota: this.cfs.stats(this.now),
        events: this.budget.processed,
      },
    };
  }
}
