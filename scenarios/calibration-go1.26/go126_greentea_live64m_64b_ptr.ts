// Go 1.26 calibration (issue 14): Green Tea's small objects. 64 MiB live of 64-byte objects with pointers (a span of
// the 64 B class holds 124 of them, less its 128 B of heap bits and 128 B of inline mark bits: mheap.go initSpan) and
// 100 MiB/s of 64-byte garbage with pointers: marking is span-at-a-time here (runtime/mgcmark_greenteagc.go), the
// case where Go 1.26 marks for 0.3–0.6 of Go 1.19's CPU per byte (kernel/versions/markcost.ts).
// Recorded with Go 1.26.8 (2 reps, test/fixtures/real-go/go1.26.8).
import { scenario } from "heapcast";

export default scenario("go126_greentea_live64m_64b_ptr", {
  go: { version: "1.26", GOGC: 100, GOMAXPROCS: 2 },
  duration: "12s",
  sampleEvery: "50ms",
})
  .liveHeap("64MiB", { over: "200ms", objectSize: "64B", pointers: true })
  .garbage("100MiB/s", { size: "64B", pointers: true, every: "5ms" });
