// Calibration: test/fixtures/real-go/workloads/objsize_large_64k_200mibps_live32m.json (Go 1.19.8, 2 vCPUs, two
// recorded reps).
// Large objects: 200 MiB/s of 64 KiB pointer-free garbage (large-object path, > 32 KiB), 32 MiB live, GOGC=100.
// Compare with objsize_tiny_16b_200mibps_live32m.
// Translation: rate sections are off in phases that do not mention them, levels hold; garbage comes in the
// harness's catch-up batches on a 5 ms grid; a live-heap step up is built at the harness's ≈1.1 GB/s.
import { scenario } from "heapcast";

export default scenario("objsize_large_64k_200mibps_live32m", {
  go: { version: "1.19", GOGC: 100, GOMAXPROCS: 2 },
  duration: "10s",
  sampleEvery: "50ms",
})
  .liveHeap("32MiB", { over: "31ms", objectSize: "4KiB", pointers: true })
  .garbage("200MiB/s", { size: "64KiB", pointers: false, every: "5ms" });
