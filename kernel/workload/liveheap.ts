// liveHeap: the program's long-lived reachable data (caches, indexes, sessions), set or ramped linearly to a target,
// and its churn (live objects replaced at a steady rate: the new ones allocated, the old ones garbage). The live heap's
// size class sets the span overhead of what survives a sweep (reachableSpanOverhead).

import { GO1_19_OBJECT_LAYOUT } from "../versions/go1_19";
import type { ObjectLayout } from "../versions/layout";
import { NoWorkload, type WorkloadAction, type WorkloadKind } from "./kind";
import type { LeakHeap } from "./leakheap";

type LiveHeapAction = Extract<WorkloadAction, { kind: "liveHeap" }>;

export class LiveHeap extends NoWorkload implements WorkloadKind<LiveHeapAction> {
  readonly kind = "liveHeap";
  /** Reachable live bytes (rounded); linear towards target until rampEnd. */
  live = 0;
  /** Rounded bytes per ns while a ramp runs. */
  slope = 0;
  /** Where the live heap goes (rounded bytes). */
  target = 0;
  /** End of the ramp, ns; Infinity if none. */
  rampEnd = Infinity;
  /** Pointer-bearing share of live objects. */
  pointers = 1;
  /** Span bytes per byte of live objects (their size class). */
  overhead = 1;
  /** Rounded bytes per second of replaced live objects. */
  churnPerSec = 0;
  /** The live objects' size, bytes. */
  objectSize = 4096;
  /** The Go version's object layout (size class with malloc header, span-end reserves); set by Workload. */
  layout: ObjectLayout = GO1_19_OBJECT_LAYOUT;

  /**
   * @param leak the heap leak, whose objects the mutator's CPU demand counts at the live heap's object size
   * (objectsPerSec)
   */
  constructor(private readonly leak: LeakHeap) {
    super();
  }

  apply(a: LiveHeapAction, nowNs: number): number {
    const round = this.layout.slotSize(a.objectSize, a.pointerFraction !== 0) / a.objectSize;
    const target = a.bytes * round;
    this.pointers = a.pointerFraction;
    this.overhead = this.layout.spanOverhead(a.objectSize, a.pointerFraction !== 0);
    this.objectSize = a.objectSize;
    this.churnPerSec = a.churnBytesPerSec * round;
    this.target = target;
    if (a.overNs > 0) {
      this.slope = (target - this.live) / a.overNs;
      this.rampEnd = nowNs + a.overNs;
      return 0;
    }
    const grown = Math.max(0, target - this.live);
    this.live = target;
    this.slope = 0;
    this.rampEnd = Infinity;
    return grown;
  }

  rampEndNs(): number {
    return this.rampEnd;
  }

  endRamp(nowNs: number): void {
    if (this.rampEnd > nowNs) return;
    this.live = this.target;
    this.slope = 0;
    this.rampEnd = Infinity;
  }

  /** Work-driven allocation over the step: the churn, at the mutator's progress. */
  advanceWork(dtNs: number, progress: number): number {
    return this.churnPerSec * progress * (dtNs / 1e9);
  }

  /** Growth over the step: the ramp (a shrinking live heap allocates nothing; its objects become garbage). */
  advanceGrowth(dtNs: number): number {
    if (this.slope === 0) return 0;
    const d = this.slope * dtNs;
    this.live += d;
    return d > 0 ? d : 0;
  }

  advance(dtNs: number, progress: number): number {
    return this.advanceWork(dtNs, progress) + this.advanceGrowth(dtNs);
  }

  workAllocRate(): number {
    return this.churnPerSec;
  }
  growthAllocRate(): number {
    return Math.max(0, this.slope) * 1e9;
  }
  workScanRate(): number {
    return this.churnPerSec * this.pointers;
  }
  growthScanRate(): number {
    return Math.max(0, this.slope) * 1e9 * this.pointers;
  }
  reachable(): number {
    return this.live;
  }
  reachableScannable(): number {
    return this.live * this.pointers;
  }
  growing(): boolean {
    return this.slope !== 0;
  }

  /**
   * Objects allocated per second by the churn, the ramp and the heap leak, counted at the live heap's object size (a
   * simplification of the first model, kept so outputs stay byte-identical: the leak's own object size is not used).
   */
  objectsPerSec(): number {
    return (this.churnPerSec + this.leak.perSec + Math.max(0, this.slope) * 1e9) / Math.max(1, this.objectSize);
  }
}
