// What marking costs per byte in each version, measured (not derived): the Green Tea collector of Go 1.26 scans
// objects of 16–512 B a span at a time (runtime/mgcmark_greenteagc.go; with AVX-512 a vector kernel,
// internal/runtime/gc/scan/scan_amd64.go), while objects with pointers above 512 B carry an 8-byte malloc header
// since Go 1.22 and are scanned through it (runtime/mbitmap.go typePointers) instead of Go 1.19's heap bitmap.
//
// The measurement (test/fixtures/versions/probes/markcost, data in go1.NN/markcost-corpus.txt and, for objects
// above 512 B, go1.NN/markcost-slice.txt): forced collections (runtime.GC, GOGC off, the mutator idle) over a 128 MiB
// live heap shaped like the calibration corpus' (the project's load generator: a []unsafe.Pointer holding every object
// in allocation order; each object all pointer words, nil but the first and every 512th, which point to one
// sentinel), objects of one size, on this project's machine (AMD EPYC, 2 vCPUs, AVX-512
// F/DQ/CD/BW/VL/IFMA/VBMI/VBMI2/VNNI/BITALG/VPOPCNTDQ, GFNI: Green Tea's vector path is available), 8 cycles per run
// after 2 to settle, 5 runs interleaved across toolchains, each in a quiet window. Mark CPU = runtime/metrics
// /cpu/classes/gc/mark/{assist,dedicated,idle} (Go 1.20+) or gctrace's assist/background/idle "ms cpu" (Go 1.19); per
// byte of live heap (MemStats.HeapAlloc after the cycle, so the malloc header and size-class slot count, as the runtime
// model counts heap bytes). Points are the median of the runs' medians; the comments give the runs' range.
//
// How an object is made matters above 512 B since Go 1.22 (measured, markcost-slice.txt): the load generator makes its
// objects with make([]unsafe.Pointer, n) (lib/running/real/loadgen/alloc.go), so mallocgc gets the slice's element
// type (runtime/slice.go makeslice: `mallocgc(mem, et, true)`) and the malloc header holds that 8-byte type
// (mbitmap.go heapSetTypeSmallHeader: `*header = typ`); scanObject (mgcmark_greenteagc.go, as the old path) walks the
// object with typePointers.next (mbitmap.go), which steps one element — one word — at a time (`tp.elem +=
// tp.typ.Size_`, a new mask read per word), where an array or struct type ([n]unsafe.Pointer, reflect.New) gives 64
// words per mask (nextFast). Go 1.19 reads its heap bitmap per word whatever the type (mgcmark.go scanobject,
// heapBits.next), and objects up to 512 B have their pointer bits in the span from the type at allocation in every
// version (mbitmap.go heapBitsInSpan, writeHeapBitsSmall). At GOMAXPROCS=1 (medians): 4 KiB objects as slices mark at
// 1.85 GB/s in Go 1.26 and 1.27, as arrays at 3.35; Go 1.19 4.70 and 4.69. So a 4 KiB slice costs Go 1.26 2.54 times
// Go 1.19's CPU per byte, an array 1.40 (1 KiB: 1.76 and 1.26; 16 KiB: 2.54 and 1.42). The points above 512 B are the
// slices' (the objects `pointers: true` stands for: the load generator's, what `heapcast real` runs and the corpora
// were recorded with); pointerful structs and arrays above 512 B, which mark for less, are not modelled (a scenario
// does not say its objects' type).
//
// What it says (GOMAXPROCS=1, medians): Go 1.26 marks 16–512 B objects for 0.30–0.63 of Go 1.19's CPU per byte (Go
// 1.27: 0.27–0.72) and 1–16 KiB slices of pointers for 1.76–2.54 times it (1.27 the same). Go 1.26 built with
// GOEXPERIMENT=nogreenteagc (…-nogreenteagc/markcost-corpus.txt, arrays) costs 1.2–1.6 times Go 1.19 at every size:
// Green Tea is what turns the small objects around, and objects above 512 B, which it leaves to the old path, keep the
// cost of scanning through malloc headers (1.22+). Runs of one toolchain differ by up to 2× at some sizes (the ranges
// below; at GOMAXPROCS=2 more), so a single point carries ±20 %; the pattern across sizes is the same in every run.
//
// Limits, each measured: other heap shapes move the ratio (go1.NN/markcost.txt, 64 MiB, 3 runs: a random tree of
// non-nil pointers gives 0.4–0.7 for ≤ 512 B and 1.1–1.9 above; a random binary tree with a pointer-free payload
// gives 1.0–4.0, i.e. Green Tea slower, the "one object per span" case of go.dev/blog/greenteagc).
//
// How the model uses it: its Go 1.19 marks every object size at one rate (constants.ts SCAN_BYTES_PER_CPU_SECOND,
// fitted on the corpus' 4 KiB objects), where the probe's Go 1.19 marks 64 B objects for twice the CPU per byte of
// 4 KiB ones; so a newer version's cost at a size is not its ratio to the probe's Go 1.19 there but its own: the
// corpus' measured cost of 4 KiB objects relative to the model's Go 1.19 (MARK_COST_GO1_19_OVER_GO1_NN), times the
// version's probe throughput at 4 KiB over its throughput at that size (GOMAXPROCS=1). Go 1.26.8's corpus marks its
// 4 KiB objects at its probe's rate (below), so this is the version's measured cost at every size, on the calibration
// machine. (With Go 1.19's probe as the reference, 64 B objects marked for 0.52 of the model's Go 1.19 where real Go
// 1.26 marks them about as long as 4 KiB ones: scenarios/calibration-go1.26 greentea, 11 vs 20 ms marks; now 22 ms.)
// Tested in test/versions/markcost.test.ts.

