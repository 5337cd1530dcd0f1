// The Go program's workload as the runtime sees it: one catalogue entry per workload kind (kind.ts: WorkloadKind; one
// module each, named after its plan action: liveheap.ts, leakheap.ts, garbage.ts, requests.ts, pool.ts for
// "goroutines", leakgoroutines.ts), applied by kind and summed here. What is reachable, how fast the mutator
// allocates, its goroutines and their stacks, and the CPU it needs, all piecewise linear between events.
//
// Every sum below names each kind's part in the order the first model added them, so that floating-point results
// (and every output) stay byte-identical; a new kind adds its part at the end of each sum it takes part in.

import type { PlanAction } from "../plan";
import { GO1_19_OBJECT_LAYOUT } from "../versions/go1_19";
import type { ObjectLayout } from "../versions/layout";
import {
  BASELINE_HEAP_OBJECTS_BYTES,
  BASELINE_STACK_BYTES,
  MUTATOR_NS_PER_BYTE,
  MUTATOR_NS_PER_GOROUTINE,
  MUTATOR_NS_PER_OBJECT,
} from "../constants";
import type { WorkloadAction, WorkloadKind } from "./kind";
import { Garbage } from "./garbage";
import { LiveHeap } from "./liveheap";
import { LeakHeap } from "./leakheap";
import { Requests } from "./requests";
import { GoroutinePool } from "./pool";
import { LEAK_OBJECT_BYTES, LeakGoroutines } from "./leakgoroutines";
import { STACK_MIN } from "./stacks";

export type { WorkloadKind, WorkloadAction } from "./kind";

/** Goroutines every Go program has besides the workload's (main; the runtime's own are not counted by the runtime). */
export const BASE_GOROUTINES = 1;

export class Workload {
  readonly liveHeap: LiveHeap;
  readonly leakHeap = new LeakHeap();
  readonly garbage: Garbage;
  readonly requests = new Requests();
  readonly pool = new GoroutinePool();
  readonly leakGoroutines = new LeakGoroutines();
  /** The catalogue: each workload kind by its plan action. */
  private readonly kinds: Record<WorkloadAction["kind"], WorkloadKind>;

  /** New goroutines start with this stack (adaptive starting size, set by the runtime after each GC). */
  startingStack = STACK_MIN;
  /** Most goroutines alive at once so far: their g structs stay in the heap for good. */
  peakGoroutines = BASE_GOROUTINES;

  // Rates only change when an action is applied or a ramp ends: cached, recomputed after those.
  private ratesDirty = true;
  private cachedAllocRate = 0;
  private cachedWorkAllocRate = 0;
  private cachedScanAllocRate = 0;
  private cachedDemandCores = 0;
  /**
   * Whether anything besides work-driven allocation moves between events: a ramp, request arrivals, a goroutine leak,
   * or more goroutines than ever before (their g structs). Recomputed with the rates.
   */
  private growing = true;
  /** Whether goroutine counts move between events (stacksMoving). Recomputed with the rates. */
  private cachedStacksMoving = false;

  /** What the last readMarkStart read: reachable bytes, stack bytes in use, scannable bytes, their mark cost. */
  markReachable = 0;
  markStacks = 0;
  markScannable = 0;
  markCost = 0;

  /** Heap bytes of one g struct: its size-class slot (allocated with pointers). */
  readonly gSlotBytes: number;

  /**
   * reachableMarkCost's relative(size, pointers) of each part (g structs, live heap, heap leak, requests, leaked
   * goroutines), as last computed for `markCostOf` and the parts' object sizes then (read again after apply).
   */
  private markCostOf: ((size: number, pointers: number) => number) | null = null;
  private readonly markCostRelative = new Float64Array(5);
  /** An action applied since markCostRelative was read (the parts' object sizes change only in apply). */
  private markCostsStale = true;
  /** Whether every markCostRelative is 1 (Go 1.19): the mark cost is then the scannable bytes themselves. */
  private markCostOne = false;

