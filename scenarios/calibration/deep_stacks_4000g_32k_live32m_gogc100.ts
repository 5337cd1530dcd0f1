// Calibration: test/fixtures/real-go/workloads/deep_stacks_4000g_32k_live32m_gogc100.json (Go 1.19.8, 2 vCPUs, two
// recorded reps).
// Many goroutines with deep stacks: 32 MiB live, 200 MiB/s garbage; 3-6 s ramp linearly to 4000 parked goroutines
// with 32 KiB stacks (~125 MiB of stacks, grown by real recursion), hold until 10 s, then all exit at 10 s. Since Go
// 1.18 stacks count towards the GOGC goal (goal = live + (live+stacks+globals)*GOGC/100).
// Translation: rate sections are off in phases that do not mention them, levels hold; garbage comes in the
// harness's catch-up batches on a 5 ms grid; a live-heap step up is built at the harness's ≈1.1 GB/s.
import { scenario } from "heapcast";

export default scenario("deep_stacks_4000g_32k_live32m_gogc100", {
  go: { version: "1.19", GOGC: 100, GOMAXPROCS: 2 },
  duration: "14s",
  sampleEvery: "50ms",
})
  .liveHeap("32MiB", { over: "31ms", objectSize: "4KiB", pointers: true })
  .garbage("200MiB/s", { size: "1KiB", pointers: false, every: "5ms" })
  .at("3s", (s) =>
    s
      .garbage("200MiB/s", { size: "1KiB", pointers: false, every: "5ms" })
      .goroutines(4000, { stack: "32KiB", over: "3s" }),
  )
  .at("6s", (s) => s.garbage("200MiB/s", { size: "1KiB", pointers: false, every: "5ms" }))
  .at("10s", (s) =>
    s.garbage("200MiB/s", { size: "1KiB", pointers: false, every: "5ms" }).goroutines(0, { stack: "32KiB" }),
  );
