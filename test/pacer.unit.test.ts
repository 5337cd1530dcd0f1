// Direct unit tests of kernel/pacer.ts (Go 1.19.8 gcControllerState): first goal/trigger, heapMinimum, mark worker
// sizing (reference §7 table), memory-limit goal, GOGC=off, minRunway and overshoot, the PI controller, idle mark
// worker accounting (Go's TestIdleMarkWorkerCount) and Go's float→int conversions.

import { GcController, MIN_RUNWAY, SWEEP_MIN_HEAP_DISTANCE } from "../kernel/pacer";
import { MAX_INT64, MAX_UINT64, goInt64, goUint64 } from "../kernel/gonum";
import { MEMORY_LIMIT_HEAP_GOAL_HEADROOM } from "../kernel/memlimitgoal";
import { DEFAULT_HEAP_MINIMUM } from "../kernel/trigger";
import { PiController, type PiConsMark } from "../kernel/consmark";

const KiB = 1024;
const MiB = 1024 * 1024;

describe("first cycle", () => {
  test("GOGC=100: goal 4 MiB, trigger 3,997,696 (61/64 of the goal)", () => {
    const c = new GcController(100, MAX_INT64);
    expect(c.heapGoal()).toBe(4 * MiB);
    expect(c.triggerBytes()).toBe(3_997_696);
    const tr = c.trigger();
    expect(tr.trigger).toBe(3_997_696);
    expect(tr.goal).toBe(4_194_304);
    expect(c.triggered).toBe(MAX_UINT64);
    expect(c.sweepDistMinTrigger).toBe(0); // commit(true) at init
    expect(c.runway).toBe(0);
  });

  test("GOGC=1500: first goal 4 MiB·15", () => {
    const c = new GcController(1500, MAX_INT64);
    expect(c.heapGoal()).toBe(62_914_560);
    expect(c.triggerBytes()).toBe(59_965_440); // TestGcPacer HighGOGC cycle 1
  });
});

describe("setGCPercent / heapMinimum", () => {
  test.each([
    [50, 2 * MiB],
    [100, 4 * MiB],
    [200, 8 * MiB],
    [0, 0],
  ])("GOGC=%i → heapMinimum %i", (gogc, min) => {
    const c = new GcController(gogc, MAX_INT64);
    expect(c.heapMinimum).toBe(min);
    expect(c.gcPercentHeapGoal).toBe(min); // heapMarked = 0: the floor is the goal
  });

  test("returns the previous value and does not commit by itself", () => {
    const c = new GcController(100, MAX_INT64);
    expect(c.setGCPercent(200)).toBe(100);
    expect(c.heapMinimum).toBe(DEFAULT_HEAP_MINIMUM * 2);
    expect(c.heapGoal()).toBe(4 * MiB); // not yet committed
    c.commit(true);
    expect(c.heapGoal()).toBe(8 * MiB);
    expect(c.setGCPercent(-5)).toBe(200);
    expect(c.gcPercent).toBe(-1);
    expect(c.setMemoryLimit(-1)).toBe(MAX_INT64); // negative: query only
    expect(c.memoryLimit).toBe(MAX_INT64);
  });

  test("goal = heapMarked + (heapMarked + lastStackScan + globals)·GOGC/100 with integer division", () => {
    const c = new GcController(150, MAX_INT64);
    c.heapMarked = 100 * MiB + 1;
    c.heapLive = c.heapMarked;
    c.lastStackScan = 8191;
    c.globalsScan = 32 * KiB;
    c.commit(false);
    const roots = 100 * MiB + 1 + 8191 + 32 * KiB;
    expect(c.gcPercentHeapGoal).toBe(100 * MiB + 1 + Math.floor((roots * 150) / 100));
    expect(c.sweepDistMinTrigger).toBe(c.heapLive + SWEEP_MIN_HEAP_DISTANCE);
  });

  test("the GOGC goal product is exact beyond 2^53", () => {
    const c = new GcController(12345, MAX_INT64);
    c.heapMarked = 2 ** 45 + 7; // product ≈ 4.3e17 > 2^53
    c.commit(true);
    const exact = BigInt(2 ** 45 + 7) + (BigInt(2 ** 45 + 7) * 12345n) / 100n;
    expect(BigInt(c.gcPercentHeapGoal)).toBe(exact);
  });
});

