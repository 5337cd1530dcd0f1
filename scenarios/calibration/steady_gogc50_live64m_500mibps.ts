// Calibration: test/fixtures/real-go/workloads/steady_gogc50_live64m_500mibps.json (Go 1.19.8, 2 vCPUs, 2 reps).
// 64 MiB live heap of 4 KiB pointerful objects, 500 MiB/s of 1 KiB pointer-free garbage (allocated by the harness in
// catch-up batches on a 5 ms grid: loadgen sleepToNextSlice, slice_ms default 5), GOGC=50, GOMAXPROCS=2.
// The harness builds the live heap "at t = 0" as fast as it can: its samples show 57 MB built by t = 52 ms, so the
// scenario builds it over 60 ms.
import { scenario } from "heapcast";

export default scenario("steady_gogc50_live64m_500mibps", {
  go: { version: "1.19", GOGC: 50, GOMAXPROCS: 2 },
  duration: "12s",
  sampleEvery: "50ms",
})
  .liveHeap("64MiB", { over: "60ms", objectSize: "4KiB", pointers: true })
  .garbage("500MiB/s", { size: "1KiB", pointers: false, every: "5ms" });
