// Go's TestGCCPULimiter (runtime/mgclimit_test.go, golang/go@662feb6fbd89129f7932da3d7aadf02a5df12904; 14 procs, the
// whole sequence run twice so that no
// state leaks across iterations) ported to kernel/limiter.ts with its exact expected values.

import { CAPACITY_PER_PROC, GC_CPU_LIMITER_UPDATE_PERIOD, GcCpuLimiter } from "../kernel/limiter";
import { GC_BACKGROUND_UTILIZATION } from "../kernel/pacer";
import type { GctraceCycle } from "../lib/results/importers/gctrace";
import { loadRealRuns } from "./support/realgo";

const ms = 1e6; // time.Millisecond in ns
const us = 1e3; // time.Microsecond
const second = 1e9;
const hour = 3600 * second;

describe("TestGCCPULimiter (runtime/mgclimit_test.go)", () => {
  const procs = 14;

  test("14 procs, two iterations", () => {
    // Create mock time.
    let ticks = 0;
    const advance = (d: number): number => {
      ticks += d;
      return ticks;
    };
    // assistTime computes the CPU time for assists using frac of GOMAXPROCS over the wall-clock duration d:
    // int64(frac * float64(d) * procs).
    const assistTime = (d: number, frac: number): number => Math.trunc(frac * d * procs);

    const l = new GcCpuLimiter(ticks, procs);

    let baseOverflow = 0; // Track total overflow across iterations.
    for (let i = 0; i < 2; i++) {
      expect(l.capacity).toBe(procs * CAPACITY_PER_PROC);
      expect(l.fill).toBe(0); // expected empty bucket to start

      // Filling the bucket with just mutator time.
      l.update(advance(10 * ms));
      l.update(advance(1 * second));
      l.update(advance(1 * hour));
      expect(l.fill).toBe(0);

      // needUpdate.
      expect(l.needUpdate(advance(GC_CPU_LIMITER_UPDATE_PERIOD / 2))).toBe(false);
      expect(l.needUpdate(advance(GC_CPU_LIMITER_UPDATE_PERIOD))).toBe(true);
      l.update(advance(0));
      expect(l.needUpdate(advance(0))).toBe(false);

      // Transitioning the bucket to enable the GC: the STW counts as 100 % GC on all procs.
      l.startGCTransition(true, advance(109 * ms));
      l.finishGCTransition(advance(2 * ms + 1 * us));
      expect(l.fill).toBe((2 * ms + 1 * us) * procs);

      // Pass time without assists during a GC: just enough to drain the bucket to exactly procs CPU-ns.
      // window = (fill − n) / (procs·(1 − 2·gcBackgroundUtilization)), n = procs.
      const factor = 1 / (1 - 2 * GC_BACKGROUND_UTILIZATION);
      const fill = (2 * ms + 1 * us) * procs;
      l.update(advance(Math.trunc((factor * (fill - procs)) / procs)));
      expect(l.fill).toBe(procs);

      // Drain to zero for the rest of the test.
      l.update(advance(2 * procs * CAPACITY_PER_PROC));
      expect(l.fill).toBe(0);

      // 50 % total GC work (25 % background + 25 % assists) does not move the bucket at all.
      l.addAssistTime(assistTime(10 * ms, 0.5 - GC_BACKGROUND_UTILIZATION));
      l.update(advance(10 * ms));
      expect(l.fill).toBe(0);

      // 100 % GC work adds to the bucket.
      l.addAssistTime(assistTime(ms, 1.0 - GC_BACKGROUND_UTILIZATION));
      l.update(advance(ms));
      expect(l.fill).toBe(procs * ms);
      expect(l.limiting()).toBe(false);

      // Fill the bucket exactly full: limiting, no overflow.
      l.addAssistTime(assistTime(CAPACITY_PER_PROC - ms, 1.0 - GC_BACKGROUND_UTILIZATION));
      l.update(advance(CAPACITY_PER_PROC - ms));
      expect(l.fill).toBe(l.capacity);
      expect(l.limiting()).toBe(true);
      expect(l.overflow).toBe(0 + baseOverflow);

      // A delta of exactly zero (GC work exactly 50 %): still limiting, no overflow accumulates.
      l.addAssistTime(assistTime(1 * second, 0.5 - GC_BACKGROUND_UTILIZATION));
      l.update(advance(1 * second));
      expect(l.fill).toBe(l.capacity);
      expect(l.limiting()).toBe(true);
      expect(l.overflow).toBe(0 + baseOverflow);

      // Drain the bucket by half.
      l.addAssistTime(assistTime(CAPACITY_PER_PROC, 0));
      l.update(advance(CAPACITY_PER_PROC));
      expect(l.fill).toBe(l.capacity / 2);
      expect(l.limiting()).toBe(false);

      // Overfill the bucket: 1 s at 100 % GC over a half-full bucket overflows by 0.5 s·procs.
      l.addAssistTime(assistTime(CAPACITY_PER_PROC, 1.0 - GC_BACKGROUND_UTILIZATION));
      l.update(advance(CAPACITY_PER_PROC));
      expect(l.fill).toBe(l.capacity);
      expect(l.limiting()).toBe(true);
      expect(l.overflow).toBe((CAPACITY_PER_PROC * procs) / 2 + baseOverflow);

      // End the cycle with some assists left over.
      l.addAssistTime(assistTime(1 * ms, 1.0 - GC_BACKGROUND_UTILIZATION));
      l.startGCTransition(false, advance(1 * ms));
      expect(l.fill).toBe(l.capacity);
      expect(l.limiting()).toBe(true);
      expect(l.overflow).toBe((CAPACITY_PER_PROC / 2 + ms) * procs + baseOverflow);

      // The STW adds to the bucket.
      l.finishGCTransition(advance(5 * ms));
      expect(l.fill).toBe(l.capacity);
      expect(l.limiting()).toBe(true);
      expect(l.overflow).toBe((CAPACITY_PER_PROC / 2 + 6 * ms) * procs + baseOverflow);

      // Resize procs up: limiting stops, fill and overflow unchanged.
      const expectFill = l.capacity;
      l.resetCapacity(advance(0), procs + 10);
      expect(l.fill).toBe(expectFill);
      expect(l.limiting()).toBe(false);
      expect(l.overflow).toBe((CAPACITY_PER_PROC / 2 + 6 * ms) * procs + baseOverflow);

      // Resize procs down: fill clamped to the new capacity, limiting again; overflow unaffected (fewer CPUs is
      // not GC work).
      l.resetCapacity(advance(0), procs - 10);
      expect(l.fill).toBe(l.capacity);
      expect(l.capacity).toBe((procs - 10) * CAPACITY_PER_PROC);
      expect(l.limiting()).toBe(true);
      expect(l.overflow).toBe((CAPACITY_PER_PROC / 2 + 6 * ms) * procs + baseOverflow);

      // Get back to a zero state. The top of the loop will double check.
      l.resetCapacity(advance(CAPACITY_PER_PROC * procs), procs);

      // Track total overflow for future iterations.
      baseOverflow += (CAPACITY_PER_PROC / 2 + 6 * ms) * procs;
    }
  });
});

