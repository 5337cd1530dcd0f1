// Go 1.26 calibration (issue 14): Green Tea's small objects. 64 MiB live of 64-byte objects with pointers (a span of
// the 64 B class holds 124 of them, less its 128 B of heap bits and 128 B of inline mark bits: mheap.go initSpan) and
// 100 MiB/s of 64-byte garbage with pointers: marking is span-at-a-time here (runtime/mgcmark_greenteagc.go), the
// case where Go 1.26 marks for 0.3–0.6 of Go 1.19's CPU per byte (kernel/versions/markcost.ts).
// Recorded with Go 1.26.8 (2 reps, test/fixtures/real-go/new-workloads/go1.26.8). The load generator holds every live
// object in a []unsafe.Pointer (lib/running/real/loadgen/alloc.go allocN: 8 B per object), negligible for the 4 KiB
// objects of the other workloads but 1/8 of a heap of 64 B objects: 1 Mi objects, an 8 MiB slice of pointers,
// scanned and live — counted here as 8 MiB more live heap.
import { scenario } from "heapcast";

export default scenario("go126_greentea_live64m_64b_ptr", {
  go: { version: "1.26", GOGC: 100, GOMAXPROCS: 2 },
  duration: "12s",
  sampleEvery: "50ms",
})
  .liveHeap("72MiB", { over: "200ms", objectSize: "64B", pointers: true })
  .garbage("100MiB/s", { size: "64B", pointers: true, every: "5ms" });
