// Time integration between events: every quantity the runtime model holds, moved from one event to the next in closed
// form with the rates in force — the mutator's allocation (workload/), the heap's memory states (heap.ts), the mark's
// work and CPU (markphase.ts), the sweeper (sweep.ts) and the scavenger (scavenge.ts), the CPU quota (cfs.ts), the
// P-time the GC CPU limiter is fed (pacing.ts) — split where RSS could reach the container's limit (oom.ts), and the
// state written into a timeline sample. Who runs on the Ps (the mutator, bgsweep, the mark workers) and how much CPU
// the process burns are decided here. The GC cycle's state machine (runtime.ts) extends it: it decides when phases
// change and what to schedule; this class only integrates and observes.
//
// Pure: no I/O, no clock; time is integer nanoseconds passed in.

import type { EventPlan } from "./plan";
import type { GcCycleRecord, KernelResult } from "./records";
import type { PacerRules } from "./pacer";
import { Workload } from "./workload";
import { HeapMemory } from "./heap";
import { mutatorCpusFor, mutatorProgressOff } from "./mark";
import { MarkPhase } from "./markphase";
import { Pacing } from "./pacing";
import { Sweeper } from "./sweep";
import { Scavenger } from "./scavenge";
import { CfsQuota } from "./cfs";
import { ContainerMemory, earliestOomNs, rssPerSpanByte, staysBelowLimit } from "./oom";
import { goVersion, initialGomaxprocs, type GoVersion } from "./versions";
import { parseGoLine, type GoLine } from "./versions/gomaxprocs";
import { HEAP_ARENA_BYTES } from "./heap";
import { CycleLog } from "./cyclelog";
import { EventLog } from "./eventlog";
import { SampleLog, SAMPLE } from "./samplelog";
import { BASELINE_HEAP_UNUSED_BYTES, CFS_PERIOD_NS } from "./constants";
import { E_CFS_PERIOD, E_GOMAXPROCS } from "./timers";
import { DefaultProcs } from "./sysmon";

/** The GC phases (runtime/mgc.go: gcphase, with the two pauses told apart), as the timeline's gcPhase codes. */
export const OFF = 0;
export const STW1 = 1;
export const MARK = 2;
export const STW2 = 3;
const PHASE_NAMES = ["off", "stw", "mark", "stw"];

/** How a cycle started (records.ts: GcCycleRecord.kind; the pacer's gcTriggerKind is mapped in pacing.ts). */
export type CycleKind = GcCycleRecord["kind"];

/** advanceTo's failure, out of line (advanceTo runs once per event and stays small). */
function timeRunsBackwards(now: number, t: number): never {
  throw new Error(`kernel: time would run backwards from ${now} to ${t} ns`);
}

export abstract class Integrator {
  protected readonly plan: EventPlan;
  /**
   * The Go version's rules (kernel/versions): pacer, object layout, metadata, scavenger, GOMAXPROCS default, mark cost.
   */
  protected readonly version: GoVersion;
  /** The main module's go.mod go line (the GOMAXPROCS default follows it). */
  protected readonly goMod: GoLine;
  protected readonly workload: Workload;
  protected readonly heap: HeapMemory;
  /** The door to the pacer and the GC CPU limiter (pacing.ts): inputs in, goal, trigger and assist ratio out. */
  protected readonly pacing: Pacing;
  /** The running mark's work, CPU and rates (markphase.ts). */
  protected readonly mark = new MarkPhase();
  /** The sweep's remaining work (sweep.ts): bgsweep on a P the mutator leaves, gcStart finishing it. */
  protected readonly sweeper = new Sweeper();
  /** The heap reached the trigger with spans unswept: gcStart sweeps them first, the mutator waits (sweep.ts). */
  protected sweepWait = false;
  /** The step being integrated has the mutator paying the sweep as it allocates (proportional sweep). */
  protected sweepingProportionally = false;
  /** The scavenger's goal and pace (scavenge.ts). */
  protected readonly scavenger = new Scavenger();

