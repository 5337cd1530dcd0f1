// Question: how much memory does a burst of slow requests take? Each request is a goroutine (16 KiB stack) holding
// 64 KiB of heap until it answers; in flight ≈ rate × duration. Normally 200 requests/s answer in 100 ms (~20 in
// flight). From t = 5 s to 10 s traffic jumps to 3,000/s and a slow downstream stretches requests to 300 ms:
// ~900 goroutines in flight, ~56 MiB of extra live heap plus ~14 MiB of stacks, and with GOGC=100 about twice that
// in heap goal. Afterwards the goroutines exit and the heap shrinks back.
// Look at: goroutinesChart (the plateau at ~900), memoryChart (heap goal and RSS during the burst), peak RSS against
// the 256 MiB container.
import { scenario } from "heapcast";

export default scenario("gateway: a burst of slow requests", {
  go: { GOGC: 100, GOMAXPROCS: 2 },
  container: { memory: "256MiB", cpus: 2 },
  duration: "20s",
})
  .liveHeap("32MiB")
  .garbage("100MiB/s", { size: "1KiB" })
  .requests("200/s", { alloc: "64KiB", lasts: "100ms", stack: "16KiB" })
  .at("5s", (s) => s.requests("3000/s", { alloc: "64KiB", lasts: "300ms", stack: "16KiB" }))
  .at("10s", (s) => s.requests("200/s", { alloc: "64KiB", lasts: "100ms", stack: "16KiB" }));
