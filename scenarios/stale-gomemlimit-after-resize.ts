// Incident (automemlimit#15, thanos#8906, VictoriaMetrics#11276): GOMEMLIMIT is computed once at start-up as 90 % of
// the container (460 MiB of 512 MiB). At t = 20 s the vertical pod autoscaler shrinks the container in place to
// 384 MiB, which the service's ~340 MiB of RSS fits. The process is not restarted, so the limit stays at 460 MiB,
// above the new container: it no longer caps anything. At t = 30 s the live heap grows from 150 to 190 MiB (more
// tenants), GOGC=100 lets the heap goal follow to twice that, and the cgroup OOM-kills the pod. Had the limit been
// refreshed to 90 % of the new size (345 MiB; automemlimit >= 0.7 can poll for this), the heap goal would have been
// capped under the container and the pod would have lived, at the price of more frequent GCs.
// Look at: the OOM kill time (after 30 s) in the summary; memoryChart (the container line dropping at 20 s, the
// GOMEMLIMIT line left above it, RSS climbing into the container after 30 s).
import { scenario } from "heapcast";

export default scenario("store: GOMEMLIMIT left stale by an in-place resize", {
  go: { GOGC: 100, GOMEMLIMIT: "460MiB", GOMAXPROCS: 2 },
  container: { memory: "512MiB", cpus: 2 },
  duration: "45s",
})
  .liveHeap("150MiB", { churn: "2MiB/s" })
  .garbage("150MiB/s", { size: "1KiB" })
  .goroutines(500, { stack: "8KiB" })
  .at("20s", (s) => s.container({ memory: "384MiB" })) // VPA in-place resize; nobody tells the Go runtime
  .at("30s", (s) => s.liveHeap("190MiB", { over: "5s", churn: "2MiB/s" }));