/** Object sizes measured, bytes. */
export const MARK_COST_SIZES = [16, 64, 256, 512, 1024, 4096, 16384] as const;

/** One measured size: live-heap bytes marked per mark CPU-second. */
export interface MarkCostPoint {
  /** Object size, bytes (objects with pointers, the corpus' shape). */
  readonly size: number;
  /** At GOMAXPROCS=1, bytes per CPU-second. */
  readonly p1: number;
  /** At GOMAXPROCS=2, bytes per CPU-second. */
  readonly p2: number;
}

/** Object size of the corpus' live heap, bytes (4 KiB slices of pointers): where a version's cost is measured. */
export const MARK_COST_CORPUS_OBJECT_BYTES = 4096;

/** One version's mark cost. */
export interface MarkCost {
  /** The toolchain measured. */
  readonly toolchain: string;
  /** The probe's measurement, by MARK_COST_SIZES. */
  readonly points: readonly MarkCostPoint[];
  /**
   * Mark CPU per byte of the corpus' 4 KiB pointerful objects relative to the model's Go 1.19, measured on the
   * corpora (MARK_COST_GO1_19_OVER_GO1_NN); 1 for Go 1.19.
   */
  readonly corpusRelative: number;
  /**
   * Mark CPU per byte of live heap relative to the model's Go 1.19 for objects of `objectSize` bytes: corpusRelative
   * times the version's GOMAXPROCS=1 throughput at 4 KiB over its throughput at `objectSize`, interpolated linearly in
   * log2(size) between measured sizes and held at the nearest one outside them (objects under 16 B — only pointerful
   * 8 B ones, which Green Tea does not batch — and above 16 KiB were not measured). 1 for objects without pointers:
   * they are not scan work in the runtime model. 1 at every size for Go 1.19 (the model's one rate).
   */
  relativeToGo119(objectSize: number, pointers: boolean): number;
}

/**
 * The MarkCost of a version's points (by MARK_COST_SIZES) anchored at the corpus' measured cost `corpusRelative`;
 * null: the model's Go 1.19 (1 at every size).
 */
export function markCostFromPoints(
  toolchain: string,
  points: readonly MarkCostPoint[],
  corpusRelative: number | null,
): MarkCost {
  const sizes = [...MARK_COST_SIZES];
  if (points.length !== sizes.length || points.some((p, i) => p.size !== sizes[i])) {
    throw new Error(`markCostFromPoints: ${toolchain}: the points must be at the sizes ${sizes.join(", ")}`);
  }
  const atCorpus = points[sizes.indexOf(MARK_COST_CORPUS_OBJECT_BYTES)].p1;
  const ratio = points.map((p) => (corpusRelative === null ? 1 : (corpusRelative * atCorpus) / p.p1));
  return {
    toolchain,
    points,
    corpusRelative: corpusRelative ?? 1,
    relativeToGo119(objectSize: number, pointers: boolean): number {
      if (!pointers) return 1;
      if (objectSize <= sizes[0]) return ratio[0];
      const last = sizes.length - 1;
      if (objectSize >= sizes[last]) return ratio[last];
      let i = 0;
      while (sizes[i + 1] < objectSize) i++;
      const t = (Math.log2(objectSize) - Math.log2(sizes[i])) / (Math.log2(sizes[i + 1]) - Math.log2(sizes[i]));
      return ratio[i] + t * (ratio[i + 1] - ratio[i]);
    },
  };
}

