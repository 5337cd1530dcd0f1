// Calibration: test/fixtures/real-go/workloads/cpu_noquota_control_gomaxprocs2_live64m_900mibps.json (Go 1.19.8, 2
// vCPUs, two recorded reps).
// Control for cpu_quota_0.5core_gomaxprocs2_live64m_900mibps: identical but without a CPU quota.
// Translation: rate sections are off in phases that do not mention them, levels hold; garbage comes in the
// harness's catch-up batches on a 5 ms grid; a live-heap step up is built at the harness's ≈1.1 GB/s.
import { scenario } from "heapcast";

export default scenario("cpu_noquota_control_gomaxprocs2_live64m_900mibps", {
  go: { version: "1.19", GOGC: 100, GOMAXPROCS: 2 },
  duration: "12s",
  sampleEvery: "50ms",
})
  .liveHeap("64MiB", { over: "61ms", objectSize: "4KiB", pointers: true })
  .garbage("900MiB/s", { size: "1KiB", pointers: false, every: "5ms" });
