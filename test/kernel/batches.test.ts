// Garbage in batches on a timer grid (kernel/workload.ts: timeToAllocate): the time to allocate a distance is found in
// integer arithmetic bounded by the run's end (issue 16, case 1: the batch index passed 2^53 and the search never
// ended).
import { scenario, run } from "heapcast";
import { Workload } from "../../kernel/workload";

test("GOGC=off without a limit, garbage in 10 ms batches: the run ends, no cycle, no goal (null)", () => {
  const r = run(scenario("x", { duration: "10s", go: { GOGC: "off" } }).garbage("1KiB/s", { every: "10ms" }));
  expect(r.summary.simulatedSeconds).toBe(10);
  expect(r.summary.gcCycles).toBe(0);
  expect(r.summary.finalHeapGoalBytes).toBeNull();
  expect(r.raw.samples.every((s) => s.heapGoalBytes === null && s.heapTriggerBytes === null)).toBe(true);
});

test("a 12 GiB live heap and 1 B/s in 1 µs batches: the run ends", () => {
  const r = run(scenario("x", { duration: "10s" }).liveHeap("12GiB").garbage("1B/s", { every: "1us" }));
  expect(r.summary.simulatedSeconds).toBe(10);
});

describe("Workload.timeToAllocate in batches", () => {
  const w = new Workload();
  w.apply(
    { kind: "garbage", bytesPerSec: 1024, sizes: [{ size: 1024, share: 1 }], pointerFraction: 0, everyNs: 10e6 },
    0,
  );
  test("a distance it cannot allocate by the run's end is Infinity, whatever its size", () => {
    expect(w.timeToAllocate(0, 2 ** 63, 1, 10e9)).toBe(Infinity);
    expect(w.timeToAllocate(0, 1e6, 1, 10e9)).toBe(Infinity);
  });
  test("a distance it can is the grid instant of the batch that reaches it", () => {
    // 10.24 B per 10 ms batch: 100 bytes take 10 batches, the 10th at 100 ms
    expect(w.timeToAllocate(0, 100, 1, 10e9)).toBe(100e6);
    expect(w.timeToAllocate(5e6, 100, 1, 10e9)).toBe(95e6);
    expect(w.timeToAllocate(0, 102.4, 1, 10e9)).toBe(100e6);
    expect(w.timeToAllocate(0, 102.5, 1, 10e9)).toBe(110e6);
  });
});