describe("GcCpuLimiter details", () => {
  test("lastEnabledCycle is numgc + 1 when the limiter turns on", () => {
    const l = new GcCpuLimiter(0, 2);
    expect(l.lastEnabledCycle).toBe(0);
    l.numgc = 7;
    l.startGCTransition(true, 0);
    l.finishGCTransition(0);
    l.addAssistTime(Math.trunc(0.75 * 2 * second * 2)); // 100 % GC on 2 Ps for 2 s
    l.update(2 * second);
    expect(l.limiting()).toBe(true);
    expect(l.lastEnabledCycle).toBe(8);
    expect(l.overflow).toBe(2 * second * 2 - l.capacity);
  });

  test("idle time is removed from the window after the 25 % background share is computed", () => {
    const l = new GcCpuLimiter(0, 4);
    l.startGCTransition(true, 0);
    l.finishGCTransition(0);
    // 10 ms on 4 Ps = 40 ms CPU: GC 10 ms (25 %), idle 25 ms → mutator 5 ms; fill += 5 ms.
    l.updateWith(10 * ms, 0, 25 * ms);
    expect(l.fill).toBe(5 * ms);
    expect(l.assistTimePool).toBe(0);
    expect(l.idleTimePool).toBe(0);
  });

  test("update is dropped while a transition holds the limiter; finishGCTransition counts the whole STW", () => {
    const l = new GcCpuLimiter(0, 8);
    l.startGCTransition(true, 100 * ms);
    l.update(200 * ms); // tryLock fails: dropped, lastUpdate unchanged
    expect(l.lastUpdate).toBe(100 * ms);
    l.finishGCTransition(100 * ms + 50 * us);
    expect(l.fill).toBe(50 * us * 8);
    expect(() => l.finishGCTransition(101 * ms)).toThrow();
    expect(() => l.startGCTransition(true, 101 * ms)).toThrow(); // same state as before
  });
});