/** Go 1.19.8 (go1.19/markcost-corpus.txt; the sizes marked "slice": go1.19/markcost-slice.txt). */
export const MARK_COST_POINTS_GO1_19: readonly MarkCostPoint[] = [
  { size: 16, p1: 0.997e9, p2: 0.909e9 }, // runs 5/5; P=1 0.83–1.11, P=2 0.52–0.95 GB/s
  { size: 64, p1: 2.32e9, p2: 1.52e9 }, // runs 5/5; P=1 1.43–2.52, P=2 1.19–2.17 GB/s
  { size: 256, p1: 3.39e9, p2: 2.56e9 }, // runs 5/5; P=1 2.37–3.99, P=2 2.35–3.55 GB/s
  { size: 512, p1: 1.87e9, p2: 1.69e9 }, // runs 5/5; P=1 1.64–1.89, P=2 1.02–1.89 GB/s
  { size: 1024, p1: 2.51e9, p2: 2.04e9 }, // slice; runs 5/5; P=1 2.40–2.58, P=2 1.26–2.46 GB/s
  { size: 4096, p1: 4.7e9, p2: 3.36e9 }, // slice; runs 5/5; P=1 4.63–4.80, P=2 2.34–3.80 GB/s
  { size: 16384, p1: 4.97e9, p2: 2.89e9 }, // slice; runs 5/5; P=1 3.58–5.21, P=2 2.69–3.66 GB/s
];

/** Go 1.26.8 (go1.26/markcost-corpus.txt; the sizes marked "slice": go1.26/markcost-slice.txt). */
export const MARK_COST_POINTS_GO1_26: readonly MarkCostPoint[] = [
  { size: 16, p1: 1.59e9, p2: 1.61e9 }, // runs 5/5; P=1 1.42–1.63, P=2 0.78–1.67 GB/s
  { size: 64, p1: 3.85e9, p2: 3.79e9 }, // runs 5/5; P=1 3.09–3.96, P=2 1.94–3.98 GB/s
  { size: 256, p1: 6.84e9, p2: 7.17e9 }, // runs 5/5; P=1 4.12–7.99, P=2 4.25–8.02 GB/s
  { size: 512, p1: 6.28e9, p2: 5.45e9 }, // runs 5/5; P=1 4.61–7.17, P=2 3.43–6.59 GB/s
  { size: 1024, p1: 1.43e9, p2: 1.13e9 }, // slice; runs 5/5; P=1 1.37–1.45, P=2 0.73–1.42 GB/s
  { size: 4096, p1: 1.85e9, p2: 1.67e9 }, // slice; runs 5/5; P=1 0.94–1.86, P=2 0.89–1.83 GB/s
  { size: 16384, p1: 1.95e9, p2: 1.97e9 }, // slice; runs 5/5; P=1 1.05–1.99, P=2 0.71–2.00 GB/s
];

/** Go 1.27.4 (go1.27/markcost-corpus.txt; the sizes marked "slice": go1.27/markcost-slice.txt). */
export const MARK_COST_POINTS_GO1_27: readonly MarkCostPoint[] = [
  { size: 16, p1: 1.39e9, p2: 1.47e9 }, // runs 5/5; P=1 0.93–1.61, P=2 0.78–1.62 GB/s
  { size: 64, p1: 3.76e9, p2: 3.61e9 }, // runs 5/5; P=1 2.07–4.00, P=2 1.25–3.80 GB/s
  { size: 256, p1: 6.24e9, p2: 5.66e9 }, // runs 5/5; P=1 4.09–8.47, P=2 4.24–5.99 GB/s
  { size: 512, p1: 6.65e9, p2: 5.31e9 }, // runs 5/5; P=1 4.98–7.35, P=2 3.64–6.83 GB/s
  { size: 1024, p1: 1.42e9, p2: 1.1e9 }, // slice; runs 5/5; P=1 1.25–1.48, P=2 0.74–1.46 GB/s
  { size: 4096, p1: 1.85e9, p2: 1.41e9 }, // slice; runs 5/5; P=1 1.00–1.87, P=2 0.93–1.85 GB/s
  { size: 16384, p1: 1.97e9, p2: 1.55e9 }, // slice; runs 5/5; P=1 1.68–2.00, P=2 0.98–1.97 GB/s
];

