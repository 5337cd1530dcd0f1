// The Go program's workload as the runtime sees it: what is reachable (live heap, leaks, requests in flight, retained
// by leaked goroutines), how fast it allocates, and its goroutines and their stacks. Every quantity is piecewise
// linear in time: plan actions change rates, ramps end at known times (the runtime schedules an event there), and
// between those instants advance() integrates exactly. Heap bytes are counted at their size-class-rounded size.

import type { PlanAction } from "./plan";
import { GO1_19_LAYOUT } from "./versions/go1_19";
import { objectLayout, type ObjectLayout } from "./versions/layout";
import {
  BASELINE_HEAP_OBJECTS_BYTES,
  BASELINE_STACK_BYTES,
  MUTATOR_NS_PER_BYTE,
  MUTATOR_NS_PER_GOROUTINE,
  MUTATOR_NS_PER_OBJECT,
  STACK_GUARD,
  STACK_USED_FRACTION,
} from "./constants";

/** _StackMin / _FixedStack on Linux: the smallest goroutine stack (runtime/stack.go). */
export const STACK_MIN = 2048;
/** Stack a goroutine with a requested stack of `bytes` ends up with: doubled from 2 KiB until it fits (newstack). */
export function allocatedStack(bytes: number): number {
  let s = STACK_MIN;
  while (s < bytes) s *= 2;
  return s;
}

/** runtime/stack.go: _StackGuard − _StackSmall… the 928 B gcComputeStartingStackSize adds to the average. */
export const STACK_GUARD_ADD = 928;
/** runtime/stack.go: maxstacksize on 64-bit. */
export const MAX_STACK_SIZE = 1 << 30;

/**
 * Go 1.19's adaptive starting stack size (proc.go: gcComputeStartingStackSize, on by default): the average stack
 * scanned in the last GC plus 928 B, rounded up to a power of two, within [2 KiB, maxstacksize]; 2 KiB if no stack
 * was scanned.
 */
export function startingStackSize(scannedStackBytes: number, scannedGoroutines: number): number {
  if (scannedGoroutines <= 0) return STACK_MIN;
  const avg = scannedStackBytes / scannedGoroutines + STACK_GUARD_ADD;
  let s = STACK_MIN;
  while (s < avg && s < MAX_STACK_SIZE) s *= 2;
  return s;
}

/** Stack bytes a goroutine that grew to `allocated` uses (and the GC scans); see STACK_USED_FRACTION. */
export function usedStack(allocated: number): number {
  if (allocated <= STACK_MIN) return (STACK_MIN - STACK_GUARD) / 2;
  return allocated * STACK_USED_FRACTION - STACK_GUARD;
}

/** Goroutines every Go program has besides the workload's (main; the runtime's own are not counted by the runtime). */
export const BASE_GOROUTINES = 1;

/** Go 1.19's object layout (the default of a Workload built without a version). */
const GO1_19_OBJECT_LAYOUT = objectLayout(GO1_19_LAYOUT);

export class Workload {
  /** Heap bytes of one g struct: its size-class slot (allocated with pointers). */
  readonly gSlotBytes: number;
  /**
   * @param layout the Go version's object layout (size class with malloc header, span-end reserves)
   * @param gStructBytes unsafe.Sizeof(g{}) in that version
   */
  constructor(
    private readonly layout: ObjectLayout = GO1_19_OBJECT_LAYOUT,
    gStructBytes = 392,
  ) {
    this.gSlotBytes = layout.slotSize(gStructBytes, true);
  }

  // Live heap: reachable long-lived data, rounded bytes; linear towards liveTarget until liveRampEndNs.
  live = 0;
  /** bytes per ns while a liveHeap ramp runs. */
  liveSlope = 0;
  liveTarget = 0;
  liveRampEndNs = Infinity;
  /** rounded bytes per requested byte for live objects. */
  liveRound = 1;
  livePointers = 1;
  liveOverhead = 1;
  /** rounded bytes per second of replaced live objects (allocated; the old ones become garbage). */
  churnPerSec = 0;
  liveObjectSize = 4096;

  // Leaked heap: reachable forever.
  leaked = 0;
  leakPerSec = 0;
  leakPointers = 1;
  leakObjectsPerByte = 0;