  /**
   * sweepSpans' layout of each part (g structs, live heap, heap leak, requests, leaked goroutines): layout.spanOverhead
   * and layout.spanBytes, as last read for the parts' object sizes (read again after apply: spanLayoutsStale).
   */
  private spanLayoutsStale = true;
  private readonly spanOverhead = new Float64Array(5);
  private readonly spanBytes = new Float64Array(5);

  /**
   * @param layout the Go version's object layout (size class with malloc header, span-end reserves)
   * @param gStructBytes unsafe.Sizeof(g{}) in that version
   */
  constructor(
    private readonly layout: ObjectLayout = GO1_19_OBJECT_LAYOUT,
    gStructBytes = 392,
  ) {
    this.gSlotBytes = layout.slotSize(gStructBytes, true);
    this.liveHeap = new LiveHeap(this.leakHeap);
    this.garbage = new Garbage(this.liveHeap);
    for (const k of [this.liveHeap, this.leakHeap, this.garbage, this.requests, this.leakGoroutines]) k.layout = layout;
    this.kinds = {
      liveHeap: this.liveHeap,
      leakHeap: this.leakHeap,
      garbage: this.garbage,
      requests: this.requests,
      goroutines: this.pool,
      leakGoroutines: this.leakGoroutines,
    } as Record<WorkloadAction["kind"], WorkloadKind>;
  }

  /**
   * Applies a plan action at `nowNs` (to its kind; other actions are not the workload's). Returns bytes allocated at
   * once (an instant live-heap increase), to be added to the heap by the caller. Ramp ends are reported by rampEnds().
   */
  apply(a: PlanAction, nowNs: number): number {
    this.ratesDirty = true;
    // (a part's object size and pointers change only here: the layouts and mark costs cached by size are read again)
    this.spanLayoutsStale = true;
    this.markCostsStale = true;
    const kind = this.kinds[a.kind as WorkloadAction["kind"]];
    return kind ? kind.apply(a as never, nowNs) : 0;
  }

  /** Times (ns) at which a running ramp ends; the runtime schedules an event at each. */
  rampEnds(): number[] {
    return [this.liveHeap.rampEndNs(), this.requests.rampEndNs(), this.pool.rampEndNs()].filter((t) =>
      Number.isFinite(t),
    );
  }

  /** Ends the ramps whose end time has come: values snap to their targets, slopes to zero. */
  endRamps(nowNs: number): void {
    this.ratesDirty = true;
    this.liveHeap.endRamp(nowNs);
    this.requests.endRamp(nowNs);
    this.pool.endRamp(nowNs);
  }

  /**
   * Moves time forward from fromNs to toNs with constant rates. `progress` ∈ [0, 1] is the share of its nominal speed
   * the mutator achieved (CPU-starved or assisting), > 1 while catching up; it scales the work-driven allocation
   * (garbage, churn), not the heap leak (leakheap.ts) nor the arrivals of requests and goroutines, which come from
   * outside. Returns rounded bytes allocated.
   */
  advance(fromNs: number, toNs: number, progress: number): number {
    const dtNs = toNs - fromNs;
    if (dtNs <= 0) return 0;
    let allocated = this.liveHeap.advanceWork(dtNs, progress) + this.leakHeap.advanceWork(dtNs);
    allocated += this.garbage.advanceWork(fromNs, toNs, progress);
    if (this.ratesDirty) this.refreshRates();
    return this.growing ? this.advanceGrowth(dtNs, allocated) : allocated;
  }

  /** advance's growth part, added to the `allocated` of its work part (out of line: most steps have no growth). */
  private advanceGrowth(dtNs: number, allocated: number): number {
    allocated += this.liveHeap.advanceGrowth(dtNs);
    allocated += this.requests.advanceGrowth(dtNs);
    this.pool.advanceGrowth(dtNs);
    allocated += this.leakGoroutines.advanceGrowth(dtNs, this.startingStack);
    const g = this.goroutines();
    if (g > this.peakGoroutines) {
      allocated += (g - this.peakGoroutines) * this.gSlotBytes;
      this.peakGoroutines = g;
    }
    return allocated;
  }

  // ---- garbage's batches, timers and backlog (garbage.ts) ----