describe("mark workers by GOMAXPROCS (reference §7)", () => {
  // [procs, dedicated, fractional goal]
  const table: Array<[number, number, number]> = [
    [1, 0, 0.25],
    [2, 0, 0.25],
    [3, 0, 0.25],
    [4, 1, 0],
    [5, 1, 0],
    [6, 1, 0.5 / 6],
    [7, 2, 0],
    [8, 2, 0],
    [9, 2, 0],
    [10, 3, 0],
    [12, 3, 0],
    [16, 4, 0],
    [32, 8, 0],
  ];
  test.each(table)("GOMAXPROCS=%i → %i dedicated, fractional %f", (procs, dedicated, fractional) => {
    const c = new GcController(100, MAX_INT64);
    c.heapLive = c.triggerBytes();
    c.startCycle(0, procs, "heap");
    expect(c.dedicatedMarkWorkersNeeded).toBe(dedicated);
    expect(c.fractionalUtilizationGoal).toBe(fractional);
    expect(c.maxIdleMarkWorkers).toBe(procs - dedicated);
    // Background share: dedicated + fractional·procs = 25 % of GOMAXPROCS whenever fractional workers exist.
    if (fractional > 0) expect(dedicated + fractional * procs).toBeCloseTo(0.25 * procs, 12);
  });

  test("6 procs: fractional goal ≈ .0833", () => {
    const c = new GcController(100, MAX_INT64);
    c.startCycle(0, 6, "heap");
    expect(c.fractionalUtilizationGoal).toBeCloseTo(0.0833, 4);
  });

  test("periodic GC caps idle mark workers at 0 (1 without dedicated workers)", () => {
    const c = new GcController(100, MAX_INT64);
    c.startCycle(0, 8, "time");
    expect(c.maxIdleMarkWorkers).toBe(0);
    c.startCycle(0, 2, "time");
    expect(c.maxIdleMarkWorkers).toBe(1);
  });

  test("startCycle records the computed trigger and resets per-cycle counters", () => {
    const c = new GcController(100, MAX_INT64);
    c.heapScanWork = 5;
    c.assistTime = 7;
    c.heapLive = 3 * MiB; // below the trigger: 1.19 still records the computed trigger (#53738)
    c.startCycle(123, 8, "cycle");
    expect(c.triggered).toBe(3_997_696);
    expect(c.heapScanWork).toBe(0);
    expect(c.assistTime).toBe(0);
    expect(c.markStartTime).toBe(123);
    expect(c.marking).toBe(true);
    expect(Number.isFinite(c.assistWorkPerByte)).toBe(true);
  });
});

describe("memory-limit goal", () => {
  test("no overhead: goal = limit − 1 MiB", () => {
    const c = new GcController(100, 512 * MiB);
    expect(c.memoryLimitHeapGoal()).toBe(512 * MiB - MEMORY_LIMIT_HEAP_GOAL_HEADROOM);
    expect(c.heapGoal()).toBe(4 * MiB); // GOGC goal is smaller
    const off = new GcController(-1, 512 * MiB);
    expect(off.gcPercentHeapGoal).toBe(MAX_UINT64);
    expect(off.heapGoal()).toBe(535_822_336);
    expect(off.triggerBytes()).toBe(531_628_032); // TestGcPacer SteadyMemoryLimitNoGCPercent cycle 1
  });

  test("non-heap memory and overage are subtracted; free pages are not", () => {
    const c = new GcController(-1, 64 * MiB);
    c.heapFree = 2 * MiB;
    c.totalAlloc = 10 * MiB;
    c.totalFree = 2 * MiB; // heapAlloc 8 MiB
    c.mappedReady = 20 * MiB; // non-heap = 20 − 2 − 8 = 10 MiB
    expect(c.memoryLimitHeapGoal()).toBe(64 * MiB - 10 * MiB - MiB);
    c.mappedReady = 70 * MiB; // non-heap 60 MiB, overage 6 MiB → ≥ limit → heapMarked
    c.heapMarked = 3 * MiB;
    expect(c.memoryLimitHeapGoal()).toBe(3 * MiB);
    c.mappedReady = 66 * MiB; // non-heap 56, overage 2 → goal 6 MiB − 1 MiB
    expect(c.memoryLimitHeapGoal()).toBe(5 * MiB);
  });

  test("small limits: headroom floor and heapMarked floor", () => {
    const c = new GcController(-1, 1.5 * MiB);
    expect(c.memoryLimitHeapGoal()).toBe(MiB);
    c.heapMarked = 2 * MiB;
    expect(c.memoryLimitHeapGoal()).toBe(2 * MiB);
    // heapMarked >= goal → trigger = goal
    c.commit(true);
    expect(c.trigger()).toEqual({ trigger: 2 * MiB, goal: 2 * MiB });
  });
});

