// The model's constants that are NOT read from the Go source: each is chosen once, for every scenario, and says where
// its value comes from. Constants that ARE Go's (trigger bounds, 2-minute forced GC, stack minimum...) live next to
// the mechanism that uses them, citing the runtime source.
//
// "Calibration corpus" below is test/fixtures/real-go (Go 1.19.8, 2 vCPUs, recorded for this project).

/**
 * Mark throughput of one CPU, in bytes of scan work per CPU-second.
 * From the corpus' steady workloads (64 MiB of pointerful 4 KiB objects): gctrace's mark CPU
 * (assist + background + idle) is 15–20 ms per cycle for ≈ 67 MB of scan work → ≈ 3.5–4.5 GB/s per CPU.
 * Real heaps dense with non-nil pointers scan slower (the corpus' objects hold mostly nil pointers; see its caveats).
 */
export const SCAN_BYTES_PER_CPU_SECOND = 4.0e9;

/**
 * Mutator CPU per allocated object, ns: the cost of mallocgc's fast path plus the program's own work per object.
 * From the corpus' objsize_tiny workload: 13.1 M allocations/s of 16 B used ≈ 0.28 cores beyond GC → ≈ 20 ns/object.
 */
export const MUTATOR_NS_PER_OBJECT = 20;

/**
 * Mutator CPU per allocated byte, ns: zeroing and writing the memory.
 * From the corpus' steady workloads: 500 MiB/s of 1 KiB objects used ≈ 0.15 cores of mutator CPU beyond GC and the
 * per-object cost → ≈ 0.27 ns/byte (≈ 3.7 GB/s of memory writes per core).
 */
export const MUTATOR_NS_PER_BYTE = 0.27;

/** Mutator CPU to create and start one goroutine (newproc1 + first schedule), ns. Go's BenchmarkCreateGoroutines: ~300 ns. */
export const MUTATOR_NS_PER_GOROUTINE = 300;

/**
 * Fixed part of a stop-the-world pause, ns: time to stop the goroutines (async preemption) and restart them.
 * The runtime has no formula for it (§2: "model them as inputs"); the corpus' STW #1 medians are 30–100 µs on 2 Ps.
 */
export const STW_BASE_NS = 40_000;
/** Per-P part of a stop-the-world pause, ns (forEachP / per-P bookkeeping). Corpus: P=1 0.03 ms vs P=2 0.05 ms. */
export const STW_PER_P_NS = 10_000;

/**
 * Resident memory of a Go 1.19 program before its heap: text, data, runtime structures and the first arena's touched
 * metadata. The corpus' first sample (t = 0.1 ms) reads /proc/self/statm RSS = 2.6 MB with an empty heap.
 */
export const BASELINE_RSS_BYTES = 2_600_000;

/**
 * Runtime memory outside the heap that counts in /memory/classes/total (mappedReady) from the start: page allocator
 * summaries, mcache/mspan, profiling buckets, "other". The corpus' first sample: metadata/other 7.65 MB +
 * other 0.55 MB + mcache/mspan ≈ 32 KB with an empty heap → 8.2 MB. Mostly untouched, so little of it is resident.
 */
export const BASE_RUNTIME_METADATA_BYTES = 8_230_000;

/** Heap arena metadata per byte of heap arena in use (1.19: 2 MiB bitmap + 64 KiB spans + 3 KiB per 64 MiB, §1). */
export const ARENA_METADATA_RATIO = (2 * 1024 * 1024 + 64 * 1024 + 3 * 1024) / (64 * 1024 * 1024);

/**
 * Rate at which the background scavenger returns free pages to the OS while it runs, bytes per CPU-second of
 * scavenger work (madvise(MADV_DONTNEED) of resident pages). With the 1 % CPU target on 2 Ps this gives ≈ 150 MB/s,
 * the corpus' largest scav lines (up to 150 MB released in one GC cycle of cache_step, ≈ 0.5–1 s apart).
 */
export const SCAVENGE_BYTES_PER_CPU_SECOND = 8e9;
