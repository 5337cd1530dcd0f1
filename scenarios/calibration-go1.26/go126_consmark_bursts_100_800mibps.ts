// Go 1.26 calibration (issue 14): bursts the cons/mark smoothing reacts to. 64 MiB live (4 KiB, pointers), garbage
// alternating 100 MiB/s and 800 MiB/s every second: since Go 1.21 cons/mark is the largest of the last five cycles'
// (runtime/mgcpacer.go endCycle, lastConsMark), so after a burst the trigger stays early for five cycles where Go
// 1.19's PI controller decays. Recorded with Go 1.26.8 (2 reps, test/fixtures/real-go/new-workloads/go1.26.8).
import { scenario } from "heapcast";

const low = { size: "1KiB", pointers: false, every: "5ms" } as const;
let s = scenario("go126_consmark_bursts_100_800mibps", {
  go: { version: "1.26", GOGC: 100, GOMAXPROCS: 2 },
  duration: "12s",
  sampleEvery: "50ms",
})
  .liveHeap("64MiB", { over: "60ms", objectSize: "4KiB", pointers: true })
  .garbage("100MiB/s", low);
for (let t = 1; t < 12; t++) s = s.at(`${t}s`, (p) => p.garbage(t % 2 === 1 ? "800MiB/s" : "100MiB/s", low));

export default s;
