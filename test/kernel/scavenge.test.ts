// The scavenger (kernel/scavenge.ts): gcPaceScavenger's goal, the background scavenger's pace, and allocation-time
// scavenging for the memory limit — time and memory passed in, bytes to release out.
import { Scavenger, RETAIN_EXTRA_PERCENT, SCAVENGE_PERCENT } from "../../kernel/scavenge";
import { SCAVENGE_BYTES_PER_CPU_SECOND } from "../../kernel/constants";
import { scenario, run } from "heapcast";

const MiB = 2 ** 20;

test("no goal before the first cycle; then the last heap in use scaled by the goal's change, plus 10 %", () => {
  const s = new Scavenger();
  s.pace(100 * MiB, 0, 200 * MiB);
  expect(s.goal).toBe(Infinity);
  s.pace(100 * MiB, 200 * MiB, 100 * MiB); // the goal halves
  expect(s.goal).toBeCloseTo(50 * MiB * (1 + RETAIN_EXTRA_PERCENT / 100), 3);
});

test("the background scavenger releases towards the goal at 1 % of GOMAXPROCS, never past it", () => {
  const s = new Scavenger();
  s.pace(100 * MiB, 100 * MiB, 100 * MiB); // goal 110 MiB
  expect(s.background(1e9, 100 * MiB, 2)).toBe(0); // under the goal
  const perSecond = (SCAVENGE_BYTES_PER_CPU_SECOND * SCAVENGE_PERCENT * 2) / 100;
  expect(s.background(1e6, 1000 * MiB, 2)).toBeCloseTo(perSecond / 1000, 3); // 1 ms of 1 % of two Ps
  expect(s.background(100e9, 111 * MiB, 2)).toBeCloseTo(1 * MiB, 3); // only the excess
});

test("for the memory limit: what takes mappedReady over it, unless the limiter is on or there is no limit", () => {
  const s = new Scavenger();
  expect(s.forMemoryLimit(300 * MiB, 256 * MiB, false)).toBe(44 * MiB);
  expect(s.forMemoryLimit(300 * MiB, 256 * MiB, true)).toBe(0);
  expect(s.forMemoryLimit(300 * MiB, null, false)).toBe(0);
  expect(s.forMemoryLimit(200 * MiB, 256 * MiB, false)).toBe(0);
});

test("in a run: pages freed by a smaller live heap are released over time, and RSS falls", () => {
  const r = run(
    scenario("spike", { duration: "60s" })
      .liveHeap("512MiB")
      .garbage("50MiB/s")
      .at("10s", (s) => s.liveHeap("64MiB")),
  );
  const at = (t: number) => r.raw.samples.find((x) => x.tNs === t)!;
  expect(at(59e9).heapReleasedBytes).toBeGreaterThan(at(12e9).heapReleasedBytes + 100 * MiB);
  expect(at(59e9).rssBytes).toBeLessThan(at(12e9).rssBytes - 100 * MiB);
});
