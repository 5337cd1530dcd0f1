// Go 1.19 size classes (runtime/sizeclasses.go) and the rounding mallocgc applies (runtime/malloc.go: mallocgc;
// msize.go: roundupsize). Every allocation is counted at its rounded size by the pacer, metrics and the limit.

/** class_to_size: object size of each class in bytes; index 0 = large object. */
export const CLASS_TO_SIZE = [
  0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384, 416, 448, 480,
  512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864,
  5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760,
  24576, 27264, 28672, 32768,
] as const;

/** class_to_allocnpages: 8 KiB pages per span of each class. */
export const CLASS_TO_ALLOCNPAGES = [
  0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 2, 1,
  2, 1, 3, 2, 3, 1, 3, 2, 3, 4, 5, 6, 1, 7, 6, 5, 4, 3, 5, 7, 2, 9, 7, 5, 8, 3, 10, 7, 4,
] as const;

/** _PageSize: the runtime's page, 8 KiB. */
export const PAGE_SIZE = 8192;
/** _MaxSmallSize: objects above this are large (own span, page-rounded). */
export const MAX_SMALL_SIZE = 32768;
/** _TinySize: noscan objects smaller than this are packed into 16-byte blocks. */
export const TINY_SIZE = 16;

/** Index of the smallest class whose size is ≥ size (size ≤ 32 KiB). */
export function sizeClassOf(size: number): number {
  let lo = 1;
  let hi = CLASS_TO_SIZE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (CLASS_TO_SIZE[mid] >= size) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * What an object of `size` bytes costs in the heap: the size-class size for small objects, whole pages for large
 * ones. For noscan objects under 16 B (the tiny allocator) it returns the share of a 16-byte block one object takes
 * when blocks are packed with objects of this size (alignment as in mallocgc).
 */
export function roundedSize(size: number, noscan: boolean): number {
  if (size <= 0) return 0;
  if (noscan && size < TINY_SIZE) {
    const align = size & 7 ? (size & 3 ? (size & 1 ? 1 : 2) : 4) : 8;
    const slot = Math.ceil(size / align) * align;
    const perBlock = Math.max(1, Math.floor(TINY_SIZE / slot));
    return TINY_SIZE / perBlock;
  }
  if (size <= MAX_SMALL_SIZE) return CLASS_TO_SIZE[sizeClassOf(size)];
  return Math.ceil(size / PAGE_SIZE) * PAGE_SIZE;
}

/** Bytes of span per byte of rounded objects: tail waste of the class's span (1 for large objects). */
export function spanOverhead(size: number, noscan: boolean): number {
  if (size > MAX_SMALL_SIZE || size <= 0) return 1;
  if (noscan && size < TINY_SIZE) return 1;
  const c = sizeClassOf(size);
  const spanBytes = CLASS_TO_ALLOCNPAGES[c] * PAGE_SIZE;
  const objs = Math.floor(spanBytes / CLASS_TO_SIZE[c]);
  return spanBytes / (objs * CLASS_TO_SIZE[c]);
}
