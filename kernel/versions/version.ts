// What the runtime model asks of a Go version: the narrow interface between the kernel and the version modules
// (kernel/versions/go1_NN.ts, one per version, each holding its rules as data and small pure functions with the Go
// source lines they come from). Adding a version is a new module plus its fixtures (test/fixtures/pacer/go1.NN,
// test/fixtures/versions/go1.NN), not conditions across the kernel.
//
// Each part is a mechanism with its own file and tests:
// pacer       kernel/pacer.ts (PacerRules), consmark.ts, memlimitgoal.ts     test/pacer.golden.test.ts, consmark,
// memlimitgoal
//   layout      kernel/versions/layout.ts                                      test/versions/layout.test.ts
//   gomaxprocs  kernel/versions/gomaxprocs.ts                                  test/versions/gomaxprocs.test.ts
//   scavenger   kernel/versions/scavenger.ts                                   test/versions/scavenger.test.ts
//   markCost    kernel/versions/markcost.ts                                    test/versions/markcost.test.ts
//   the rest (g size, stacks, arena metadata, gctrace, metrics) are data      test/versions/versions.test.ts
//   baseline (RSS, runtime memory at start)                                    test/versions/baseline.test.ts

import type { PacerRules } from "../pacer";
import type { GomaxprocsRule } from "./gomaxprocs";
import type { ObjectLayout } from "./layout";
import type { MarkCost } from "./markcost";
import type { ScavengerRules } from "./scavenger";

/** A Go release line heapcast models, as a scenario names it (`go: { version: "1.26" }`). */
export type { GoVersionName } from "../plan";
import type { GoVersionName } from "../plan";

/** Goroutine stack rules (runtime/stack.go, proc.go). Verified unchanged 1.19.8 → 1.27.4 (test/versions). */
export interface StackRules {
  /** Smallest (and starting, without adaptive sizing) goroutine stack, bytes (stackMin/_StackMin, linux/amd64). */
  readonly minBytes: number;
  /** Stack kept free below the stack pointer, bytes (stackGuard/_StackGuard, linux/amd64). */
  readonly guardBytes: number;
  /** Whether new goroutines start with the average scanned stack (GODEBUG adaptivestackstart default). */
  readonly adaptiveStart: boolean;
}

/** What `GODEBUG=gctrace=1` prints differently from one version to the next (runtime/mgc.go: gcMarkTermination). */
export interface GctraceRules {
  /**
   * What the "MB stacks" field reports: "allocated" = gcController.maxStackScan (Σ hi−lo of all stacks, Go 1.19),
   * "scanned" = gcController.lastStackScan (stack bytes the last mark scanned, Go 1.20+).
   */
  readonly stacks: "allocated" | "scanned";
  /**
   * The scavenger's line under GODEBUG=scavtrace=1 (mgcscavenge.go: printScavTrace): "1.19" = `scav N KiB work,
   * M KiB total, U% util`; "1.21" = `scav N KiB work (bg), E KiB work (eager), M KiB now, U% util`.
   */
  readonly scavtrace: "1.19" | "1.21";
}

/**
 * What a Go program of this version holds before its workload starts (runtime and package initialisation, the binary's
 * resident pages), measured at the first sample of real runs (before the workload allocated anything): see each
 * version's module for the runs and the method.
 */
export interface Baseline {
  /**
   * Resident memory counted besides the heap, stacks and arena metadata (/proc/self/statm RSS at the start), bytes.
   * (The heap the program holds from the start, BASELINE_HEAP_OBJECTS_BYTES, is Go 1.19's in every version: go1.26.8's
   * marked heap in the pacer trace, test/versions/trigger-crossing.test.ts, leaves no room for more.)
   */
  readonly rssBytes: number;
  /**
   * Runtime memory outside the heap in mappedReady from the start (/memory/classes/metadata/* + other +
   * profiling/buckets at the first sample; the heap arenas' heapArena structs are added per arena), bytes.
   */
  readonly runtimeMetadataBytes: number;
}

/** One Go version's rules, as the runtime model uses them. */
export interface GoVersion {
  /** The release line, e.g. "1.26". */
  readonly name: GoVersionName;
  /** The exact toolchain read and measured, e.g. "go1.26.8": every citation and fixture is from it. */
  readonly toolchain: string;
  /** The pacer's version-specific rules (cons/mark smoothing, `triggered`, memory-limit headroom). */
  readonly pacer: PacerRules;
  /** Size classes, malloc headers and what spans reserve at their end. */
  readonly layout: ObjectLayout;
  /**
   * Heap-arena metadata, bytes per 64 MiB arena (unsafe.Sizeof(heapArena{}) on linux/amd64, measured): counted in
   * /memory/classes/metadata/other and in mappedReady, so against GOMEMLIMIT.
   */
  readonly heapArenaMetadataBytes: number;
  /** unsafe.Sizeof(g{}) on linux/amd64, measured: one per goroutine ever alive at once, allocated with pointers. */
  readonly gStructBytes: number;
  readonly stacks: StackRules;
  readonly scavenger: ScavengerRules;
  readonly gomaxprocs: GomaxprocsRule;
  /**
   * CPU to sweep one span, ns on one CPU (mgcsweep.go: sweepone → mspan.sweep, one span at a time): what gcStart's
   * sweep, bgsweep and proportional sweep cost (kernel/sweep.ts), times the spans in use.
   */
  readonly sweepNsPerSpan: number;
  /** Mark CPU per byte of scan work (measured on this project's machine). */
  readonly markCost: MarkCost;
  readonly gctrace: GctraceRules;
  readonly baseline: Baseline;
  /**
   * runtime/metrics names this version exports (metrics.All(), measured), without the /godebug/non-default-behavior/
   * counters (one per GODEBUG setting, nothing a memory model reports). Sorted.
   */
  readonly metrics: readonly string[];
}
