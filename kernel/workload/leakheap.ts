// leakHeap: heap that stays reachable forever, allocated at a steady rate (a cache that never evicts). The leak follows
// wall time, not the mutator's progress: the corpus' harness (loadgen main.go, controller) allocates the leak up to
// rate × elapsed time whatever happened meanwhile, so a stalled mutator's leak is caught up, not lost.

import { GO1_19_OBJECT_LAYOUT } from "../versions/go1_19";
import type { ObjectLayout } from "../versions/layout";
import { NoWorkload, type WorkloadAction, type WorkloadKind } from "./kind";

type LeakHeapAction = Extract<WorkloadAction, { kind: "leakHeap" }>;

export class LeakHeap extends NoWorkload implements WorkloadKind<LeakHeapAction> {
  readonly kind = "leakHeap";
  /** Leaked bytes so far (rounded). advance. */
  leaked = 0;
  /** Rounded bytes leaked per second. apply. */
  perSec = 0;
  /** Pointer-bearing share of the leaked objects. apply. */
  pointers = 1;
  /** Size of the leaked objects, bytes. */
  objectSize = 1024;
  /** The Go version's object layout (size class with malloc header, span-end reserves); set by Workload. */
  layout: ObjectLayout = GO1_19_OBJECT_LAYOUT;

  apply(a: LeakHeapAction, _nowNs: number): number {
    const round = this.layout.slotSize(a.objectSize, a.pointerFraction !== 0) / a.objectSize;
    this.perSec = a.bytesPerSec * round;
    // A leak stopped (`.leakHeap(0)`) allocates no object: the heap still holds the objects leaked so far, with their
    // size and pointers (what the version's mark cost per byte depends on: Workload.reachableMarkCost).
    if (a.bytesPerSec === 0 && this.leaked > 0) return 0;
    this.pointers = a.pointerFraction;
    this.objectSize = a.objectSize;
    return 0;
  }

  /** Work-driven allocation over the step: the leak, at wall-clock rate (whatever the progress). */
  advanceWork(dtNs: number): number {
    const dt = dtNs / 1e9;
    this.leaked += this.perSec * dt;
    return this.perSec * dt;
  }

  advance(dtNs: number): number {
    return this.advanceWork(dtNs);
  }

  workAllocRate(): number {
    return this.perSec;
  }
  workScanRate(): number {
    return this.perSec * this.pointers;
  }
  reachable(): number {
    return this.leaked;
  }
  reachableScannable(): number {
    return this.leaked * this.pointers;
  }
}
