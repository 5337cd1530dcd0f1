// Incident: checkout-api leaks goroutines blocked on an unconsumed channel; its 256 MiB pod is OOM-killed.
// Each leaked goroutine keeps its 16 KiB stack and 32 KiB of heap. At t = 20 s a traffic spike triples the garbage.
import { scenario } from "heapcast";

export default scenario("checkout-api: goroutine leak in a 256 MiB container", {
  go: { GOGC: 100, GOMEMLIMIT: "192MiB", GOMAXPROCS: 2 }, // GOGC: number | "off"; GOMEMLIMIT: size | "off"
  container: { memory: "256MiB", cpus: 1.5 }, // optional; either field optional
  duration: "40s",
  seed: 1,
})
  .liveHeap("16MiB")
  .garbage("100MiB/s", { size: "1KiB" })
  .leakGoroutines("200/s", { stack: "16KiB", retains: "32KiB" })
  .at("20s", (s) => s.garbage("300MiB/s"));
