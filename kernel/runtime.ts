// The Go runtime as a discrete-event model: the GC cycle's state machine (runtime/mgc.go: gcStart → the first
// stop-the-world pause → concurrent mark → gcMarkDone → the second pause, gcMarkTermination → sweep) over a workload
// (workload/), the heap's memory states (heap.ts), the pacer behind its door (pacing.ts), the mark phase
// (markphase.ts), the sweeper (sweep.ts), the scavenger (scavenge.ts), the CPU quota (cfs.ts) and the container's OOM
// killer (oom.ts). Rates hold between events and state is integrated in closed form; the instant the heap reaches the
// trigger is solved for, not stepped to. Events (timers.ts): plan actions, ramp ends, trigger, phase ends, mark steps
// (where the assist regime changes), sysmon's 2-minute forced GC (sysmon.ts), samples, CFS periods, the end.
// kernel/README.md describes every module.
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
} from "./timers";
import { Rng } from "./rng";
import type { EventPlan, PlanEvent } from "./plan";
import type { GcCycleRecord, KernelResult } from "./records";
import type { PacerRules } from "./pacer";
import { Workload, startingStackSize } from "./workload";
import { DEFAULT_MAX_EVENTS, EventBudget, checkPlan } from "./budget";
import { HeapMemory } from "./heap";
import { mutatorCpusFor, mutatorProgressOff } from "./mark";
import { MarkPhase } from "./markphase";
import { Pacing } from "./pacing";
import { Sweeper } from "./sweep";
import { Scavenger } from "./scavenge";
import { CfsQuota } from "./cfs";
import { ContainerMemory, earliestOomNs } from "./oom";
import { SettingsWarnings } from "./warnings";
import { FORCE_GC_PERIOD_NS, nextPeriodicGcNs, sysmonPreemptAfter } from "./sysmon";
import { CycleLog, CYCLE, CYCLE_KIND_CODE } from "./cyclelog";
import { EventLog } from "./eventlog";
import { SampleLog, SAMPLE } from "./samplelog";
import { BASELINE_HEAP_UNUSED_BYTES, MARK_MIN_NS, STW_BASE_NS, STW_PER_P_NS, CFS_PERIOD_NS } from "./constants";

export { FORCE_GC_PERIOD_NS } from "./sysmon";
export { SCAVENGE_PERCENT, RETAIN_EXTRA_PERCENT } from "./scavenge";
export { MAX_MODEL_BYTES } from "./oom";
export { DEFAULT_MAX_EVENTS, RunawayScenarioError } from "./budget";
export interface KernelOptions {
  maxEvents?: number;
  /** Check the plan's projected events before simulating (default true; the fuzz suite turns it off to check it). */
  project?: boolean;
  /**
   * The pacer's rules of the Go version to model (kernel/versions: GoVersion.pacer); default Go 1.19's. Handed to the
   * pacer's door (pacing.ts) unchanged.
   */
  pacerRules?: PacerRules;
}

/** The GC phases (runtime/mgc.go: gcphase, with the two pauses told apart), as the timeline's gcPhase codes. */
const OFF = 0;
const STW1 = 1;
const MARK = 2;
const STW2 = 3;
const PHASE_NAMES = ["off", "stw", "mark", "stw"];