  /** Simulated time, ns. */
  protected now = 0;
  /** GOMAXPROCS. */
  protected procs: number;
  /** The container's CPU quota, simulated period by period (cfs.ts). */
  protected readonly cfs: CfsQuota;
  /** GOMEMLIMIT, bytes; null = none (the scavenger's memory-limit goal, the settings warnings). */
  protected memoryLimitBytes: number | null;
  /** The scavenger's memory-limit goal, bytes, and the GOMEMLIMIT it was read for (NaN: none yet). */
  private limitGoalFor = NaN;
  private limitGoalBytes = 0;
  /** The container's memory limit, the OOM killer and the peaks (oom.ts). */
  protected readonly container: ContainerMemory;

  protected phase = OFF;
  /** The pacer's heapLive, kept exactly (fractional bytes); the pacer sees floor(). */
  protected heapLive = 0;
  /** The pacer's heapScan, kept exactly; fixed while marking (mgcpacer.go: update). */
  protected heapScan = 0;
  /**
   * The pacer's trigger (bytes) outside a cycle as last computed (the pending E_TRIGGER was scheduled for it), or −1
   * once the pacer's inputs to it may have changed: outside a cycle the trigger does not depend on heapLive, only on
   * what commit sets and on the memory statistics. Set at mark termination (after commit) and by scheduleTrigger;
   * reset by handMemory (every commit outside mark termination follows one).
   */
  protected scheduledTrigger = -1;
  /** Wall time left in the current stop-the-world pause (it does not advance while the cgroup is throttled). */
  protected stwRemainingNs = 0;
  /** The limiter was on at some point of the cycle. */
  protected cycleLimiterOn = false;

  // Totals.
  protected gcCpuNs = 0;
  protected procTimeNs = 0;
  protected forcedCycles = 0;
  protected stackStartingSize = 2048;
  protected ended = false;

  protected readonly cycles = new CycleLog();
  protected readonly samples = new SampleLog(PHASE_NAMES);
  protected readonly events = new EventLog();
  /** Set when stacks were resized or pages released since the last step (the step must re-read RSS). */
  protected memoryMoved = true;
  /** A GOMAXPROCS set during a cycle, applied when it ends (runtime.GOMAXPROCS waits on gcsema); null if none. */
  protected pendingProcs: number | null = null;
  /** The runtime's own GOMAXPROCS while the program never sets it (Go 1.25+ follows the CPU limit: sysmon.ts). */
  protected readonly defaultProcs: DefaultProcs;

  /** Schedules a one-shot event (runtime.ts). */
  protected abstract push(t: number, kind: number, arg?: number): void;
  constructor(plan: EventPlan, pacerRules?: PacerRules) {
    this.plan = plan;
    const s = plan.scenario;
    this.version = goVersion(s.go.version);
    this.goMod = parseGoLine(s.go.goMod) ?? parseGoLine(s.go.version)!;
    const base = this.version.baseline;
    this.workload = new Workload(this.version.layout, this.version.gStructBytes);
    // heapArena's scalar fields (zeroedBase, the checkmarks pointer: 16 B) are not per-byte metadata.
    this.heap = new HeapMemory(
      (this.version.heapArenaMetadataBytes - 16) / HEAP_ARENA_BYTES,
      base.rssBytes,
      base.runtimeMetadataBytes,
    );
    this.procs = initialGomaxprocs(s);
    this.defaultProcs = new DefaultProcs(
      this.version.gomaxprocs,
      this.goMod,
      s.container.nodeCpus,
      s.go.GOMAXPROCS !== null,
    );
    this.cfs = new CfsQuota(
      s.container.cpus,
      plan.events.some((e) => e.kind === "container" && e.cpus != null),
    );
    this.memoryLimitBytes = s.go.GOMEMLIMIT;
    this.container = new ContainerMemory(s.container.memoryBytes, this.heap, this.samples, this.events, (c, i) =>
      this.sampleInto(c, i),
    );
    this.pacing = new Pacing(
      { gcPercent: s.go.GOGC, memoryLimitBytes: s.go.GOMEMLIMIT, globalsBytes: s.globalsBytes, procs: this.procs },
      pacerRules ?? this.version.pacer,
    );
    // The program's baseline heap (runtime and package init), allocated before the workload starts.
    const baseline = this.workload.reachable(); // BASELINE_HEAP_OBJECTS_BYTES and the g of the main goroutine
    this.heap.allocate(baseline, 1);
    this.heap.unused += BASELINE_HEAP_UNUSED_BYTES;
    this.heapLive = baseline;
    this.heapScan = baseline;
  }

