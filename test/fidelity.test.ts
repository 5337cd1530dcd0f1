// Fidelity against real Go 1.19.8 (test/fixtures/real-go, two reps per workload): each scenarios/calibration/<workload>.ts
// is run and compared with the nearer of the two recorded reps.
//
// Tolerances (issue: "GC cycles and peak heap within 5 % of the nearer of the two reps"):
//   - GC cycles: gc lines in gctrace vs the kernel's cycle count, ≤ 5 %.
//   - peak heap in use: the largest MemStats.HeapInuse of the real run's 50 ms samples (the corpus' "peak heap-in-use")
//     vs the largest heap in use of the simulation, ≤ 5 %.
//   - peak heap at mark termination (gctrace's middle number, truncated MiB) is checked to 10 %: it is the maximum
//     over cycles of a noisy quantity, and in alloc_step the real maximum comes from one cycle right after the step.
import { compareWorkload, nearerRepError, comparisonTable, Comparison } from "./support/fidelity";

const DETERMINISTIC = [
  "steady_gogc50_live64m_500mibps",
  "steady_gogc100_live64m_500mibps",
  "steady_gogc200_live64m_500mibps",
  "steady_gogc400_live64m_500mibps",
  "small_live1m_heapmin4m_gogc100_100mibps",
  "alloc_step_100_800_100mibps_live64m_gogc100",
];

const results = new Map<string, Comparison>();
function comparison(name: string): Comparison {
  let c = results.get(name);
  if (!c) {
    c = compareWorkload(name);
    results.set(name, c);
  }
  return c;
}

describe.each(DETERMINISTIC)("%s against real Go 1.19", (name) => {
  test("GC cycles within 5 % of the nearer rep", () => {
    const c = comparison(name);
    expect(nearerRepError(c.gcCycles)).toBeLessThanOrEqual(0.05);
  });
  test("peak heap in use within 5 % of the nearer rep", () => {
    const c = comparison(name);
    expect(nearerRepError(c.peakHeapInUse)).toBeLessThanOrEqual(0.05);
  });
  test("peak heap at mark termination (gctrace) within 10 % of the nearer rep", () => {
    const c = comparison(name);
    expect(nearerRepError(c.peakHeap)).toBeLessThanOrEqual(0.1);
  });
  test("no OOM kill, as in both reps", () => {
    const c = comparison(name);
    expect(c.timeToOom.sim).toBeNull();
    expect(c.reps.every((r) => !r.oomKilled)).toBe(true);
  });
});

afterAll(() => {
  if (results.size > 0) process.stdout.write("\n" + comparisonTable([...results.values()]));
});
