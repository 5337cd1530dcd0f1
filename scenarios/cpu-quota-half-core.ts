// Question (golang/go#33803, automaxprocs README, automaxprocs#78): what does a CFS quota of half a core do to the GC
// of a Go 1.19 service that leaves GOMAXPROCS at the node's 4 cores? Go 1.19 ignores the quota. While a mark phase
// runs every P is busy (the background worker takes 25 % of GOMAXPROCS, idle Ps run idle workers, the mutator
// assists), so the process burns its 50 ms per 100 ms period within a few milliseconds and is throttled for the rest:
// marks stretch in wall time, and a stop-the-world pause that the throttle lands on waits for the next period
// (tens of milliseconds instead of tens of microseconds: the tail latency "during background GC phases").
// Look at: max STW pause and gcChart's mark wall times, against the same scenario without the quota
// (`sweepPlan(plan, { "container.cpus": "none" })`): the same GC work in much less wall time, and no long pause.
// GOMAXPROCS=1 (what automaxprocs picks for 0.5 core, `{ "go.GOMAXPROCS": 1 }`) keeps the pauses short again.
import { scenario } from "heapcast";

export default scenario("api: GOMAXPROCS=4 in half a core", {
  go: { version: "1.19", GOGC: 100, GOMAXPROCS: 4 }, // (Go 1.19: GOMAXPROCS above the quota is what 1.25+ avoids when it is not set)
  container: { memory: "1GiB", cpus: 0.5 },
  duration: "30s",
})
  .liveHeap("128MiB")
  .requests("500/s", { alloc: "32KiB", lasts: "50ms" })
  .garbage("500MiB/s", { size: "1KiB" });
