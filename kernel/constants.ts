// The model's constants that are NOT read from the Go source: each is chosen once, for every scenario, and says where
// its value comes from. Constants that ARE Go's (trigger bounds, 2-minute forced GC, stack minimum...) live next to
// the mechanism that uses them, citing the runtime source.
//
// "Calibration corpus" below is test/fixtures/real-go (Go 1.19.8, 2 vCPUs, recorded for this project).

/**
 * Mark throughput, bytes of scan work per second, of ONE P marking full time. N Ps marking together scan
 * SCAN_BYTES_PER_CPU_SECOND · N^MARK_SCALING_EXPONENT bytes per second (see below).
 * From the corpus' GOMAXPROCS=1 and =2 runs with the same 64 MiB heap of pointerful 4 KiB objects (≈67.1 MB of scan
 * work): median marks of 17.0 ms (P=1, 0.91 P free for marking) and 13.0 ms (P=2, 1.85 Ps free, eight workloads),
 * less MARK_MIN_NS: 67.1 MB / (0.0126 s · 1.85^0.4) ≈ 4.16 GB/s, and P=1 (where the idle worker holds the whole P
 * once the assisted batches at mark start are done, runtime.ts) then gives 16.1 ms + 0.4 ms plus those assists.
 * Real heaps dense with non-nil pointers scan slower (the corpus' objects hold mostly nil pointers; see its caveats).
 */
export const SCAN_BYTES_PER_CPU_SECOND = 4.16e9;

/**
 * How mark throughput grows with the number of Ps marking: N^0.4. On the corpus machine two Ps marking scan only
 * 1.33× what one does (P=1: 3.9 GB/s in 17 ms marks; P=2: 5.2 GB/s in 13 ms marks), as two SMT threads of one core
 * or two vCPUs sharing memory bandwidth would. Measured on 2 vCPUs only: with many Ps this is an extrapolation and
 * likely pessimistic on machines whose cores do not share execution units.
 */
export const MARK_SCALING_EXPONENT = 0.4;

/**
 * Shortest concurrent mark phase, ns, whatever the heap: waking the workers, preparing and scanning the roots,
 * gcMarkDone's ragged barrier and termination detection. The corpus' heap-minimum workload (≈1.1 MB of scan work)
 * marks for a median 0.6 ms where scanning alone takes ≈0.2 ms.
 */
export const MARK_MIN_NS = 400_000;

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

/**
 * How the mutator's throughput grows when it runs on more than one CPU at once (a backlog caught up on every P):
 * N CPUs do N^MUTATOR_SCALING_EXPONENT times the work of one; up to one CPU it is linear (MUTATOR_NS_PER_* are
 * per-CPU costs measured below one core). Same cause and value as MARK_SCALING_EXPONENT: the allocation these
 * programs do (mallocgc, zeroing, touching fresh pages) is memory-bound like marking, and the corpus machine's two
 * vCPUs share the memory bandwidth. Corpus check, the CPU-quota run (0.5 core, GOMAXPROCS=2): between marks its two
 * garbage workers, behind, allocate on both Ps for a median 16.4/16.9 ms (rep1/rep2 gctrace, cycles 11–117) while the
 * heap grows 63 MiB: ≈ 4.0 GB/s on two CPUs, 1.16× the 3.45 GB/s one CPU does at MUTATOR_NS_PER_BYTE +
 * MUTATOR_NS_PER_OBJECT / 1 KiB, far from 2× (the gaps also hold the sweep). Driven at the harness's requested
 * 900 MiB/s with its 200 ms debt cap, the model then achieves 807 MB/s, the run's 805/812 MB/s.
 */
