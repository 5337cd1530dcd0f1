// Where a heap object goes, for a version's object layout: its size class and slot (with the malloc header of Go
// 1.22+), how many objects a span of that class holds (less the heap bits and Green Tea mark bits some versions keep
// at a span's end), and so the bytes of span per byte of slot. Pure functions of a LayoutSpec (the data each version
// module holds, with its Go source lines) over the size-class table, which is the same in every version modelled
// (kernel/sizeclasses.ts). For Go 1.19 they give exactly sizeclasses.ts's roundedSize/spanOverhead.
// Tested in test/versions/layout.test.ts against what real Go runtimes do (test/fixtures/versions/go1.NN/layout.txt).

import { CLASS_TO_ALLOCNPAGES, CLASS_TO_SIZE, PAGE_SIZE, TINY_SIZE, sizeClassOf } from "../sizeclasses";

/** How one Go version lays heap objects out (each field cites its source in the version module). */
export interface LayoutSpec {
  /**
   * Largest object, bytes, that gets a size class; larger ones get a span of whole pages. 32768 in Go 1.19;
   * 32768 − 8 since Go 1.22 (malloc.go: `size <= maxSmallSize-mallocHeaderSize`), for every object.
   */
  readonly maxSmallSize: number;
  /**
   * Bytes of the malloc header added before size-class rounding to objects with pointers larger than
   * minSizeForMallocHeader (Go 1.22+: 8; Go 1.19: 0, pointer bits live in the arena's bitmap).
   */
  readonly mallocHeaderBytes: number;
  /**
   * gc.MinSizeForMallocHeader (512 on 64-bit): objects with pointers up to this size keep their pointer bits at the
   * end of their span instead of in a header (Go 1.22+: heapBitsInSpan).
   */
  readonly minSizeForMallocHeader: number;
  /**
   * Whether spans of objects with pointers of classes up to minSizeForMallocHeader reserve spanBytes/64 (one bit per
   * word) at their end for the pointer bitmap (Go 1.22+: mheap.go initSpan).
   */
  readonly spanHeapBits: boolean;
  /**
   * Bytes reserved at the end of every span of a class from inlineMarkBitsMinSize to minSizeForMallocHeader, with or
   * without pointers, for Green Tea's inline mark bits (Go 1.26+: unsafe.Sizeof(spanInlineMarkBits{}) = 128; 0 = none).
   */
  readonly inlineMarkBitsBytes: number;
  /** Smallest class with inline mark bits (gcUsesSpanInlineMarkBits: size >= 16). */
  readonly inlineMarkBitsMinSize: number;
}

/** Size class of an object of `size` bytes (0 = large), the malloc header included (malloc.go: mallocgc). */
export function layoutSizeClass(spec: LayoutSpec, size: number, pointers: boolean): number {
  if (size > spec.maxSmallSize) return 0;
  if (pointers && spec.mallocHeaderBytes > 0 && size > spec.minSizeForMallocHeader) {
    // mallocgcSmallScanHeader: size += mallocHeaderSize, then the class of the sum.
    size += spec.mallocHeaderBytes;
  }
  return sizeClassOf(size);
}

/**
 * Objects one span of class `sizeClass` holds (mheap.go: initSpan's nelems): the span's bytes less what its end
 * reserves, divided by the class size. Large objects (class 0): 1.
 */
export function layoutObjectsPerSpan(spec: LayoutSpec, sizeClass: number, pointers: boolean): number {
  if (sizeClass === 0) return 1;
  const elemsize = CLASS_TO_SIZE[sizeClass];
  const nbytes = CLASS_TO_ALLOCNPAGES[sizeClass] * PAGE_SIZE;
  let reserve = 0;
  if (
    spec.inlineMarkBitsBytes > 0 &&
    elemsize >= spec.inlineMarkBitsMinSize &&
    elemsize <= spec.minSizeForMallocHeader
  ) {
    reserve += spec.inlineMarkBitsBytes;
  }
  if (spec.spanHeapBits && pointers && elemsize <= spec.minSizeForMallocHeader) {
    // nbytes / goarch.PtrSize / 8: one bit per 8-byte word.
    reserve += nbytes / 8 / 8;
  }
  return Math.floor((nbytes - reserve) / elemsize);
}

