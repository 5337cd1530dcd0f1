// Calibration: test/fixtures/real-go/workloads/gomaxprocs2_live64m_300mibps_gogc100.json (Go 1.19.8, 2 vCPUs, two
// recorded reps).
// GOMAXPROCS=2 comparison: 64 MiB live, 300 MiB/s of 1 KiB garbage from 2 worker goroutines, GOGC=100. With 1 P the
// 25% background mark goal is met by a fractional worker and the mutator shares the only P with GC.
// Translation: rate sections are off in phases that do not mention them, levels hold; garbage comes in the
// harness's catch-up batches on a 5 ms grid; a live-heap step up is built at the harness's ≈1.1 GB/s.
import { scenario } from "heapcast";

export default scenario("gomaxprocs2_live64m_300mibps_gogc100", {
  go: { version: "1.19", GOGC: 100, GOMAXPROCS: 2 },
  duration: "10s",
  sampleEvery: "50ms",
})
  .liveHeap("64MiB", { over: "61ms", objectSize: "4KiB", pointers: true })
  .garbage("300MiB/s", { size: "1KiB", pointers: false, every: "5ms" });
