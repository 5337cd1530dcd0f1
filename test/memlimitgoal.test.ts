// The memory-limit heap goal and its headroom by version (kernel/memlimitgoal.ts): Go 1.19–1.20 leave 1 MiB, Go 1.21+
// max(goal/100·3, 1 MiB) — with Go's integer division first. TestGcPacer's memory-limit scenarios pin both through
// the pacer (test/pacer.golden.test.ts); these check the rule itself and the pacer's use of the version's rule.

import {
  MEMORY_LIMIT_HEAP_GOAL_HEADROOM,
  memoryLimitHeadroomFixed,
  memoryLimitHeadroomPercent,
  memoryLimitHeapGoal,
} from "../kernel/memlimitgoal";
import { GcController } from "../kernel/pacer";
import { GO1_19 } from "../kernel/versions/go1_19";
import { GO1_26 } from "../kernel/versions/go1_26";

const MiB = 1 << 20;

describe("headroom", () => {
  test("Go 1.19: 1 MiB whatever the goal", () => {
    expect(memoryLimitHeadroomFixed(10 * MiB)).toBe(MiB);
    expect(memoryLimitHeadroomFixed(10_000 * MiB)).toBe(MiB);
  });

  test("Go 1.21+: 3 % of the goal, integer-divided by 100 first, at least 1 MiB", () => {
    // Go's applyMemoryLimitHeapGoalHeadroom(512<<20) in mgcpacer_test.go: 536870912/100·3 = 5368709·3.
    expect(memoryLimitHeadroomPercent(512 * MiB)).toBe(16_106_127);
    expect(memoryLimitHeadroomPercent(1000 * MiB)).toBe(Math.floor((1000 * MiB) / 100) * 3);
    expect(memoryLimitHeadroomPercent(199)).toBe(MiB); // below the floor
    expect(memoryLimitHeadroomPercent(30 * MiB)).toBe(MiB); // floor(31,457,280/100)·3 = 943,716 < 1 MiB
    expect(memoryLimitHeadroomPercent(34 * MiB)).toBe(1_069_545); // floor(35,651,584/100)·3
  });
});

describe("memoryLimitHeapGoal", () => {
  const limit = 512 * MiB;
  test("limit − non-heap memory − overage − headroom, never below heapMarked", () => {
    // mappedReady 300 MiB of which heapFree 20 + heapAlloc 200: non-heap 80 MiB.
    const g = memoryLimitHeapGoal(limit, 20 * MiB, 200 * MiB, 300 * MiB, 100 * MiB, memoryLimitHeadroomPercent);
    const raw = limit - 80 * MiB;
    expect(g).toBe(raw - Math.floor(raw / 100) * 3);
    const g19 = memoryLimitHeapGoal(limit, 20 * MiB, 200 * MiB, 300 * MiB, 100 * MiB, memoryLimitHeadroomFixed);
    expect(g19).toBe(raw - MEMORY_LIMIT_HEAP_GOAL_HEADROOM);
    // Over the limit: the overage comes off too.
    const over = memoryLimitHeapGoal(limit, 0, 400 * MiB, 600 * MiB, 100 * MiB, memoryLimitHeadroomFixed);
    expect(over).toBe(limit - (200 * MiB + 88 * MiB) - MiB);
    // Non-heap memory alone past the limit: heapMarked.
    expect(memoryLimitHeapGoal(limit, 0, 0, 1100 * MiB, 7 * MiB, memoryLimitHeadroomPercent)).toBe(7 * MiB);
    // Small limits: the goal is at least the headroom, and at least heapMarked.
    expect(memoryLimitHeapGoal(MiB + 5, 0, 0, 0, 0, memoryLimitHeadroomPercent)).toBe(MiB);
    expect(memoryLimitHeapGoal(MiB + 5, 0, 0, 0, 3 * MiB, memoryLimitHeadroomPercent)).toBe(3 * MiB);
  });

  test("the pacer applies its version's headroom: Go 1.26's goal is 3 % lower near a 1 GiB limit", () => {
    const mk = (rules: typeof GO1_19.pacer) => {
      const c = new GcController(-1, 1024 * MiB, rules); // GOGC=off: the memory-limit goal is the goal
      c.heapMarked = 100 * MiB;
      c.mappedReady = 200 * MiB;
      c.totalAlloc = 150 * MiB;
      c.heapFree = 10 * MiB;
      c.commit(true);
      return c.heapGoal();
    };
    const raw = 1024 * MiB - 40 * MiB;
    expect(mk(GO1_19.pacer)).toBe(raw - MiB);
    expect(mk(GO1_26.pacer)).toBe(raw - Math.floor(raw / 100) * 3);
  });
});