  // Garbage: short-lived allocation.
  garbagePerSec = 0;
  garbageObjectsPerSec = 0;
  garbagePointers = 0;
  garbageOverhead = 1;
  /** If > 0, garbage is allocated in batches on a grid of this period (ns) from garbageOriginNs, not continuously. */
  garbageEveryNs = 0;
  garbageOriginNs = 0;
  /** Longest backlog of work-driven allocation kept when the mutator falls behind, ns of work (0 = none kept). */
  catchUpNs = 0;
  /** Work-driven allocation owed, bytes: the mutator runs on every P until it is done. */
  backlog = 0;
  /**
   * While true, timers are not serviced (every P is held by a mark worker that does not yield to timers): garbage
   * batches that fall due are held back in pendingBatchBytes until releaseTimers() (see runtime.ts).
   */
  timersStalled = false;
  pendingBatchBytes = 0;

  // Requests: one goroutine per request; in flight ≈ rate × lasts, moving linearly over `lasts` after a change.
  requestsPerSec = 0;
  requestAlloc = 0;
  requestObjectsPerRequest = 0;
  requestPointers = 1;
  /** Size of the objects a request allocates, bytes. */
  requestObjectSize = 1024;
  requestStack = STACK_MIN;
  requestStackUsed = 0;
  inflight = 0;
  inflightSlope = 0;
  inflightTarget = 0;
  inflightRampEndNs = Infinity;

  // Parked goroutine pool.
  pool = 0;
  poolSlope = 0;
  poolTarget = 0;
  poolRampEndNs = Infinity;
  poolStack = STACK_MIN;
  poolStackUsed = 0;

  // Leaked goroutines (blocked forever): counts and totals, since stack sizes may change over time.
  leakedGoroutines = 0;
  leakedGoroutineStackBytes = 0;
  leakedGoroutineStackUsed = 0;
  leakedGoroutineHeap = 0;
  goroutineLeakPerSec = 0;
  goroutineLeakStack = STACK_MIN;
  goroutineLeakStackUsed = 0;
  goroutineLeakRetains = 0;

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