describe("GOGC=off without a memory limit", () => {
  test("never triggers below 2^53, even after cycles", () => {
    const c = new GcController(-1, MAX_INT64);
    expect(c.heapGoal()).toBeGreaterThan(2 ** 53);
    expect(c.triggerBytes()).toBeGreaterThan(2 ** 53);
    expect(c.triggerBytes()).toBeLessThanOrEqual(c.heapGoal());
    // Run a forced cycle (runtime.GC()) with growth beyond the expected scan work, then mark termination.
    c.globalsScan = 32 * KiB;
    c.heapLive = 100 * MiB;
    c.heapScan = 100 * MiB;
    c.startCycle(0, 4, "cycle");
    c.update(MiB, MiB);
    c.heapScanWork = 50 * MiB;
    c.update(MiB, 0);
    expect(Number.isFinite(c.assistWorkPerByte)).toBe(true);
    expect(c.assistWorkPerByte).toBeGreaterThanOrEqual(0);
    c.assistTime = 1000;
    c.endCycle(10 * 1e6, 4, true);
    c.resetLive(60 * MiB);
    c.commit(false);
    expect(c.triggerBytes()).toBeGreaterThan(2 ** 53);
    expect(c.heapGoal()).toBeGreaterThan(2 ** 53);
    expect(Number.isFinite(c.consMark)).toBe(true);
  });
});

