// Go 1.19 (toolchain go1.19.8, Debian golang-1.19 1.19.8-2): the version heapcast was first calibrated against
// (test/fixtures/real-go). Every citation below is a line of /usr/lib/go-1.19/src.

import { PiConsMark } from "../consmark";
import { BASELINE_RSS_BYTES, BASE_RUNTIME_METADATA_BYTES } from "../constants";
import { memoryLimitHeadroomFixed } from "../memlimitgoal";
import type { PacerRules } from "../pacer";
import { gomaxprocsCpuCount } from "./gomaxprocs";
import { objectLayout, type LayoutSpec } from "./layout";
import { MARK_COST_GO1_19 } from "./markcost";
import { SWEEP_NS_PER_SPAN_GO1_19 } from "./sweepcost";
import { scavengerGo119 } from "./scavenger";
import type { GoVersion } from "./version";

/**
 * runtime/mgcpacer.go: cons/mark through a PI controller (init lines 399–419, endCycle line 742); `triggered` = the
 * trigger computed at startCycle (lines 460–461, with the #53738 TODO above them); memory-limit headroom a fixed
 * memoryLimitHeapGoalHeadroom = 1 MiB (line 74, used at lines 1118–1122).
 */
export const GO1_19_PACER: PacerRules = {
  newConsMarkEstimator: () => new PiConsMark(),
  triggered: "trigger",
  memoryLimitHeadroom: memoryLimitHeadroomFixed,
};

/**
 * Pointer bits in the arena's bitmap (2 bits per word, malloc.go line 256: heapArenaBitmapBytes = heapArenaBytes/32),
 * not in spans or headers: no malloc header, no span-end reserve; small objects up to maxSmallSize = 32768
 * (malloc.go line 932: `if size <= maxSmallSize`).
 */
export const GO1_19_LAYOUT: LayoutSpec = {
  maxSmallSize: 32768,
  mallocHeaderBytes: 0,
  minSizeForMallocHeader: 512,
  spanHeapBits: false,
  inlineMarkBitsBytes: 0,
  inlineMarkBitsMinSize: 16,
};

/**
 * runtime/metrics names of Go 1.19.8 (runtime/metrics/description.go; metrics.All() on go1.19.8, recorded in
 * test/fixtures/versions/go1.19/metrics.txt).
 */
export const GO1_19_METRICS: readonly string[] = [
  "/cgo/go-to-c-calls:calls",
  "/gc/cycles/automatic:gc-cycles",
  "/gc/cycles/forced:gc-cycles",
  "/gc/cycles/total:gc-cycles",
  "/gc/heap/allocs-by-size:bytes",
  "/gc/heap/allocs:bytes",
  "/gc/heap/allocs:objects",
  "/gc/heap/frees-by-size:bytes",
  "/gc/heap/frees:bytes",
  "/gc/heap/frees:objects",
  "/gc/heap/goal:bytes",
  "/gc/heap/objects:objects",
  "/gc/heap/tiny/allocs:objects",
  "/gc/limiter/last-enabled:gc-cycle",
  "/gc/pauses:seconds",
  "/gc/stack/starting-size:bytes",
  "/memory/classes/heap/free:bytes",
  "/memory/classes/heap/objects:bytes",
  "/memory/classes/heap/released:bytes",
  "/memory/classes/heap/stacks:bytes",
  "/memory/classes/heap/unused:bytes",
  "/memory/classes/metadata/mcache/free:bytes",
  "/memory/classes/metadata/mcache/inuse:bytes",
  "/memory/classes/metadata/mspan/free:bytes",
  "/memory/classes/metadata/mspan/inuse:bytes",
  "/memory/classes/metadata/other:bytes",
  "/memory/classes/os-stacks:bytes",
  "/memory/classes/other:bytes",
  "/memory/classes/profiling/buckets:bytes",
  "/memory/classes/total:bytes",
  "/sched/gomaxprocs:threads",
  "/sched/goroutines:goroutines",
  "/sched/latencies:seconds",
];

/** Go 1.19's object layout (the default of a Workload built without a version). */
export const GO1_19_OBJECT_LAYOUT = objectLayout(GO1_19_LAYOUT);

export const GO1_19: GoVersion = {
  name: "1.19",
  toolchain: "go1.19.8",
  pacer: GO1_19_PACER,
  layout: GO1_19_OBJECT_LAYOUT,
  // unsafe.Sizeof(heapArena{}) = 2,165,776 (measured: test/fixtures/versions/README.md): the 2 MiB bitmap, 64 KiB
  // of span pointers, 3 KiB of page bitmaps and 16 B (zeroedBase). runtime/mheap.go: type heapArena.
  heapArenaMetadataBytes: 2_165_776,
  // unsafe.Sizeof(g{}) = 392 (measured; runtime/sizeof_test.go line 24 says the same): class 416.
  gStructBytes: 392,
  // runtime/stack.go: _StackMin = 2048 (line 75), _StackGuard = 928·1 + 0 (line 101); runtime1.go line 362:
  // adaptivestackstart default 1 (measured: debug.adaptivestackstart = 1).
  stacks: { minBytes: 2048, guardBytes: 928, adaptiveStart: true },
  scavenger: scavengerGo119,
  gomaxprocs: gomaxprocsCpuCount,
  markCost: MARK_COST_GO1_19,
  sweepNsPerSpan: SWEEP_NS_PER_SPAN_GO1_19,
  // runtime/mgc.go lines 1121–1126: `atomic.Load64(&gcController.maxStackScan)>>20, " MB stacks, "`;
  // mgcscavenge.go lines 663–680: printScavTrace's "KiB work, … KiB total, …% util".
  gctrace: { stacks: "allocated", scavtrace: "1.19" },
  // The harness corpus' first sample (kernel/constants.ts: BASELINE_RSS_BYTES, BASE_RUNTIME_METADATA_BYTES).
  baseline: {
    rssBytes: BASELINE_RSS_BYTES,
    runtimeMetadataBytes: BASE_RUNTIME_METADATA_BYTES,
  },
  metrics: GO1_19_METRICS,
};
