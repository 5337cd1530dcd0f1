// Go's integer and float conversions as the pacer needs them, in plain JS numbers (doubles). Shared by the pacer
// (pacer.ts), the memory-limit goal (memlimitgoal.ts) and the TestGcPacer harness (test/pacerHarness.ts).
//
// Go keeps bytes in uint64 and times in int64. This port uses plain JS numbers (doubles) because the controller runs
// on every heap change of a simulation (~1e5 calls per simulated hour) and BigInt would be an order of magnitude
// slower. That is exact as long as every byte count and time is an integer below 2^53 (8 PiB; 104 days in ns), which
// holds for every real quantity. Go's integer operations are reproduced in Go's operation order:
//   - uint64 division `a / b` on non-negative operands → Math.floor(a / b)  (exact for integers < 2^53);
//   - `a * p / 100` → mulDiv(), which splits the product so it stays exact beyond 2^53;
//   - int64(f) / uint64(f) conversions of floats → goInt64() / goUint64(), which truncate toward zero like Go and
//     reproduce what Go on linux/amd64 yields for out-of-range inputs (CVTTSD2SQ "integer indefinite"), so that a
//     negative runway becomes a huge uint64 (→ trigger = minTrigger) exactly as in Go.
// The two sentinels cannot be represented exactly and are stored as the nearest doubles:
//   - MAX_UINT64 = 2^64 stands for ^uint64(0) (GOGC=off goal, `triggered` outside a cycle). Any real value is < 2^53,
//     so every comparison against the sentinel comes out as in Go.
//   - MAX_INT64 = 2^63 stands for math.MaxInt64 = 2^63−1 ("no memory limit"). The memory-limit goal derived from it is
//     then ≈ 2^63 − overheads, off from Go's value by at most a few hundred bytes (the double spacing near 2^63 is
//     1024). Only its hugeness matters: it is never the binding goal unless GOGC=off, and then the trigger lands
//     around 2^63 too — far above 2^53, i.e. "never".
// No NaN or Infinity can escape: the cons/mark PI controller resets on a non-finite value, as Go's does.

/** ^uint64(0) as a double (2^64); see the header for why comparisons against it stay exact. */
export const MAX_UINT64 = 2 ** 64;
/** math.MaxInt64 (2^63−1) as a double (2^63): the "no limit" value of memoryLimit (runtime/debug.SetMemoryLimit). */
export const MAX_INT64 = 2 ** 63;
/** math.MinInt64: what Go/amd64 yields for int64(f) when f is NaN or out of range. */
export const MIN_INT64 = -(2 ** 63);

/**
 * Go's int64(f) on linux/amd64: truncation toward zero; NaN and values outside [−2^63, 2^63) give math.MinInt64
 * (CVTTSD2SQ's "integer indefinite"), which is what the hardware does and what Go programs observe.
 */
export function goInt64(f: number): number {
  if (f >= -(2 ** 63) && f < 2 ** 63) return Math.trunc(f);
  return MIN_INT64;
}

/**
 * Go's uint64(f) on linux/amd64 (cmd/compile ssagen float64ToUint64): f < 2^63 → int64(f) reinterpreted as uint64
 * (so a small negative f wraps to ≈ 2^64); otherwise int64(f − 2^63) | 1<<63. NaN takes the second branch → 2^63.
 */
export function goUint64(f: number): number {
  if (f < 2 ** 63) {
    const i = goInt64(f);
    return i < 0 ? i + 2 ** 64 : i;
  }
  const z = goInt64(f - 2 ** 63);
  return z === MIN_INT64 ? 2 ** 63 : z + 2 ** 63;
}

/** Go's int64 addition/subtraction overflow: wraps a mathematically exact (double) result back into [−2^63, 2^63). */
export function wrapInt64(x: number): number {
  if (x >= 2 ** 63) return x - 2 ** 64;
  if (x < -(2 ** 63)) return x + 2 ** 64;
  return x;
}

/** floor(a * p / 100) for integers a ≥ 0, p ≥ 0, exact even when a * p exceeds 2^53 (Go: uint64 mul then div). */
export function mulDiv100(a: number, p: number): number {
  if (a * p <= Number.MAX_SAFE_INTEGER) return Math.floor((a * p) / 100);
  const q = Math.floor(a / 100);
  const r = a - q * 100;
  return q * p + Math.floor((r * p) / 100);
}
