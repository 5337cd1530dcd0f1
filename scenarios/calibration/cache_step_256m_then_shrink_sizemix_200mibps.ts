// Calibration: test/fixtures/real-go/workloads/cache_step_256m_then_shrink_sizemix_200mibps.json (Go 1.19.8, 2 vCPUs,
// two recorded reps).
// Cache fill and eviction: 32 MiB live (0-3 s), step to 256 MiB at 3 s, hold to 8 s, linear shrink back to 32 MiB
// over 8-12 s, hold 12-20 s (watch HeapReleased / RSS decline via the scavenger). Garbage 200 MiB/s with a size mix
// (weights are byte fractions: 16 B 10%, 64 B 15%, 256 B 20%, 1 KiB 25%, 8 KiB 20%, 64 KiB 10%), GOGC=100. The cache
// also churns 20 MiB/s (old entries replaced).
// Translation: rate sections are off in phases that do not mention them, levels hold; garbage comes in the
// harness's catch-up batches on a 5 ms grid; a live-heap step up is built at the harness's ≈1.1 GB/s.
import { scenario } from "heapcast";

export default scenario("cache_step_256m_then_shrink_sizemix_200mibps", {
  go: { version: "1.19", GOGC: 100, GOMAXPROCS: 2 },
  duration: "20s",
  sampleEvery: "50ms",
})
  .liveHeap("32MiB", { over: "31ms", churn: "20MiB/s", objectSize: "4KiB", pointers: true })
  .garbage("200MiB/s", {
    sizes: [
      { size: "16B", share: 0.1 },
      { size: "64B", share: 0.15 },
      { size: "256B", share: 0.2 },
      { size: "1KiB", share: 0.25 },
      { size: "8KiB", share: 0.2 },
      { size: "64KiB", share: 0.1 },
    ],
    pointers: false,
    every: "5ms",
  })
  .at("3s", (s) =>
    s.liveHeap("256MiB", { over: "214ms", churn: "20MiB/s", objectSize: "4KiB", pointers: true }).garbage("200MiB/s", {
      sizes: [
        { size: "16B", share: 0.1 },
        { size: "64B", share: 0.15 },
        { size: "256B", share: 0.2 },
        { size: "1KiB", share: 0.25 },
        { size: "8KiB", share: 0.2 },
        { size: "64KiB", share: 0.1 },
      ],
      pointers: false,
      every: "5ms",
    }),
  )
  .at("8s", (s) =>
    s.liveHeap("32MiB", { over: "4s", churn: "20MiB/s", objectSize: "4KiB", pointers: true }).garbage("200MiB/s", {
      sizes: [
        { size: "16B", share: 0.1 },
        { size: "64B", share: 0.15 },
        { size: "256B", share: 0.2 },
        { size: "1KiB", share: 0.25 },
        { size: "8KiB", share: 0.2 },
        { size: "64KiB", share: 0.1 },
      ],
      pointers: false,
      every: "5ms",
    }),
  )
  .at("12s", (s) =>
    s.liveHeap("32MiB", { churn: "20MiB/s", objectSize: "4KiB", pointers: true }).garbage("200MiB/s", {
      sizes: [
        { size: "16B", share: 0.1 },
        { size: "64B", share: 0.15 },
        { size: "256B", share: 0.2 },
        { size: "1KiB", share: 0.25 },
        { size: "8KiB", share: 0.2 },
        { size: "64KiB", share: 0.1 },
      ],
      pointers: false,
      every: "5ms",
    }),
  );
