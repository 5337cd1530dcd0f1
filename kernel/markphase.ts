// The running mark phase (runtime/mgc.go: gcBgMarkWorker, gcDrain; mgcmark.go: gcAssistAlloc): its scan work, done
// and left, the CPU its workers and assists have spent, and the rates (mark.ts) in force until the next mark step.
// The runtime (runtime.ts) starts it at the end of the first pause, advances it step by step, and reads it at mark
// termination; the scan work goes to the pacer through its door (pacing.ts).

import { batchAssist, markRates, type MarkInputs, type MarkRates } from "./mark";
import type { Pacing } from "./pacing";
import type { Workload } from "./workload";
import type { GcCycleRecord } from "./records";
import { MARK_EXTRA_P_NS, MARK_MIN_NS, SCAN_BYTES_PER_CPU_SECOND } from "./constants";
import { sysmonPreemptAfter } from "./sysmon";

/** KernelOptions.markSpeed, checked: a positive finite number (default 1). */
export function machineSpeed(markSpeed = 1): number {
  if (!(markSpeed > 0 && markSpeed < Infinity))
    throw new Error(`markSpeed: expected a positive finite number, got ${markSpeed}`);
  return markSpeed;
}

export class MarkPhase {
  /** When the mark began (the first pause's end), ns. Set by begin. */
  startNs = 0;
  /** Scan work of the whole mark, bytes: its fixed part, then globals, stacks and reachable heap. Set by begin. */
  workTotal = 0;
  /** Scan-work equivalent of the mark's fixed CPU (done first; not counted as scan work for the pacer). begin. */
  fixed = 0;
  /** Scan work done so far, bytes (advance). */
  workDone = 0;
  /** Globals and stack bytes to scan this cycle (scanned first, in that order, as gcDrain does). begin. */
  globals = 0;
  stacks = 0;
  /** CPU-ns of assists, background (dedicated and fractional) workers and idle workers this cycle (advance). */
  assistCpuNs = 0;
  backgroundCpuNs = 0;
  idleCpuNs = 0;
  /**
   * The simulated machine's mark speed relative to the machine SCAN_BYTES_PER_CPU_SECOND was fitted on (the external
   * harness's Go 1.19.8 corpus, test/fixtures/real-go/runs), for the whole run (KernelOptions.markSpeed; default 1).
   * It scales every cycle's speed: the scan rate and the mark's fixed part, nothing else. To compare with recordings
   * made on another machine, measured there (test/support/fidelity.ts: MACHINE_MARK_SPEED).
   */
  machineSpeed = 1;
  /**
   * This cycle's mark speed relative to the calibration machine's median (constants.ts: MARK_THROUGHPUT_LOG_SD), drawn
   * at begin, times machineSpeed.
   */
  speed = 1;
  /** One P: bytes of the trigger-crossing tick still to allocate at mark start, under assist (gcStart sets it). */
  batchAssistBytes = 0;
  /** The end of that batch assist, ns; −1 when none runs. */
  batchAssistEndNs = -1;
  /** The rates in force until the next mark step (rates, startBatchAssist). */
  readonly rates: MarkRates = {
    scanBytesPerSec: 0,
    mutatorProgress: 1,
    assistPs: 0,
    backgroundPs: 0,
    idlePs: 0,
    mutatorPs: 0,
    unusedPs: 0,
    limiterFillPs: 0,
  };
  /** Reused: markRates reads it and keeps nothing. */
  private readonly inputs: MarkInputs = {
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

  /**
   * A mark begins at `nowNs` over `globals`, `stacks` and `heapScannable` bytes to scan. The fixed part of a mark's CPU
   * (MARK_EXTRA_P_NS for every P beyond the first, at most the scan's own CPU) is counted as scan work of the same CPU,
   * done first and not scan work for the pacer (handScanWork).
   */
  begin(nowNs: number, globals: number, stacks: number, heapScannable: number, procs: number, speed: number): void {
    this.startNs = nowNs;
    this.globals = globals;
    this.stacks = stacks;
    const scan = globals + stacks + heapScannable;
    this.fixed = Math.min(scan, MARK_EXTRA_P_NS * 1e-9 * (procs - 1) * SCAN_BYTES_PER_CPU_SECOND);
    this.workTotal = this.fixed + scan;
    this.workDone = 0;
    this.speed = speed * this.machineSpeed;
    this.assistCpuNs = 0;
    this.backgroundCpuNs = 0;
    this.idleCpuNs = 0;
    this.batchAssistEndNs = -1;
  }

  /** The scan work is done (the mark's fixed latency, MARK_MIN_NS, may remain: runtime.ts). */
  workFinished(): boolean {
    return this.workDone >= this.workTotal - 1e-6;
  }

  /** Scan work done and worker/assist CPU over a step of dtNs at the rates in force. Returns the GC P-ns spent. */
  advance(dtNs: number): number {
    const r = this.rates;
    this.workDone = Math.min(this.workTotal, this.workDone + (r.scanBytesPerSec * dtNs) / 1e9);
    this.assistCpuNs += r.assistPs * dtNs;
    this.backgroundCpuNs += r.backgroundPs * dtNs;
    this.idleCpuNs += r.idlePs * dtNs;
    return (r.assistPs + r.backgroundPs) * dtNs;
  }

  /**
   * A step while the cgroup is throttled: no thread runs, but the runtime measures wall time, so running workers and
   * assists keep accruing CPU. Returns the GC P-ns counted.
   */
  advanceThrottled(dtNs: number): number {
    const r = this.rates;
    this.assistCpuNs += r.assistPs * dtNs;
    this.backgroundCpuNs += r.backgroundPs * dtNs;
    return (r.assistPs + r.backgroundPs) * dtNs;
  }

  /** Hands `done` bytes of scan work to the pacer, split as the GC does it: the fixed part, globals, stacks, heap. */
  handScanWork(pacing: Pacing, done: number): void {
    done = Math.max(0, done - this.fixed);
    const g = Math.min(done, this.globals);
    const s = Math.min(done - g, this.stacks);
    pacing.setScanWork(g, s, Math.max(0, done - g - s));
  }

  /**
   * One P, batched garbage: the rest of the trigger-crossing tick, allocated under assist by the mutator holding the
   * only P (mark.ts: batchAssist), from `nowNs` with the pacer at `heapLive` (the batch's bytes included). Sets the
   * rates of that phase and its end; leaves the pacer revised at the mark's start.
   */
  startBatchAssist(nowNs: number, heapLive: number, heapScan: number, pacing: Pacing, w: Workload): void {
    const h0 = heapLive - this.batchAssistBytes;
    const b = batchAssist(
      this.batchAssistBytes,
      w.garbageNsPerByte(),
      this.speed,
      this.workTotal,
      (offset, scanDone) => {
        pacing.setHeapLive(Math.floor(h0 + offset));
        this.handScanWork(pacing, scanDone);
        return pacing.revise();
      },
      (from, to) => w.batchesIn(nowNs + from, nowNs + to) * w.garbageBatchBytes(),
    );
    pacing.setHeap(heapLive, heapScan);
    this.handScanWork(pacing, 0);
    pacing.revise();
    this.batchAssistBytes = 0;
    const d = Math.max(1, b.durationNs);
    this.batchAssistEndNs = nowNs + d;
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

  /**
   * The rates from now on (mark.ts: markRates): background workers as the pacer sized them at startCycle, idle
   * workers on the Ps left (none or one for a periodic GC: mgc.go gcStart, gcTriggerTime), assists at the pacer's
   * assist ratio. `stalled`: ticker-driven goroutines wait on sysmon (the idle worker holds the only P).
   */
  updateRates(pacing: Pacing, w: Workload, procs: number, kind: GcCycleRecord["kind"], stalled: boolean): MarkRates {
    const m = this.inputs;
    m.procs = procs;
    m.backgroundPs = stalled ? 0 : pacing.dedicatedWorkers + pacing.fractionalGoal * procs;
    m.maxIdleWorkers = kind === "periodic" ? (pacing.dedicatedWorkers === 0 ? 1 : 0) : procs - pacing.dedicatedWorkers;
    m.mutatorDemandCores = stalled ? w.untimedDemandCores() : w.mutatorDemandCores();
    m.allocBytesPerSec = w.allocRate();
    m.assistWorkPerByte = pacing.assistWorkPerByte;
    m.limiterOn = pacing.limiterOn();
    m.speed = this.speed;
    m.behind = w.behind();
    return markRates(m, this.rates);
  }

  /**
   * Time (ns from `nowNs`) of the next mark step at the rates just computed (updateRates): where the scan work ends
   * (once it is done, where the mark's fixed latency MARK_MIN_NS ends), where the heap passes the goal (revise switches
   * to the overshoot regime there: mgcpacer.go), where the limiter's bucket fills (assists stop there), at sysmon's
   * next preemption of a mark worker holding the only P (the ticker-driven goroutines run then: sysmon.ts), where the
   * mutator has caught up. Infinity if nothing can progress until the next event changes the rates.
   */
  nextStepNs(nowNs: number, heapLive: number, pacing: Pacing, w: Workload, untilNs: number): number {
    const r = this.rates;
    const remaining = this.workTotal - this.workDone;
    const fillNs = pacing.timeToFillLimiter(r.limiterFillPs);
    let dtNs = r.scanBytesPerSec > 0 ? Math.ceil((remaining / r.scanBytesPerSec) * 1e9) : Infinity;
    if (remaining <= 1e-6) dtNs = this.startNs + MARK_MIN_NS - nowNs; // work done; the phase's fixed latency remains
    const goal = pacing.heapGoal();
    if (heapLive < goal) dtNs = Math.min(dtNs, w.timeToAllocate(nowNs, goal - heapLive, r.mutatorProgress, untilNs));
    dtNs = Math.min(dtNs, fillNs);
    if (w.timersStalled) {
      const sinceStart = nowNs - this.startNs;
      dtNs = Math.min(dtNs, sysmonPreemptAfter(sinceStart) - sinceStart);
    }
    if (w.behind()) dtNs = Math.min(dtNs, w.timeToCatchUp(r.mutatorProgress));
    return dtNs;
  }
}