/** How a cycle started (records.ts: GcCycleRecord.kind; the pacer's gcTriggerKind is mapped in pacing.ts). */
type CycleKind = GcCycleRecord["kind"];

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
  private readonly workload = new Workload();
  private readonly heap = new HeapMemory();
  /** The door to the pacer and the GC CPU limiter (pacing.ts): inputs in, goal, trigger and assist ratio out. */
  private readonly pacing: Pacing;
  /** The running mark's work, CPU and rates (markphase.ts). */
  private readonly mark = new MarkPhase();
  /** The sweep's remaining work (sweep.ts): bgsweep on a P the mutator leaves, gcStart finishing it. */
  private readonly sweeper = new Sweeper();
  /** The heap reached the trigger with spans unswept: gcStart sweeps them first, the mutator waits (sweep.ts). */
  private sweepWait = false;
  /** The step being integrated has the mutator paying the sweep as it allocates (proportional sweep). */
  private sweepingProportionally = false;
  /** The scavenger's goal and pace (scavenge.ts). */
  private readonly scavenger = new Scavenger();

  /** Simulated time, ns. */
  private now = 0;
  /** GOMAXPROCS. */
  private procs: number;
  /** The container's CPU quota, simulated period by period (cfs.ts). */
  private readonly cfs: CfsQuota;
  /** GOMEMLIMIT, bytes; null = none (the scavenger's memory-limit goal, the settings warnings). */
  private memoryLimitBytes: number | null;
  /** The container's memory limit, the OOM killer and the peaks (oom.ts). */
  private readonly container: ContainerMemory;

  private phase = OFF;
  /** The pacer's heapLive, kept exactly (fractional bytes); the pacer sees floor(). */
  private heapLive = 0;
  /** The pacer's heapScan, kept exactly; fixed while marking (mgcpacer.go: update). */
  private heapScan = 0;
  /**
   * The pacer's trigger (bytes) outside a cycle as last computed (the pending E_TRIGGER was scheduled for it), or −1
   * once the pacer's inputs to it may have changed: outside a cycle the trigger does not depend on heapLive, only on
   * what commit sets and on the memory statistics. Set at mark termination (after commit) and by scheduleTrigger;
   * reset by handMemory (every commit outside mark termination follows one).
   */
  private scheduledTrigger = -1;
  /** Time of the one pending forcegc timer event, or −1 (a lazy timer: it re-arms itself if a GC ran meanwhile). */
  private periodicAtNs = -1;
  /** runtime.GC() calls made during a cycle, each to run when the one before ends. */
  private pendingForced = 0;
  /** A GOMAXPROCS set during a cycle, applied when it ends (runtime.GOMAXPROCS waits on gcsema); null if none. */
  private pendingProcs: number | null = null;
  /** Wall time left in the current stop-the-world pause (it does not advance while the cgroup is throttled). */
  private stwRemainingNs = 0;
  private readonly warnings = new SettingsWarnings();

  // The running cycle (set by gcStart, markDone and markTermination; read when it is logged).
  private cycleKind: CycleKind = "heap";
  private cycleStartNs = 0;
  private markTermNs = 0;
  /** heapLive at the cycle's start, bytes (floored; gctrace's first heap figure). */
  private heap0 = 0;
  /** heapLive at mark termination, bytes (floored). */
  private heap1 = 0;
  /** endCycle's GC utilization (fraction of GOMAXPROCS). */
  private utilization = 0;
  /** The trigger the heap crossed, bytes; −1 for a forced or periodic cycle. */
  private cycleTrigger = 0;
  private reachableAtMarkStart = 0;
  /** The limiter was on at some point of the cycle. */
  private cycleLimiterOn = false;

  // Totals.
  private gcCpuNs = 0;
  private procTimeNs = 0;
  private forcedCycles = 0;
  private lastGcEndNs = 0;
  /** memstats.lastHeapInUse: heap in use at the last mark termination, before sweeping (the scavenger's goal). */
  private lastHeapInUse = 0;
  private stackStartingSize = 2048;
  private ended = false;
  private maxPauseNs = 0;

  private readonly cycles = new CycleLog();
  private readonly samples = new SampleLog(PHASE_NAMES);
  private readonly events = new EventLog();
  /** Set when stacks were resized or pages released since the last step (the step must re-read RSS). */
  private memoryMoved = true;
  /** A scenario action is being applied (scheduleStwEnd queues a pause's end instead of running it at once). */
  private applyingPlan = false;

  constructor(plan: EventPlan, options: KernelOptions) {
    this.plan = plan;
    this.budget = new EventBudget(options.maxEvents ?? DEFAULT_MAX_EVENTS, plan.scenario.durationNs);
    const s = plan.scenario;
    this.rng = new Rng(s.seed);
    this.procs = s.go.GOMAXPROCS;
    this.cfs = new CfsQuota(s.container.cpus, plan.events.some((e) => e.kind === "container" && e.cpus != null));
    this.memoryLimitBytes = s.go.GOMEMLIMIT;
    this.container = new ContainerMemory(s.container.memoryBytes, this.heap, this.samples, this.events, (c, i) => this.sampleInto(c, i));
    this.pacing = new Pacing({ gcPercent: s.go.GOGC, memoryLimitBytes: s.go.GOMEMLIMIT, globalsBytes: s.globalsBytes, procs: this.procs }, options.pacerRules);
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
        if (!this.pacing.gcEnabled() || this.lastGcEndNs <= 0 || this.phase !== OFF) break; // a running cycle re-arms at its end
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

  // ---- time ----

  /** Integrates every quantity from now to t with the rates in force, ending the run at an OOM kill. */
  private advanceTo(t: number): void {
    if (t < this.now) throw new Error(`kernel: time would run backwards from ${this.now} to ${t} ns`);
    if (this.ended || t === this.now) return;
    const c = this.container;
    if (c.limitBytes === null) {
      this.step(t);
      return;
    }
    // Under a container limit, a step that could take RSS to the limit is split at the earliest instant it could:
    // the kill is at the crossing itself, whatever else happens later (the next event may be far away).
    const w = this.workload;
    while (this.now < t && !this.ended) {
      // (every change is checked at its instant, so RSS is below the limit here; if not, the kill is now, not 1 ns later)
      const distance = c.limitBytes - this.heap.rss();
      if (distance <= 0) {
        c.kill(this.now, null);
        this.ended = true;
        return;
      }
      // (a mutator that is not behind runs at most at full speed: its progress is computed only when it may be above 1)
      const progress = w.behind() ? Math.max(1, this.stepProgress()) : 1;
      const crossing = earliestOomNs(this.now, t, distance, this.heap.free, w, progress);
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
      c.jumpRowValid = false;
      if (batch) c.keepState();
      this.step(crossing);
      c.jumpRowValid = false;
    }
  }

  /** The mutator's progress over the step about to be integrated (advanceTo's step). */
  private stepProgress(): number {
    if (this.cfs.throttled || this.phase === STW1 || this.phase === STW2) return 0;
    if (this.phase === MARK) return this.mark.rates.mutatorProgress;
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
      progress = this.mark.rates.mutatorProgress;
      const gcNs = this.mark.advance(dtNs);
      this.gcCpuNs += gcNs;
      this.accountCpu(this.mark.rates.mutatorPs * dtNs, gcNs);
    } else if (this.phase === OFF) {
      progress = this.advanceOff(dtNs);
    } else {
      progress = 0; // the world is stopped: every P's time counts as GC time for the limiter (finishGCTransition)
      this.stwRemainingNs -= dtNs;
      this.accountCpu(0, this.procs * dtNs);
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
      // heapScan grows only while not marking (mgcpacer.go: update)
      if (this.phase !== MARK) this.heapScan += allocRate > 0 ? (allocated * w.scanAllocRate()) / allocRate : 0;
      this.heap.allocate(allocated, w.garbageOverhead * workShare + w.reachableSpanOverhead() * (1 - workShare));
    }
    this.procTimeNs += this.procs * dtNs;
    this.now = t;
    if (this.workload.stacksMoving()) this.syncStacks(); // otherwise stacks change only where syncStacks is called
    if (this.scavenge(dtNs)) this.memoryMoved = true;
    // RSS and heap in use only change when something was allocated, stacks were resized or pages released.
    if ((allocated > 0 || this.memoryMoved) && this.container.check(this.now)) this.ended = true;
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
      this.accountCpu(this.procs * spent, 0);
      return 0;
    }
    // A mutator that is behind sweeps as it allocates (proportional sweep, offProgress). The limiter is fed its CPU
    // demand, not every P it runs on: see test/fidelity.test.ts (the CPU-quota run) for this known simplification.
    this.sweepingProportionally = this.workload.behind() && !this.sweeper.done();
    const bg = this.bgsweepPs();
    const swept = bg > 0 ? bg * this.sweeper.advance(dtNs, bg) : 0;
    this.accountCpu(this.mutatorPsOff() * dtNs + swept, 0);
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

  /**
   * A step while the cgroup is throttled: no thread runs. The runtime still counts P-time (it measures wall time):
   * running workers and pauses keep accruing as GC time, a stalled mutator as mutator time.
   */
  private accountThrottled(dtNs: number): void {
    if (this.phase === MARK) {
      const gcNs = this.mark.advanceThrottled(dtNs);
      this.gcCpuNs += gcNs;
      this.accountCpu(this.mark.rates.mutatorPs * dtNs, gcNs);
    } else if (this.phase === OFF) {
      this.accountCpu(this.mutatorPsOff() * dtNs, 0);
    } else {
      this.accountCpu(0, this.procs * dtNs);
    }
  }

  /** Feeds the limiter a step's P-time (pacing.ts: accountCpu); logs it turning on or off. */
  private accountCpu(mutatorNs: number, gcNs: number): void {
    if (!this.pacing.accountCpu(mutatorNs, gcNs, this.phase === MARK, this.cycles.length)) return;
    if (this.pacing.limiterOn()) {
      this.cycleLimiterOn = this.phase !== OFF;
      this.events.add(this.now, "limiter-on", this.pacing.limiterLastEnabledCycle());
    } else {
      this.events.add(this.now, "limiter-off");
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
    this.pacing.setStacks(this.workload.stackAllocated());
  }

  /** Returning free pages to the OS (scavenge.ts): background and for the memory limit. Whether any page was released. */
  private scavenge(dtNs: number): boolean {
    let released = false;
    const background = this.scavenger.background(dtNs, this.heap.retained(), this.procs);
    if (background > 0) released = this.heap.release(background) > 0;
    if (this.memoryLimitBytes !== null && !this.pacing.limiterOn()) {
      // (mappedReady is read only when the limit can act: it sums every memory class)
      const forLimit = this.scavenger.forMemoryLimit(this.heap.mappedReady(), this.memoryLimitBytes, false);
      if (forLimit > 0) released = this.heap.release(forLimit) > 0 || released;
    }
    return released;
  }

  /** Before an instantaneous change that takes at most `spanBytes` more span bytes (oom.ts: beforeJump). */
  private beforeJump(spanBytes: number): void {
    if (this.ended) this.container.jumpRowValid = false;
    else this.container.beforeJump(spanBytes);
  }

  /** After an instantaneous change: peaks, and the OOM kill if RSS reached the limit (oom.ts: check). */
  private afterJump(): void {
    if (!this.ended && this.container.check(this.now)) this.ended = true;
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

  /** startTheWorld's procresize with the new GOMAXPROCS (the limiter's capacity follows: gcCPULimiter.resetCapacity). */
  private setProcs(n: number): void {
    this.pendingProcs = null;
    if (n === this.procs) return;
    this.procs = n;
    this.pacing.resize(this.now, this.procs);
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
    // One P, batched garbage: the tick's batches that crossed the trigger finish after mark start (mark.ts: batchAssist).
    const w = this.workload;
    const oneP = kind === "heap" && this.procs === 1 && w.garbageEveryNs > 0 && w.batchesIn(this.now - 1, this.now) > 0;
    this.mark.batchAssistBytes = oneP ? Math.min(w.garbageBatchBytes(), Math.max(0, this.heapLive - trigger)) : 0;
    this.heap0 = Math.floor(this.heapLive - this.mark.batchAssistBytes);
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
    const r = this.mark.rates;
    if (this.phase === MARK) return r.backgroundPs + r.idlePs + r.assistPs + r.mutatorPs;
    if (this.phase === STW1 || this.phase === STW2) return 1;
    if (this.workload.behind() || this.sweepWait) return this.procs;
    return this.mutatorPsOff() + this.bgsweepPs();
  }

  private markStart(): void {
    this.phase = MARK;
    this.handHeap();
    this.pacing.startCycle(this.cycleStartNs, this.procs, this.cycleKind);
    this.reachableAtMarkStart = this.workload.reachable();
    const stacks = this.workload.stackUsed();
    const scannable = this.workload.reachableScannable();
    this.cycleLimiterOn = this.pacing.limiterOn();
    // One P, held by a mark worker for the whole mark: timers wait for sysmon's preemption (FORCE_PREEMPT_NS).
    this.workload.timersStalled = this.stallsTimers();
    const jitter = this.plan.scenario.markJitter;
    const speed = jitter > 0 ? Math.exp(jitter * this.rng.normal()) : 1;
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
    this.utilization = this.pacing.endCycle(now, this.procs, this.cycleKind === "forced", m.assistCpuNs, m.idleCpuNs, m.backgroundCpuNs);
    this.heapScan = this.pacing.resetLive(marked);
    this.heapLive = marked;
    // memstats.lastHeapInUse is read at mark termination, before sweeping (mgc.go: gcMarkTermination).
    this.lastHeapInUse = this.heap.inUse();
    this.heap.sweep(marked, this.workload.reachableSpanOverhead());
    // gcSweep: every span in use is to be swept before the next cycle (paced to the new trigger by commitPacer).
    this.sweeper.start(this.lastHeapInUse);
    // Stalled timer goroutines run once the world restarts: their allocation comes after the sweep (it survives it).
    this.workload.timersStalled = false;
    this.releaseTimers();
    // Go 1.19's adaptive starting stack size (proc.go: gcComputeStartingStackSize): average scanned stack + 928 B.
    this.stackStartingSize = startingStackSize(m.stacks, this.workload.goroutines());
    this.workload.startingStack = this.stackStartingSize;
    this.beforeJump(Math.max(0, this.workload.stackAllocated() - this.heap.stacks));
    this.syncStacks();
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

  /** Ps stopped in a pause that get a CPU (the pauses' CPU time is this many times their length). */
  private stwProcs(): number {
    return Math.min(this.procs, Math.ceil(this.cpuCapacity()));
  }

  /**
   * Appends the cycle just terminated (at now, the end of its second pause) to the cycle log: the gctrace line's
   * fields and the limiter's state.
   */
  private logCycle(): void {
    const m = this.mark;
    const stw1 = m.startNs - this.cycleStartNs;
    const stw2 = this.now - this.markTermNs;
    const stwprocs = this.stwProcs();
    const heap1 = this.heap1;
    // The row, written by field name (cyclelog.ts: CYCLE).
    const i = this.cycles.append();
    const c = this.cycles.row;
    c[i + CYCLE.cycle] = this.cycles.length;
    c[i + CYCLE.startNs] = this.cycleStartNs;
    c[i + CYCLE.stw1Ns] = stw1;
    c[i + CYCLE.markNs] = this.markTermNs - m.startNs;
    c[i + CYCLE.stw2Ns] = stw2;
    c[i + CYCLE.stw1CpuNs] = stwprocs * stw1;
    c[i + CYCLE.assistCpuNs] = Math.round(m.assistCpuNs);
    c[i + CYCLE.backgroundCpuNs] = Math.round(m.backgroundCpuNs);
    c[i + CYCLE.idleCpuNs] = Math.round(m.idleCpuNs);
    c[i + CYCLE.stw2CpuNs] = stwprocs * stw2;
    c[i + CYCLE.heapStartBytes] = this.heap0;
    c[i + CYCLE.heapEndBytes] = heap1;
    c[i + CYCLE.heapMarkedBytes] = this.pacing.heapMarked;
    c[i + CYCLE.heapGoalBytes] = this.pacing.lastHeapGoal;
    c[i + CYCLE.heapTriggerBytes] = this.cycleTrigger < 0 ? NaN : this.cycleTrigger; // none (null) for a forced or periodic cycle
    c[i + CYCLE.stackBytes] = this.pacing.stackBytes;
    c[i + CYCLE.globalsBytes] = this.pacing.globalsBytes;
    c[i + CYCLE.procs] = this.procs;
    c[i + CYCLE.gcCpuFraction] = this.gcCpuFraction();
    c[i + CYCLE.utilization] = this.utilization;
    c[i + CYCLE.kind] = CYCLE_KIND_CODE[this.cycleKind];
    c[i + CYCLE.limiterOn] = this.cycleLimiterOn || this.pacing.limiterOn() ? 1 : 0;
    if (heap1 > this.cycles.peakHeapEnd) this.cycles.peakHeapEnd = heap1;
  }

  /** Arms sysmon's forcegc timer (sysmon.ts: nextPeriodicGcNs), unless one is pending (it re-checks when it fires). */
  private schedulePeriodic(): void {
    if (!this.pacing.gcEnabled() || this.periodicAtNs >= 0) return;
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
    if (this.now < mk.batchAssistEndNs) {
      this.markStep.arm(mk.batchAssistEndNs);
      return;
    }
    if (mk.batchAssistEndNs >= 0) {
      // The batches are done: the idle worker takes the only P, and timers wait again.
      mk.batchAssistEndNs = -1;
      w.timersStalled = this.stallsTimers();
    }
    if (!paceRevised) {
      this.handHeap();
      mk.handScanWork(this.pacing, mk.workDone);
      this.pacing.revise();
    }
    // Stalled timers: the idle worker holds the only P (the fractional worker gets no turn) and the batches wait.
    const stalled = w.timersStalled && !w.behind(); // a mutator behind is runnable: it takes the P
    const r = mk.updateRates(this.pacing, w, this.procs, this.cycleKind, stalled);
    const remaining = mk.workTotal - mk.workDone;
    // Step where the limiter's bucket fills: assists stop there.
    const fillNs = this.pacing.timeToFillLimiter(r.limiterFillPs);
    let dtNs = r.scanBytesPerSec > 0 ? Math.ceil((remaining / r.scanBytesPerSec) * 1e9) : Infinity;
    if (remaining <= 1e-6) dtNs = mk.startNs + MARK_MIN_NS - this.now; // work done; the phase's fixed latency remains
    // Step where the heap passes the goal: revise switches to the overshoot regime there (mgcpacer.go: revise).
    const goal = this.pacing.heapGoal();
    if (this.heapLive < goal) dtNs = Math.min(dtNs, w.timeToAllocate(this.now, goal - this.heapLive, r.mutatorProgress, this.plan.scenario.durationNs));
    dtNs = Math.min(dtNs, fillNs);
    if (w.timersStalled) {
      // Step at sysmon's next preemption of the mark worker: the ticker-driven goroutines run then.
      const sinceStart = this.now - mk.startNs;
      dtNs = Math.min(dtNs, sysmonPreemptAfter(sinceStart) - sinceStart);
    }
    if (w.behind()) dtNs = Math.min(dtNs, w.timeToCatchUp(r.mutatorProgress));
    if (!Number.isFinite(dtNs)) return; // nothing can make progress until the next event changes the rates
    this.markStep.arm(this.now + Math.max(1, dtNs));
  }

  /** Hands heapLive and heapScan to the pacer (pacing.ts: setHeap). */
  private handHeap(): void {
    this.pacing.setHeap(this.heapLive, this.heapScan);
  }

  /** Hands the memory statistics to the pacer where its goal reads them (pacing.ts: goalReadsMemory). */
  private handMemoryForGoal(): void {
    if (this.pacing.goalReadsMemory()) this.handMemory();
  }

  private handMemory(): void {
    this.scheduledTrigger = -1;
    this.pacing.setMemory(this.heap);
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
    this.container.notePeaks(c[i + SAMPLE.rssBytes], c[i + SAMPLE.heapObjectsBytes] + c[i + SAMPLE.heapUnusedBytes], this.now);
  }

  /** Writes the state now into c at offset i, by field name (samplelog.ts: SAMPLE); NaN is null in the records. */
  private sampleInto(c: Float64Array, i: number): void {
    const h = this.heap;
    this.handHeap();
    this.handMemory();
    const goal = this.pacing.hasGoal();
    c[i + SAMPLE.tNs] = this.now;
    c[i + SAMPLE.heapGoalBytes] = goal ? this.pacing.heapGoal() : NaN;
    c[i + SAMPLE.heapLiveBytes] = Math.floor(this.heapLive);
    c[i + SAMPLE.heapTriggerBytes] = this.phase === OFF && goal ? this.pacing.triggerBytes() : NaN; // no trigger while a cycle runs
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
    c[i + SAMPLE.limiterLastEnabledCycle] = this.pacing.limiterLastEnabledCycle();
    c[i + SAMPLE.gcCpuFraction] = this.gcCpuFraction();
    c[i + SAMPLE.gcPhase] = this.phase;
  }

  private result(): KernelResult {
    const log = this.cycles;
    const eventLog = this.events;
    const sampleLog = this.samples;
    const c = this.container;
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
      warnings: this.warnings.all(),
      cycleColumn: (field) => log.column(field),
      eachCycle: () => log.iterate(),
      eachSample: () => sampleLog.iterate(),
      summary: {
        simulatedNs: this.now,
        gcCycles: this.cycles.length,
        peakHeapBytes: this.cycles.peakHeapEnd,
        peakHeapInUseBytes: Math.floor(c.peakHeapInUse),
        finalHeapGoalBytes: this.pacing.hasGoal() ? this.pacing.heapGoal() : null,
        peakRssBytes: Math.floor(c.peakRss),
        gcCpuFraction: this.gcCpuFraction(),
        maxPauseNs: this.maxPauseNs,
        oomKilledAtNs: c.killedAtNs,
        cpuQuota: this.cfs.stats(this.now),
        events: this.budget.processed,
      },
    };
  }
}
