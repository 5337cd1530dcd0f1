// The CPU quota (kernel/cfs.ts): CFS bandwidth control period by period, and cgroup cpu.stat's counts.
import { CfsQuota } from "../../kernel/cfs";
import { scenario, run } from "heapcast";

test("a quota below GOMAXPROCS is active; the quota runs out at used = quota × period, within the period", () => {
  const q = new CfsQuota(0.5, false);
  expect(q.active(2)).toBe(true);
  expect(q.active(0.5)).toBe(false); // (a quota of GOMAXPROCS or more never throttles)
  q.start(0);
  // 2 cores running: 50 ms of quota gone after 25 ms
  expect(q.timeToThrottle(0, 2)).toBe(25e6);
  q.use(2 * 10e6); // 10 ms on 2 cores
  expect(q.timeToThrottle(10e6, 2)).toBe(25e6);
  // 0.1 core: the quota lasts past the period's end
  expect(q.timeToThrottle(10e6, 0.1)).toBeNull();
  expect(q.timeToThrottle(10e6, 0)).toBeNull();
});

test("cpu.stat: periods, throttled periods, time throttled (a throttle in progress counts up to now)", () => {
  const q = new CfsQuota(0.5, false);
  q.start(0);
  q.throttle(25e6);
  expect(q.newPeriod(100e6)).toBe(true); // the threads were throttled: they run again
  expect(q.newPeriod(200e6)).toBe(false);
  q.throttle(260e6);
  expect(q.stats(280e6)).toEqual({ periods: 2, throttledPeriods: 2, throttledNs: 75e6 + 20e6 });
  q.set(null); // the quota lifted: throttled threads run
  q.release(290e6);
  expect(q.throttled).toBe(false);
  expect(q.stats(400e6)).toEqual({ periods: 2, throttledPeriods: 2, throttledNs: 75e6 + 30e6 });
  expect(new CfsQuota(null, false).stats(1e9)).toBeNull();
  expect(new CfsQuota(null, true).stats(1e9)).toEqual({ periods: 0, throttledPeriods: 0, throttledNs: 0 });
});

test("in a run: a half-core quota under a busy mutator throttles, and stretches the pauses", () => {
  // (Go 1.19's model, whose CPU-quota runs are calibrated: test/fidelity.test.ts)
  const r = run(
    scenario("q", { duration: "10s", go: { version: "1.19" }, container: { cpus: 0.5 } })
      .liveHeap("64MiB")
      .garbage("900MiB/s", { every: "5ms" }),
  );
  const q = r.raw.summary.cpuQuota!;
  expect(q.throttledPeriods).toBeGreaterThan(q.periods / 2);
  const free = run(
    scenario("q", { duration: "10s", go: { version: "1.19" } })
      .liveHeap("64MiB")
      .garbage("900MiB/s", { every: "5ms" }),
  );
  expect(free.raw.summary.cpuQuota).toBeNull();
  expect(r.summary.maxPauseSeconds).toBeGreaterThan(free.summary.maxPauseSeconds!);
});
