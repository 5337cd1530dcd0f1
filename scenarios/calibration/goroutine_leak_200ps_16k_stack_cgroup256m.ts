// Calibration: test/fixtures/real-go/workloads/goroutine_leak_200ps_16k_stack_cgroup256m.json (Go 1.19.8, 2 vCPUs, two
// recorded reps).
// Goroutine leak: 200 goroutines/s blocked forever on a channel receive, each retaining 32 KiB of heap (8 x 4 KiB
// pointerful objects) and a 16 KiB stack (real recursion), plus 16 MiB live and 100 MiB/s of 1 KiB garbage;
// GOGC=100, memory cgroup limit 256 MiB -> expected OOM kill.
// Translation: rate sections are off in phases that do not mention them, levels hold; garbage comes in the
// harness's catch-up batches on a 5 ms grid; a live-heap step up is built at the harness's ≈1.1 GB/s.
import { scenario } from "heapcast";

export default scenario("goroutine_leak_200ps_16k_stack_cgroup256m", {
  go: { version: "1.19", GOGC: 100, GOMAXPROCS: 2 },
  container: { memory: "256MiB" },
  duration: "40s",
  sampleEvery: "50ms",
})
  .liveHeap("16MiB", { over: "15ms", objectSize: "4KiB", pointers: true })
  .garbage("100MiB/s", { size: "1KiB", pointers: false, every: "5ms" })
  .leakGoroutines("200/s", { stack: "16KiB", retains: "32KiB" });