  /**
   * Applies a plan action at `nowNs`. Returns bytes allocated at once (an instant live-heap increase), to be added to
   * the heap by the caller. Ramp ends are reported through rampEnds().
   */
  apply(a: PlanAction, nowNs: number): number {
    this.ratesDirty = true;
    switch (a.kind) {
      case "liveHeap": {
        const round = this.layout.slotSize(a.objectSize, a.pointerFraction !== 0) / a.objectSize;
        const target = a.bytes * round;
        this.liveRound = round;
        this.livePointers = a.pointerFraction;
        this.liveOverhead = this.layout.spanOverhead(a.objectSize, a.pointerFraction !== 0);
        this.liveObjectSize = a.objectSize;
        this.churnPerSec = a.churnBytesPerSec * round;
        this.liveTarget = target;
        if (a.overNs > 0) {
          this.liveSlope = (target - this.live) / a.overNs;
          this.liveRampEndNs = nowNs + a.overNs;
          return 0;
        }
        const grown = Math.max(0, target - this.live);
        this.live = target;
        this.liveSlope = 0;
        this.liveRampEndNs = Infinity;
        return grown;
      }
      case "leakHeap": {
        const round = this.layout.slotSize(a.objectSize, a.pointerFraction !== 0) / a.objectSize;
        this.leakPerSec = a.bytesPerSec * round;
        this.leakPointers = a.pointerFraction;
        this.leakObjectsPerByte = 1 / a.objectSize;
        return 0;
      }
      case "garbage": {
        const noscan = a.pointerFraction === 0;
        let rounded = 0;
        let objects = 0;
        let overhead = 0;
        for (const s of a.sizes) {
          const bytes = a.bytesPerSec * s.share;
          const r = (this.layout.slotSize(s.size, !noscan) / s.size) * bytes;
          rounded += r;
          objects += bytes / s.size;
          overhead += r * this.layout.spanOverhead(s.size, !noscan);
        }
        this.garbagePerSec = rounded;
        this.garbageObjectsPerSec = objects;
        this.garbagePointers = a.pointerFraction;
        this.garbageOverhead = rounded > 0 ? overhead / rounded : 1;
        this.garbageEveryNs = a.everyNs ?? 0;
        this.catchUpNs = a.catchUpNs ?? 0;
        this.backlog = Math.min(this.backlog, this.backlogCap());
        this.garbageOriginNs = nowNs;
        return 0;
      }
      case "requests": {
        const objects = Math.max(1, Math.ceil(a.allocBytes / a.objectSize));
        const per = a.allocBytes > 0 ? (this.layout.slotSize(Math.min(a.objectSize, a.allocBytes), a.pointerFraction !== 0) * a.allocBytes) / Math.min(a.objectSize, a.allocBytes) : 0;
        this.requestsPerSec = a.perSec;
        this.requestObjectSize = Math.min(a.objectSize, a.allocBytes);
        this.requestAlloc = per;
        this.requestObjectsPerRequest = a.allocBytes > 0 ? objects : 0;
        this.requestPointers = a.pointerFraction;
        this.requestStack = allocatedStack(a.stackBytes);
        this.requestStackUsed = usedStack(this.requestStack);
        const target = (a.perSec * a.lastsNs) / 1e9;
        this.inflightTarget = target;
        if (a.lastsNs > 0) {
          this.inflightSlope = (target - this.inflight) / a.lastsNs;
          this.inflightRampEndNs = nowNs + a.lastsNs;
        } else {
          this.inflight = target;
          this.inflightSlope = 0;
          this.inflightRampEndNs = Infinity;
        }
        return 0;
      }
      case "goroutines": {
        this.poolStack = allocatedStack(a.stackBytes);
        this.poolStackUsed = usedStack(this.poolStack);
        this.poolTarget = a.count;
        if (a.overNs > 0) {
          this.poolSlope = (a.count - this.pool) / a.overNs;
          this.poolRampEndNs = nowNs + a.overNs;
        } else {
          this.pool = a.count;
          this.poolSlope = 0;
          this.poolRampEndNs = Infinity;
        }
        return 0;
      }
      case "leakGoroutines": {
        this.goroutineLeakPerSec = a.perSec;
        this.goroutineLeakStack = allocatedStack(a.stackBytes);
        this.goroutineLeakStackUsed = usedStack(this.goroutineLeakStack);
        this.goroutineLeakRetains = a.retainsBytes > 0 ? (this.layout.slotSize(Math.min(a.retainsBytes, 1024), true) * a.retainsBytes) / Math.min(a.retainsBytes, 1024) : 0;
        return 0;
      }
      default:
        return 0;
    }
  }

  /** Times (ns) at which a running ramp ends; the runtime schedules an event at each. */
  rampEnds(): number[] {
    return [this.liveRampEndNs, this.inflightRampEndNs, this.poolRampEndNs].filter((t) => Number.isFinite(t));
  }

  /** Ends the ramps whose end time has come: values snap to their targets, slopes to zero. */
  endRamps(nowNs: number): void {
    this.ratesDirty = true;
    if (this.liveRampEndNs <= nowNs) {
      this.live = this.liveTarget;
      this.liveSlope = 0;
      this.liveRampEndNs = Infinity;
    }
    if (this.inflightRampEndNs <= nowNs) {
      this.inflight = this.inflightTarget;
      this.inflightSlope = 0;
      this.inflightRampEndNs = Infinity;
    }
    if (this.poolRampEndNs <= nowNs) {
      this.pool = this.poolTarget;
      this.poolSlope = 0;
      this.poolRampEndNs = Infinity;
    }
  }

