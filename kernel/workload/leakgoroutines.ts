// leakGoroutines: goroutines started at a steady rate that never return (blocked forever on a channel nobody closes),
// each with its stack and the heap it retains. Counted as totals, since the stack new goroutines start with changes
// over time (the adaptive starting stack size, stacks.ts). Started from outside: not slowed by the mutator.

import { GO1_19_OBJECT_LAYOUT } from "../versions/go1_19";
import type { ObjectLayout } from "../versions/layout";
import { NoWorkload, type WorkloadAction, type WorkloadKind } from "./kind";
import { allocatedStack, usedStack, STACK_MIN } from "./stacks";

type LeakGoroutinesAction = Extract<WorkloadAction, { kind: "leakGoroutines" }>;

/**
 * The size of the pointerful objects a leaked goroutine retains its heap in: `retains` split into objects of at most
 * this (the corpus harness: "8 x 4 KiB pointerful objects" for 32 KiB, test/fixtures/real-go/workloads; heapcast's
 * load generator: leakedG → allocN, lib/running/real/loadgen/controller.go).
 */
export const LEAK_OBJECT_BYTES = 4096;

/**
 * Heap slots `retains` bytes take as the programs allocate them: ⌊retains/4 KiB⌋ objects of 4 KiB and one of the rest,
 * pointerful, each rounded to the version's slot (a 4 KiB object with a malloc header takes 4,864 B from Go 1.22 on).
 */
export function retainedSlots(layout: ObjectLayout, retains: number): number {
  if (retains <= 0) return 0;
  const obj = Math.min(retains, LEAK_OBJECT_BYTES);
  const n = Math.floor(retains / obj);
  const rest = retains - n * obj;
  return n * layout.slotSize(obj, true) + (rest > 0 ? layout.slotSize(rest, true) : 0);
}

export class LeakGoroutines extends NoWorkload implements WorkloadKind<LeakGoroutinesAction> {
  /** The Go version's object layout (size class with malloc header, span-end reserves); set by Workload. */
  layout: ObjectLayout = GO1_19_OBJECT_LAYOUT;

  readonly kind = "leakGoroutines";
  /** Leaked goroutines so far, their stacks (allocated, used) and the heap they retain, bytes. advance. */
  count = 0;
  stackBytes = 0;
  stackUsedBytes = 0;
  heap = 0;
  /** Goroutines leaked per second. apply. */
  perSec = 0;
  /** A leaked goroutine's stack (allocated, used) and retained heap (rounded), bytes. apply. */
  stack = STACK_MIN;
  stackUsedEach = 0;
  retains = 0;

  apply(a: LeakGoroutinesAction, _nowNs: number): number {
    this.perSec = a.perSec;
    this.stack = allocatedStack(a.stackBytes);
    this.stackUsedEach = usedStack(this.stack);
    this.retains = retainedSlots(this.layout, a.retainsBytes);
    return 0;
  }

  /** Growth over the step: goroutines leaked, with the stack new goroutines start with (at least theirs). */
  advanceGrowth(dtNs: number, startingStack: number): number {
    if (this.perSec <= 0) return 0;
    const n = this.perSec * (dtNs / 1e9);
    this.count += n;
    this.stackBytes += n * Math.max(this.stack, startingStack);
    this.stackUsedBytes += n * this.stackUsedEach;
    this.heap += n * this.retains;
    return n * this.retains;
  }

  advance(dtNs: number, _progress: number, startingStack: number): number {
    return this.advanceGrowth(dtNs, startingStack);
  }

  growthAllocRate(): number {
    return this.perSec * this.retains;
  }
  growthScanRate(): number {
    return this.perSec * this.retains;
  }
  reachable(): number {
    return this.heap;
  }
  reachableScannable(): number {
    return this.heap;
  }
  goroutines(): number {
    return this.count;
  }
  stackAllocated(_startingStack: number): number {
    return this.stackBytes;
  }
  stackUsed(): number {
    return this.stackUsedBytes;
  }
  stackBytesRate(startingStack: number): number {
    return (this.perSec / 1e9) * Math.max(this.stack, startingStack);
  }
  stacksMoving(): boolean {
    return this.perSec > 0;
  }
  growing(): boolean {
    return this.perSec > 0;
  }
  goroutinesStartedPerSec(): number {
    return this.perSec;
  }
}
