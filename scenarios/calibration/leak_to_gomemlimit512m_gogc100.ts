// Calibration: test/fixtures/real-go/workloads/leak_to_gomemlimit512m_gogc100.json (Go 1.19.8, 2 vCPUs, two recorded
// reps).
// Live heap leak towards and past GOMEMLIMIT=512MiB with GOGC=100: 64 MiB live at t=0, leak 41.6 MiB/s (4 KiB
// pointerful objects) for 10 s (-> 480 MiB, ~94% of the limit), plateau 5 s (near-death-spiral: memory-limit-driven
// GC back to back, GC CPU limiter), then leak 40 MiB/s again for 3 s (-> ~600 MiB, past the limit). 600 MiB/s of 1
// KiB garbage is requested throughout; the mutator cannot sustain it once GC assists dominate (see
// garbage_skipped_bytes). A 2 GiB memory cgroup is only a safety net.
// Translation: rate sections are off in phases that do not mention them, levels hold; garbage comes in the
// harness's catch-up batches on a 5 ms grid; a live-heap step up is built at the harness's ≈1.1 GB/s.
// The machine could not keep up with this workload: garbage rates are the achieved ones (result.json
// phases_from_samples, mean of the two reps), as the corpus README prescribes.
// Like the harness (loadgen max_debt_ms = 200), the mutator keeps up to 200 ms of garbage as a backlog and catches
// up on every P: held up by gcStart's sweep in the death spiral, it assists on every P through the next mark.
import { scenario } from "heapcast";

export default scenario("leak_to_gomemlimit512m_gogc100", {
  go: { version: "1.19", GOGC: 100, GOMEMLIMIT: "512MiB", GOMAXPROCS: 2 },
  container: { memory: "2GiB" },
  duration: "18s",
  sampleEvery: "50ms",
})
  .liveHeap("64MiB", { over: "61ms", objectSize: "4KiB", pointers: true })
  .garbage("597016929B/s", { size: "1KiB", pointers: false, every: "5ms", catchUp: "200ms" })
  .leakHeap("43620761B/s", { objectSize: "4KiB", pointers: true })
  .at("10s", (s) =>
    s.garbage("520399866B/s", { size: "1KiB", pointers: false, every: "5ms", catchUp: "200ms" }).leakHeap(0),
  )
  .at("15s", (s) =>
    s
      .garbage("545663957B/s", { size: "1KiB", pointers: false, every: "5ms", catchUp: "200ms" })
      .leakHeap("40MiB/s", { objectSize: "4KiB", pointers: true }),
  );
