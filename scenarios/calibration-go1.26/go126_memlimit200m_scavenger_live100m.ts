// Go 1.26 calibration (issue 14): the background scavenger's memory-limit goal. GOMEMLIMIT=200MiB over a 100 MiB live
// heap with GOGC=100: the GOGC goal (≈200 MiB) is above the memory-limit goal, so the limit paces the GC, and since
// Go 1.22 the background scavenger returns free pages until mappedReady is at 95 % of the limit
// (runtime/mgcscavenge.go gcPaceScavenger, memoryLimitGoal) where Go 1.19's never did. Recorded with Go 1.26.8 (2 reps,
// test/fixtures/real-go/new-workloads/go1.26.8).
import { scenario } from "heapcast";

export default scenario("go126_memlimit200m_scavenger_live100m", {
  go: { version: "1.26", GOGC: 100, GOMEMLIMIT: "200MiB", GOMAXPROCS: 2 },
  duration: "12s",
  sampleEvery: "50ms",
})
  .liveHeap("100MiB", { over: "100ms", objectSize: "4KiB", pointers: false })
  .garbage("100MiB/s", { size: "1KiB", pointers: false, every: "5ms" });
