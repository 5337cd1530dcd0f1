// The trigger: the heapLive at which the next GC cycle starts, from the heap goal and the runway (runtime/mgcpacer.go:
// gcControllerState.trigger). Unchanged from Go 1.19.8 to Go 1.27.4: Go 1.26.8's
// (mgcpacer.go lines 1190–1274) differs from 1.19.8's (lines 1158–1248) only by min()/max() builtins and dropped
// uint64 conversions of uint64 values.
// A pure function of bytes; the pacer (pacer.ts) calls it with its goal and runway. Tested in test/pacer.unit.test.ts.

/** runtime/mgcpacer.go: defaultHeapMinimum — heapMinimum at GOGC=100 (4 MiB; no heapminimum512kib experiment). */
export const DEFAULT_HEAP_MINIMUM = 4 << 20;
/** runtime/mgcpacer.go: triggerRatioDen — denominator of the trigger bounds. */
export const TRIGGER_RATIO_DEN = 64;
/** runtime/mgcpacer.go: minTriggerRatioNum — lowest trigger = 45/64 of the way from heapMarked to the goal. */
export const MIN_TRIGGER_RATIO_NUM = 45;
/** runtime/mgcpacer.go: maxTriggerRatioNum — highest trigger (small heaps) = 61/64 of the way to the goal. */
export const MAX_TRIGGER_RATIO_NUM = 61;

/**
 * runtime/mgcpacer.go: trigger, after heapGoalInternal — goal − runway, clamped to
 * [max(minTrigger, heapMarked + 45/64·Δ), max(heapMarked + 61/64·Δ, goal − 4 MiB)], Δ = goal − heapMarked; the goal
 * itself when heapMarked ≥ goal. Bytes.
 * @param goal the effective heap goal
 * @param minTrigger the lower bound heapGoalInternal imposes (sweep distance), 0 if none
 * @param heapMarked bytes marked by the last cycle
 * @param runway the pacer's runway (commit), bytes; may be a wrapped huge uint64
 */
export function heapTrigger(goal: number, minTrigger: number, heapMarked: number, runway: number): number {
  // Invariant: the trigger must always be less than the heap goal. The memory limit is a hard maximum on the
  // goal, but the live heap may grow beyond it.
  if (heapMarked >= goal) {
    // The only reasonable trigger is one that causes a continuous GC cycle at heapMarked, but respect the goal.
    return goal;
  }

  // Below this point, heapMarked < goal. heapMarked is our absolute minimum.
  if (minTrigger < heapMarked) {
    minTrigger = heapMarked;
  }

  // Don't let the trigger go too low (nearly always-on GC with black allocation would grow the heap).
  const triggerLowerBound = Math.floor((goal - heapMarked) / TRIGGER_RATIO_DEN) * MIN_TRIGGER_RATIO_NUM + heapMarked;
  if (minTrigger < triggerLowerBound) {
    minTrigger = triggerLowerBound;
  }

  // Small heaps: max trigger at 61/64 of the way to the goal. Large heaps: goal minus the default minimum heap
  // (defaultHeapMinimum, not heapMinimum).
  let maxTrigger = Math.floor((goal - heapMarked) / TRIGGER_RATIO_DEN) * MAX_TRIGGER_RATIO_NUM + heapMarked;
  if (goal > DEFAULT_HEAP_MINIMUM && goal - DEFAULT_HEAP_MINIMUM > maxTrigger) {
    maxTrigger = goal - DEFAULT_HEAP_MINIMUM;
  }
  if (maxTrigger < minTrigger) {
    maxTrigger = minTrigger;
  }

  // Compute the trigger from our bounds and the runway stored by commit.
  let trigger: number;
  if (runway > goal) {
    trigger = minTrigger;
  } else {
    trigger = goal - runway;
  }
  if (trigger < minTrigger) {
    trigger = minTrigger;
  }
  if (trigger > maxTrigger) {
    trigger = maxTrigger;
  }
  if (trigger > goal) triggerAboveGoal(trigger, goal, minTrigger, maxTrigger);
  return trigger;
}

/** heapTrigger's failure, out of line (heapTrigger runs at every commit and trigger read, and stays small). */
function triggerAboveGoal(trigger: number, goal: number, minTrigger: number, maxTrigger: number): never {
  throw new Error(
    `pacer: produced a trigger greater than the heap goal (trigger=${trigger} heapGoal=${goal} ` +
      `minTrigger=${minTrigger} maxTrigger=${maxTrigger})`,
  );
}