  /**
   * Moves time forward by dtNs with constant rates. `progress` ∈ [0, 1] is the share of its nominal speed the mutator
   * achieved (CPU-starved or assisting); it scales the work-driven allocation (garbage, churn, live-heap growth), not
   * the arrivals of requests and goroutines, which come from outside, nor the heap leak: the corpus' harness
   * (loadgen main.go, controller) allocates the leak up to rate × elapsed time whatever happened meanwhile, and caps
   * only the garbage workers' debt (maxDebt), so a stalled mutator's leak is caught up, not lost. Returns rounded bytes
   * allocated.
   */
  advance(fromNs: number, toNs: number, progress: number): number {
    const dtNs = toNs - fromNs;
    if (dtNs <= 0) return 0;
    const dt = dtNs / 1e9;
    let allocated = this.churnPerSec * progress * dt + this.leakPerSec * dt;
    // A mutator that owes work does not wait for the next batch instant: it allocates without pause until caught up.
    const batched = this.garbageEveryNs > 0 && !this.behind();
    if (this.catchUpNs > 0) {
      const work = this.garbagePerSec + this.churnPerSec; // the leak follows wall time, never owed (above)
      this.backlog = Math.min(this.backlogCap(), Math.max(0, this.backlog + work * (1 - progress) * dt));
    }
    if (batched) {
      const batches = this.batchesIn(fromNs, toNs) * this.garbageBatchBytes() * progress;
      if (this.timersStalled) this.pendingBatchBytes += batches;
      else allocated += batches;
    } else allocated += this.garbagePerSec * progress * dt;
    this.leaked += this.leakPerSec * dt;
    if (this.ratesDirty) this.refreshRates();
    return this.growing ? this.advanceGrowth(dtNs, allocated) : allocated;
  }

  /** advance's part for ramps, request arrivals and goroutines: returns `allocated` plus what they allocate. */
  private advanceGrowth(dtNs: number, allocated: number): number {
    const dt = dtNs / 1e9;
    if (this.liveSlope !== 0) {
      const d = this.liveSlope * dtNs;
      this.live += d;
      if (d > 0) allocated += d;
    }
    // Requests: every arriving request allocates its heap; the in-flight ones hold it.
    allocated += this.requestsPerSec * this.requestAlloc * dt;
    if (this.inflightSlope !== 0) this.inflight += this.inflightSlope * dtNs;
    if (this.poolSlope !== 0) this.pool += this.poolSlope * dtNs;
    if (this.goroutineLeakPerSec > 0) {
      const n = this.goroutineLeakPerSec * dt;
      this.leakedGoroutines += n;
      this.leakedGoroutineStackBytes += n * Math.max(this.goroutineLeakStack, this.startingStack);
      this.leakedGoroutineStackUsed += n * this.goroutineLeakStackUsed;
      this.leakedGoroutineHeap += n * this.goroutineLeakRetains;
      allocated += n * this.goroutineLeakRetains;
    }
    const g = this.goroutines();
    if (g > this.peakGoroutines) {
      allocated += (g - this.peakGoroutines) * this.gSlotBytes;
      this.peakGoroutines = g;
    }
    return allocated;
  }

  /** The timer-driven goroutines get to run: returns the garbage batches they owe (allocated at once). */
  releaseTimers(): number {
    const b = this.pendingBatchBytes;
    this.pendingBatchBytes = 0;
    return b;
  }

  /** Mutator CPU per byte of garbage allocated, ns. */
  garbageNsPerByte(): number {
    return this.garbagePerSec > 0 ? (this.garbageObjectsPerSec * MUTATOR_NS_PER_OBJECT) / this.garbagePerSec + MUTATOR_NS_PER_BYTE : 0;
  }

  /** CPU the mutator needs besides the timer-driven garbage batches (which wait while timers are stalled), cores. */
  untimedDemandCores(): number {
    if (this.garbageEveryNs <= 0) return this.mutatorDemandCores();
    const batches = (this.garbagePerSec * this.garbageNsPerByte()) / 1e9;
    return Math.max(0, this.mutatorDemandCores() - batches);
  }

  /** Most work-driven allocation the mutator keeps owing, bytes. */
  backlogCap(): number {
    return ((this.garbagePerSec + this.churnPerSec) * this.catchUpNs) / 1e9;
  }

  /** True while the mutator owes work and runs on every P it can get to catch up. */
  behind(): boolean {
    return this.catchUpNs > 0 && this.backlog > 1;
  }

  /** Time (ns) until the backlog is paid off at `progress` (> 1 while catching up); Infinity if it is not shrinking. */
  timeToCatchUp(progress: number): number {
    const work = this.garbagePerSec + this.churnPerSec;
    const drain = work * (progress - 1); // bytes per second
    return drain > 0 ? Math.max(1, Math.ceil((this.backlog / drain) * 1e9)) : Infinity;
  }

