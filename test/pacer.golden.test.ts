// Go 1.19.8's TestGcPacer (runtime/mgcpacer_test.go) reproduced against kernel/pacer.ts: all 19 scenarios, every
// cycle compared with Go's own output (fixtures/pacer/golden.json) — heap goal, trigger, heapLive (previous
// heapMarked) and peak to the byte, utilization to the printed 0.1 % — plus every assertion of the Go test
// (shared/reference/go-runtime-model.md §20.5) run after every cycle, and the generic gcExecTest.check.

import * as fs from "fs";
import * as path from "path";
import { MAX_INT64, DEFAULT_HEAP_MINIMUM, MEMORY_LIMIT_HEAP_GOAL_HEADROOM, GC_GOAL_UTILIZATION } from "../kernel/pacer";
import { GcCycleInput, GcCycleResult, goalRatio, runGcExecTest, runway, triggerRatio } from "./pacerHarness";

interface Inputs {
  cycles: Record<string, GcCycleInput[]>;
  order: string[];
}
interface GoldenRow {
  cycle: number;
  utilizationPct: number;
  heapLive: number;
  heapTrigger: number;
  heapPeak: number;
  heapGoal: number;
}
interface Golden {
  scenarios: Record<string, GoldenRow[]>;
}

const fixtures = path.join(__dirname, "fixtures", "pacer");
const inputs: Inputs = JSON.parse(fs.readFileSync(path.join(fixtures, "inputs.json"), "utf8"));
const golden: Golden = JSON.parse(fs.readFileSync(path.join(fixtures, "golden.json"), "utf8"));

const GOAL = GC_GOAL_UTILIZATION;
const MiB = 1 << 20;
const LIMIT_GOAL = 512 * MiB - MEMORY_LIMIT_HEAP_GOAL_HEADROOM; // (512<<20) - MemoryLimitHeapGoalHeadroom

/** Collects t.Errorf-style (non-fatal) failures; t.Fatal-style checks throw. */
class T {
  errors: string[] = [];
  constructor(readonly name: string) {}
  errorf(msg: string): void {
    this.errors.push(msg);
  }
  fatal(msg: string): never {
    throw new Error(`${this.name}: ${msg}`);
  }
}

/** runtime/mgcpacer_test.go: assertInRange — lo ≤ a ≤ hi (inclusive), else a non-fatal error. */
function assertInRange(t: T, cycle: number, name: string, a: number, min: number, max: number): void {
  if (a < min || a > max) {
    t.errorf(`cycle ${cycle}: ${name} not in range (${min}, ${max}): ${a}`);
  }
}

/** runtime/mgcpacer_test.go: assertInEpsilon — b−ε ≤ a ≤ b+ε. */
function assertInEpsilon(t: T, cycle: number, name: string, a: number, b: number, epsilon: number): void {
  assertInRange(t, cycle, name, a, b - epsilon, b + epsilon);
}

type Checker = (t: T, c: GcCycleResult[]) => void;

/** The Steady scenarios' checks from n ≥ 25 (also reused by the memory-limit scenarios). */
function steadyChecks(t: T, c: GcCycleResult[]): void {
  const n = c.length;
  if (n >= 25) {
    // At this alloc/scan rate, the pacer should be extremely close to the goal utilization.
    assertInEpsilon(t, n, "GC utilization", c[n - 1].gcUtilization, GOAL, 0.005);
    // Make sure the pacer settles into a non-degenerate state in at least 25 GC cycles.
    assertInEpsilon(t, n, "GC utilization", c[n - 1].gcUtilization, c[n - 2].gcUtilization, 0.005);
    assertInRange(t, n, "goal ratio", goalRatio(c[n - 1]), 0.95, 1.05);
  }
}

const stepChecks: Checker = (t, c) => {
  const n = c.length;
  if ((n >= 25 && n < 50) || n >= 75) {
    // Settle within 25 cycles, then again after a significant jump at cycle 50.
    assertInEpsilon(t, n, "GC utilization", c[n - 1].gcUtilization, c[n - 2].gcUtilization, 0.005);
    assertInRange(t, n, "goal ratio", goalRatio(c[n - 1]), 0.95, 1.05);
  }
};

