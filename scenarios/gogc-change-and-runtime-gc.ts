// Question (prometheus#2528, which ships GOGC=40): most of this service's heap is long-lived (256 MiB of series), so
// GOGC=100 doubles it to a ~512 MiB heap goal. What does lowering GOGC buy, and what does it cost? At t = 30 s the
// service calls debug.SetGCPercent(40) and runtime.GC() (e.g. from an admin endpoint): a forced, blocking cycle runs
// at once, the heap goal drops to ~1.4 × the live heap, and from then on the GC runs about twice as often for ~30 %
// less heap. The freed pages leave RSS as the scavenger returns them.
// Look at: gctrace (the "(forced)" cycle at 30 s, the goal before and after), GC cycles per second and heap in
// use before and after 30 s in the timeline; events.csv for the SetGCPercent and runtime.GC() actions.
import { scenario } from "heapcast";

export default scenario("tsdb: GOGC=100, then SetGCPercent(40) and runtime.GC()", {
  go: { GOGC: 100, GOMAXPROCS: 2 },
  container: { memory: "1GiB", cpus: 2 },
  duration: "60s",
})
  .liveHeap("256MiB", { churn: "2MiB/s" }) // in-memory series: 60 % or more of the heap is long-lived
  .garbage("60MiB/s", { size: "1KiB" }) // queries and ingestion buffers
  .at("30s", (s) => s.go({ GOGC: 40 }).gc());