  /**
   * startTheWorld's procresize with the new GOMAXPROCS (the limiter's capacity follows: gcCPULimiter.resetCapacity).
   */
  protected setProcs(n: number): void {
    this.pendingProcs = null;
    if (n === this.procs) return;
    this.procs = n;
    this.pacing.resize(this.now, this.procs);
  }

  /** A new CPU limit: sysmon re-reads it within a second where the runtime picks GOMAXPROCS (sysmon.ts). */
  protected scheduleProcsUpdate(): void {
    const at = this.defaultProcs.checkAfter(this.now);
    if (at !== null && at <= this.plan.scenario.durationNs) this.push(at, E_GOMAXPROCS);
  }

  /**
   * sysmonUpdateGOMAXPROCS (proc.go): the default for the CPU limit now, applied as runtime.GOMAXPROCS is (waiting for
   * a cycle).
   */
  protected updateDefaultProcs(): void {
    const n = this.defaultProcs.procsFor(this.cfs.quota);
    if (n === null || n === (this.pendingProcs ?? this.procs)) return;
    this.events.add(this.now, "gomaxprocs", n);
    if (this.phase === OFF) this.setProcs(n);
    else this.pendingProcs = n;
    if (this.cfs.active(this.procs) && !this.cfs.chain) {
      this.cfs.start(this.now);
      this.push(this.now + CFS_PERIOD_NS, E_CFS_PERIOD);
    }
  }

  /** Integrates every quantity from now to t with the rates in force, ending the run at an OOM kill. */
  protected advanceTo(t: number): void {
    if (t < this.now) timeRunsBackwards(this.now, t);
    if (this.ended || t === this.now) return;
    if (this.container.limitBytes === null) this.step(t);
    else this.advanceUnderLimit(t);
  }

