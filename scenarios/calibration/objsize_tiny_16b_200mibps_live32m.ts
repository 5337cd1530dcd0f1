// Calibration: test/fixtures/real-go/workloads/objsize_tiny_16b_200mibps_live32m.json (Go 1.19.8, 2 vCPUs, two recorded
// reps).
// Tiny objects: 200 MiB/s of 16 B pointer-free garbage (13.1 M objects/s; size class 16 -- Go's tiny allocator is
// only for noscan objects < 16 B), 32 MiB live, GOGC=100. Same byte rate as objsize_large_64k_200mibps_live32m.
// Translation: rate sections are off in phases that do not mention them, levels hold; garbage comes in the
// harness's catch-up batches on a 5 ms grid; a live-heap step up is built at the harness's ≈1.1 GB/s.
import { scenario } from "heapcast";

export default scenario("objsize_tiny_16b_200mibps_live32m", {
  go: { version: "1.19", GOGC: 100, GOMAXPROCS: 2 },
  duration: "10s",
  sampleEvery: "50ms",
})
  .liveHeap("32MiB", { over: "31ms", objectSize: "4KiB", pointers: true })
  .garbage("200MiB/s", { size: "16B", pointers: false, every: "5ms" });