export const MUTATOR_SCALING_EXPONENT = MARK_SCALING_EXPONENT;

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
 * Heap a Go 1.19 program holds before its workload starts (runtime and package initialisation), live for good, and the
 * span slack around it (objects of many size classes, each class's span partly filled). The corpus' first sample
 * (t = 0.1 ms): MemStats.HeapAlloc 119,936 B, HeapInuse 475,136 B.
 */
export const BASELINE_HEAP_OBJECTS_BYTES = 119_936;
export const BASELINE_HEAP_UNUSED_BYTES = 475_136 - 119_936;

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

/**
 * Cycle-to-cycle variation of mark throughput: the log of each cycle's scan speed is normal with this standard
 * deviation (median 1). Real marks vary with OS scheduling, cache state and how much idle time the workers get.
 * Corpus, GOMAXPROCS=2 (steady GOGC 50–400, gomaxprocs2, objsize_large, alloc_step, the 900 MiB/s control; 1330
 * cycles after the first second): log(mark time / the run's median) has sd 0.25 and normal quantiles (p1 −0.48,
 * p99 +0.56, max +0.84 against ±0.58 and +0.77 at p99.9 for a normal). (GOMAXPROCS=1 shows 0.10.)
 * Scenarios may override it (`markJitter`, 0 for a textbook run without noise).
 */
export const MARK_THROUGHPUT_LOG_SD = 0.25;

/** Linux CFS bandwidth control's period (cpu.cfs_period_us default 100 ms; the corpus uses it). */
export const CFS_PERIOD_NS = 100e6;

/**
 * Stack a goroutine uses, given the stack S it grew to. newstack doubles a stack when its use passes S − 928 B (the
 * stack guard), so a goroutine ends with stack S when its peak use is in (S/2 − 928, S − 928]; we take the middle,
 * 0.75·S − 928 (what the corpus' harness aims for, loadgen depthFor). A goroutine that never grew (2 KiB) uses half of
 * its 1,120 usable bytes. Check against the corpus: its goroutine-leak goals imply 4.5–5 KiB scanned per 8 KiB stack.
 */
export const STACK_USED_FRACTION = 0.75;
/** runtime/stack.go: _StackGuard (928 B on linux/amd64): the stack kept free below the stack pointer. */
export const STACK_GUARD = 928;

/**
 * Heap bytes of one goroutine's g struct (runtime2.go: type g, ≈ 400 B → the 416 B size class). Gs are never freed:
 * a dead goroutine's g goes to a free list for reuse (golang/go#9869), so the peak goroutine count stays in the heap.
 */
export const G_STRUCT_BYTES = 416;

/** Bytes of mspan structure per heap span page in use (sizeof(mspan) ≈ 160 B per span; small-object spans are mostly one 8 KiB page). */
export const MSPAN_RATIO = 160 / 8192;

/**
 * Stack spans a Go 1.19 program holds before its workload starts: the main goroutine, the runtime's own goroutines
 * (sysmon-driven helpers, bgsweep, bgscavenge, forcegc, finalizers, one mark worker per P) and the per-P stack caches.
 * The corpus' first sample: /memory/classes/heap/stacks 262,144 B.
 */
export const BASELINE_STACK_BYTES = 262_144;

/**
 * runtime/proc.go: forcePreemptNS — sysmon preempts a goroutine that has run this long (10 ms). An idle mark worker
 * yields only to runnable goroutines (pollWork checks the run queues and the network poller, not timers), so with one
 * P a ticker-driven goroutine waits for this preemption while the idle worker marks. The corpus' GOMAXPROCS=1 run
 * shows it: ≈1 MiB allocated during a 17 ms mark at 300 MiB/s (5 MiB expected), marked heap 65 vs 68 MiB with P=2.
 */
export const FORCE_PREEMPT_NS = 10e6;

/**
 * runtime/proc.go: sysmon — its sleep between checks starts at 20 µs, doubles after 1 ms without work and is capped
 * at 10 ms (`if delay > 10*1000 { delay = 10 * 1000 }`); with all Ps idle it sleeps until the next timer instead.
 * So a mostly idle program's sysmon looks every 10 ms, and a goroutine (or mark worker) that starts running just after
 * a look is first seen one look later and preempted one forcePreemptNS after that: ≈20 ms, not 10. The corpus'
 * GOMAXPROCS=1 run: its 16–19 ms marks allocate ≈1.5 MiB (gctrace heap0→heap1) where one preemption would let the
 * stalled 300 MiB/s workers allocate ≥3 MiB.
 */
export const SYSMON_MAX_DELAY_NS = 10e6;
