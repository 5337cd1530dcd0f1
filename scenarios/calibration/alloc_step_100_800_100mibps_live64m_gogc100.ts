// Calibration: test/fixtures/real-go/workloads/alloc_step_100_800_100mibps_live64m_gogc100.json.
// 64 MiB live (4 KiB pointerful objects, built over 60 ms as the harness does), garbage 100 → 800 → 100 MiB/s of 1 KiB.
import { scenario } from "heapcast";

export default scenario("alloc_step_100_800_100mibps_live64m_gogc100", {
  go: { version: "1.19", GOGC: 100, GOMAXPROCS: 2 },
  duration: "15s",
  sampleEvery: "50ms",
})
  .liveHeap("64MiB", { over: "60ms", objectSize: "4KiB", pointers: true })
  .garbage("100MiB/s", { size: "1KiB", pointers: false, every: "5ms" })
  .at("5s", (s) => s.garbage("800MiB/s", { size: "1KiB", pointers: false, every: "5ms" }))
  .at("10s", (s) => s.garbage("100MiB/s", { size: "1KiB", pointers: false, every: "5ms" }));
