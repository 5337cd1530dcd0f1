// Calibration: test/fixtures/real-go/workloads/gogcoff_gomemlimit256m_live64m_300mibps.json (Go 1.19.8, 2 vCPUs, two
// recorded reps).
// GOGC=off with GOMEMLIMIT=256MiB as the only GC trigger: 64 MiB live, 300 MiB/s of 1 KiB garbage. The heap goal is
// derived from the memory limit (limit minus non-heap memory), so GCs are rare and the heap runs close to 256 MiB.
// Translation: rate sections are off in phases that do not mention them, levels hold; garbage comes in the
// harness's catch-up batches on a 5 ms grid; a live-heap step up is built at the harness's ≈1.1 GB/s.
import { scenario } from "heapcast";

export default scenario("gogcoff_gomemlimit256m_live64m_300mibps", {
  go: { version: "1.19", GOGC: "off", GOMEMLIMIT: "256MiB", GOMAXPROCS: 2 },
  duration: "10s",
  sampleEvery: "50ms",
})
  .liveHeap("64MiB", { over: "61ms", objectSize: "4KiB", pointers: true })
  .garbage("300MiB/s", { size: "1KiB", pointers: false, every: "5ms" });