describe("goal adjustments during a cycle", () => {
  test("minRunway: the goal stays ≥ triggered + 64 KiB while a cycle runs", () => {
    const c = new GcController(100, MAX_INT64);
    c.triggered = 4 * MiB - 10; // as if the cycle had triggered just below the goal
    expect(c.heapGoal()).toBe(4 * MiB - 10 + MIN_RUNWAY);
    c.triggered = MAX_UINT64;
    expect(c.heapGoal()).toBe(4 * MiB);
  });

  test("sweep distance raises goal and trigger in the GOGC regime only", () => {
    const c = new GcController(100, MAX_INT64);
    c.heapLive = 10 * MiB; // heapMarked stays 0: goal 4 MiB < heapLive + 1 MiB
    c.commit(false);
    expect(c.heapGoal()).toBe(11 * MiB);
    expect(c.heapGoalInternal()).toEqual({ goal: 11 * MiB, minTrigger: 11 * MiB });
    expect(c.triggerBytes()).toBe(11 * MiB);
  });

  test("revise: overshoot ×1.1 past the goal; remaining work floor 1000; heap remaining floor 1", () => {
    const c = new GcController(100, MAX_INT64);
    c.globalsScan = 0;
    c.heapLive = c.triggerBytes();
    c.startCycle(0, 8, "heap");
    const goal = c.heapGoal(); // 4 MiB
    c.lastHeapScan = MiB; // scanWorkExpected = 1 MiB
    c.heapLive = goal + 1; // past the goal
    c.heapScan = 1 * MiB;
    c.revise();
    // scanWorkExpected = maxScanWork = 1 MiB; heapGoal = int64(goal·1.1)
    expect(c.assistWorkPerByte).toBe(MiB / (goInt64(goal * 1.1) - (goal + 1)));
    c.heapLive = goInt64(goal * 1.1) + 5; // past even the overshoot
    c.heapScanWork = 2 * MiB; // more than expected: extrapolated goal = (goal − triggered)/1 MiB·1 MiB + triggered
    c.revise();
    expect(c.assistWorkPerByte).toBe(1000 / 1);
    expect(c.assistBytesPerWork).toBe(1 / 1000);
  });

  test("revise with zero expected scan work follows Go's float→int64 overflow (no NaN escapes)", () => {
    const c = new GcController(100, MAX_INT64);
    c.heapLive = c.triggerBytes();
    c.startCycle(0, 8, "heap");
    c.heapScanWork = 1; // > scanWorkExpected = 0 → extrapolation divides by zero → int64(+Inf) = MinInt64
    c.heapScan = MiB;
    c.revise();
    // heapGoal becomes negative, then heapRemaining = MinInt64-ish − live wraps to ≈ 2^63: a tiny assist ratio.
    expect(Number.isFinite(c.assistWorkPerByte)).toBe(true);
    expect(c.assistWorkPerByte).toBeLessThan(1e-12);
  });

  test("update: heapScan is fixed while marking, revise runs instead", () => {
    const c = new GcController(100, MAX_INT64);
    c.update(1000, 500);
    expect(c.heapLive).toBe(1000);
    expect(c.heapScan).toBe(500);
    c.startCycle(0, 8, "heap");
    const before = c.assistWorkPerByte;
    c.update(3 * MiB, 700);
    expect(c.heapScan).toBe(500);
    expect(c.heapLive).toBe(3 * MiB + 1000);
    expect(c.assistWorkPerByte).not.toBe(before);
    c.endCycle(1e6, 8, false);
    expect(c.marking).toBe(false);
  });

  test("a negative runway (negative cons/mark) wraps to a huge uint64: trigger = minTrigger, as in Go", () => {
    const c = new GcController(100, MAX_INT64);
    c.heapMarked = 100 * MiB;
    c.heapLive = 100 * MiB;
    c.lastHeapScan = 100 * MiB;
    c.consMark = -0.5;
    c.commit(true);
    expect(c.runway).toBeGreaterThan(2 ** 63);
    const goal = c.heapGoal(); // 200 MiB
    expect(goal).toBe(200 * MiB);
    expect(c.triggerBytes()).toBe(Math.floor((goal - 100 * MiB) / 64) * 45 + 100 * MiB);
  });
});

describe("endCycle / PI controller", () => {
  test("consMark unchanged when heapLive <= triggered; utilization returned", () => {
    const c = new GcController(100, MAX_INT64);
    c.heapLive = c.triggerBytes();
    c.startCycle(0, 8, "heap");
    c.assistTime = 8e6; // over 10 ms on 8 procs = 10 %
    const u = c.endCycle(10e6, 8, false);
    expect(u).toBeCloseTo(0.35, 15);
    expect(c.consMark).toBe(0);
    expect(c.lastHeapGoal).toBe(4 * MiB);
  });

  test("non-finite cons/mark (no scan work) resets the controller and consMark to 0", () => {
    const c = new GcController(100, MAX_INT64);
    c.heapLive = c.triggerBytes();
    c.startCycle(0, 8, "heap");
    c.consMark = 0.3;
    const pi = c.consMarkEstimator as PiConsMark; // Go 1.19's rules (the default)
    pi.controller.errIntegral = 0.2;
    c.heapLive += MiB;
    c.endCycle(10e6, 8, false); // scanWork = 0 → currentConsMark = +Inf
    expect(c.consMark).toBe(0);
    expect(pi.controller.errIntegral).toBe(0);
  });

  test("PI controller: kp·error + integral, clamped, with anti-windup", () => {
    const pi = new PiController(0.9, 4.0, 1000, -1000, 1000);
    const out = pi.next(0, 1, 1.0);
    expect(out).toBeCloseTo(0.9, 15);
    expect(pi.lastOk).toBe(true);
    expect(pi.errIntegral).toBeCloseTo(0.225, 15);
    const sat = pi.next(0, 1e6, 1.0);
    expect(sat).toBe(1000);
    expect(pi.next(0, Number.NaN, 1.0)).toBe(-1000);
    expect(pi.lastOk).toBe(false);
    expect(pi.errIntegral).toBe(0);
  });

  test("PI controller never yields NaN/Inf (FuzzPIController-style sweep)", () => {
    const pi = new PiController(0.9, 4.0, 1000, -1000, 1000);
    let seed = 12345;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const specials = [Number.MAX_VALUE, -Number.MAX_VALUE, Infinity, -Infinity, NaN, 0, 1e308, -1e-308];
    for (let i = 0; i < 5000; i++) {
      const pick = (): number =>
        rnd() < 0.2 ? specials[Math.floor(rnd() * specials.length)] : (rnd() - 0.5) * 10 ** (rnd() * 20);
      const out = pi.next(pick(), pick(), rnd() * 10);
      expect(Number.isFinite(out)).toBe(true);
      expect(Number.isFinite(pi.errIntegral)).toBe(true);
    }
  });
});

