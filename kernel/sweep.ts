// The sweeper's CPU (runtime/mgcsweep.go: bgsweep, deductSweepCredit; mgc.go: gcSweep; mgcpacer.go: gcPaceSweeper):
// after each
// mark termination every span in use must be swept before the next cycle may start. The model frees memory at mark
// termination (heap.ts: sweep), so what this module keeps is only the sweep's work and who pays for it:
//   - bgsweep (mgcsweep.go: bgsweep) is one goroutine that sweeps a span and yields (Gosched): it soaks up the CPU the
//     mutator leaves, on at most one P;
//   - proportional sweep (mgcsweep.go: deductSweepCredit, paced by gcPaceSweeper): a goroutine that allocates a span
//     first sweeps its share of the debt, pages in use / (trigger − heapLive − 1 MiB) per byte. It matters when no P is
//     left for bgsweep: a mutator that is behind (catching up on every P) pays it as it allocates, so it is done by the
//     trigger;
//   - when the heap reaches the trigger with spans still unswept, gcStart (mgc.go) first finishes the sweep on the
//     goroutines that allocate (`for trigger.test() && sweepone() != ^uintptr(0)`), before the stop-the-world: every
//     goroutine that allocates meanwhile hits the trigger too and sweeps alongside, so the mutator makes no progress
//     and all Ps sweep. In a death spiral (the trigger already reached at mark termination) that is the whole sweep:
//     the corpus' gaps between cycles with nothing allocated.
// What a sweep costs is per span (mgcsweep.go: sweepone takes one span at a time and mspan.sweep works through its
// mark bits, specials and free index, then frees it or swaps its bitmaps), not per byte: the version's
// sweepNsPerSpan (kernel/versions) times the spans in use (Workload.sweepSpans), set when a sweep phase starts.
// For the GC CPU limiter all of it is mutator time (mgclimit.go counts only assists, the 25 % background share and
// pauses as GC time). A mutator held up by gcStart's sweep falls behind its timer grid: with a catch-up backlog
// (workload.ts) it then runs, and assists, on every P of the next mark, leaving no P to idle mark workers.
//
// Units: bytes of span to sweep; time in ns passed in; CPU in one-CPU equivalents (mark.ts: N CPUs sweeping together
// do N^MUTATOR_SCALING_EXPONENT the work of one, like the mutator, memory-bound).

import { mutatorCpuEquivalent } from "./mark";

/** runtime/mheap.go: _PageSize (8 KiB), gcPaceSweeper's smallest heap distance. */
const PAGE_BYTES = 8192;

export class Sweeper {
  /** Bytes of heap spans still to sweep in this sweep phase (0: sweeping is done). */
  debt = 0;
  /**
   * Proportional sweep's pace, bytes of span swept per byte allocated (mgcpacer.go: gcPaceSweeper's
   * sweepPagesPerByte = pages in use / (trigger − heapLive − 1 MiB), at least a page of distance): fixed for the phase.
   */
  perAllocByte = 0;
  /**
   * CPU to sweep one byte of this phase's spans, ns on one CPU: the version's cost per span times the spans in use,
   * over their bytes. Set by start.
   */
  nsPerByte = 0;

  /**
   * A sweep phase starts (gcSweep at mark termination): every span in use, `heapInUseBytes` in `spans` spans, is to be
   * swept at `nsPerSpan` each (one CPU).
   */
  start(heapInUseBytes: number, spans: number, nsPerSpan: number): void {
    this.debt = Math.max(0, heapInUseBytes);
    this.nsPerByte = this.debt > 0 ? (nsPerSpan * spans) / this.debt : 0;
  }

  /**
   * gcPaceSweeper: proportional sweep spreads what is left over `distanceBytes` (trigger − heap live) of allocation,
   * less 1 MiB. Paced whenever the pacer commits (runtime.ts: commitPacer); 0 once sweeping is done.
   */
  pace(distanceBytes: number): void {
    this.perAllocByte = this.debt / Math.max(PAGE_BYTES, distanceBytes - 1024 * 1024);
  }

  /** CPU per allocated byte a mutator that sweeps proportionally pays, ns (one CPU). */
  nsPerAllocByte(): number {
    return this.debt > 0 ? this.perAllocByte * this.nsPerByte : 0;
  }

  /** Proportional sweep (deductSweepCredit): the mutator allocated `bytes`, sweeping its share first. */
  payAlloc(bytes: number): void {
    if (this.debt > 0 && bytes > 0) this.debt = Math.max(0, this.debt - bytes * this.perAllocByte);
  }

  /** Bytes the mutator allocates before proportional sweep has paid off the debt. */
  allocToFinish(): number {
    return this.debt > 0 ? this.debt / this.perAllocByte : 0;
  }

  /** The rest is swept at once (finishsweep_m in a stop-the-world, as for a forced or periodic GC). */
  finish(): void {
    this.debt = 0;
  }

  done(): boolean {
    return this.debt <= 0;
  }

  /** Bytes swept per second by `cpus` CPUs sweeping together. */
  private rate(cpus: number): number {
    return cpus > 0 && this.nsPerByte > 0 ? (mutatorCpuEquivalent(cpus) / this.nsPerByte) * 1e9 : 0;
  }

  /** Sweeps for up to `dtNs` on `cpus` CPUs; returns the wall ns actually spent sweeping (less if the debt ran out). */
  advance(dtNs: number, cpus: number): number {
    if (this.debt <= 0 || dtNs <= 0) return 0;
    const r = this.rate(cpus);
    if (r <= 0) return 0;
    const need = (this.debt / r) * 1e9;
    if (need <= dtNs) {
      this.debt = 0;
      return need;
    }
    this.debt -= (r * dtNs) / 1e9;
    return dtNs;
  }

  /** Wall ns until the debt is swept on `cpus` CPUs (Infinity if nothing sweeps). */
  timeToFinish(cpus: number): number {
    if (this.debt <= 0) return 0;
    const r = this.rate(cpus);
    return r > 0 ? Math.max(1, Math.ceil((this.debt / r) * 1e9)) : Infinity;
  }
}
