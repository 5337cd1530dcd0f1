// requests: one goroutine per request, arriving at a steady rate, each allocating its heap and holding it (and its
// stack) while in flight; in flight ≈ rate × lasts, moving linearly over `lasts` after a change. Arrivals come from
// outside: they do not slow down with the mutator.

import { GO1_19_OBJECT_LAYOUT } from "../versions/go1_19";
import type { ObjectLayout } from "../versions/layout";
import { NoWorkload, type WorkloadAction, type WorkloadKind } from "./kind";
import { allocatedStack, usedStack, STACK_MIN } from "./stacks";

type RequestsAction = Extract<WorkloadAction, { kind: "requests" }>;

export class Requests extends NoWorkload implements WorkloadKind<RequestsAction> {
  readonly kind = "requests";
  /** Arrivals per second. apply. */
  perSec = 0;
  /** Rounded heap bytes each request allocates (and holds while in flight). apply. */
  alloc = 0;
  /** Objects each request allocates. apply. */
  objectsPerRequest = 0;
  /** Pointer-bearing share of a request's heap. apply. */
  pointers = 1;
  /** Size of the objects a request allocates, bytes. */
  objectSize = 1024;
  /** The Go version's object layout (size class with malloc header, span-end reserves); set by Workload. */
  layout: ObjectLayout = GO1_19_OBJECT_LAYOUT;
  /** A request goroutine's stack, allocated and used bytes. apply. */
  stack = STACK_MIN;
  stackUsedBytes = 0;
  /** Requests in flight (fractional: a rate × a duration); linear towards target until rampEnd. */
  inflight = 0;
  slope = 0;
  target = 0;
  rampEnd = Infinity;

  apply(a: RequestsAction, nowNs: number): number {
    const objects = Math.max(1, Math.ceil(a.allocBytes / a.objectSize));
    const per =
      a.allocBytes > 0
        ? (this.layout.slotSize(Math.min(a.objectSize, a.allocBytes), a.pointerFraction !== 0) * a.allocBytes) /
          Math.min(a.objectSize, a.allocBytes)
        : 0;
    this.perSec = a.perSec;
    this.alloc = per;
    this.objectsPerRequest = a.allocBytes > 0 ? objects : 0;
    this.pointers = a.pointerFraction;
    this.objectSize = Math.min(a.objectSize, a.allocBytes);
    this.stack = allocatedStack(a.stackBytes);
    this.stackUsedBytes = usedStack(this.stack);
    const target = (a.perSec * a.lastsNs) / 1e9;
    this.target = target;
    if (a.lastsNs > 0) {
      this.slope = (target - this.inflight) / a.lastsNs;
      this.rampEnd = nowNs + a.lastsNs;
    } else {
      this.inflight = target;
      this.slope = 0;
      this.rampEnd = Infinity;
    }
    return 0;
  }

  rampEndNs(): number {
    return this.rampEnd;
  }

  endRamp(nowNs: number): void {
    if (this.rampEnd > nowNs) return;
    this.inflight = this.target;
    this.slope = 0;
    this.rampEnd = Infinity;
  }

  /** Growth over the step: every arriving request allocates its heap; the in-flight count moves. */
  advanceGrowth(dtNs: number): number {
    const allocated = this.perSec * this.alloc * (dtNs / 1e9);
    if (this.slope !== 0) this.inflight += this.slope * dtNs;
    return allocated;
  }

  advance(dtNs: number): number {
    return this.advanceGrowth(dtNs);
  }

  growthAllocRate(): number {
    return this.perSec * this.alloc;
  }
  growthScanRate(): number {
    return this.perSec * this.alloc * this.pointers;
  }
  reachable(): number {
    return this.inflight * this.alloc;
  }
  reachableScannable(): number {
    return this.inflight * this.alloc * this.pointers;
  }
  goroutines(): number {
    return this.inflight;
  }
  stackAllocated(startingStack: number): number {
    return this.inflight * Math.max(this.stack, startingStack);
  }
  stackUsed(): number {
    return this.inflight * this.stackUsedBytes;
  }
  stackBytesRate(startingStack: number): number {
    return Math.abs(this.slope) * Math.max(this.stack, startingStack);
  }
  stacksMoving(): boolean {
    return this.slope !== 0;
  }
  growing(): boolean {
    return this.slope !== 0 || this.perSec > 0;
  }
  objectsPerSec(): number {
    return this.perSec * this.objectsPerRequest;
  }
  goroutinesStartedPerSec(): number {
    return this.perSec;
  }
}