const oscOrJitterChecks: Checker = (t, c) => {
  const n = c.length;
  if (n > 12) {
    // After the 12th GC the heap stops growing: utilization must not vary too much and the goal must be kept.
    assertInRange(t, n, "goal ratio", goalRatio(c[n - 1]), 0.95, 1.05);
    assertInRange(t, n, "GC utilization", c[n - 1].gcUtilization, 0.25, 0.3);
  }
};

function slowAllocUtilChecks(t: T, c: GcCycleResult[]): void {
  const n = c.length;
  if (n > 25) {
    // At this alloc/scan rate, the pacer should be extremely close to the goal utilization.
    assertInEpsilon(t, n, "GC utilization", c[n - 1].gcUtilization, GOAL, 0.005);
    // Make sure GC utilization has mostly levelled off.
    assertInEpsilon(t, n, "GC utilization", c[n - 1].gcUtilization, c[n - 2].gcUtilization, 0.05);
    assertInEpsilon(t, n, "GC utilization", c[n - 1].gcUtilization, c[11].gcUtilization, 0.05);
  }
}

function smallOrMediumHeapChecks(after: number): Checker {
  return (t, c) => {
    const n = c.length;
    if (n > after) {
      // The heap stopped growing: finish near the goal (some room: we probably trigger early) and keep a minimum
      // distance between trigger and goal proportional to the runway.
      assertInRange(t, n, "goal ratio", goalRatio(c[n - 1]), 0.925, 1.025);
      assertInRange(t, n, "trigger ratio", triggerRatio(c[n - 1]), 0.925, 0.975);
    }
    slowAllocUtilChecks(t, c);
  };
}

function exceedChecks(t: T, c: GcCycleResult[]): void {
  const n = c.length;
  if (n > 12) {
    // Way over the memory limit: the goal must be as low as it can be.
    const goal = c[n - 1].heapGoal;
    const live = c[n - 1].heapLive;
    if (goal !== live) t.errorf(`cycle ${n}: heap goal is not the heap live: ${goal} != ${live}`);
  }
  if (n >= 25) {
    // Utilization should be at or near 100%.
    assertInEpsilon(t, n, "GC utilization", c[n - 1].gcUtilization, 1.0, 0.005);
    // Make sure the pacer settles into a non-degenerate state in at least 25 GC cycles.
    assertInEpsilon(t, n, "GC utilization", c[n - 1].gcUtilization, c[n - 2].gcUtilization, 0.005);
  }
}

function assertLimitGoal(t: T, c: GcCycleResult[]): void {
  const n = c.length;
  const goal = c[n - 1].heapGoal;
  if (goal !== LIMIT_GOAL) t.errorf(`cycle ${n}: heap goal is not the memory limit goal: ${goal} != ${LIMIT_GOAL}`);
}

interface Scenario {
  gcPercent: number;
  memoryLimit: number;
  globalsBytes: number;
  checker: Checker;
}

const GLOBALS = 32 << 10;