  get garbageOverhead(): number {
    return this.garbage.overhead;
  }
  get garbagePointers(): number {
    return this.garbage.pointers;
  }
  get garbageEveryNs(): number {
    return this.garbage.everyNs;
  }
  get garbagePerSec(): number {
    return this.garbage.perSec;
  }
  get backlog(): number {
    return this.garbage.backlog;
  }
  get timersStalled(): boolean {
    return this.garbage.timersStalled;
  }
  set timersStalled(v: boolean) {
    this.garbage.timersStalled = v;
  }
  /** The timer-driven goroutines get to run: returns the garbage batches they owe (allocated at once). */
  releaseTimers(): number {
    return this.garbage.releaseTimers();
  }
  /** Mutator CPU per byte of garbage allocated, ns. */
  garbageNsPerByte(): number {
    return this.garbage.nsPerByte();
  }
  /** Bytes of one garbage batch (when garbage comes in batches). */
  garbageBatchBytes(): number {
    return this.garbage.batchBytes();
  }
  /** Number of batch instants in (fromNs, toNs]. */
  batchesIn(fromNs: number, toNs: number): number {
    return this.garbage.batchesIn(fromNs, toNs);
  }
  /** Most work-driven allocation the mutator keeps owing, bytes. */
  backlogCap(): number {
    return this.garbage.backlogCap();
  }
  /** True while the mutator owes work and runs on every P it can get to catch up. */
  behind(): boolean {
    return this.garbage.behind();
  }
  /** Time (ns) until the backlog is paid off at `progress`; Infinity if it is not shrinking. */
  timeToCatchUp(progress: number): number {
    return this.garbage.timeToCatchUp(progress);
  }

  // ---- the live heap (liveheap.ts) ----

  get live(): number {
    return this.liveHeap.live;
  }
  get liveTarget(): number {
    return this.liveHeap.target;
  }
  get livePointers(): number {
    return this.liveHeap.pointers;
  }
  get liveOverhead(): number {
    return this.liveHeap.overhead;
  }
  /** Bytes of span per byte of reachable objects (the live heap's size class: what survives a sweep). */
  reachableSpanOverhead(): number {
    return this.liveHeap.overhead;
  }

  /** CPU the mutator needs besides the timer-driven garbage batches (which wait while timers are stalled), cores. */
  untimedDemandCores(): number {
    if (this.garbage.everyNs <= 0) return this.mutatorDemandCores();
    const batches = (this.garbage.perSec * this.garbage.nsPerByte()) / 1e9;
    return Math.max(0, this.mutatorDemandCores() - batches);
  }

  /**
   * Time (ns after nowNs) at which the mutator, at `progress` of its speed, will have allocated `bytes` more, if that
   * is no later than `untilNs` (the end of the run); Infinity otherwise. Continuous allocation is linear; batched
   * garbage arrives in steps on its grid. Bounding the answer by the run's end keeps every time an exact integer
   * (< 2^53 ns) whatever the distance: GOGC=off without a limit puts the trigger near 2^63 bytes.
   */
  timeToAllocate(nowNs: number, bytes: number, progress: number, untilNs: number): number {
    if (bytes <= 0) return 0;
    const rate = this.allocRateAt(progress);
    if (rate <= 0) return Infinity;
    const g = this.garbage;
    if (g.everyNs <= 0 || g.perSec <= 0 || g.behind()) {
      const dt = Math.max(1, Math.ceil((bytes / rate) * 1e9));
      return dt <= untilNs - nowNs ? dt : Infinity;
    }
    return g.timeToAllocateBatched(nowNs, bytes, progress, untilNs, rate);
  }

  /** Allocation rate at `progress` of the mutator's speed, bytes/s: the leak does not slow down (advance). */
  private allocRateAt(progress: number): number {
    return this.allocRate() * progress + this.leakHeap.perSec * (1 - progress);
  }

