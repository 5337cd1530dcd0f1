// goroutines: a goroutine pool by its name in the plan ("goroutines": workers parked on a channel, a connection pool's
// readers), its count set or ramped linearly; each holds a stack but allocates nothing.

import { NoWorkload, type WorkloadAction, type WorkloadKind } from "./kind";
import { allocatedStack, usedStack, STACK_MIN } from "./stacks";

type GoroutinePoolAction = Extract<WorkloadAction, { kind: "goroutines" }>;

export class GoroutinePool extends NoWorkload implements WorkloadKind<GoroutinePoolAction> {
  readonly kind = "goroutines";
  /** Goroutines in the pool (fractional while ramping); linear towards target until rampEnd. */
  count = 0;
  slope = 0;
  target = 0;
  rampEnd = Infinity;
  /** A pool goroutine's stack, allocated and used bytes. apply. */
  stack = STACK_MIN;
  stackUsedBytes = 0;

  apply(a: GoroutinePoolAction, nowNs: number): number {
    this.stack = allocatedStack(a.stackBytes);
    this.stackUsedBytes = usedStack(this.stack);
    this.target = a.count;
    if (a.overNs > 0) {
      this.slope = (a.count - this.count) / a.overNs;
      this.rampEnd = nowNs + a.overNs;
    } else {
      this.count = a.count;
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
    this.count = this.target;
    this.slope = 0;
    this.rampEnd = Infinity;
  }

  /** Growth over the step: the count moves; nothing is allocated (the g structs are counted by the workload). */
  advanceGrowth(dtNs: number): number {
    if (this.slope !== 0) this.count += this.slope * dtNs;
    return 0;
  }

  advance(dtNs: number): number {
    return this.advanceGrowth(dtNs);
  }

  goroutines(): number {
    return this.count;
  }
  stackAllocated(startingStack: number): number {
    return this.count * Math.max(this.stack, startingStack);
  }
  stackUsed(): number {
    return this.count * this.stackUsedBytes;
  }
  stackBytesRate(startingStack: number): number {
    return Math.abs(this.slope) * Math.max(this.stack, startingStack);
  }
  stacksMoving(): boolean {
    return this.slope !== 0;
  }
  growing(): boolean {
    return this.slope !== 0;
  }
}
