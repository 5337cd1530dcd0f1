// The background scavenger's goals that changed between versions (runtime/mgcscavenge.go: gcPaceScavenger and
// shouldScavenge). The retention goal under GOGC (10 % over the goal-scaled heap in use), the 1 % CPU target and
// allocation-time scavenging past GOMEMLIMIT are the same in every version modelled (diff 1.19.8 → 1.26.8 → 1.27.4;
// kernel/runtime.ts models them). Tested in test/versions/scavenger.test.ts.

import { goUint64 } from "../gonum";

/** runtime/mgcscavenge.go: reduceExtraPercent — the memory-limit goal sits this far under the limit (all versions). */
export const REDUCE_EXTRA_PERCENT = 5;

/** One version's scavenger rules. */
export interface ScavengerRules {
  /**
   * mappedReady, bytes, the background scavenger works down to when a memory limit is set (gcPaceScavenger's
   * memoryLimitGoal; it is idle while mappedReady is at or below it).
   * @param memoryLimit GOMEMLIMIT, bytes
   */
  memoryLimitGoal(memoryLimit: number): number;
  /**
   * Background (and heap-growth) scavenging skips a 4 MiB chunk whose pages were at least this fraction in use in
   * the current or the previous GC cycle; null = no such gate. Forced scavenging (the memory limit at allocation,
   * debug.FreeOSMemory) ignores it.
   */
  readonly denseChunkFraction: number | null;
}

/**
 * Go 1.19–1.21: `memoryLimitGoal := uint64(float64(memoryLimit) * (100.0 - reduceExtraPercent))` — 95 times the limit,
 * a bug (/usr/lib/go-1.19/src/runtime/mgcscavenge.go line 149 in gcPaceScavenger), so the background scavenger never
 * works for the limit: only allocation-time scavenging keeps mappedReady under it. No density gate (added in 1.21).
 */
export const scavengerGo119: ScavengerRules = {
  memoryLimitGoal: (memoryLimit) => goUint64(memoryLimit * (100.0 - REDUCE_EXTRA_PERCENT)),
  denseChunkFraction: null,
};

/**
 * Go 1.22+: `memoryLimitGoal := uint64(float64(memoryLimit) * (1 - reduceExtraPercent/100.0))` — 95 % of the limit
 * (/usr/local/go/src/runtime/mgcscavenge.go line 175, Go 1.26.8; commit 729f214e3a, #62449). Density gate since
 * 1.21: scavChunkHiOccFrac = 0.96875 (line 145), applied by scavChunkData.shouldScavenge to the chunk's occupancy in
 * this and the last GC cycle (force = false only).
 */
export const scavengerGo122: ScavengerRules = {
  memoryLimitGoal: (memoryLimit) => goUint64(memoryLimit * (1 - REDUCE_EXTRA_PERCENT / 100.0)),
  denseChunkFraction: 0.96875,
};