// The CPU-quota run of the Go 1.19.8 corpus (test/fixtures/real-go/runs, 0.5 core at GOMAXPROCS=2, its garbage
// workers behind all run long: 1.5 GB skipped) replayed through Go's own entry points, one update per phase as at the
// GC transitions (mgc.go: gcStart → startGCTransition(true), gcMarkDone → startGCTransition(false)): each mark's
// assist and idle-worker CPU from its gctrace line into the pools, the background share counted as 25 % of the window
// whatever the workers ran (updateLocked), the pauses as GC (finishGCTransition), and between marks every P's wall
// time as mutator time — a behind mutator leaves no P on the idle list, throttled or not. It switches the limiter on
// where the real rep1 did (limiter_first_seen_t 2.6 s) and never in rep2, as the runs' own /gc/limiter metric says:
// Go's accounting of a behind mutator, which the model simplifies (kernel/integrate.ts advanceOff, fed its CPU demand;
// test/fidelity.test.ts says what that simplification holds up).
describe("Go 1.19's limiter over the CPU-quota run's gctrace (test/fixtures/real-go/runs)", () => {
  const workload = "cpu_quota_0.5core_gomaxprocs2_live64m_900mibps";
  const replay = (cycles: GctraceCycle[], procs: number): number | null => {
    const l = new GcCpuLimiter(0, procs);
    for (const c of cycles) {
      const start = c.startSeconds * second;
      l.startGCTransition(true, Math.max(start, l.lastUpdate));
      l.finishGCTransition(l.lastUpdate + c.stw1Ms * ms);
      l.addAssistTime(c.assistCpuMs * ms);
      l.addIdleTime(c.idleCpuMs * ms);
      l.startGCTransition(false, l.lastUpdate + c.markMs * ms);
      l.finishGCTransition(l.lastUpdate + c.stw2Ms * ms);
      if (l.limiting()) return c.startSeconds;
    }
    return null;
  };

  test.each([1, 2])("rep%i: on where the run's limiter metric first says so, or never", (rep) => {
    const run = loadRealRuns(workload).find((r) => r.rep === rep)!;
    expect(run.gctrace.every((c) => c.procs === 2)).toBe(true);
    const on = replay(run.gctrace, 2);
    if (run.limiterFirstOnSeconds === null) expect(on).toBeNull();
    else {
      expect(on).not.toBeNull();
      // on during the cycle starting at `on`; the metric is sampled every 50 ms
      expect(on!).toBeLessThanOrEqual(run.limiterFirstOnSeconds);
      expect(on!).toBeGreaterThan(run.limiterFirstOnSeconds - 0.2);
    }
  });
});
