// Go 1.26 (toolchain go1.26.8, /usr/local/go on this machine): Green Tea is the collector (GOEXPERIMENT=greenteagc by
// default), with the allocation headers of 1.22, the pacer of 1.21 and the container-aware GOMAXPROCS of 1.25.
// Every citation below is a line of /usr/local/go/src (go1.26.8); go-versions.md says in which release each change
// came.

import { MaxConsMark } from "../consmark";
import { memoryLimitHeadroomPercent } from "../memlimitgoal";
import type { PacerRules } from "../pacer";
import { GO1_19_METRICS } from "./go1_19";
import { gomaxprocsContainerAware } from "./gomaxprocs";
import { objectLayout, type LayoutSpec } from "./layout";
import { MARK_COST_GO1_26 } from "./markcost";
import { SWEEP_NS_PER_SPAN_GO1_26 } from "./sweepcost";
import { scavengerGo122 } from "./scavenger";
import type { Baseline, GoVersion } from "./version";
import { BASELINE_RSS_BYTES } from "../constants";

/**
 * runtime/mgcpacer.go: cons/mark = the largest of this and the last 4 measurements (lastConsMark [4]float64 line 143,
 * endCycle lines 667–674; since 1.21); `triggered` = heapLive at startCycle (line 396; since 1.20); memory-limit
 * headroom max(goal/100·3, 1 MiB) (lines 70, 75, 1144–1149; since 1.21).
 */
export const GO1_26_PACER: PacerRules = {
  newConsMarkEstimator: () => new MaxConsMark(4),
  triggered: "heapLive",
  memoryLimitHeadroom: memoryLimitHeadroomPercent,
};

/**
 * Allocation headers (since 1.22) and Green Tea's inline mark bits (1.26):
 * - runtime/malloc.go lines 1133–1156: objects up to maxSmallSize − gc.MallocHeaderSize = 32,760 B are small
 *   (internal/runtime/gc/malloc.go line 17: MallocHeaderSize = 8); with pointers and above gc.MinSizeForMallocHeader
 *   = PtrSize·PtrBits = 512 (line 47; mbitmap.go line 76 heapBitsInSpan) mallocgcSmallScanHeader adds the 8-byte
 *   header before choosing the class (malloc.go line 1615: `size += gc.MallocHeaderSize`);
 * - runtime/mheap.go lines 1466–1477 (initSpan, GreenTeaGC): spans of classes 16–512 B reserve
 *   unsafe.Sizeof(spanInlineMarkBits{}) = 128 B (mgcmark_greenteagc.go lines 66–71: scans [63], owned, marks [63],
 *   class; measured 128) for mark bits, scan and noscan alike (gcUsesSpanInlineMarkBits, line 258: heapBitsInSpan(size)
 *   && size >= 16), and spans with pointers of classes ≤ 512 B reserve nbytes/PtrSize/8 = 128 B of pointer bits.
 */
export const GO1_26_LAYOUT: LayoutSpec = {
  maxSmallSize: 32768 - 8,
  mallocHeaderBytes: 8,
  minSizeForMallocHeader: 512,
  spanHeapBits: true,
  inlineMarkBitsBytes: 128,
  inlineMarkBitsMinSize: 16,
};

/**
 * runtime/metrics names of Go 1.26.8 (metrics.All(), recorded in test/fixtures/versions/go1.26/metrics.txt, without
 * the /godebug/ counters): Go 1.19's, all still present, and these (go-versions.md §2, §3, §4 and §8.2 place them in
 * 1.20, 1.21, 1.22 and 1.26).
 */