  private refreshRates(): void {
    this.ratesDirty = false;
    this.cachedStacksMoving =
      this.requests.stacksMoving() || this.pool.stacksMoving() || this.leakGoroutines.stacksMoving();
    this.growing =
      this.liveHeap.growing() ||
      this.requests.growing() ||
      this.pool.growing() ||
      this.leakGoroutines.growing() ||
      this.goroutines() > this.peakGoroutines;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- a short name for the sums' terms, one per line
    const k = this;
    // allocation: the program's work (garbage, churn, heap leak), then growth (live ramp, requests, goroutines' heap)
    this.cachedAllocRate =
      k.garbage.workAllocRate() +
      k.liveHeap.workAllocRate() +
      k.leakHeap.workAllocRate() +
      k.liveHeap.growthAllocRate() +
      k.requests.growthAllocRate() +
      k.leakGoroutines.growthAllocRate();
    this.cachedWorkAllocRate = k.garbage.workAllocRate() + k.liveHeap.workAllocRate() + k.leakHeap.workAllocRate();
    this.cachedScanAllocRate =
      k.garbage.workScanRate() +
      k.liveHeap.workScanRate() +
      k.leakHeap.workScanRate() +
      k.liveHeap.growthScanRate() +
      k.requests.growthScanRate() +
      k.leakGoroutines.growthScanRate();
    const objects = k.garbage.objectsPerSec() + k.liveHeap.objectsPerSec() + k.requests.objectsPerSec();
    const goroutinesStarted = k.requests.goroutinesStartedPerSec() + k.leakGoroutines.goroutinesStartedPerSec();
    this.cachedDemandCores =
      (objects * MUTATOR_NS_PER_OBJECT +
        this.cachedAllocRate * MUTATOR_NS_PER_BYTE +
        goroutinesStarted * MUTATOR_NS_PER_GOROUTINE) /
      1e9;
  }

  /**
   * Most span bytes the mutator at full speed takes for its allocation in the next `dtNs`: the allocation rate times
   * the largest span overhead of its parts, plus one garbage batch more than the grid's average (oom.ts:
   * staysBelowLimit; stacks are not counted).
   */
  spanBytesBound(dtNs: number): number {
    // (earliestOomNs's `most` at progress 1 without stacks, oom.ts)
    const g = this.garbage;
    const overhead = Math.max(g.overhead, this.liveHeap.overhead, 1);
    return overhead * ((this.allocRate() * dtNs) / 1e9 + (g.everyNs > 0 ? g.batchBytes() : 0));
  }

  /** Nominal allocation rate (rounded bytes/s) at full mutator speed. */
  allocRate(): number {
    if (this.ratesDirty) this.refreshRates();
    return this.cachedAllocRate;
  }

  /**
   * Allocation rate of the program's own work (garbage, churn, heap leak), bytes/s: the part of allocRate whose spans
   * carry garbageOverhead (runtime.ts: step); the rest is live-heap growth, requests and goroutines.
   */
  workAllocRate(): number {
    if (this.ratesDirty) this.refreshRates();
    return this.cachedWorkAllocRate;
  }

  /** Scannable bytes per second of allocation (heapScan growth). */
  scanAllocRate(): number {
    if (this.ratesDirty) this.refreshRates();
    return this.cachedScanAllocRate;
  }

  /** CPU the mutator needs to run at full speed, in cores. */
  mutatorDemandCores(): number {
    if (this.ratesDirty) this.refreshRates();
    return this.cachedDemandCores;
  }

  /** Reachable heap, rounded bytes: the program's baseline heap and the g structs, plus the kinds'. */
  reachable(): number {
    return (
      BASELINE_HEAP_OBJECTS_BYTES +
      this.peakGoroutines * this.gSlotBytes +
      this.liveHeap.reachable() +
      this.leakHeap.reachable() +
      this.requests.reachable() +
      this.leakGoroutines.reachable()
    );
  }