/** runtime/mgcpacer_test.go: TestGcPacer's table (inputs: fixtures; nCores 8 everywhere). */
const scenarios: Record<string, Scenario> = {
  Steady: { gcPercent: 100, memoryLimit: MAX_INT64, globalsBytes: GLOBALS, checker: steadyChecks },
  SteadyBigStacks: { gcPercent: 100, memoryLimit: MAX_INT64, globalsBytes: GLOBALS, checker: steadyChecks },
  SteadyBigGlobals: { gcPercent: 100, memoryLimit: MAX_INT64, globalsBytes: 128 << 20, checker: steadyChecks },
  StepAlloc: { gcPercent: 100, memoryLimit: MAX_INT64, globalsBytes: GLOBALS, checker: stepChecks },
  HeavyStepAlloc: { gcPercent: 100, memoryLimit: MAX_INT64, globalsBytes: GLOBALS, checker: stepChecks },
  StepScannableFrac: { gcPercent: 100, memoryLimit: MAX_INT64, globalsBytes: GLOBALS, checker: stepChecks },
  HighGOGC: {
    gcPercent: 1500,
    memoryLimit: MAX_INT64,
    globalsBytes: GLOBALS,
    checker: (t, c) => {
      const n = c.length;
      if (n > 12) {
        if (n === 26) {
          // The 26th cycle has a heap growth spike: expect it to blow the goal, but not by too much.
          assertInRange(t, n, "goal ratio", goalRatio(c[n - 1]), 0.9, 15);
        } else {
          // Wider range: with such a high GOGC we are forced to undershoot.
          assertInRange(t, n, "goal ratio", goalRatio(c[n - 1]), 0.9, 1.05);
        }
        // Utilization stays stable despite the live-heap jump at GC #25, and close to the goal.
        assertInEpsilon(t, n, "GC utilization", c[n - 1].gcUtilization, GOAL, GOAL + 0.03);
        assertInEpsilon(t, n, "GC utilization", c[n - 1].gcUtilization, c[n - 2].gcUtilization, 0.03);
      }
    },
  },
  OscAlloc: { gcPercent: 100, memoryLimit: MAX_INT64, globalsBytes: GLOBALS, checker: oscOrJitterChecks },
  JitterAlloc: { gcPercent: 100, memoryLimit: MAX_INT64, globalsBytes: GLOBALS, checker: oscOrJitterChecks },
  HeavyJitterAlloc: {
    gcPercent: 100,
    memoryLimit: MAX_INT64,
    globalsBytes: GLOBALS,
    checker: (t, c) => {
      const n = c.length;
      if (n > 13) {
        // The 12th cycle is the reference. Utilization varies more and tends higher here.
        assertInRange(t, n, "goal ratio", goalRatio(c[n - 1]), 0.95, 1.05);
        assertInEpsilon(t, n, "GC utilization", c[n - 1].gcUtilization, c[n - 2].gcUtilization, 0.05);
        assertInEpsilon(t, n, "GC utilization", c[n - 1].gcUtilization, c[11].gcUtilization, 0.05);
      }
    },
  },
  SmallHeapSlowAlloc: { gcPercent: 100, memoryLimit: MAX_INT64, globalsBytes: GLOBALS, checker: smallOrMediumHeapChecks(4) },
  MediumHeapSlowAlloc: { gcPercent: 100, memoryLimit: MAX_INT64, globalsBytes: GLOBALS, checker: smallOrMediumHeapChecks(9) },
  LargeHeapSlowAlloc: {
    gcPercent: 100,
    memoryLimit: MAX_INT64,
    globalsBytes: GLOBALS,
    checker: (t, c) => {
      const n = c.length;
      if (n > 13) {
        // Finish near the goal, with a trigger-to-goal distance around the default minimum heap size.
        assertInRange(t, n, "goal ratio", goalRatio(c[n - 1]), 0.95, 1.05);
        assertInRange(t, n, "runway", runway(c[n - 1]), DEFAULT_HEAP_MINIMUM - (64 << 10), DEFAULT_HEAP_MINIMUM + (64 << 10));
      }
      slowAllocUtilChecks(t, c);
    },
  },
  SteadyMemoryLimit: {
    gcPercent: 100,
    memoryLimit: 512 * MiB,
    globalsBytes: GLOBALS,
    checker: (t, c) => {
      const n = c.length;
      const peak = c[n - 1].heapPeak;
      if (peak >= LIMIT_GOAL) t.errorf(`cycle ${n}: peak heap size reaches heap limit: ${peak}`);
      steadyChecks(t, c);
    },
  },
  SteadyMemoryLimitNoGCPercent: {
    gcPercent: -1,
    memoryLimit: 512 * MiB,
    globalsBytes: GLOBALS,
    checker: (t, c) => {
      // No GOGC: the memory limit and the heap limit are identical.
      assertLimitGoal(t, c);
      steadyChecks(t, c);
    },
  },
  ExceedMemoryLimit: { gcPercent: 100, memoryLimit: 512 * MiB, globalsBytes: GLOBALS, checker: exceedChecks },
  ExceedMemoryLimitNoGCPercent: {
    gcPercent: -1,
    memoryLimit: 512 * MiB,
    globalsBytes: GLOBALS,
    checker: (t, c) => {
      if (c.length < 10) {
        // Not yet over the limit: the goal is the memory limit goal.
        assertLimitGoal(t, c);
      }
      exceedChecks(t, c);
    },
  },
  MaintainMemoryLimit: {
    gcPercent: 100,
    memoryLimit: 512 * MiB,
    globalsBytes: GLOBALS,
    checker: (t, c) => {
      if (c.length > 12) {
        // Saturating the memory limit.
        assertLimitGoal(t, c);
      }
      steadyChecks(t, c);
    },
  },
  MaintainMemoryLimitNoGCPercent: {
    gcPercent: -1,
    memoryLimit: 512 * MiB,
    globalsBytes: GLOBALS,
    checker: (t, c) => {
      assertLimitGoal(t, c);
      steadyChecks(t, c);
    },
  },
};

