// Calibration: test/fixtures/real-go/workloads/cpu_quota_0.5core_gomaxprocs2_live64m_900mibps.json (Go 1.19.8, 2 vCPUs,
// two recorded reps).
// High allocation inside a CFS quota of 0.5 core (50 ms per 100 ms) with GOMAXPROCS=2 (Go 1.19 ignores the quota):
// 64 MiB live, 900 MiB/s of 1 KiB garbage requested, GOGC=100. Unthrottled this needs ~0.6 cores (see
// cpu_noquota_control_gomaxprocs2_live64m_900mibps), so the process is throttled almost every period; GC cycles
// stretch in wall time, assists balloon and the heap overshoots the goal.
// Translation: rate sections are off in phases that do not mention them, levels hold; garbage comes in the
// harness's catch-up batches on a 5 ms grid; a live-heap step up is built at the harness's ≈1.1 GB/s.
// The machine could not keep up with this workload: garbage rates are the achieved ones (result.json
// phases_from_samples, mean of the two reps), as the corpus README prescribes; like the harness (loadgen
// max_debt_ms = 200), the mutator keeps up to 200 ms of work as a backlog and catches up on every P.
import { scenario } from "heapcast";

export default scenario("cpu_quota_0.5core_gomaxprocs2_live64m_900mibps", {
  go: { version: "1.19", GOGC: 100, GOMAXPROCS: 2 },
  container: { cpus: 0.5 },
  duration: "12s",
  sampleEvery: "50ms",
})
  .liveHeap("64MiB", { over: "61ms", objectSize: "4KiB", pointers: true })
  .garbage("808631374B/s", { size: "1KiB", pointers: false, every: "5ms", catchUp: "200ms" });
