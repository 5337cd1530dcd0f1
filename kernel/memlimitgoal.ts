// The heap goal that keeps the runtime's memory under GOMEMLIMIT (runtime/mgcpacer.go:
// gcControllerState.memoryLimitHeapGoal), and the headroom the pacer leaves under it, which changed in Go 1.21:
//   Go 1.19–1.20  a fixed 1 MiB                                      memoryLimitHeadroomFixed
//   Go 1.21–1.27  3 % of the goal (integer: goal/100·3), at least 1 MiB  memoryLimitHeadroomPercent
// Pure functions of bytes; the pacer (pacer.ts) calls memoryLimitHeapGoal with its version's headroom rule.
// Tested in test/memlimitgoal.test.ts and by each version's TestGcPacer golden data (the memory-limit scenarios).

/**
 * Go 1.19.8 (/usr/lib/go-1.19/src/runtime/mgcpacer.go line 74): memoryLimitHeapGoalHeadroom = 1 MiB, the headroom of
 * Go 1.19 and 1.20 (go1.20.14 mgcpacer.go line 74).
 */
export const MEMORY_LIMIT_HEAP_GOAL_HEADROOM = 1 << 20;

/**
 * Go 1.21+ (/usr/local/go/src/runtime/mgcpacer.go, Go 1.26.8, line 70): memoryLimitMinHeapGoalHeadroom — the least
 * headroom, 1 MiB.
 */
export const MEMORY_LIMIT_MIN_HEAP_GOAL_HEADROOM = 1 << 20;

/** Go 1.21+ (mgcpacer.go line 75, Go 1.26.8): memoryLimitHeapGoalHeadroomPercent = 3. */
export const MEMORY_LIMIT_HEAP_GOAL_HEADROOM_PERCENT = 3;

/** Headroom, bytes, under a memory-limit goal of `goal` bytes (before the headroom is taken off). */
export type MemoryLimitHeadroom = (goal: number) => number;

/** Go 1.19–1.20: memoryLimitHeapGoal subtracts a fixed memoryLimitHeapGoalHeadroom (1.19.8 mgcpacer.go 1118–1122). */
export const memoryLimitHeadroomFixed: MemoryLimitHeadroom = () => MEMORY_LIMIT_HEAP_GOAL_HEADROOM;

/**
 * Go 1.21+: `headroom := goal / 100 * memoryLimitHeapGoalHeadroomPercent`, raised to memoryLimitMinHeapGoalHeadroom
 * (Go 1.26.8 mgcpacer.go lines 1144–1149; Go 1.27.4 lines 1142–1147). Commit e97bd776f9 (#57069). Go divides first
 * (uint64), so the headroom is a multiple of 3.
 */
export const memoryLimitHeadroomPercent: MemoryLimitHeadroom = (goal) => {
  const headroom = Math.floor(goal / 100) * MEMORY_LIMIT_HEAP_GOAL_HEADROOM_PERCENT;
  return headroom < MEMORY_LIMIT_MIN_HEAP_GOAL_HEADROOM ? MEMORY_LIMIT_MIN_HEAP_GOAL_HEADROOM : headroom;
};

/**
 * runtime/mgcpacer.go: memoryLimitHeapGoal — the heap goal that keeps total runtime memory (mappedReady) under
 * memoryLimit: limit − (non-heap memory + overage) − headroom, never below heapMarked, bytes.
 * @param memoryLimit GOMEMLIMIT, bytes
 * @param heapFree bytes in free pages not released to the OS
 * @param heapAlloc bytes of heap objects in use (totalAlloc − totalFree)
 * @param mappedReady all runtime-mapped memory in the Ready state, bytes
 * @param heapMarked bytes marked by the last cycle
 * @param headroom the version's headroom rule
 */
export function memoryLimitHeapGoal(
  memoryLimit: number,
  heapFree: number,
  heapAlloc: number,
  mappedReady: number,
  heapMarked: number,
  headroom: MemoryLimitHeadroom,
): number {
  // Term 1: memory that is neither heap objects nor free heap pages.
  const used = heapFree + heapAlloc;
  const nonHeapMemory = mappedReady > used ? mappedReady - used : 0;

  // Term 2: how far the total is over the limit (free-but-unreleased pages count here).
  let overage = 0;
  if (mappedReady > memoryLimit) {
    overage = mappedReady - memoryLimit;
  }

  if (nonHeapMemory + overage >= memoryLimit) {
    // Non-heap memory exceeds the limit on its own: trigger continuously, the lowest possible goal.
    return heapMarked;
  }

  // Compute the goal.
  let goal = memoryLimit - (nonHeapMemory + overage);

  // Apply some headroom to the goal to account for pacing inaccuracies. Be careful about small limits.
  const h = headroom(goal);
  if (goal < h || goal - h < h) {
    goal = h;
  } else {
    goal = goal - h;
  }
  // Don't let us go below the live heap. A heap goal below the live heap doesn't make sense.
  if (goal < heapMarked) {
    goal = heapMarked;
  }
  return goal;
}
