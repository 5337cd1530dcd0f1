// Question (golang/go#39779, #33376, #36398): "RSS is hundreds of MiB but the heap is 40 MiB: is it leaking?". A batch
// import holds 320 MiB of live data from t = 5 s to 10 s, then drops it. Nothing is freed until the next GC, which
// the heap goal set while the import was live (~650 MiB) puts seconds later. That GC frees the objects, but their
// pages stay mapped and resident (/memory/classes/heap/free:bytes), so RSS, what the container charges, stays near
// its peak while the heap is back to tens of MiB. Only the background scavenger returns the pages to the OS
// (madvise: /memory/classes/heap/released:bytes), a chunk at a time, towards about 10 % above the heap goal.
// Look at: memoryChart (the free-heap band after the spike, shrinking as the scavenger works), timeline.csv's
// rss:bytes against /memory/classes/heap/objects:bytes; peak RSS against the final heap goal in the summary.
import { scenario } from "heapcast";

export default scenario("importer: RSS after a 320 MiB spike", {
  go: { GOGC: 100, GOMAXPROCS: 2 },
  container: { memory: "1GiB" },
  duration: "30s",
})
  .liveHeap("32MiB")
  .garbage("100MiB/s", { size: "1KiB" })
  .at("5s", (s) => s.liveHeap("320MiB", { over: "1s" })) // the import loads its batch
  .at("10s", (s) => s.liveHeap("32MiB")); // ... and lets go of it
