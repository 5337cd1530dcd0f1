// What sweeping costs per Go version: CPU per span swept, ns on one CPU (GoVersion.sweepNsPerSpan, used by
// kernel/sweep.ts times Workload.sweepSpans). The sweeper visits the spans in use one at a time (runtime/mgcsweep.go:
// sweepone → sweepLocked.sweep: the span's specials, countAlloc over its mark bits, freeing it whole
// (mheap.freeSpan) or swapping allocBits/gcmarkBits and resetting freeindex), so its cost follows the number of spans,
// not the bytes: a Go 1.22+ 4 KiB pointerful object takes a 4,864 B slot, 5 to a 24 KiB span, where Go 1.19 puts 2
// to an 8 KiB span, so the same heap is a third of the spans.
//
// Measured (test/fixtures/versions/probes/sweep, fixtures go1.NN/sweep.txt, test/versions/sweepcost.test.ts): in a
// memory-limit death spiral (GOGC off, GOMEMLIMIT far below a live heap of one object size) the gap between one
// cycle's end and the next one's start (gctrace) is the sweep of every span in use, by bgsweep and by the allocating
// goroutine in gcStart (mgc.go: `for trigger.test() && sweepone() != ^uintptr(0) {}`), on the machine's 2 CPUs.
// Against the spans in use (the live heap's, from the layout, and the 1 KiB garbage's allocated during the mark, in
// 8 KiB spans), the gap over the four 4 KiB-pointerful heaps (32–192 MiB) grows by 208 ns per span in go1.19.8 and
// 267 ns in go1.26.8 (on 2 CPUs), above intercepts of 0.2 and 0.7 ms; go1.27.4's runs were too noisy to fit on their
// own (its mgcsweep.go is go1.26.8's, line for line), and its 64 KiB runs match 1.26's.
//
// Go 1.19's cost is the harness's, fitted on its spirals (constants.ts SWEEP_NS_PER_BYTE, 0.069 ns per byte of its
// 8 KiB spans: 4 KiB and 1 KiB objects): 565 ns per span on one CPU, 428 on two — twice what this project's machine
// and load generator measure under go1.19.8 (the probe's 208 ns; the corpus' go1.19.8 spirals 0.030–0.036 ms/MiB,
// 235–280 ns per 8 KiB span). Go 1.26's is measured on this project's machine, where its corpus was recorded: the
// probe's 267 ns on 2 CPUs, × 2^MUTATOR_SCALING_EXPONENT (kernel/constants.ts: N CPUs sweep N^0.4 times as fast).
// Not modelled: the intercept (≈0.7 ms per cycle in go1.26.8: gcMarkTermination's work after gctrace's clock stops —
// startTheWorld, forEachP flushing the mcaches, freeStackSpans, printing — that gcStart waits on through gcsema), and
// the dearer spans of pointerful classes ≤ 512 B in go1.26.8 (≈700 ns per span, their heap bits and Green Tea's
// inline mark bits: sweepLocked.sweep's moveInlineMarks).

import { MUTATOR_SCALING_EXPONENT, SWEEP_NS_PER_BYTE } from "../constants";
import { PAGE_SIZE } from "../sizeclasses";

/** Go 1.19: the harness's per-byte rate over its spirals' 8 KiB spans (constants.ts SWEEP_NS_PER_BYTE). */
export const SWEEP_NS_PER_SPAN_GO1_19 = SWEEP_NS_PER_BYTE * PAGE_SIZE;

/**
 * Go 1.26 (and 1.27: mgcsweep.go unchanged): go1.26.8's 267 ns per span on 2 CPUs in probes/sweep's 4 KiB spirals
 * (test/versions/sweepcost.test.ts refits it from the fixture), on one CPU.
 */
export const SWEEP_NS_PER_SPAN_GO1_26 = 267 * Math.pow(2, MUTATOR_SCALING_EXPONENT);
