// Calibration: test/fixtures/real-go/workloads/request_bursts_200_3000rps_64k_live32m.json (Go 1.19.8, 2 vCPUs, two
// recorded reps).
// Request-style load: 32 MiB live, 100 MiB/s background garbage; requests = goroutines that allocate 64 KiB (16 x 4
// KiB) and live 100 ms with 8 KiB stacks at 200/s (0-4 s), burst to 3000/s living 300 ms (4-8 s, ~900 in flight, ~56
// MiB transient live), back to 200/s (8-12 s).
// Translation: rate sections are off in phases that do not mention them, levels hold; garbage comes in the
// harness's catch-up batches on a 5 ms grid; a live-heap step up is built at the harness's ≈1.1 GB/s.
import { scenario } from "heapcast";

export default scenario("request_bursts_200_3000rps_64k_live32m", {
  go: { version: "1.19", GOGC: 100, GOMAXPROCS: 2 },
  duration: "12s",
  sampleEvery: "50ms",
})
  .liveHeap("32MiB", { over: "31ms", objectSize: "4KiB", pointers: true })
  .garbage("100MiB/s", { size: "1KiB", pointers: false, every: "5ms" })
  .requests("200/s", { alloc: "64KiB", lasts: "100ms", stack: "8KiB", objectSize: "4KiB", pointers: false })
  .at("4s", (s) =>
    s
      .garbage("100MiB/s", { size: "1KiB", pointers: false, every: "5ms" })
      .requests("3000/s", { alloc: "64KiB", lasts: "300ms", stack: "8KiB", objectSize: "4KiB", pointers: false }),
  )
  .at("8s", (s) =>
    s
      .garbage("100MiB/s", { size: "1KiB", pointers: false, every: "5ms" })
      .requests("200/s", { alloc: "64KiB", lasts: "100ms", stack: "8KiB", objectSize: "4KiB", pointers: false }),
  );