export const GO1_26_METRICS: readonly string[] = [
  ...GO1_19_METRICS,
  "/cpu/classes/gc/mark/assist:cpu-seconds",
  "/cpu/classes/gc/mark/dedicated:cpu-seconds",
  "/cpu/classes/gc/mark/idle:cpu-seconds",
  "/cpu/classes/gc/pause:cpu-seconds",
  "/cpu/classes/gc/total:cpu-seconds",
  "/cpu/classes/idle:cpu-seconds",
  "/cpu/classes/scavenge/assist:cpu-seconds",
  "/cpu/classes/scavenge/background:cpu-seconds",
  "/cpu/classes/scavenge/total:cpu-seconds",
  "/cpu/classes/total:cpu-seconds",
  "/cpu/classes/user:cpu-seconds",
  "/gc/cleanups/executed:cleanups",
  "/gc/cleanups/queued:cleanups",
  "/gc/finalizers/executed:finalizers",
  "/gc/finalizers/queued:finalizers",
  "/gc/gogc:percent",
  "/gc/gomemlimit:bytes",
  "/gc/heap/live:bytes",
  "/gc/scan/globals:bytes",
  "/gc/scan/heap:bytes",
  "/gc/scan/stack:bytes",
  "/gc/scan/total:bytes",
  "/sched/goroutines-created:goroutines",
  "/sched/goroutines/not-in-go:goroutines",
  "/sched/goroutines/runnable:goroutines",
  "/sched/goroutines/running:goroutines",
  "/sched/goroutines/waiting:goroutines",
  "/sched/pauses/stopping/gc:seconds",
  "/sched/pauses/stopping/other:seconds",
  "/sched/pauses/total/gc:seconds",
  "/sched/pauses/total/other:seconds",
  "/sched/threads/total:threads",
  "/sync/mutex/wait/total:seconds",
].sort();

/**
 * Medians of the first samples (before the workload allocated anything) of the 42 runs of each corpus recorded with
 * heapcast's load generator: test/fixtures/real-go/go1.19.8 (go1.19.8's build) and go1.26.8 (test/versions/
 * baseline.test.ts recomputes them):
 * - runtime memory outside the heap: /memory/classes/metadata/other 1,352,976 + other 543,666 + mcache 16,072 +
 *   mspan 16,320 + profiling/buckets 1,442,750 B = 3,399,952 B (go1.19.8: 8,240,144 B, the harness corpus Go 1.19's
 *   model is calibrated on: 8,248,280 B — the runtime's, whatever the program). Go 1.19's 2 MiB heapArena bitmap is
 *   gone (1.22) and the profiling bucket hash is there from the start;
 * - RSS: Go 1.19's baseline (the harness program's) plus what this version adds to the same program: 3,534,848 B
 *   against go1.19.8's 3,315,712 B (+219,136 B: file-backed pages 2,236,416 vs 2,256,896 B, anonymous 1,298,432 vs
 *   1,058,816 B; HeapAlloc 173,176 vs 119,768 B and HeapInuse 720,896 vs 675,840 B among them).
 */
export const GO1_26_BASELINE: Baseline = {
  rssBytes: BASELINE_RSS_BYTES + (3_534_848 - 3_315_712),
  runtimeMetadataBytes: 3_399_952,
};

export const GO1_26: GoVersion = {
  name: "1.26",
  toolchain: "go1.26.8",
  pacer: GO1_26_PACER,
  layout: objectLayout(GO1_26_LAYOUT),
  // unsafe.Sizeof(heapArena{}) = 69,648 (measured): spans 64 KiB, pageInUse/pageMarks/pageSpecials/
  // pageUseSpanInlineMarkBits 1 KiB each, checkmarks and zeroedBase (runtime/mheap.go lines 268–330); no bitmap.
  heapArenaMetadataBytes: 69_648,
  // unsafe.Sizeof(g{}) = 456 (measured; runtime/sizeof_test.go line 24: 448 + xreg, XRegPerG = 8 B on amd64): class
  // 480.
  gStructBytes: 456,
  // runtime/stack.go: stackMin = 2048 (line 78), stackGuard = stackNosplit + stackSystem + StackSmall = 928 (line 102,
  // measured); runtime1.go line 410: adaptivestackstart = 1. gcComputeStartingStackSize and shrinkstack are 1.19's.
  stacks: { minBytes: 2048, guardBytes: 928, adaptiveStart: true },
  scavenger: scavengerGo122,
  gomaxprocs: gomaxprocsContainerAware,
  markCost: MARK_COST_GO1_26,
  // runtime/mgcsweep.go: sweepone, sweepLocked.sweep (kernel/versions/sweepcost.ts).
  sweepNsPerSpan: SWEEP_NS_PER_SPAN_GO1_26,
  // runtime/mgc.go line 1611: `gcController.lastStackScan.Load()>>20, " MB stacks, "` (since 1.20); mgcscavenge.go
  // line 699: printScavTrace(releasedBg, releasedEager, forced) (since 1.21).
  gctrace: { stacks: "scanned", scavtrace: "1.21" },
  baseline: GO1_26_BASELINE,
  metrics: GO1_26_METRICS,
};