  /**
   * advanceTo under a container limit (its own function: advanceTo, called for every event, stays small enough to be
   * inlined). A step that could take RSS to the limit is split at the earliest instant it could: the kill is at the
   * crossing itself, whatever else happens later (the next event may be far away).
   */
  private advanceUnderLimit(t: number): void {
    const c = this.container;
    const w = this.workload;
    while (this.now < t && !this.ended) {
      // (every change is checked at its instant, so RSS is below the limit here; if not, the kill is now, not 1 ns
      // later)
      const distance = (c.limitBytes as number) - this.heap.rss();
      if (distance <= 0) {
        c.kill(this.now, null);
        this.ended = true;
        return;
      }
      // (the common case, a limit far away: no split, without earliestOomNs's work; same answer, oom.ts)
      const perSpanByte = rssPerSpanByte(this.heap.arenaMetadataRatio);
      if (staysBelowLimit(distance, t - this.now, w, perSpanByte)) {
        this.step(t);
        break;
      }
      // (a mutator that is not behind runs at most at full speed: its progress is computed only when it may be above 1)
      const progress = w.behind() ? Math.max(1, this.stepProgress()) : 1;
      const crossing = earliestOomNs(this.now, t, distance, this.heap.free, w, progress, perSpanByte);
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
  protected stepProgress(): number {
    if (this.cfs.throttled || this.phase === STW1 || this.phase === STW2) return 0;
    if (this.phase === MARK) return this.mark.rates.mutatorProgress;
    return this.sweepWait ? 0 : this.offProgress();
  }

  /** Integrates every quantity from now to t (> now) with the rates in force. */
  protected step(t: number): void {
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
    // (without a memory limit the scavenger works only while the heap retains more than its goal: scavenge, out of the
    // common path, is called only then)
    if ((this.memoryLimitBytes !== null || this.heap.retained() > this.scavenger.goal) && this.scavenge(dtNs)) {
      this.memoryMoved = true;
    }
    // RSS and heap in use only change when something was allocated, stacks were resized or pages released.
    if ((allocated > 0 || this.memoryMoved) && this.container.check(this.now)) this.ended = true;
    this.memoryMoved = false;
  }

  /**
   * A step outside a cycle: the mutator runs (or waits on gcStart's sweep) and bgsweep sweeps on a P it leaves. All of
   * it is mutator time for the limiter. Returns the mutator's progress.
   */
  protected advanceOff(dtNs: number): number {
    if (this.sweepWait) {
      // Every goroutine that allocates is in gcStart sweeping: all Ps sweep, nothing is allocated.
      const spent = this.sweeper.advance(dtNs, this.procs);
      this.accountCpu(this.procs * spent, 0);
      return 0;
    }
    // A mutator that is behind sweeps as it allocates (proportional sweep, offProgress). The limiter is fed its CPU
    // demand, not every P it runs on: see test/fidelity.test.ts (the CPU-quota run) for this known simplification
    // (fed every P, as mgclimit.go updateLocked counts it: commit 32192d1).
    this.sweepingProportionally = this.workload.behind() && !this.sweeper.done();
    const bg = this.bgsweepPs();
    const swept = bg > 0 ? bg * this.sweeper.advance(dtNs, bg) : 0;
    this.accountCpu(this.mutatorPsOff() * dtNs + swept, 0);
    return this.offProgress();
  }

  /** Ps the mutator runs on outside a cycle at its nominal speed (its CPU demand, at most GOMAXPROCS). */
  protected mutatorPsOff(): number {
    return Math.min(this.procs, mutatorCpusFor(this.workload.mutatorDemandCores()));
  }

  /** Ps bgsweep runs on outside a cycle: one goroutine, on what the mutator leaves of a P (none while it is behind). */
  protected bgsweepPs(): number {
    if (this.sweeper.done() || this.workload.behind()) return 0;
    return Math.min(1, Math.max(0, this.procs - this.mutatorPsOff()));
  }

  /**
   * Outside a cycle: ns from now to where the sweep's end changes what runs (E_SWEEP), Infinity if nowhere before the
   * run's end. bgsweep's end changes only the CPU the process burns (cpuUseCores), which matters under a CFS quota:
   * otherwise the steps integrate it exactly (sweeper.advance returns the time actually spent) and no event is needed;
   * proportional sweep pays off the debt of a mutator behind after allocToFinish bytes: its speed changes there.
   */
  protected sweepEndAfter(): number {
    const bg = this.bgsweepPs();
    if (bg > 0 && this.cfs.active(this.procs)) return this.sweeper.timeToFinish(bg); // (finite: bg > 0 sweeps)
    if (!this.workload.behind() || this.sweeper.done()) return Infinity;
    const progress = this.offProgress();
    return this.workload.timeToAllocate(
      this.now,
      this.sweeper.allocToFinish(),
      progress,
      this.plan.scenario.durationNs,
    );
  }

  /**
   * A step while the cgroup is throttled: no thread runs. The runtime still counts P-time (it measures wall time):
   * running workers and pauses keep accruing as GC time, a stalled mutator as mutator time.
   */
  protected accountThrottled(dtNs: number): void {
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
  protected accountCpu(mutatorNs: number, gcNs: number): void {
    if (this.pacing.accountCpu(mutatorNs, gcNs, this.phase === MARK, this.cycles.length)) this.limiterSwitched();
  }

  /** The limiter just turned on or off (accountCpu; out of line: it runs at every step). */
  private limiterSwitched(): void {
    if (this.pacing.limiterOn()) {
      this.cycleLimiterOn = this.phase !== OFF;
      this.events.add(this.now, "limiter-on", this.pacing.limiterLastEnabledCycle());
    } else {
      this.events.add(this.now, "limiter-off");
    }
  }

  /** The ticker-driven goroutines finally run: what they owe is allocated now (black during a mark, white after). */
  protected releaseTimers(): void {
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
  protected offProgress(): number {
    const w = this.workload;
    const p = mutatorProgressOff(w.mutatorDemandCores(), this.procs, w.behind());
    if (!w.behind() || this.sweeper.done() || this.sweepWait) return p;
    return this.sweepingProgress(p);
  }

  /**
   * offProgress `p` of a mutator that is behind while the sweep is not done (out of line: offProgress runs at every
   * step outside a cycle). Proportional sweep (mgcsweep.go: deductSweepCredit): every byte allocated first sweeps its
   * share of the debt.
   */
  private sweepingProgress(p: number): number {
    const w = this.workload;
    const rate = w.allocRate();
    const nsPerByte = rate > 0 ? (w.mutatorDemandCores() * 1e9) / rate : 0;
    return nsPerByte > 0 ? (p * nsPerByte) / (nsPerByte + this.sweeper.nsPerAllocByte()) : p;
  }

  /** CPU the process may use, cores: GOMAXPROCS, or the CFS quota if smaller (what a pause's CPU is counted on). */
  protected cpuCapacity(): number {
    return this.cfs.quota === null ? this.procs : Math.min(this.procs, this.cfs.quota);
  }

  protected syncStacks(): void {
    this.setStacks(this.workload.stackAllocated());
  }

  /** syncStacks with the workload's stackAllocated() already read (`bytes`). */
  protected setStacks(bytes: number): void {
    this.memoryMoved = true;
    this.heap.setStacks(bytes);
    this.pacing.setStacks(bytes);
  }

  /**
   * Returning free pages to the OS (scavenge.ts): background and for the memory limit. Whether any page was released.
   */
  protected scavenge(dtNs: number): boolean {
    let released = false;
    const limit = this.memoryLimitBytes;
    // (mappedReady is read only under a limit: it sums every memory class; read again only if pages were released)
    let mappedReady = limit === null ? 0 : this.heap.mappedReady();
    const overLimitGoal = limit === null ? 0 : mappedReady - this.memoryLimitGoal(limit);
    const background = this.scavenger.background(dtNs, this.heap.retained(), this.procs, overLimitGoal);
    if (background > 0 && this.heap.release(background) > 0) {
      released = true;
      if (limit !== null) mappedReady = this.heap.mappedReady();
    }
    if (limit !== null && !this.pacing.limiterOn()) {
      const forLimit = this.scavenger.forMemoryLimit(mappedReady, limit, false);
      if (forLimit > 0) released = this.heap.release(forLimit) > 0 || released;
    }
    return released;
  }

  /** The version's memory-limit goal for the scavenger (versions/scavenger.ts), kept for the limit it was read at. */
  private memoryLimitGoal(limit: number): number {
    if (limit !== this.limitGoalFor) {
      this.limitGoalFor = limit;
      this.limitGoalBytes = this.version.scavenger.memoryLimitGoal(limit);
    }
    return this.limitGoalBytes;
  }

  /** Before an instantaneous change that takes at most `spanBytes` more span bytes (oom.ts: beforeJump). */
  protected beforeJump(spanBytes: number): void {
    if (this.ended) this.container.jumpRowValid = false;
    else this.container.beforeJump(spanBytes);
  }

  /**
   * Mark termination's sweep of everything but `marked` bytes (heap.ts: sweep): an instantaneous change, checked as one
   * (it can raise the heap in use: HeapMemory.sweepGrowth), so a kill there keeps the state before it.
   */
  protected sweepHeap(marked: number): void {
    const overhead = this.workload.reachableSpanOverhead();
    this.beforeJump(this.heap.sweepGrowth(marked, overhead));
    this.heap.sweep(marked, overhead);
    this.afterJump();
  }

  /** After an instantaneous change: peaks, and the OOM kill if RSS reached the limit (oom.ts: check). */
  protected afterJump(): void {
    if (!this.ended && this.container.check(this.now)) this.ended = true;
  }

  /**
   * Cores the process burns while not throttled: while marking every P is runnable (workers, idle workers, the
   * mutator); during a pause one thread works; otherwise the mutator's demand.
   */
  protected cpuUseCores(): number {
    const r = this.mark.rates;
    if (this.phase === MARK) return r.backgroundPs + r.idlePs + r.assistPs + r.mutatorPs;
    if (this.phase === STW1 || this.phase === STW2) return 1;
    if (this.workload.behind() || this.sweepWait) return this.procs;
    return this.mutatorPsOff() + this.bgsweepPs();
  }

  /** Ps stopped in a pause that get a CPU (the pauses' CPU time is this many times their length). */
  protected stwProcs(): number {
    return Math.min(this.procs, Math.ceil(this.cpuCapacity()));
  }

  /** Hands heapLive and heapScan to the pacer (pacing.ts: setHeap). */
  protected handHeap(): void {
    this.pacing.setHeap(this.heapLive, this.heapScan);
  }

  /** Hands the memory statistics to the pacer where its goal reads them (pacing.ts: goalReadsMemory). */
  protected handMemoryForGoal(): void {
    if (this.pacing.goalReadsMemory()) this.handMemory();
  }

  protected handMemory(): void {
    this.scheduledTrigger = -1;
    this.pacing.setMemory(this.heap);
  }

  protected gcCpuFraction(): number {
    return this.procTimeNs > 0 ? this.gcCpuNs / this.procTimeNs : 0;
  }

  protected sample(): void {
    const i = this.samples.append();
    const c = this.samples.row;
    this.sampleInto(c, i);
    // Peaks are taken over the instants RSS is measured on, samples included.
    this.container.notePeaks(
      c[i + SAMPLE.rssBytes],
      c[i + SAMPLE.heapObjectsBytes] + c[i + SAMPLE.heapUnusedBytes],
      this.now,
    );
  }

  /** Writes the state now into c at offset i, by field name (samplelog.ts: SAMPLE); NaN is null in the records. */
  protected sampleInto(c: Float64Array, i: number): void {
    const h = this.heap;
    this.handHeap();
    this.handMemory();
    const goal = this.pacing.hasGoal();
    c[i + SAMPLE.tNs] = this.now;
    c[i + SAMPLE.heapGoalBytes] = goal ? this.pacing.heapGoal() : NaN;
    c[i + SAMPLE.heapLiveBytes] = Math.floor(this.heapLive);
    // no trigger while a cycle runs
    c[i + SAMPLE.heapTriggerBytes] = this.phase === OFF && goal ? this.pacing.triggerBytes() : NaN;
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

  /** The run's result: the logs (materialized when read), the warnings and the summary. */
  protected outputs(warnings: string[], maxPauseNs: number, events: number): KernelResult {
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
      warnings,
      cycleColumn: (field) => log.column(field),
      cycleColumns: (fields) => log.columns(fields),
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
        maxPauseNs,
        oomKilledAtNs: c.killedAtNs,
        cpuQuota: this.cfs.stats(this.now),
        events,
      },
    };
  }
}
