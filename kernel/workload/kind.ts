// What every workload kind provides (one module per kind in kernel/workload/, named after its plan action): the
// workload (index.ts) applies a plan action to its kind and sums the kinds' parts. Every quantity is piecewise linear
// in time: actions change rates, ramps end at known times (the runtime schedules an event there), and advance()
// integrates exactly between those instants. Heap bytes are counted at their size-class-rounded size
// (sizeclasses.ts). Rates are at the mutator's full speed; `progress` (0…1, above 1 while catching up) scales the
// work-driven part.

import type { PlanAction } from "../plan";

/** The plan actions that are workload kinds (the others set the runtime, the container, or force a GC). */
export type WorkloadAction = Extract<
  PlanAction,
  { kind: "liveHeap" | "leakHeap" | "garbage" | "requests" | "goroutines" | "leakGoroutines" }
>;

export interface WorkloadKind<A extends WorkloadAction = WorkloadAction> {
  /** The plan action this kind applies. */
  readonly kind: A["kind"];
  /** Applies the action at `nowNs`: the kind's rates change from now. Returns bytes allocated at once. */
  apply(a: A, nowNs: number): number;
  /** When the kind's running ramp ends, ns; Infinity if none. */
  rampEndNs(): number;
  /** Ends the ramp if it is due at `nowNs`: values snap to their targets, slopes to zero. */
  endRamp(nowNs: number): void;
  /**
   * Moves the kind's state over dtNs at `progress` of the mutator's speed, `startingStack` the stack new goroutines
   * get. Returns the bytes it allocated (the work-driven part and the growth part, as workAllocRate/growthAllocRate).
   */
  advance(dtNs: number, progress: number, startingStack: number): number;
  /** Allocation of the program's own work (garbage, churn, heap leak), bytes/s: spans with the garbage's overhead. */
  workAllocRate(): number;
  /** Allocation of growth (a live-heap ramp, requests, goroutines' retained heap), bytes/s. */
  growthAllocRate(): number;
  /** Scannable (pointer-bearing) bytes/s of each. */
  workScanRate(): number;
  growthScanRate(): number;
  /** Reachable heap the kind holds, rounded bytes, and its pointer-bearing part. */
  reachable(): number;
  reachableScannable(): number;
  /** Goroutines the kind keeps alive. */
  goroutines(): number;
  /**
   * Stack bytes of its goroutines (allocated, at least `startingStack` each), used (scanned), and their rate of change
   * (bytes/ns, absolute).
   */
  stackAllocated(startingStack: number): number;
  stackUsed(): number;
  stackBytesRate(startingStack: number): number;
  /** Its goroutine count moves between events (stacks must be re-read at every step). */
  stacksMoving(): boolean;
  /** Something besides the work-driven allocation moves between events (a ramp, arrivals, a leak of goroutines). */
  growing(): boolean;
  /** Objects allocated per second and goroutines started per second at full speed (the mutator's CPU demand). */
  objectsPerSec(): number;
  goroutinesStartedPerSec(): number;
}

/** A kind contributes nothing unless it says otherwise. */
export abstract class NoWorkload {
  rampEndNs(): number {
    return Infinity;
  }
  endRamp(_nowNs: number): void {}
  workAllocRate(): number {
    return 0;
  }
  growthAllocRate(): number {
    return 0;
  }
  workScanRate(): number {
    return 0;
  }
  growthScanRate(): number {
    return 0;
  }
  reachable(): number {
    return 0;
  }
  reachableScannable(): number {
    return 0;
  }
  goroutines(): number {
    return 0;
  }
  stackAllocated(_startingStack: number): number {
    return 0;
  }
  stackUsed(): number {
    return 0;
  }
  stackBytesRate(_startingStack: number): number {
    return 0;
  }
  stacksMoving(): boolean {
    return false;
  }
  growing(): boolean {
    return false;
  }
  objectsPerSec(): number {
    return 0;
  }
  goroutinesStartedPerSec(): number {
    return 0;
  }
}