  /**
   * Spans of a heap of `heapInUse` span bytes at mark termination: what gcSweep queues, every in-use span
   * (mgc.go: gcSweep; mgcsweep.go: sweepone visits them one at a time, mspan.sweep). Each reachable part counts in
   * spans of its own class (layout.spanBytes: 8 KiB for Go 1.19's 4 KiB objects, 24 KiB for Go 1.22+'s 4,864 B slot
   * of a 4 KiB pointerful object), the g structs in theirs, and the rest of the heap in use (the garbage, the
   * program's baseline heap, the spans' waste) in spans of the garbage's mix.
   */
  sweepSpans(heapInUse: number): number {
    const l = this.liveHeap,
      k = this.leakHeap,
      r = this.requests;
    // (as reachableMarkCost: the parts' layouts are read again only when an action applied, object sizes may change)
    if (this.spanLayoutsStale) this.readSpanLayouts();
    const overhead = this.spanOverhead,
      spanBytes = this.spanBytes;
    // (unrolled, each part's terms in the order of the parts, skipping an empty one: the loop over a scratch array
    // costs the simulated hour 372.8 M instructions against 363.0 M, cachegrind; V8 then inlines less around it)
    let inParts = 0;
    let spans = 0;
    let spanned = this.peakGoroutines * this.gSlotBytes;
    if (spanned > 0) {
      spanned *= overhead[0];
      inParts += spanned;
      spans += spanned / spanBytes[0];
    }
    if ((spanned = l.reachable()) > 0) {
      spanned *= overhead[1];
      inParts += spanned;
      spans += spanned / spanBytes[1];
    }
    if ((spanned = k.reachable()) > 0) {
      spanned *= overhead[2];
      inParts += spanned;
      spans += spanned / spanBytes[2];
    }
    if ((spanned = r.reachable()) > 0) {
      spanned *= overhead[3];
      inParts += spanned;
      spans += spanned / spanBytes[3];
    }
    if ((spanned = this.leakGoroutines.reachable()) > 0) {
      spanned *= overhead[4];
      inParts += spanned;
      spans += spanned / spanBytes[4];
    }
    return spans + Math.max(0, heapInUse - inParts) / this.garbage.spanBytes;
  }

  /** sweepSpans' cache miss: each part's layout.spanOverhead and layout.spanBytes (out of line, as readMarkCosts). */
  private readSpanLayouts(): void {
    const layout = this.layout;
    this.spanLayoutsStale = false;
    const sizes = [
      this.gSlotBytes,
      this.liveHeap.objectSize,
      this.leakHeap.objectSize,
      this.requests.objectSize,
      LEAK_OBJECT_BYTES,
    ];
    const pointers = [
      true,
      this.liveHeap.pointers !== 0,
      this.leakHeap.pointers !== 0,
      this.requests.pointers !== 0,
      true,
    ];
    for (let i = 0; i < 5; i++) {
      this.spanOverhead[i] = layout.spanOverhead(sizes[i], pointers[i]);
      this.spanBytes[i] = layout.spanBytes(sizes[i], pointers[i]);
    }
  }

  /** Reachable bytes the GC must scan (pointer-bearing). */
  reachableScannable(): number {
    return (
      BASELINE_HEAP_OBJECTS_BYTES +
      this.peakGoroutines * this.gSlotBytes +
      this.liveHeap.reachableScannable() +
      this.leakHeap.reachableScannable() +
      this.requests.reachableScannable() +
      this.leakGoroutines.reachableScannable()
    );
  }

  /**
   * What a mark scans, read at its start in one call (markStart runs once per cycle): reachable(), stackUsed(),
   * reachableScannable() and reachableMarkCost(relative) into markReachable, markStacks, markScannable and markCost.
   */
  readMarkStart(relative: (size: number, pointers: number) => number): void {
    this.markReachable = this.reachable();
    this.markStacks = this.stackUsed();
    this.markScannable = this.reachableScannable();
    this.readMarkCostsIfChanged(relative);
    this.markCost = this.markCostOne ? this.markScannable : this.markCostSum();
  }

  /**
   * Mark CPU of the reachable scannable heap relative to Go 1.19's, bytes-weighted over its parts by their object
   * sizes: `relative(size, pointers)` is the version's MarkCost.relativeToGo119. The program's baseline heap (mixed
   * runtime objects) counts at 1. Returns Σ bytes × relative, to be divided by reachableScannable() (same order of
   * sums).
   */
  reachableMarkCost(relative: (size: number, pointers: number) => number): number {
    this.readMarkCostsIfChanged(relative);
    // Every part at 1 (Go 1.19): the same sum as reachableScannable's, term by term (x · 1 = x).
    return this.markCostOne ? this.reachableScannable() : this.markCostSum();
  }

