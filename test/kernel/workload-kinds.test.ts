// The workload catalogue (kernel/workload/<kind>.ts behind WorkloadKind): each kind through its own door, and the
// workload applying actions by kind and summing the kinds' parts.
import { Workload, BASE_GOROUTINES } from "../../kernel/workload";
import { LiveHeap } from "../../kernel/workload/liveheap";
import { LeakHeap } from "../../kernel/workload/leakheap";
import { Garbage } from "../../kernel/workload/garbage";
import { Requests } from "../../kernel/workload/requests";
import { GoroutinePool } from "../../kernel/workload/pool";
import { LeakGoroutines, retainedSlots } from "../../kernel/workload/leakgoroutines";
import { GO1_19 } from "../../kernel/versions/go1_19";
import { GO1_26 } from "../../kernel/versions/go1_26";
import { STACK_MIN, allocatedStack, usedStack } from "../../kernel/workload/stacks";
import { BASELINE_HEAP_OBJECTS_BYTES, BASELINE_STACK_BYTES, G_STRUCT_BYTES } from "../../kernel/constants";

const MiB = 2 ** 20;

test("leakHeap leaks at wall-clock rate whatever the mutator's progress; all of it stays reachable", () => {
  const k = new LeakHeap();
  k.apply({ kind: "leakHeap", bytesPerSec: 1 * MiB, objectSize: 1024, pointerFraction: 0.5 }, 0);
  expect(k.advanceWork(2e9)).toBeCloseTo(2 * MiB, 3);
  expect(k.reachable()).toBeCloseTo(2 * MiB, 3);
  expect(k.reachableScannable()).toBeCloseTo(1 * MiB, 3);
  expect(k.workAllocRate()).toBe(1 * MiB);
  expect(k.growthAllocRate()).toBe(0);
});

test("leakHeap(0) stops the leak; the heap keeps the objects leaked so far, their size and pointers", () => {
  // scenarios/calibration/leak_to_gomemlimit512m_*: a 4 KiB leak stopped by `.leakHeap(0)` (DSL defaults: 1 KiB, with
  // pointers). Go 1.26 marks 4 KiB and 1 KiB pointerful objects at different costs per byte (markcost.ts), so the
  // stopped leak must not relabel the 4 KiB objects already leaked.
  const w = new Workload(GO1_26.layout);
  const relative = (size: number, pointers: number) => GO1_26.markCost.relativeToGo119(size, pointers);
  w.apply({ kind: "leakHeap", bytesPerSec: 40 * MiB, objectSize: 4096, pointerFraction: 1 }, 0);
  w.advance(0, 1e9, 1);
  const leaking = w.reachableMarkCost(relative) / w.reachableScannable();
  w.apply({ kind: "leakHeap", bytesPerSec: 0, objectSize: 1024, pointerFraction: 1 }, 1e9);
  expect(w.reachableMarkCost(relative) / w.reachableScannable()).toBe(leaking);
  expect(w.leakHeap.objectSize).toBe(4096);
  // before anything leaked, a zero rate still sets the options (nothing is held)
  const k = new LeakHeap();
  k.apply({ kind: "leakHeap", bytesPerSec: 0, objectSize: 512, pointerFraction: 0 }, 0);
  expect([k.objectSize, k.pointers]).toEqual([512, 0]);
});

test("sweepSpans counts each part in its class's spans, read again when the part's object size changes", () => {
  // Workload caches each part's layout (spanOverhead, spanBytes) by object size: a new size must not reuse the old one.
  const live = (objectSize: number) =>
    ({ kind: "liveHeap", bytes: 64 * MiB, overNs: 0, churnBytesPerSec: 0, objectSize, pointerFraction: 1 }) as const;
  const w = new Workload(GO1_26.layout);
  w.apply(live(4096), 0);
  const heapInUse = 100 * MiB;
  const large = w.sweepSpans(heapInUse);
  w.apply(live(64), 1);
  const small = w.sweepSpans(heapInUse);
  const fresh = new Workload(GO1_26.layout);
  fresh.apply(live(64), 0);
  expect(small).toBe(fresh.sweepSpans(heapInUse));
  // 64 B objects sit in 8 KiB spans, Go 1.26's 4 KiB ones (4,104 B with the malloc header) in 24 KiB spans
  expect(small).toBeGreaterThan(large * 2);
  w.apply(live(4096), 2);
  expect(w.sweepSpans(heapInUse)).toBe(large);
});