  /** Bytes of one garbage batch (when garbage comes in batches). */
  garbageBatchBytes(): number {
    return (this.garbagePerSec * this.garbageEveryNs) / 1e9;
  }

  /** Number of batch instants in (fromNs, toNs]. */
  batchesIn(fromNs: number, toNs: number): number {
    const e = this.garbageEveryNs;
    return Math.floor((toNs - this.garbageOriginNs) / e) - Math.floor((fromNs - this.garbageOriginNs) / e);
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
    if (this.garbageEveryNs <= 0 || this.garbagePerSec <= 0 || this.behind()) {
      const dt = Math.max(1, Math.ceil((bytes / rate) * 1e9));
      return dt <= untilNs - nowNs ? dt : Infinity;
    }
    return this.timeToAllocateBatched(nowNs, bytes, progress, untilNs);
  }

  /** Allocation rate at `progress` of the mutator's speed, bytes/s: the leak does not slow down (advance). */
  private allocRateAt(progress: number): number {
    return this.allocRate() * progress + this.leakPerSec * (1 - progress);
  }

  /**
   * timeToAllocate when garbage comes in batches on its grid. The batch count k is an integer below (untilNs −
   * nowNs) / every + 2 ≤ 2^53 (durations are capped at 100 days, batches at least 1 µs apart), so k ± 1 always moves.
   */
  private timeToAllocateBatched(nowNs: number, bytes: number, progress: number, untilNs: number): number {
    const rate = this.allocRateAt(progress);
    const cont = (rate - this.garbagePerSec * progress) / 1e9; // bytes per ns
    const batch = this.garbageBatchBytes() * progress;
    const e = this.garbageEveryNs;
    if (untilNs < nowNs || cont * (untilNs - nowNs) + this.batchesIn(nowNs, untilNs) * batch < bytes) return Infinity;
    // k-th batch instant after now: b_k = origin + (floor((now − origin)/e) + k)·e
    const base = this.garbageOriginNs + Math.floor((nowNs - this.garbageOriginNs) / e) * e;
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

  private refreshRates(): void {
    this.ratesDirty = false;
    this.growing =
      this.liveSlope !== 0 ||
      this.inflightSlope !== 0 ||
      this.poolSlope !== 0 ||
      this.requestsPerSec > 0 ||
      this.goroutineLeakPerSec > 0 ||
      this.goroutines() > this.peakGoroutines;
    this.cachedAllocRate = this.computeAllocRate();
    this.cachedWorkAllocRate = this.garbagePerSec + this.churnPerSec + this.leakPerSec;
    this.cachedScanAllocRate = this.computeScanAllocRate();
    this.cachedDemandCores = this.computeMutatorDemandCores();
  }

  /** Nominal allocation rate (rounded bytes/s) at full mutator speed. */
  allocRate(): number {
    if (this.ratesDirty) this.refreshRates();
    return this.cachedAllocRate;
  }

  private computeAllocRate(): number {
    return (
      this.garbagePerSec +
      this.churnPerSec +
      this.leakPerSec +
      Math.max(0, this.liveSlope) * 1e9 +
      this.requestsPerSec * this.requestAlloc +
      this.goroutineLeakPerSec * this.goroutineLeakRetains
    );
  }

  /**
   * Allocation rate of the program's own work (garbage, churn, heap leak), bytes/s: the part of allocRate whose spans
   * carry garbageOverhead (runtime.ts: advanceTo); the rest is live-heap growth, requests and goroutines.
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

  private computeScanAllocRate(): number {
    return (
      this.garbagePerSec * this.garbagePointers +
      this.churnPerSec * this.livePointers +
      this.leakPerSec * this.leakPointers +
      Math.max(0, this.liveSlope) * 1e9 * this.livePointers +
      this.requestsPerSec * this.requestAlloc * this.requestPointers +
      this.goroutineLeakPerSec * this.goroutineLeakRetains
    );
  }

  /** Reachable heap, rounded bytes: the program's baseline heap plus the workload's. */
  reachable(): number {
    return BASELINE_HEAP_OBJECTS_BYTES + this.peakGoroutines * this.gSlotBytes + this.live + this.leaked + this.inflight * this.requestAlloc + this.leakedGoroutineHeap;
  }

  /** Reachable bytes the GC must scan (pointer-bearing). */
  reachableScannable(): number {
    return (
      BASELINE_HEAP_OBJECTS_BYTES +
      this.peakGoroutines * this.gSlotBytes +
      this.live * this.livePointers +
      this.leaked * this.leakPointers +
      this.inflight * this.requestAlloc * this.requestPointers +
      this.leakedGoroutineHeap
    );
  }

  /**
   * Mark CPU of the reachable scannable heap relative to Go 1.19's, bytes-weighted over its parts by their object
   * sizes: `relative(size, pointers)` is the version's MarkCost.relativeToGo119. The program's baseline heap (mixed
   * runtime objects) counts at 1. Returns Σ bytes × relative, to be divided by reachableScannable() (same order of sums).
   */
  reachableMarkCost(relative: (size: number, pointers: boolean) => number): number {
    return (
      BASELINE_HEAP_OBJECTS_BYTES +
      this.peakGoroutines * this.gSlotBytes * relative(this.gSlotBytes, true) +
      this.live * this.livePointers * relative(this.liveObjectSize, this.livePointers > 0) +
      this.leaked * this.leakPointers * relative(this.leakObjectsPerByte > 0 ? 1 / this.leakObjectsPerByte : 1024, this.leakPointers > 0) +
      this.inflight * this.requestAlloc * this.requestPointers * relative(this.requestObjectSize, this.requestPointers > 0) +
      this.leakedGoroutineHeap * relative(1024, true)
    );
  }

  /** Bytes of span per byte of reachable objects (the live heap's size class: what survives a sweep). */
  reachableSpanOverhead(): number {
    return this.liveOverhead;
  }

  goroutines(): number {
    return BASE_GOROUTINES + this.pool + this.inflight + this.leakedGoroutines;
  }

  /** Stack spans of all live goroutines, the runtime's own included (BASELINE_STACK_BYTES). */
  stackAllocated(): number {
    const start = this.startingStack;
    return (
      BASELINE_STACK_BYTES + this.pool * Math.max(this.poolStack, start) + this.inflight * Math.max(this.requestStack, start) + this.leakedGoroutineStackBytes
    );
  }

  /** True while goroutine counts move between events (ramps, leaks): stack sizes must be re-read at every step. */
  stacksMoving(): boolean {
    return this.inflightSlope !== 0 || this.poolSlope !== 0 || this.goroutineLeakPerSec > 0;
  }

  /** How fast stackAllocated() moves, bytes/ns in absolute value (an upper bound: ramps and leaks add up). */
  stackBytesRate(): number {
    const start = this.startingStack;
    return (
      Math.abs(this.poolSlope) * Math.max(this.poolStack, start) +
      Math.abs(this.inflightSlope) * Math.max(this.requestStack, start) +
      (this.goroutineLeakPerSec / 1e9) * Math.max(this.goroutineLeakStack, start)
    );
  }

  /** Stack bytes in use, what the GC scans (lastStackScan). */
  stackUsed(): number {
    return 2048 + this.pool * this.poolStackUsed + this.inflight * this.requestStackUsed + this.leakedGoroutineStackUsed;
  }

  /** CPU the mutator needs to run at full speed, in cores. */
  mutatorDemandCores(): number {
    if (this.ratesDirty) this.refreshRates();
    return this.cachedDemandCores;
  }

  private computeMutatorDemandCores(): number {
    const objects =
      this.garbageObjectsPerSec +
      (this.churnPerSec + this.leakPerSec + Math.max(0, this.liveSlope) * 1e9) / Math.max(1, this.liveObjectSize) +
      this.requestsPerSec * this.requestObjectsPerRequest;
    const goroutinesStarted = this.requestsPerSec + this.goroutineLeakPerSec;
    return (objects * MUTATOR_NS_PER_OBJECT + this.computeAllocRate() * MUTATOR_NS_PER_BYTE + goroutinesStarted * MUTATOR_NS_PER_GOROUTINE) / 1e9;
  }
}
