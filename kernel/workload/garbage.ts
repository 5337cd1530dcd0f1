// garbage: short-lived allocation (a request's temporaries, buffers), a mix of sizes, continuous or in batches on a
// grid (a ticker-driven goroutine: a batch every everyNs). The mutator's work drives it: a mutator short of CPU or
// assisting allocates less, and with catchUp set it keeps a backlog of the work it owes and runs on every P until it
// has caught up (the corpus' harness: loadgen main.go caps the garbage workers' debt at maxDebt). While every P is held
// by a mark worker, the ticker's batches wait (timersStalled) until sysmon preempts it (runtime.ts, sysmon.ts).

import { GO1_19_OBJECT_LAYOUT } from "../versions/go1_19";
import type { ObjectLayout } from "../versions/layout";
import { MUTATOR_NS_PER_BYTE, MUTATOR_NS_PER_OBJECT } from "../constants";
import { NoWorkload, type WorkloadAction, type WorkloadKind } from "./kind";
import type { LiveHeap } from "./liveheap";

type GarbageAction = Extract<WorkloadAction, { kind: "garbage" }>;

export class Garbage extends NoWorkload implements WorkloadKind<GarbageAction> {
  /** The Go version's object layout (size class with malloc header, span-end reserves); set by Workload. */
  layout: ObjectLayout = GO1_19_OBJECT_LAYOUT;

  readonly kind = "garbage";
  /** Rounded bytes per second. apply. */
  perSec = 0;
  /** Objects per second. apply. */
  objectsPerSecond = 0;
  /** Pointer-bearing share. apply. */
  pointers = 0;
  /** Span bytes per rounded byte of the mix (its size classes). apply. */
  overhead = 1;
  /** Mean bytes per span of the mix's spans (span bytes over spans: layout.spanBytes of each size). apply. */
  spanBytes = 8192;
  /** If > 0, garbage comes in batches on a grid of this period (ns) from originNs, not continuously. apply. */
  everyNs = 0;
  originNs = 0;
  /** Longest backlog of work-driven allocation kept when the mutator falls behind, ns of work (0 = none kept). */
  catchUpNs = 0;
  /** Work-driven allocation owed, bytes: the mutator runs on every P until it is done. advance. */
  backlog = 0;
  /**
   * While true, timers are not serviced (every P is held by a mark worker that does not yield to timers): batches that
   * fall due are held back in pendingBatchBytes until releaseTimers(). Set by the runtime.
   */
  timersStalled = false;
  pendingBatchBytes = 0;

  /** @param live the live heap, whose churn is work the mutator owes too (backlog) */
  constructor(private readonly live: LiveHeap) {
    super();
  }

  apply(a: GarbageAction, nowNs: number): number {
    const noscan = a.pointerFraction === 0;
    let rounded = 0;
    let objects = 0;
    let overhead = 0;
    let spans = 0;
    for (const s of a.sizes) {
      const bytes = a.bytesPerSec * s.share;
      const r = (this.layout.slotSize(s.size, !noscan) / s.size) * bytes;
      rounded += r;
      objects += bytes / s.size;
      const spanned = r * this.layout.spanOverhead(s.size, !noscan);
      overhead += spanned;
      spans += spanned / this.layout.spanBytes(s.size, !noscan);
    }
    this.perSec = rounded;
    this.objectsPerSecond = objects;
    this.pointers = a.pointerFraction;
    this.overhead = rounded > 0 ? overhead / rounded : 1;
    this.spanBytes = spans > 0 ? overhead / spans : 8192;
    this.everyNs = a.everyNs ?? 0;
    this.catchUpNs = a.catchUpNs ?? 0;
    this.backlog = Math.min(this.backlog, this.backlogCap());
    this.originNs = nowNs;
    return 0;
  }

  /**
   * The step's garbage from fromNs to toNs at `progress`: continuous, or the batches that fall due (held back while
   * timers are stalled). The backlog grows by the work not done (garbage and churn).
   */
  advanceWork(fromNs: number, toNs: number, progress: number): number {
    const dt = (toNs - fromNs) / 1e9;
    // A mutator that owes work does not wait for the next batch instant: it allocates without pause until caught up.
    const batched = this.everyNs > 0 && !this.behind();
    if (this.catchUpNs > 0) this.owe(progress, dt);
    if (batched) {
      const batches = this.batchesIn(fromNs, toNs) * this.batchBytes() * progress;
      if (this.timersStalled) this.pendingBatchBytes += batches;
      else return batches;
      return 0;
    }
    return this.perSec * progress * dt;
  }

