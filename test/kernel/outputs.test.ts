// What the kernel's records say when there is nothing to say (issue 17): "none" is null, never a sentinel; CPU-quota
// throttling counted as cgroup's cpu.stat does; warnings about settings that cannot do what they seem to.
import { scenario, run } from "heapcast";

test("GOGC=off without a limit: no goal and no trigger (null) in the summary and the timeline; forced cycles have no trigger", () => {
  const r = run(
    scenario("off", { duration: "2s", go: { GOGC: "off" } })
      .liveHeap("8MiB")
      .at("1s", (s) => s.gc()),
  );
  expect(r.summary.finalHeapGoalBytes).toBeNull();
  expect(r.raw.samples.every((s) => s.heapGoalBytes === null && s.heapTriggerBytes === null)).toBe(true);
  expect(r.raw.cycles).toHaveLength(1);
  expect(r.raw.cycles[0].heapTriggerBytes).toBeNull();
  expect(r.cycles.get("heap_trigger_bytes", 0)).toBeNull();
  expect(r.timeline.toCSV()).not.toMatch(/9223372/);
});

test("the timeline's trigger is null while a cycle runs, a number otherwise", () => {
  const r = run(scenario("on", { duration: "2s" }).liveHeap("64MiB").garbage("200MiB/s"));
  const during = r.raw.samples.filter((s) => s.gcPhase !== "off");
  const off = r.raw.samples.filter((s) => s.gcPhase === "off");
  expect(off.every((s) => typeof s.heapTriggerBytes === "number" && s.heapTriggerBytes > 0)).toBe(true);
  expect(during.every((s) => s.heapTriggerBytes === null)).toBe(true);
});

test("CPU-quota throttling: periods, periods throttled and time throttled, as cpu.stat counts them", () => {
  const r = run(
    scenario("q", { duration: "10s", container: { cpus: 0.5 } })
      .liveHeap("64MiB")
      .garbage("900MiB/s", { every: "5ms" }),
  );
  const q = r.raw.summary.cpuQuota!;
  expect(q.periods).toBe(99); // periods ended within 10 s of 100 ms periods (the last ends with the run)
  expect(q.throttledPeriods).toBeGreaterThan(0);
  expect(q.throttledPeriods).toBeLessThanOrEqual(q.periods + 1);
  expect(q.throttledNs).toBeGreaterThan(0);
  // each throttled period is throttled for less than the period
  expect(q.throttledNs).toBeLessThan(q.throttledPeriods * 100e6);
  expect([r.summary.cpuQuotaPeriods, r.summary.throttledPeriods, r.summary.throttledSeconds]).toEqual([
    q.periods,
    q.throttledPeriods,
    q.throttledNs / 1e9,
  ]);
  const none = run(scenario("n", { duration: "1s" }).liveHeap("8MiB")).summary;
  expect([none.cpuQuotaPeriods, none.throttledPeriods, none.throttledSeconds]).toEqual([null, null, null]);
});

test("cycleColumn: one field of every cycle, without record objects", () => {
  const r = run(scenario("c", { duration: "2s" }).liveHeap("64MiB").garbage("200MiB/s"));
  expect(Array.from(r.raw.cycleColumn("markNs"))).toEqual(r.raw.cycles.map((c) => c.markNs));
  expect(() => r.raw.cycleColumn("kind" as never)).toThrow(/no numeric cycle field/);
});

test("warnings: GOMEMLIMIT above the container's memory, a container smaller than the live heap", () => {
  const r = run(
    scenario("w", { duration: "1s", go: { GOMEMLIMIT: "2GiB" }, container: { memory: "1GiB" } }).liveHeap("64MiB"),
  );
  expect(r.raw.warnings).toEqual(r.summary.warnings);
  expect(r.summary.warnings).toEqual([
    expect.stringMatching(/^GOMEMLIMIT \(2048 MiB\) is above the container's memory \(1024 MiB\) at 0 s/),
  ]);
  // (Go 1.19: 2 GiB of 4 KiB objects with pointers are 2 GiB of heap; since 1.22 their malloc headers make it 2432 MiB)
  const small = run(
    scenario("s", { duration: "1s", go: { version: "1.19" }, container: { memory: "1GiB" } }).at("500ms", (s) =>
      s.liveHeap("2GiB", { over: "400ms" }),
    ),
  );
  expect(small.summary.warnings).toEqual([
    expect.stringMatching(/container's memory \(1024 MiB\) is smaller than the live heap \(2048 MiB\) at 0.5 s/),
  ]);
  expect(
    run(scenario("ok", { duration: "1s", container: { memory: "1GiB" } }).liveHeap("64MiB")).summary.warnings,
  ).toEqual([]);
});