export const MARK_COST_GO1_19 = markCostFromPoints("go1.19.8", MARK_COST_POINTS_GO1_19, null);
/**
 * The isolated probe against the recorded corpora, on one machine. What the model's Go 1.19 marks at is the machine of
 * its calibration (constants.ts: SCAN_BYTES_PER_CPU_SECOND, fitted on the external harness's corpus,
 * test/fixtures/real-go/runs); the newer versions' mark cost is their scan rate against Go 1.19.8's on that machine.
 * Scan rate: scan work (marked heap − heap allocated during the mark + 0.75 × stacks, what SCAN_BYTES_PER_CPU_SECOND
 * counts) per mark CPU-ms (gctrace assist + background + idle), median over the cycles after 0.5 s, not forced, ≥ 8 MB
 * marked, both reps (test/support/markspeed.ts); 19 workloads (the CPU-quota one, whose CPU is throttled, and the
 * 1 MiB heap-minimum one left out).
 *
 * The machine is not constant: the same Go 1.19.8 binary marks at a speed that moves by up to 1.3× between sessions
 * on this project's VM (test/support/fidelity.ts: MACHINE_MARK_SPEED), so a ratio between two corpora recorded at
 * different times mixes the version with the machine. Measured same-session (test/fixtures/real-go/
 * same-session-versions: Go 1.19.8, 1.26.8, 1.27.4 interleaved in quiet windows, 4 workloads): Go 1.19.8 marks at
 * 1 / 1.017 of the calibration corpus' rate, so that session's machine is the calibration's within 2 %; the
 * go1.26.8 corpus was recorded on a machine 0.96 as fast, go1.27.4's on one 0.81 as fast (fidelity.ts:
 * MACHINE_MARK_SPEED). Go 1.19.8 over Go 1.NN on the calibration machine: the 19 workloads' median of runs / go1.NN.M
 * times that corpus' machine speed: Go 1.26.8 2.291 [1.92–2.61] × 0.96 = 2.21; Go 1.27.4 2.749 [2.38–3.47] × 0.81 =
 * 2.23; the same-session recordings alone give 2.29 and 2.22 (4 workloads). (The earlier factor, 1.74 for Go 1.26,
 * compared Go 1.26.8's corpus with a Go 1.19.8 corpus recorded on a 1.27× slower machine.)
 *
 * Their live heaps are 4 KiB slices of pointers, for which the probe says 2.54 (1.26 and 1.27) times Go 1.19's CPU per
 * byte, the corpus 2.21 and 2.23: 0.87 and 0.88 of the idle-mutator probe's ratio. (Against the probe's arrays, 1.40,
 * the corpus looked 1.43/1.47 times costlier: the objects' type, not the mutator, was the difference.) What remains is
 * Go 1.19's side: with its mutator allocating, Go 1.19 marks the corpus' heap slower than the idle probe — the
 * calibration corpus' GOMAXPROCS=1 workload at 3.93 MiB per mark CPU-ms (4.12 GB/s) against the probe's 4.70 GB/s —,
 * Go 1.26 at the probe's rate (the go1.26.8 corpus' 1.72 MiB/ms at machine speed 0.96: 1.88 GB/s, against 1.85). So
 * the version's cost is anchored at the corpus' 4 KiB objects and follows the version's own probe across sizes
 * (markCostFromPoints), measured once per version over every workload, as SCAN_BYTES_PER_CPU_SECOND was for 1.19.
 *
 * The mark's fixed part (constants.ts MARK_EXTRA_P_NS, per P beyond the first) is scaled with the rest: the model
 * multiplies the whole mark CPU by the version's cost. Measured (test/support/markspeed.ts perByteCost, test/versions/
 * mark-speed.test.ts), the fixed part does not grow with the version — Go 1.26.8's corpus, fitted as Go 1.19's was
 * (mark CPU = S × cost / SCAN_BYTES_PER_CPU_SECOND + 5.18 ms at GOMAXPROCS=2), costs 2.57 per byte (Go 1.27.4 2.60;
 * the leak workloads' 485 MiB marks 2.53–2.60) —, but at GOMAXPROCS=1 its one workload costs 2.22 (1.27: 2.03), so
 * one cost per version fits either the small marks at both GOMAXPROCS (as now: 2.21) or the large ones at
 * GOMAXPROCS=2. Tried (the fixed part unscaled, 2.57/2.60): the 512 MiB leaks' marks come close to the real ones and
 * their cycles within 3 % for Go 1.26 (6 % now), but their heap overshoots further (Go 1.26 GOGC=off peak heap in use
 * 17.6 vs 14.5 %, peak RSS 25.6 vs 22.3 %: the model's mutator does not assist through the longer marks,
 * kernel/mark.ts), and Go 1.27 falls from 16 to 11 of 21 workloads within tolerance (gomaxprocs1's heap in use 8.4 %,
 * the leaks' peak RSS 16–20 %): not adopted until the mutator assists. Tested in test/versions/mark-speed.test.ts.
 */
export const MARK_COST_GO1_19_OVER_GO1_26 = 2.21;
export const MARK_COST_GO1_19_OVER_GO1_27 = 2.23;
export const MARK_COST_GO1_26 = markCostFromPoints("go1.26.8", MARK_COST_POINTS_GO1_26, MARK_COST_GO1_19_OVER_GO1_26);
export const MARK_COST_GO1_27 = markCostFromPoints("go1.27.4", MARK_COST_POINTS_GO1_27, MARK_COST_GO1_19_OVER_GO1_27);
