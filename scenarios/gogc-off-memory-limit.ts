// Question (golang/go#23044, #22743, Tyk#2445): a service with a tiny live heap (8 MiB of config and connection
// state) allocates 400 MiB/s of short-lived garbage. With GOGC=100 the heap goal is ~16 MiB, so the GC runs dozens of
// times a second; people used to allocate a "heap ballast" to push the goal up. The modern fix is GOGC=off with
// GOMEMLIMIT: the memory limit becomes the only GC trigger, the heap grows until it nears the limit, and the GC runs
// a few times a second regardless of how small the live heap is. The limit must stay well below the container, since
// nothing else stops the heap.
// Look at: GC cycles and GC CPU in the summary, against the same scenario with GOGC=100 and no limit
// (`sweepPlan(plan, { "go.GOGC": 100, "go.GOMEMLIMIT": "off" })`); memoryChart (the heap sawtooth up to the limit).
import { scenario } from "heapcast";

export default scenario("edge proxy: GOGC=off, GOMEMLIMIT=256MiB instead of a ballast", {
  go: { GOGC: "off", GOMEMLIMIT: "256MiB", GOMAXPROCS: 2 },
  container: { memory: "512MiB", cpus: 2 },
  duration: "10s",
})
  .liveHeap("8MiB")
  .goroutines(200, { stack: "8KiB" }) // connection goroutines
  .garbage("400MiB/s", { size: "512B" });