test("liveHeap: churn is work at the mutator's progress, a ramp is growth; a shrinking ramp allocates nothing", () => {
  const leak = new LeakHeap();
  const k = new LiveHeap(leak);
  k.apply(
    { kind: "liveHeap", bytes: 64 * MiB, overNs: 1e9, churnBytesPerSec: 4 * MiB, objectSize: 4096, pointerFraction: 1 },
    0,
  );
  expect(k.rampEndNs()).toBe(1e9);
  expect(k.advanceWork(0.5e9, 0.5)).toBeCloseTo(1 * MiB, 3);
  expect(k.advanceGrowth(0.5e9)).toBeCloseTo(32 * MiB, 3);
  k.endRamp(1e9);
  expect(k.live).toBe(64 * MiB);
  expect(k.rampEndNs()).toBe(Infinity);
  k.apply(
    { kind: "liveHeap", bytes: 32 * MiB, overNs: 1e9, churnBytesPerSec: 0, objectSize: 4096, pointerFraction: 1 },
    1e9,
  );
  expect(k.advanceGrowth(0.5e9)).toBe(0);
  expect(k.live).toBeCloseTo(48 * MiB, 3);
});

test("garbage in batches: due batches are held while timers are stalled and released at once", () => {
  const k = new Garbage(new LiveHeap(new LeakHeap()));
  k.apply(
    { kind: "garbage", bytesPerSec: 100 * MiB, sizes: [{ size: 1024, share: 1 }], pointerFraction: 0, everyNs: 10e6 },
    0,
  );
  expect(k.advanceWork(0, 25e6, 1)).toBeCloseTo(2 * k.batchBytes(), 3);
  k.timersStalled = true;
  expect(k.advanceWork(25e6, 45e6, 1)).toBe(0);
  expect(k.releaseTimers()).toBeCloseTo(2 * k.batchBytes(), 3);
  expect(k.releaseTimers()).toBe(0);
});

test("garbage's backlog counts the live heap's churn as work owed too", () => {
  const live = new LiveHeap(new LeakHeap());
  live.apply(
    { kind: "liveHeap", bytes: 0, overNs: 0, churnBytesPerSec: 50 * MiB, objectSize: 4096, pointerFraction: 1 },
    0,
  );
  const k = new Garbage(live);
  k.apply(
    { kind: "garbage", bytesPerSec: 50 * MiB, sizes: [{ size: 4096, share: 1 }], pointerFraction: 0, catchUpNs: 1e9 },
    0,
  );
  expect(k.backlogCap()).toBeCloseTo(100 * MiB, 3);
  k.advanceWork(0, 0.5e9, 0); // stalled half a second: owes half a second of garbage and churn
  expect(k.backlog).toBeCloseTo(50 * MiB, 3);
  expect(k.behind()).toBe(true);
});

test("requests: in flight ≈ rate × lasts, each holding its heap and its stack; every arrival allocates", () => {
  const k = new Requests();
  k.apply(
    {
      kind: "requests",
      perSec: 1000,
      allocBytes: 64 * 1024,
      lastsNs: 100e6,
      stackBytes: 8192,
      objectSize: 4096,
      pointerFraction: 1,
    },
    0,
  );
  expect(k.target).toBe(100);
  expect(k.advanceGrowth(100e6)).toBeCloseTo(100 * 64 * 1024, 3);
  k.endRamp(100e6);
  expect(k.goroutines()).toBe(100);
  expect(k.reachable()).toBe(100 * 64 * 1024);
  expect(k.stackAllocated(STACK_MIN)).toBe(100 * 8192);
  expect(k.stackAllocated(16384)).toBe(100 * 16384); // the starting stack if larger
  expect(k.goroutinesStartedPerSec()).toBe(1000);
});

