// Question (the headroom debate: gcs-fuse-csi-driver#1297, nats-io/k8s#965, Solace#413): does GOMEMLIMIT at 90 % of
// the container keep the pod alive? A service in a 384 MiB container normally holds 100 MiB of live data; at
// t = 10 s a cache fill takes it to 180 MiB. With GOGC=100 alone the heap goal is twice the live heap plus stacks and
// globals (~360 MiB of heap), and with fragmentation and runtime overhead RSS would cross 384 MiB: OOM kill.
// GOMEMLIMIT=345MiB (90 %) caps the heap goal under the container, so after the fill the GC runs more often than
// GOGC alone would pace it. The live heap stays far below the limit, so there is no death spiral: the GC CPU limiter
// never switches on.
// Look at: the summary (no OOM kill, peak RSS under 384 MiB), memoryChart (the heap goal flattening just under the
// limit after 10 s). Re-run it with GOMEMLIMIT off (`sweepPlan(plan, { "go.GOMEMLIMIT": "off" })`): OOM-killed after
// the cache fill.
import { scenario } from "heapcast";

export default scenario("cache service: GOMEMLIMIT at 90 % of a 384 MiB container", {
  go: { GOGC: 100, GOMEMLIMIT: "345MiB", GOMAXPROCS: 2 },
  container: { memory: "384MiB", cpus: 2 },
  duration: "30s",
})
  .liveHeap("100MiB", { churn: "5MiB/s" })
  .garbage("200MiB/s", { size: "1KiB" })
  .goroutines(300, { stack: "8KiB" }) // connection handlers
  .at("10s", (s) => s.liveHeap("180MiB", { over: "5s", churn: "5MiB/s" }));
