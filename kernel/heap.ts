// The heap's memory states (runtime/mheap.go: allocSpan, freeSpan; mem.go; mstats.go: heapStatsDelta) and what they add
// up to:
// objects in in-use spans, free pages still resident, pages released to the OS, stack spans, metadata, and the RSS a
// container's cgroup would charge. Bytes throughout.

import {
  ARENA_METADATA_RATIO,
  BASELINE_HEAP_UNUSED_BYTES,
  BASELINE_RSS_BYTES,
  BASE_RUNTIME_METADATA_BYTES,
  MSPAN_RATIO,
} from "./constants";

/** mheap.grow maps heap in 4 MiB chunks (pallocChunkPages = 512 pages of 8 KiB), runtime/mheap.go: grow. */
export const HEAP_GROWTH_CHUNK = 4 * 1024 * 1024;
/** 64-bit Linux heap arena (runtime/malloc.go: heapArenaBytes). */
export const HEAP_ARENA_BYTES = 64 * 1024 * 1024;

export class HeapMemory {
  /**
   * @param arenaMetadataRatio heap-arena metadata per byte of arena (the version's heapArena struct over 64 MiB: Go
   * 1.19's 2 MiB pointer bitmap makes it 3.2 %, Go 1.22+ keeps pointer bits in spans and headers: 0.1 %)
   */
  constructor(
    readonly arenaMetadataRatio: number = ARENA_METADATA_RATIO,
    /** The version's resident memory besides heap, stacks and metadata (GoVersion.baseline.rssBytes). */
    readonly baselineRssBytes: number = BASELINE_RSS_BYTES,
    /** The version's runtime memory outside the heap (GoVersion.baseline.runtimeMetadataBytes). */
    readonly runtimeMetadataBytes: number = BASE_RUNTIME_METADATA_BYTES,
  ) {}

  /**
   * heapAlloc: bytes of objects allocated and not yet freed by the sweeper (rounded sizes).
   * /memory/classes/heap/objects.
   */
  objects = 0;
  /** Bytes of in-use spans not holding objects (slot slack, tail waste). /memory/classes/heap/unused. */
  unused = 0;
  /** Free pages, resident (heapFree). /memory/classes/heap/free. */
  free = 0;
  /** Pages returned to the OS or never touched (heapReleased). /memory/classes/heap/released. */
  released = 0;
  /** Stack spans (/memory/classes/heap/stacks). */
  stacks = 0;
  /** Cumulative bytes allocated / freed (/gc/heap/allocs:bytes, /gc/heap/frees:bytes). */
  totalAlloc = 0;
  totalFree = 0;
  /** Largest heap address range mapped so far (arenas are never unmapped). */
  mapped = 0;
  /** Largest heap retained so far: mspan structures are never freed (fixalloc reuses them). */
  peakRetained = 0;

  /** heapInUse: bytes in in-use spans. */
  inUse(): number {
    return this.objects + this.unused;
  }

  /** heapRetained = heapInUse + heapFree: the runtime's estimate of the heap's RSS (mgcscavenge.go). */
  retained(): number {
    return this.objects + this.unused + this.free;
  }

  /** GC and arena metadata plus the runtime's other fixed structures (/memory/classes/metadata/* + other). */
  metadata(): number {
    const arenas = Math.ceil(this.mapped / HEAP_ARENA_BYTES);
    return this.runtimeMetadataBytes + arenas * HEAP_ARENA_BYTES * this.arenaMetadataRatio + this.mspanBytes();
  }

  /** /memory/classes/metadata/mspan: one mspan per span ever needed at once. */
  mspanBytes(): number {
    return Math.max(this.peakRetained, this.retained()) * MSPAN_RATIO;
  }

  /** mappedReady: all runtime memory not released (/memory/classes/total − heap/released). What GOMEMLIMIT controls. */
  mappedReady(): number {
    return this.objects + this.unused + this.free + this.stacks + this.metadata();
  }

  /** /memory/classes/total:bytes (MemStats.Sys). */
  total(): number {
    return this.mappedReady() + this.released;
  }

  /**
   * Resident set size as /proc/self/statm reports it: heap spans and free pages that were touched, stacks, the part
   * of the arena metadata that was written (the heap bitmap, in proportion to the heap in use), and the baseline.
   */
  rss(): number {
    const retained = this.objects + this.unused + this.free;
    const touchedMetadata = retained * this.arenaMetadataRatio + this.mspanBytes();
    return retained + this.stacks + touchedMetadata + this.baselineRssBytes;
  }

  /** Allocates `bytes` of objects whose spans carry `overhead` bytes of span per byte of object. */
  allocate(bytes: number, overhead: number): void {
    if (bytes <= 0) return;
    this.objects += bytes;
    this.totalAlloc += bytes;
    this.takePages(bytes * overhead - bytes, bytes);
  }

  /** Stack spans grow or shrink to `bytes`. */
  setStacks(bytes: number): void {
    const d = bytes - this.stacks;
    if (d > 0) this.takePages(0, d);
    else this.free -= d;
    this.stacks = bytes;
  }

  /**
   * The sweeper frees everything but `marked` bytes of objects; spans left empty return to the free pages.
   * `overhead` is the span bytes per object byte of what survives.
   */
  sweep(marked: number, overhead: number): void {
    const dead = Math.max(0, this.objects - marked);
    const inUseBefore = this.inUse();
    this.totalFree += dead;
    this.objects -= dead;
    this.unused = survivorsUnused(this.objects, overhead);
    this.free += Math.max(0, inUseBefore - this.inUse());
  }

  /**
   * Span bytes sweep(marked, overhead) adds to the heap in use, ≥ 0: the survivors' span waste is recomputed at the
   * live heap's overhead, which can exceed what their spans held (objects leaked or allocated at another size class).
   */
  sweepGrowth(marked: number, overhead: number): number {
    const objects = Math.min(this.objects, marked);
    return Math.max(0, objects + survivorsUnused(objects, overhead) - this.inUse());
  }

  /** The scavenger returns up to `bytes` of free pages to the OS. Returns what it released. */
  release(bytes: number): number {
    const r = Math.min(bytes, this.free);
    if (r <= 0) return 0;
    this.free -= r;
    this.released += r;
    return r;
  }

  /** Pages for new spans: free pages first, then released ones (faulted back in), then new 4 MiB chunks. */
  private takePages(unusedDelta: number, spanBytes: number): void {
    this.unused += unusedDelta;
    const r = this.retained();
    if (r > this.peakRetained) this.peakRetained = r;
    const need = spanBytes + unusedDelta;
    if (need <= this.free) this.free -= need;
    else this.takeMorePages(need);
  }

  /** takePages beyond the free pages (out of line: allocation mostly finds free pages). */
  private takeMorePages(need: number): void {
    const fromFree = Math.min(need, this.free);
    this.free -= fromFree;
    need -= fromFree;
    if (need <= 0) return;
    const fromReleased = Math.min(need, this.released);
    this.released -= fromReleased;
    need -= fromReleased;
    if (need <= 0) return;
    const grow = Math.ceil(need / HEAP_GROWTH_CHUNK) * HEAP_GROWTH_CHUNK;
    this.mapped += grow;
    // A new chunk is mapped Prepared (counted as released) until spans are carved out of it (mheap.grow, sysUsed).
    this.released += grow - need;
  }
}

/** Unused bytes of the spans in use after a sweep leaves `objects` bytes at `overhead` span bytes per object byte. */
function survivorsUnused(objects: number, overhead: number): number {
  return BASELINE_HEAP_UNUSED_BYTES + objects * (overhead - 1);
}
