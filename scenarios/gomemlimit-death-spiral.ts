// Incident (golang/go#58106, #48409 feedback "it just gets slower before it dies"): a slow heap leak in a service
// with GOMEMLIMIT=256MiB in a 384 MiB container. While the live heap is far below the limit, GOGC=100 paces the GC
// and its CPU is flat. Once live heap + GOGC headroom no longer fit under the limit, the heap goal is the limit
// itself: GCs run back to back, the 50 % GC CPU limiter switches on (it lets the heap overshoot the limit rather
// than spend more than half the CPU), and the leak finally pushes RSS to the container limit: OOM kill. The limiter
// needs a busy mutator: held up between cycles (gcStart sweeping the heap), the service falls behind on its queued
// requests and assists on every P through the next mark; with little allocation (the corpus' 100 MiB/s) it never
// switches on.
// Look at: gcChart (GC cycles per second and GC CPU climbing for tens of seconds, limiter periods shaded),
// memoryChart (the heap pinned at GOMEMLIMIT, then RSS climbing to the container), the OOM time. Re-run it with
// GOMEMLIMIT off (e.g. `sweepPlan(plan, { "go.GOMEMLIMIT": "off" })`): the GC CPU stays flat and the pod dies
// sooner, with no warning in the GC metrics.
import { scenario } from "heapcast";

export default scenario("leaky service: GOMEMLIMIT death spiral in a 384 MiB container", {
  go: { version: "1.19", GOGC: 100, GOMEMLIMIT: "256MiB", GOMAXPROCS: 2 }, // (the spiral as Go 1.19 runs it)
  container: { memory: "384MiB", cpus: 2 },
  duration: "60s",
})
  .liveHeap("64MiB")
  .garbage("300MiB/s", { size: "1KiB", catchUp: "200ms" }) // requests that queue up are served late, not dropped
  .leakHeap("6MiB/s", { objectSize: "4KiB" }); // e.g. a map that is only ever added to
