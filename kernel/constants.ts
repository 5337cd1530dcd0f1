// The model's constants that are NOT read from the Go source: each is chosen once, for every scenario, and says where
// its value comes from. Constants that ARE Go's (trigger bounds, 2-minute forced GC, stack minimum...) live next to
// the mechanism that uses them, citing the runtime source.
//
// "Calibration corpus" below is test/fixtures/real-go (Go 1.19.8, 2 vCPUs, recorded for this project).

/**
 * Mark throughput, bytes of scan work per CPU-second: marking is linear in the CPUs that mark (N Ps marking full time
 * scan N · SCAN_BYTES_PER_CPU_SECOND per second), plus a fixed CPU cost per cycle for every marking P beyond the first
 * (MARK_EXTRA_P_NS). Fitted on every workload's gctrace (both reps, cycles after 0.5 s, not forced; the CPU-quota run
 * left out, its P-time is not CPU): mark CPU (assist + background + idle) against scan work S = marked heap − the
 * heap allocated during the mark (black, unscanned garbage) + 0.75 × stacks, each workload weighted equally:
 * CPU ≈ S / 4.159 GB/s + 5.18 ms · (P − 1). Per workload (median mark CPU, fit vs real): P=1 16.1 vs 16.3 ms; the
 * steady,
 * gomaxprocs2, alloc_step and 900 MiB/s runs (67 MB) 21.3 vs 19.2–20.4; objsize/cache_step/deep_stacks/request_bursts
 * (34–36 MB) 13.2–13.8 vs 11.0–13.9; the goroutine leak with GOMEMLIMIT=192MiB (182 MB) 49.0 vs 46.5;
 * leak_to_gomemlimit512m (500 MB) 125.7 vs 119–120; the 16k/8k goroutine leaks without a limit 17.0–17.6 vs 19.6–21.7.
 * The fit a single P gives, S / 4.16 GB/s, is the value this constant had from the P=1 and P=2 steady marks alone.
 * The former model (S / (4.16 GB/s · N^0.4), no fixed part) was too slow for large heaps (spiral marks 33.5/38.7 vs
 * 23–24/27–28 ms in the 192m run) and too fast for small ones.
 * Why linear: across the corpus the scan rate per CPU-second grows with the heap (3.4 GB/s at 67 MB, 3.9 at 182 MB,
 * 4.2 at 500 MB on P=2) where a sublinear N^x would keep it constant: what two Ps lose is a fixed part per cycle,
 * not a share of the scan. Measured on 2 vCPUs only.
 * Real heaps dense with non-nil pointers scan slower (the corpus' objects hold mostly nil pointers; see its caveats).
 */
export const SCAN_BYTES_PER_CPU_SECOND = 4.159e9;

/**
 * CPU a mark costs, per cycle, for every P that marks beyond the first, ns (the fit of SCAN_BYTES_PER_CPU_SECOND):
 * 5.18 ms at P=2, none at P=1 (its 16.3 ms marks are the scan alone). Where it comes from is not pinned down (work
 * sharing between the workers, the second worker's start and the termination detection of two workers); it is counted
 * as scan work done first and handed to nobody (not scan work for the pacer). It never exceeds the scan's own CPU:
 * the corpus' 1 MB heap marks in 0.45 ms of CPU, twice its scan (0.25 ms), not 5 ms. Measured at GOMAXPROCS ≤ 2 only:
 * with more Ps, (P − 1) × 5.18 ms is an extrapolation. The cycle-to-cycle jitter (MARK_THROUGHPUT_LOG_SD) scales it
 * with the scan.
 */
