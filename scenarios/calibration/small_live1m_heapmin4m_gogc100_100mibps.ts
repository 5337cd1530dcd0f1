// Calibration: test/fixtures/real-go/workloads/small_live1m_heapmin4m_gogc100_100mibps.json.
// Heap-minimum regime: 1 MiB live, 100 MiB/s of 256 B pointer-free garbage, GOGC=100: the goal sits at 4 MiB.
import { scenario } from "heapcast";

export default scenario("small_live1m_heapmin4m_gogc100_100mibps", {
  go: { version: "1.19", GOGC: 100, GOMAXPROCS: 2 },
  duration: "8s",
  sampleEvery: "50ms",
})
  .liveHeap("1MiB", { objectSize: "4KiB", pointers: true })
  .garbage("100MiB/s", { size: "256B", pointers: false, every: "5ms" });
