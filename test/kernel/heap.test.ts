// The heap's memory states (kernel/heap.ts): allocation takes free pages, then released ones, then new 4 MiB chunks;
// the sweep turns dead objects into free pages; the scavenger releases free pages; RSS is what a cgroup charges.
import { HeapMemory, HEAP_GROWTH_CHUNK } from "../../kernel/heap";
import { BASELINE_RSS_BYTES, MSPAN_RATIO } from "../../kernel/constants";

const MiB = 2 ** 20;

test("allocating maps new chunks: the part not yet carved into spans counts as released, not resident", () => {
  const h = new HeapMemory();
  h.allocate(1 * MiB, 1);
  expect(h.objects).toBe(1 * MiB);
  expect(h.mapped).toBe(HEAP_GROWTH_CHUNK);
  expect(h.released).toBe(HEAP_GROWTH_CHUNK - 1 * MiB);
  expect(h.totalAlloc).toBe(1 * MiB);
  const rss = h.rss();
  h.allocate(1 * MiB, 1); // from the released part of the chunk: no new mapping, RSS grows
  expect(h.mapped).toBe(HEAP_GROWTH_CHUNK);
  expect(h.rss()).toBeGreaterThan(rss + 1 * MiB - 1);
});

test("the sweep frees the dead objects into free pages: heap in use falls, RSS does not", () => {
  const h = new HeapMemory();
  h.allocate(10 * MiB, 1.25);
  const rss = h.rss();
  const inUse = h.inUse();
  h.sweep(2 * MiB, 1.25);
  expect(h.objects).toBe(2 * MiB);
  expect(h.totalFree).toBe(8 * MiB);
  expect(h.inUse()).toBeLessThan(inUse);
  expect(h.retained()).toBeCloseTo(inUse, 6); // in use + free: the same pages
  expect(h.rss()).toBeCloseTo(rss, 6);
  // the next allocation reuses the free pages: no page is faulted in. RSS grows only by mspan metadata: takePages
  // raises peakRetained (mspan structures are never freed) before it takes the free pages, so reused bytes count once
  // more there (5 MiB of span × MSPAN_RATIO); the OOM bound (runtime.ts: earliestOomNs) allows for it.
  h.allocate(4 * MiB, 1.25);
  expect(h.rss() - rss).toBeGreaterThanOrEqual(0);
  expect(h.rss() - rss).toBeLessThanOrEqual(5 * MiB * MSPAN_RATIO + 1);
});

test("release returns at most the free pages to the OS, and RSS falls by them and their bitmap", () => {
  const h = new HeapMemory();
  h.allocate(10 * MiB, 1);
  h.sweep(0, 1);
  const free = h.free;
  const rss = h.rss();
  expect(h.release(1e12)).toBe(free);
  expect(h.free).toBe(0);
  expect(h.rss()).toBeLessThan(rss - free + 1);
  expect(h.release(1)).toBe(0);
});

test("stacks take free pages first and return them when they shrink; RSS never below the baseline", () => {
  const h = new HeapMemory();
  expect(h.rss()).toBeGreaterThanOrEqual(BASELINE_RSS_BYTES);
  h.setStacks(8 * MiB);
  expect(h.stacks).toBe(8 * MiB);
  h.setStacks(1 * MiB);
  expect(h.free).toBeCloseTo(7 * MiB, 6);
  expect(h.mappedReady()).toBeGreaterThanOrEqual(h.retained() + h.stacks);
  expect(h.total()).toBe(h.mappedReady() + h.released);
});