export const MARK_EXTRA_P_NS = 5.18e6;

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
 * Mutator CPU per allocated byte, ns: zeroing and writing the memory, without the sweep (SWEEP_NS_PER_BYTE, sweep.ts).
 * From the corpus' steady workloads: 500 MiB/s of 1 KiB objects used ≈ 0.15 cores beyond GC and the per-object cost
 * → ≈ 0.27 ns/byte, which holds the sweep of the heap the program allocates into: at GOGC=100 each cycle sweeps
 * about twice what it allocates (heap in use at mark termination ≈ 2 × the bytes allocated per cycle), 0.069 × 2 ≈
 * 0.14 ns per allocated byte, now counted by the sweeper → 0.13. Uncertain: the steady runs' CPU beyond GC is flat
 * over GOGC 50–400 (0.143–0.152 cores, where this split predicts the sweep share to fall from ≈0.11 to ≈0.05 cores),
 * and the CPU-quota run is sensitive to it (0.12: 126 cycles, 0.15: 88; real 117).
 */
export const MUTATOR_NS_PER_BYTE = 0.13;

/**
 * How the mutator's throughput grows when it runs on more than one CPU at once (a backlog caught up on every P, or
 * gcStart's sweep on every P): N CPUs do N^MUTATOR_SCALING_EXPONENT times the work of one; up to one CPU it is linear
 * (MUTATOR_NS_PER_* are per-CPU costs measured below one core). The allocation these programs do (mallocgc, zeroing,
 * touching fresh pages) is memory-bound and the corpus machine's two vCPUs share the memory bandwidth. Corpus check,
 * the CPU-quota run (0.5 core, GOMAXPROCS=2): between marks its two garbage workers, behind, allocate on both Ps for a
 * median 16.4/16.9 ms (rep1/rep2 gctrace, cycles 11–117) while the heap grows 63 MiB, sweeping as they go (proportional
 * sweep, the heap distance is short): 66 MB × (MUTATOR_NS_PER_BYTE + MUTATOR_NS_PER_OBJECT / 1 KiB) ≈ 10.3 ms plus the
 * sweep of ≈175 MB in use ≈ 12.1 ms, one CPU's work for 22.4 ms done in 16.5 ms on two CPUs: 1.36 = 2^0.44.
 */
export const MUTATOR_SCALING_EXPONENT = 0.4;

/**
 * Mutator CPU to create and start one goroutine (newproc1 + first schedule), ns. Go's BenchmarkCreateGoroutines: ~300
 * ns.
 */
export const MUTATOR_NS_PER_GOROUTINE = 300;

/**
 * Fixed part of a stop-the-world pause, ns: time to stop the goroutines (async preemption) and restart them.
 * The runtime has no formula for it (proc.go: stopTheWorldWithSema, startTheWorldWithSema; a measured input): the
 * corpus' STW #1 medians are 30–100 µs on 2 Ps.
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

/** Heap arena metadata per byte of heap arena in use (1.19, mheap.go: type heapArena — a 2 MiB
 * bitmap, 64 KiB of span pointers and 3 KiB of page bitmaps per 64 MiB arena). */
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

/**
 * Bytes of mspan structure per heap span page in use (sizeof(mspan) ≈ 160 B per span; small-object spans are mostly one
 * 8 KiB page).
 */
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

/**
 * CPU to sweep one byte of heap span, ns, on one CPU (N CPUs sweeping together do N^MUTATOR_SCALING_EXPONENT the work
 * of one: sweep.ts). From the corpus' leak_to_gomemlimit512m runs (GOGC=100 and off, two reps each): in their death
 * spiral the next cycle starts a median 0.054/0.056/0.072/0.054 ms per MiB of heap1 after the previous one ends, with
 * nothing allocated in between (heap0 = the previous marked heap): gcStart sweeping every span first, on both Ps.
 * 0.055 ms/MiB on 2 CPUs → 0.055e6 · 2^0.4 / 2^20 ≈ 0.069 ns/byte on one. (The goroutine leak with GOMEMLIMIT=192MiB
 * shows the same: 0.062/0.054 ms/MiB, at ≈1.75 cores busy.) Every span in those heaps is 8 KiB (4 KiB and 1 KiB
 * objects), so Go 1.19's cost per span is this × 8 KiB (kernel/versions/sweepcost.ts: the sweep costs per span).
 */
export const SWEEP_NS_PER_BYTE = 0.069;
