// leakHeap: heap that stays reachable forever, allocated at a steady rate (a cache that never evicts). The leak follows
// wall time, not the mutator's progress: the corpus' harness (loadgen main.go, controller) allocates the leak up to
// rate × elapsed time whatever happened meanwhile, so a stalled mutator's leak is caught up, not lost.

import { roundedSize } from "../sizeclasses";
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

  apply(a: LeakHeapAction, _nowNs: number): number {
    const round = roundedSize(a.objectSize, a.pointerFraction === 0) / a.objectSize;
    this.perSec = a.bytesPerSec * round;
    this.pointers = a.pointerFraction;
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