  /** The backlog grows by the work not done over `dt` seconds at `progress` (advanceWork, with catchUp set). */
  private owe(progress: number, dt: number): void {
    const work = this.perSec + this.live.churnPerSec;
    this.backlog = Math.min(this.backlogCap(), Math.max(0, this.backlog + work * (1 - progress) * dt));
  }

  advance(dtNs: number, progress: number): number {
    return this.advanceWork(0, dtNs, progress);
  }

  /** The timer-driven goroutines get to run: returns the batches they owe (allocated at once). */
  releaseTimers(): number {
    const b = this.pendingBatchBytes;
    this.pendingBatchBytes = 0;
    return b;
  }

  workAllocRate(): number {
    return this.perSec;
  }
  workScanRate(): number {
    return this.perSec * this.pointers;
  }
  objectsPerSec(): number {
    return this.objectsPerSecond;
  }

  /** Mutator CPU per byte of garbage allocated, ns. */
  nsPerByte(): number {
    return this.perSec > 0 ? (this.objectsPerSecond * MUTATOR_NS_PER_OBJECT) / this.perSec + MUTATOR_NS_PER_BYTE : 0;
  }

  /** Most work-driven allocation the mutator keeps owing, bytes. */
  backlogCap(): number {
    return ((this.perSec + this.live.churnPerSec) * this.catchUpNs) / 1e9;
  }

  /** True while the mutator owes work and runs on every P it can get to catch up. */
  behind(): boolean {
    return this.catchUpNs > 0 && this.backlog > 1;
  }

  /** Time (ns) until the backlog is paid off at `progress` (> 1 while catching up); Infinity if it is not shrinking. */
  timeToCatchUp(progress: number): number {
    const work = this.perSec + this.live.churnPerSec;
    const drain = work * (progress - 1); // bytes per second
    return drain > 0 ? Math.max(1, Math.ceil((this.backlog / drain) * 1e9)) : Infinity;
  }

  /** Bytes of one batch (when garbage comes in batches). */
  batchBytes(): number {
    return (this.perSec * this.everyNs) / 1e9;
  }

  /** Number of batch instants in (fromNs, toNs]. */
  batchesIn(fromNs: number, toNs: number): number {
    const e = this.everyNs;
    return Math.floor((toNs - this.originNs) / e) - Math.floor((fromNs - this.originNs) / e);
  }

  /**
   * Time (ns after nowNs) at which `bytes` more are allocated when this garbage comes in batches on its grid and the
   * rest (`rate` − this garbage's, bytes/s at `progress`) continuously; Infinity if later than untilNs. The batch count
   * k is an integer below (untilNs − nowNs) / every + 2 ≤ 2^53 (durations are capped at 100 days, batches at least 1 µs
   * apart), so k ± 1 always moves.
   */
  timeToAllocateBatched(nowNs: number, bytes: number, progress: number, untilNs: number, rate: number): number {
    const cont = (rate - this.perSec * progress) / 1e9; // bytes per ns
    const batch = this.batchBytes() * progress;
    const e = this.everyNs;
    if (untilNs < nowNs || cont * (untilNs - nowNs) + this.batchesIn(nowNs, untilNs) * batch < bytes) return Infinity;
    // k-th batch instant after now: b_k = origin + (floor((now − origin)/e) + k)·e
    const base = this.originNs + Math.floor((nowNs - this.originNs) / e) * e;
    // Smallest k with cont·(b_k − now) + k·batch ≥ bytes; the crossing may also fall between b_{k−1} and b_k.
    let k = Math.max(1, Math.floor(bytes / (batch + cont * e)));
    while (k > 1 && cont * (base + (k - 1) * e - nowNs) + (k - 1) * batch >= bytes) k--;
    while (cont * (base + k * e - nowNs) + k * batch < bytes) k++;
    const before = (k - 1) * batch; // batches landed before b_k
    if (cont > 0) {
      const tc = Math.ceil((bytes - before) / cont); // continuous crossing, counted from now
      const prev = k > 1 ? base + (k - 1) * e - nowNs : 0;
      if (tc < base + k * e - nowNs) return Math.max(1, prev, tc);
    }
    return base + k * e - nowNs;
  }
}
