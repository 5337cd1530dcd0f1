// Go 1.26 calibration (issue 14): allocation headers. 192 MiB live and 200 MiB/s of garbage, all 4 KiB objects with
// pointers: since Go 1.22 each carries an 8-byte malloc header and takes the 4,864-byte size class (+18.75 %), live
// heap and garbage alike (runtime/malloc.go mallocgcSmallScanHeader). Recorded with Go 1.26.8 (2 reps,
// test/fixtures/real-go/new-workloads/go1.26.8); the 1.19 model would put it at 192 MiB.
import { scenario } from "heapcast";

export default scenario("go126_headers_live192m_4k_ptr_garbage_4k_ptr", {
  go: { version: "1.26", GOGC: 100, GOMAXPROCS: 2 },
  duration: "12s",
  sampleEvery: "50ms",
})
  .liveHeap("192MiB", { over: "180ms", objectSize: "4KiB", pointers: true })
  .garbage("200MiB/s", { size: "4KiB", pointers: true, every: "5ms" });
