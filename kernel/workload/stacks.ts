// Goroutine stacks (runtime/stack.go, proc.go): the sizes a goroutine's stack takes, what of it is used (and scanned),
// and Go 1.19's adaptive starting stack size. Each workload kind with goroutines (requests, pool, leakGoroutines)
// sizes its stacks here.

import { STACK_GUARD, STACK_USED_FRACTION } from "../constants";

/** runtime/stack.go: _StackMin / _FixedStack on Linux — the smallest goroutine stack. */
export const STACK_MIN = 2048;

/**
 * Stack a goroutine with a requested stack of `bytes` ends up with: doubled from 2 KiB until it fits (stack.go:
 * newstack).
 */
export function allocatedStack(bytes: number): number {
  let s = STACK_MIN;
  while (s < bytes) s *= 2;
  return s;
}

/** runtime/stack.go: _StackGuard − _StackSmall… the 928 B gcComputeStartingStackSize adds to the average. */
export const STACK_GUARD_ADD = 928;
/** runtime/stack.go: maxstacksize on 64-bit. */
export const MAX_STACK_SIZE = 1 << 30;

/**
 * Go 1.19's adaptive starting stack size (proc.go: gcComputeStartingStackSize, on by default): the average stack
 * scanned in the last GC plus 928 B, rounded up to a power of two, within [2 KiB, maxstacksize]; 2 KiB if no stack
 * was scanned.
 */
export function startingStackSize(scannedStackBytes: number, scannedGoroutines: number): number {
  if (scannedGoroutines <= 0) return STACK_MIN;
  const avg = scannedStackBytes / scannedGoroutines + STACK_GUARD_ADD;
  let s = STACK_MIN;
  while (s < avg && s < MAX_STACK_SIZE) s *= 2;
  return s;
}

/** Stack bytes a goroutine that grew to `allocated` uses (and the GC scans); see STACK_USED_FRACTION. */
export function usedStack(allocated: number): number {
  if (allocated <= STACK_MIN) return (STACK_MIN - STACK_GUARD) / 2;
  return allocated * STACK_USED_FRACTION - STACK_GUARD;
}
