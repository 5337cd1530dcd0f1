// The workload (kernel/workload.ts): what is reachable, how fast it allocates, goroutines and their stacks, between
// events in closed form.
import { Workload } from "../../kernel/workload";
import { allocatedStack, startingStackSize, STACK_MIN } from "../../kernel/workload/stacks";
import { BASELINE_HEAP_OBJECTS_BYTES, G_STRUCT_BYTES } from "../../kernel/constants";

const MiB = 2 ** 20;

test("a live heap ramp moves linearly and allocates what it adds; its end snaps to the target", () => {
  const w = new Workload();
  expect(
    w.apply(
      { kind: "liveHeap", bytes: 64 * MiB, overNs: 1e9, churnBytesPerSec: 0, objectSize: 4096, pointerFraction: 1 },
      0,
    ),
  ).toBe(0);
  expect(w.rampEnds()).toEqual([1e9]);
  const allocated = w.advance(0, 0.5e9, 1);
  expect(allocated).toBeCloseTo(32 * MiB, 0);
  w.endRamps(1e9);
  expect(w.live).toBe(64 * MiB);
  expect(w.rampEnds()).toEqual([]);
});

test("garbage in batches lands on its grid; timeToAllocate finds the batch that reaches a distance", () => {
  const w = new Workload();
  w.apply(
    { kind: "garbage", bytesPerSec: 100 * MiB, sizes: [{ size: 1024, share: 1 }], pointerFraction: 0, everyNs: 5e6 },
    0,
  );
  expect(w.batchesIn(0, 5e6)).toBe(1);
  expect(w.batchesIn(1, 4e6)).toBe(0);
  expect(w.advance(0, 12e6, 1)).toBeCloseTo(2 * w.garbageBatchBytes(), 3);
  expect(w.timeToAllocate(0, 1.5 * w.garbageBatchBytes(), 1, 1e9)).toBe(10e6);
});

test("a mutator that falls behind keeps at most catchUp of work as a backlog, and is behind while it has one", () => {
  const w = new Workload();
  w.apply(
    {
      kind: "garbage",
      bytesPerSec: 100 * MiB,
      sizes: [{ size: 1024, share: 1 }],
      pointerFraction: 0,
      catchUpNs: 200e6,
    },
    0,
  );
  w.advance(0, 1e9, 0); // stalled for a second
  expect(w.backlog).toBeCloseTo(w.backlogCap(), 3);
  expect(w.backlogCap()).toBeCloseTo(0.2 * w.garbagePerSec, 3);
  expect(w.behind()).toBe(true);
  expect(w.timeToCatchUp(2)).toBeGreaterThan(0);
});

test("goroutines: counts, stacks doubled from 2 KiB, g structs kept at the peak count", () => {
  expect(allocatedStack(3000)).toBe(4096);
  expect(allocatedStack(1)).toBe(STACK_MIN);
  expect(startingStackSize(0, 0)).toBe(STACK_MIN);
  const w = new Workload();
  w.apply({ kind: "goroutines", count: 1000, stackBytes: 8192, overNs: 0 }, 0);
  expect(w.goroutines()).toBe(1001);
  expect(w.stackAllocated()).toBeGreaterThanOrEqual(1000 * 8192);
  w.advance(0, 1, 1); // the g structs of the new peak are allocated
  expect(w.reachable()).toBe(BASELINE_HEAP_OBJECTS_BYTES + 1001 * G_STRUCT_BYTES);
  w.apply({ kind: "goroutines", count: 0, stackBytes: 8192, overNs: 0 }, 1);
  expect(w.reachable()).toBe(BASELINE_HEAP_OBJECTS_BYTES + 1001 * G_STRUCT_BYTES); // gs are never freed
  expect(w.stackBytesRate()).toBe(0);
});
