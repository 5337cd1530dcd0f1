// Go 1.27 (toolchain go1.27.4, fetched with GOTOOLCHAIN=go1.27.4): for heapcast's purposes Go 1.26 again. Diffs of
// the runtime read (mgcpacer.go, mgclimit.go, mgcscavenge.go, mheap.go initSpan, malloc.go mallocgc, mgc.go's
// gctrace, stack.go, cgroup_linux.go, proc.go sysmon): endCycle lost its unused userForced parameter; the compiler
// calls size-specialized malloc routines for objects < 80 B (GOEXPERIMENT=sizespecializedmalloc on by default,
// internal/buildcfg/exp.go line 88: CPU only, same size classes); writeHeapBitsSmall counts a pointer slice's whole
// length in heapScan (mbitmap.go lines 629–641; 1.26 counted one element's PtrBytes — an input of the assist bound
// only); Green Tea's vector kernel also requires POPCNT (internal/runtime/gc/scan/scan_amd64.go line 43). Sizes
// (heapArena 69,648 B, g 456 B, spanInlineMarkBits 128 B) and the object layout were measured equal to 1.26.8's.
// Citations are lines of the go1.27.4 tree where they differ from go1.26.8's.

import { GO1_26, GO1_26_LAYOUT, GO1_26_METRICS, GO1_26_PACER } from "./go1_26";
import { objectLayout } from "./layout";
import { BASELINE_RSS_BYTES } from "../constants";
import { MARK_COST_GO1_27 } from "./markcost";
import type { GoVersion } from "./version";

export const GO1_27: GoVersion = {
  ...GO1_26,
  name: "1.27",
  toolchain: "go1.27.4",
  // runtime/mgcpacer.go: lastConsMark line 143, endCycle lines 665–672, startCycle `c.triggered = c.heapLive.Load()`
  // line 396, headroom lines 1142–1147: 1.26's rules.
  pacer: GO1_26_PACER,
  // runtime/mheap.go lines 1462 and 1466 (initSpan): 1.26's reserves.
  layout: objectLayout(GO1_26_LAYOUT),
  markCost: MARK_COST_GO1_27,
  // runtime/mgc.go line 1627: lastStackScan, as 1.26.
  gctrace: { stacks: "scanned", scavtrace: "1.21" },
  // metrics.All() of go1.27.4 (test/fixtures/versions/go1.27/metrics.txt): the same names as 1.26.8 outside /godebug/.
  metrics: GO1_26_METRICS,
  // First samples of test/fixtures/real-go/go1.27.4 (42 runs, medians; method as GO1_26_BASELINE): outside the heap
  // 3,365,128 B; RSS 3,999,744 B against go1.19.8's 3,315,712 B (+684,032 B, of which file-backed pages +434,176 B:
  // 2,691,072 vs 2,256,896 B, the binary's resident pages — and anonymous +249,856 B).
  baseline: {
    rssBytes: BASELINE_RSS_BYTES + (3_999_744 - 3_315_712),
    runtimeMetadataBytes: 3_365_128,
  },
};
