// sysmon (runtime/proc.go: sysmon), the two things of it the model needs: the forced periodic GC (forcegcperiod,
// tested by gcTrigger.test with gcTriggerTime, mgc.go) and the preemption of a goroutine that holds a P too long
// (retake, preemptone), which is when ticker-driven goroutines get the only P back from a mark worker.

import { FORCE_PREEMPT_NS, SYSMON_MAX_DELAY_NS } from "./constants";
import type { GoLine, GomaxprocsRule } from "./versions/gomaxprocs";

/** runtime/proc.go: forcegcperiod — a GC is forced if none ran for 2 minutes. */
export const FORCE_GC_PERIOD_NS = 120e9;

/**
 * Time after mark start (ns) of sysmon's first preemption of the mark worker holding the only P strictly after
 * `sinceStartNs`. retake (proc.go) preempts a P only once it has seen the same schedtick for forcePreemptNS, and an
 * idle sysmon checks only every SYSMON_MAX_DELAY_NS: it last looked when the timer that started the batch (and the
 * cycle) fired, sees the worker's new schedtick one period later and preempts it one forcePreemptNS after that. Once it
 * has preempted, retake resets sysmon's delay (idle = 0), so later preemptions follow every forcePreemptNS.
 */
export function sysmonPreemptAfter(sinceStartNs: number): number {
  const first = SYSMON_MAX_DELAY_NS + FORCE_PREEMPT_NS;
  if (sinceStartNs < first) return first;
  return first + (Math.floor((sinceStartNs - first) / FORCE_PREEMPT_NS) + 1) * FORCE_PREEMPT_NS;
}

/**
 * When sysmon's forcegc test next starts a periodic GC: 2 minutes after the last GC ended, never in the past (when GOGC
 * comes back on more than 2 minutes after the last GC, sysmon's next test, at most 10 ms away, starts one at once).
 */
export function nextPeriodicGcNs(nowNs: number, lastGcEndNs: number): number {
  return Math.max(nowNs, lastGcEndNs + FORCE_GC_PERIOD_NS);
}

/**
 * The default GOMAXPROCS the runtime keeps while the program never sets it, and sysmon's re-reading of the CPU limit
 * (Go 1.25+ with a go.mod line ≥ 1.25: proc.go sysmon calls sysmonUpdateGOMAXPROCS when `lastgomaxprocs+1e9 <= now`,
 * i.e. at most once a second; the change is applied by updateMaxProcsGoroutine under stopTheWorldGC(stwGOMAXPROCS),
 * which waits for a running cycle like runtime.GOMAXPROCS). Checks are counted from the start, sysmon's own ≤ 10 ms
 * delay left out. A program that sets GOMAXPROCS (runtime.GOMAXPROCS(n)) ends it: `set()`.
 */
export class DefaultProcs {
  /** The runtime still picks GOMAXPROCS. */
  active: boolean;
  constructor(
    private readonly rule: GomaxprocsRule,
    private readonly goMod: GoLine,
    private readonly nodeCpus: number,
    programSetsIt: boolean,
  ) {
    this.active = !programSetsIt;
  }
  /** The program set GOMAXPROCS: the runtime no longer follows the CPU limit. */
  set(): void {
    this.active = false;
  }
  /** When sysmon next sees a CPU limit changed at `nowNs` (the next whole second), or null if it never re-reads. */
  checkAfter(nowNs: number): number | null {
    const period = this.active ? this.rule.updatePeriodNs(this.goMod) : null;
    return period === null ? null : (Math.floor(nowNs / period) + 1) * period;
  }
  /** GOMAXPROCS for the CPU limit `quota` (cores, null = none), or null if the runtime does not pick it. */
  procsFor(quota: number | null): number | null {
    return this.active ? this.rule.initial(this.nodeCpus, quota, this.goMod) : null;
  }
}