describe("idle mark workers (Go's TestIdleMarkWorkerCount)", () => {
  test("add/need/remove/setMax", () => {
    const workers = 10;
    const c = new GcController(100, MAX_INT64);
    c.setMaxIdleMarkWorkers(workers);
    for (let i = 0; i < workers; i++) {
      expect(c.needIdleMarkWorker()).toBe(true);
      expect(c.addIdleMarkWorker()).toBe(true);
    }
    expect(c.needIdleMarkWorker()).toBe(false);
    expect(c.addIdleMarkWorker()).toBe(false);
    for (let i = 0; i < workers; i++) {
      c.removeIdleMarkWorker();
      expect(c.needIdleMarkWorker()).toBe(true);
    }
    for (let i = 0; i < workers - 1; i++) {
      expect(c.addIdleMarkWorker()).toBe(true);
    }
    for (let i = 0; i < 10; i++) {
      expect(c.addIdleMarkWorker()).toBe(true);
      c.removeIdleMarkWorker();
    }
    c.setMaxIdleMarkWorkers(workers - 1);
    expect(c.needIdleMarkWorker()).toBe(false);
    expect(c.addIdleMarkWorker()).toBe(false);
  });

  test("markWorkerStop accounts time by mode", () => {
    const c = new GcController(100, MAX_INT64);
    c.startCycle(0, 8, "heap");
    c.dedicatedMarkWorkersNeeded--; // a dedicated worker started
    c.markWorkerStop("dedicated", 100);
    expect(c.dedicatedMarkTime).toBe(100);
    expect(c.dedicatedMarkWorkersNeeded).toBe(2);
    c.markWorkerStop("fractional", 30);
    expect(c.fractionalMarkTime).toBe(30);
    expect(c.addIdleMarkWorker()).toBe(true);
    c.markWorkerStop("idle", 7);
    expect(c.idleMarkTime).toBe(7);
    expect(c.idleMarkWorkers).toBe(0);
  });
});

describe("Go float→int conversions (linux/amd64)", () => {
  test("goInt64 truncates; out of range and NaN give MinInt64", () => {
    expect(goInt64(2.9)).toBe(2);
    expect(goInt64(-2.9)).toBe(-2);
    expect(goInt64(NaN)).toBe(-(2 ** 63));
    expect(goInt64(2 ** 63)).toBe(-(2 ** 63));
    expect(goInt64(-(2 ** 63))).toBe(-(2 ** 63));
  });
  test("goUint64 wraps negatives and saturates like the compiler's expansion", () => {
    expect(goUint64(3.99)).toBe(3);
    expect(goUint64(-1)).toBe(2 ** 64 - 1); // rounds to 2^64 as a double
    expect(goUint64(2 ** 63 + 4096)).toBe(2 ** 63 + 4096);
    expect(goUint64(NaN)).toBe(2 ** 63);
    expect(goUint64(2 ** 70)).toBe(2 ** 63);
  });
});