test("the goroutine pool holds stacks and allocates nothing; leaked goroutines keep their stacks and retained heap", () => {
  const pool = new GoroutinePool();
  pool.apply({ kind: "goroutines", count: 500, stackBytes: 3000, overNs: 0 }, 0);
  expect(pool.goroutines()).toBe(500);
  expect(pool.stackAllocated(STACK_MIN)).toBe(500 * allocatedStack(3000));
  expect(pool.stackUsed()).toBe(500 * usedStack(4096));
  expect(pool.advanceGrowth(1e9)).toBe(0);
  const leak = new LeakGoroutines();
  leak.apply({ kind: "leakGoroutines", perSec: 10, stackBytes: 2048, retainsBytes: 1024 }, 0);
  expect(leak.advanceGrowth(2e9, 8192)).toBeCloseTo(20 * 1024, 6);
  expect(leak.goroutines()).toBeCloseTo(20, 9);
  expect(leak.stackAllocated(STACK_MIN)).toBeCloseTo(20 * 8192, 6); // leaked with the starting stack of their time
  expect(leak.stacksMoving()).toBe(true);
});

test("a leaked goroutine retains its heap in 4 KiB pointerful objects and the rest, each in its version's slot", () => {
  // the corpus harness: "32 KiB of heap (8 x 4 KiB pointerful objects)"; 4 KiB + 8 B malloc header: the 4,864 B class
  expect(retainedSlots(GO1_19.layout, 32 * 1024)).toBe(32 * 1024);
  expect(retainedSlots(GO1_26.layout, 32 * 1024)).toBe(8 * 4864);
  // 10 KiB = 4 KiB + 4 KiB + 2 KiB (2,056 B with its header: the 2,304 B class)
  expect(retainedSlots(GO1_26.layout, 10 * 1024)).toBe(2 * 4864 + 2304);
  expect(retainedSlots(GO1_19.layout, 10 * 1024)).toBe(10 * 1024);
  // one object when smaller than 4 KiB (1,000 B: the 1,024 B class in both)
  expect(retainedSlots(GO1_19.layout, 1000)).toBe(1024);
  expect(retainedSlots(GO1_26.layout, 1000)).toBe(1024);
  expect(retainedSlots(GO1_26.layout, 0)).toBe(0);
});

test("the workload applies each action to its kind and sums the kinds (baseline heap, g structs and stacks included)", () => {
  const w = new Workload();
  w.apply(
    { kind: "liveHeap", bytes: 32 * MiB, overNs: 0, churnBytesPerSec: 0, objectSize: 4096, pointerFraction: 1 },
    0,
  );
  w.apply({ kind: "goroutines", count: 99, stackBytes: 8192, overNs: 0 }, 0);
  w.apply({ kind: "garbage", bytesPerSec: 10 * MiB, sizes: [{ size: 1024, share: 1 }], pointerFraction: 0 }, 0);
  expect(w.apply({ kind: "gc" }, 0)).toBe(0); // not a workload kind
  expect(w.goroutines()).toBe(BASE_GOROUTINES + 99);
  w.advance(0, 1, 1); // the new peak's g structs
  expect(w.reachable()).toBe(BASELINE_HEAP_OBJECTS_BYTES + 100 * G_STRUCT_BYTES + 32 * MiB);
  expect(w.stackAllocated()).toBe(BASELINE_STACK_BYTES + 99 * 8192);
  expect(w.allocRate()).toBe(w.garbage.workAllocRate());
  expect(w.workAllocRate()).toBe(w.allocRate());
  expect(w.mutatorDemandCores()).toBeGreaterThan(0);
});