/**
 * Heap bytes one object of `size` bytes takes: its slot (the class size, which includes the malloc header), whole
 * pages for a large object, or for a noscan object under 16 B the share of a 16-byte tiny block it takes when blocks
 * are packed with objects of this size (alignment as in mallocgcTiny). Same contract as sizeclasses.ts roundedSize.
 */
export function layoutSlotSize(spec: LayoutSpec, size: number, pointers: boolean): number {
  if (size <= 0) return 0;
  if (!pointers && size < TINY_SIZE) {
    const align = size & 7 ? (size & 3 ? (size & 1 ? 1 : 2) : 4) : 8;
    const slot = Math.ceil(size / align) * align;
    const perBlock = Math.max(1, Math.floor(TINY_SIZE / slot));
    return TINY_SIZE / perBlock;
  }
  const c = layoutSizeClass(spec, size, pointers);
  if (c === 0) return Math.ceil(size / PAGE_SIZE) * PAGE_SIZE;
  return CLASS_TO_SIZE[c];
}

/**
 * Bytes of span per byte of slot for objects of `size` bytes: the span's bytes over the bytes its objects occupy
 * (tail waste and reserved bitmaps); 1 for large objects. Tiny objects live in 16-byte blocks of the 16 B noscan
 * class. Same contract as sizeclasses.ts spanOverhead.
 */
export function layoutSpanOverhead(spec: LayoutSpec, size: number, pointers: boolean): number {
  if (size <= 0) return 1;
  const tiny = !pointers && size < TINY_SIZE;
  const c = tiny ? sizeClassOf(TINY_SIZE) : layoutSizeClass(spec, size, pointers);
  if (c === 0) return 1;
  const spanBytes = CLASS_TO_ALLOCNPAGES[c] * PAGE_SIZE;
  return spanBytes / (layoutObjectsPerSpan(spec, c, pointers) * CLASS_TO_SIZE[c]);
}

/**
 * Bytes of the span an object of `size` bytes lives in (mheap.go: initSpan's npages · pageSize): the class's
 * class_to_allocnpages pages for small objects (tiny noscan ones in the 16 B class), whole pages of its own for a large
 * one. What the sweeper visits one at a time (mgcsweep.go: sweepone → mspan.sweep).
 */
export function layoutSpanBytes(spec: LayoutSpec, size: number, pointers: boolean): number {
  if (size <= 0) return PAGE_SIZE;
  const tiny = !pointers && size < TINY_SIZE;
  const c = tiny ? sizeClassOf(TINY_SIZE) : layoutSizeClass(spec, size, pointers);
  if (c === 0) return Math.ceil(size / PAGE_SIZE) * PAGE_SIZE;
  return CLASS_TO_ALLOCNPAGES[c] * PAGE_SIZE;
}

/** A version's object layout, as the runtime model asks for it. */
export interface ObjectLayout {
  readonly spec: LayoutSpec;
  /** See layoutSlotSize. */
  slotSize(size: number, pointers: boolean): number;
  /** Objects per span of the class an object of `size` bytes gets (1 for large objects). */
  objectsPerSpan(size: number, pointers: boolean): number;
  /** See layoutSpanOverhead. */
  spanOverhead(size: number, pointers: boolean): number;
  /** See layoutSpanBytes. */
  spanBytes(size: number, pointers: boolean): number;
}

/** The ObjectLayout of a spec. */
export function objectLayout(spec: LayoutSpec): ObjectLayout {
  return {
    spec,
    slotSize: (size, pointers) => layoutSlotSize(spec, size, pointers),
    objectsPerSpan: (size, pointers) => {
      const tiny = !pointers && size < TINY_SIZE;
      return layoutObjectsPerSpan(
        spec,
        tiny ? sizeClassOf(TINY_SIZE) : layoutSizeClass(spec, size, pointers),
        pointers,
      );
    },
    spanOverhead: (size, pointers) => layoutSpanOverhead(spec, size, pointers),
    spanBytes: (size, pointers) => layoutSpanBytes(spec, size, pointers),
  };
}