/** runtime/mgcpacer_test.go: gcExecTest.check — generic checks, then the scenario's checker. */
function check(t: T, checker: Checker, results: GcCycleResult[]): void {
  const n = results.length;
  if (n === 0) t.fatal("no results passed to check");
  if (n === 1) {
    if (results[0].cycle !== 1) t.errorf("first cycle has incorrect number");
  } else if (results[n - 1].cycle !== results[n - 2].cycle + 1) {
    t.errorf("cycle numbers out of order");
  }
  const u = results[n - 1].gcUtilization;
  if (!(u >= 0 && u <= 1)) t.fatal(`cycle ${n}: GC utilization not within acceptable bounds: ${u}`);
  const s = results[n - 1].heapScannable;
  if (!(s >= 0)) t.fatal(`cycle ${n}: heapScannable is negative: ${s}`);
  checker(t, results);
}

describe("TestGcPacer (Go 1.19.8) reproduced", () => {
  test("fixtures cover the 19 scenarios in the same order", () => {
    expect(inputs.order).toEqual(Object.keys(scenarios));
    expect(Object.keys(golden.scenarios).sort()).toEqual(Object.keys(scenarios).sort());
  });

  test.each(inputs.order)("%s", (name) => {
    const sc = scenarios[name];
    const cycles = inputs.cycles[name];
    const want = golden.scenarios[name];
    expect(sc).toBeDefined();
    expect(cycles.length).toBe(want.length);

    const t = new T(name);
    const results = runGcExecTest(
      { gcPercent: sc.gcPercent, memoryLimit: sc.memoryLimit, globalsBytes: sc.globalsBytes, nCores: 8 },
      cycles,
      (r) => check(t, sc.checker, r),
    );

    // Go's own assertions (non-fatal ones collected over all cycles).
    expect(t.errors).toEqual([]);

    // Golden output, cycle by cycle: bytes exact, utilization within the printed rounding (%2.1f → ±0.05 pp).
    const mismatches: string[] = [];
    for (let i = 0; i < want.length; i++) {
      const g = want[i];
      const r = results[i];
      const fields: Array<[string, number, number]> = [
        ["cycle", r.cycle, g.cycle],
        ["heapLive", r.heapLive, g.heapLive],
        ["heapTrigger", r.heapTrigger, g.heapTrigger],
        ["heapPeak", r.heapPeak, g.heapPeak],
        ["heapGoal", r.heapGoal, g.heapGoal],
      ];
      for (const [f, got, exp] of fields) {
        if (got !== exp) mismatches.push(`cycle ${g.cycle}: ${f} = ${got}, Go: ${exp}`);
      }
      const pct = r.gcUtilization * 100;
      if (!(Math.abs(pct - g.utilizationPct) <= 0.05 + 1e-9)) {
        mismatches.push(`cycle ${g.cycle}: utilization = ${pct.toFixed(4)} %, Go printed ${g.utilizationPct} %`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