  /** reachableMarkCost's sum over the parts, once markCostRelative is current. */
  private markCostSum(): number {
    const rel = this.markCostRelative;
    return (
      BASELINE_HEAP_OBJECTS_BYTES +
      this.peakGoroutines * this.gSlotBytes * rel[0] +
      this.liveHeap.reachableScannable() * rel[1] +
      this.leakHeap.reachableScannable() * rel[2] +
      this.requests.reachableScannable() * rel[3] +
      this.leakGoroutines.reachableScannable() * rel[4]
    );
  }

  /** Reads markCostRelative again when `relative` or a part's object size changed since the last read. */
  private readMarkCostsIfChanged(relative: (size: number, pointers: number) => number): void {
    // (the parts' object sizes change only when an action applies: relative() is called again only then)
    if (this.markCostsStale || this.markCostOf !== relative) this.readMarkCosts(relative);
  }

  /** reachableMarkCost's cache miss (out of line: reachableMarkCost runs at every mark start). */
  private readMarkCosts(relative: (size: number, pointers: number) => number): void {
    const l = this.liveHeap,
      k = this.leakHeap,
      r = this.requests;
    const rel = this.markCostRelative;
    this.markCostOf = relative;
    this.markCostsStale = false;
    rel[0] = relative(this.gSlotBytes, 1);
    rel[1] = relative(l.objectSize, l.pointers);
    rel[2] = relative(k.objectSize, k.pointers);
    rel[3] = relative(r.objectSize, r.pointers);
    rel[4] = relative(LEAK_OBJECT_BYTES, 1);
    this.markCostOne = rel.every((x) => x === 1);
  }

  /**
   * heapLive where gcStart ran for a heap cycle at `nowNs` (the pacer's `triggered` since Go 1.20): a batch of garbage
   * applied at once that crossed the trigger started the cycle at its crossing allocation (mallocgc's gcTrigger test),
   * the rest of the batch following once the world restarts; otherwise `heap0`.
   */
  heapAtGcStart(nowNs: number, heapLive: number, trigger: number, heap0: number): number {
    const batch = this.garbageEveryNs > 0 && this.batchesIn(nowNs - 1, nowNs) > 0 ? this.garbageBatchBytes() : 0;
    return Math.floor(batch > 0 ? Math.min(heapLive, Math.max(trigger, heapLive - batch)) : heap0);
  }

  goroutines(): number {
    return BASE_GOROUTINES + this.pool.goroutines() + this.requests.goroutines() + this.leakGoroutines.goroutines();
  }

  /** Stack spans of all live goroutines, the runtime's own included (BASELINE_STACK_BYTES). */
  stackAllocated(): number {
    const start = this.startingStack;
    return (
      BASELINE_STACK_BYTES +
      this.pool.stackAllocated(start) +
      this.requests.stackAllocated(start) +
      this.leakGoroutines.stackAllocated(start)
    );
  }

  /** True while goroutine counts move between events (ramps, leaks): stack sizes must be re-read at every step. */
  stacksMoving(): boolean {
    if (this.ratesDirty) this.refreshRates();
    return this.cachedStacksMoving;
  }

  /** How fast stackAllocated() moves, bytes/ns in absolute value (an upper bound: ramps and leaks add up). */
  stackBytesRate(): number {
    const start = this.startingStack;
    return (
      this.pool.stackBytesRate(start) + this.requests.stackBytesRate(start) + this.leakGoroutines.stackBytesRate(start)
    );
  }

  /** Stack bytes in use, what the GC scans (lastStackScan): the main goroutine's, plus the kinds'. */
  stackUsed(): number {
    return STACK_MIN + this.pool.stackUsed() + this.requests.stackUsed() + this.leakGoroutines.stackUsed();
  }
}
