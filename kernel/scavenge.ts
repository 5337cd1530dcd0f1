// The scavenger (runtime/mgcscavenge.go: gcPaceScavenger, bgscavenge; mheap.go: allocSpan): returning free pages to the
// OS. Shaped like the
// sweeper (sweep.ts): the runtime passes time and memory in and applies the bytes it says to release.
// - gcPaceScavenger sets the retained-heap goal at each commit: the heap in use at the last mark termination scaled by
//     the goal's change, plus 10 % (retainExtraPercent);
//   - the background scavenger (bgscavenge) works at 1 % of GOMAXPROCS (scavengePercent) towards that goal, releasing
//     SCAVENGE_BYTES_PER_CPU_SECOND per CPU-second of its work;
//   - allocation-time scavenging releases at once what takes mappedReady over GOMEMLIMIT, unless the GC CPU limiter is
//     on (mheap.allocSpan: `if limit := gcController.memoryLimit.Load(); !gcCPULimiter.limiting()`). In 1.19 the
// background scavenger's memory-limit goal is dead (limit·(100 − reduceExtraPercent)/100, mgcscavenge.go:
// gcPaceScavenger),
//     so that is all the limit gets.
// Units: bytes; time in ns passed in.

import { SCAVENGE_BYTES_PER_CPU_SECOND } from "./constants";

/** runtime/mgcscavenge.go: scavengePercent — the background scavenger's CPU target, 1 % of GOMAXPROCS. */
export const SCAVENGE_PERCENT = 1;
/** runtime/mgcscavenge.go: retainExtraPercent — retain 10 % over the goal-scaled heap in use. */
export const RETAIN_EXTRA_PERCENT = 10;

export class Scavenger {
  /** The retained heap (heapInUse + heapFree) the background scavenger works down to, bytes; Infinity: no goal yet. */
  goal = Infinity;

  /**
   * gcPaceScavenger: the goal for a heap goal of `heapGoal` bytes, from the heap in use at the last mark termination
   * (`lastHeapInUse`) and the heap goal then (`lastHeapGoal`, 0 before the first cycle: no goal).
   */
  pace(lastHeapInUse: number, lastHeapGoal: number, heapGoal: number): void {
    if (lastHeapGoal <= 0) {
      this.goal = Infinity;
      return;
    }
    let g = lastHeapInUse * (heapGoal / lastHeapGoal);
    g += g / RETAIN_EXTRA_PERCENT;
    this.goal = g;
  }

  /**
   * Bytes the background scavenger releases over `dtNs` on `procs` Ps, the heap retaining `retained` bytes and
   * `overLimitGoal` bytes of mappedReady above the version's memory-limit goal (ScavengerRules.memoryLimitGoal: 95 % of
   * GOMEMLIMIT since Go 1.22; 0 without a limit or in 1.19–1.21, whose goal is dead). gcPaceScavenger sets both
   * goals; bgscavenge works while either is exceeded (mgcscavenge.go: scavengerState.shouldStop / heapRetained and
   * mappedReady tests), at the same 1 % of GOMAXPROCS.
   */
  background(dtNs: number, retained: number, procs: number, overLimitGoal = 0): number {
    const excess = Math.max(retained - this.goal, overLimitGoal);
    if (excess <= 0) return 0;
    return Math.min(excess, (SCAVENGE_BYTES_PER_CPU_SECOND * (SCAVENGE_PERCENT / 100) * procs * dtNs) / 1e9);
  }

  /** Bytes allocation-time scavenging releases at once: what takes `mappedReady` over the memory limit (null: none). */
  forMemoryLimit(mappedReady: number, memoryLimit: number | null, limiterOn: boolean): number {
    if (memoryLimit === null || limiterOn) return 0;
    const over = mappedReady - memoryLimit;
    return over > 0 ? over : 0;
  }
}
