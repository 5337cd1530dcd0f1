// The runaway projection (kernel/projection.ts) and the kernel's hard event budget (issue 16, case 4; issue 17).
import { scenario, run, compile, RunawayScenarioError } from "heapcast";
import { projectEvents } from "../../kernel/projection";

test("a 2,400 h runaway fails from the plan, before any simulation", () => {
  const s = scenario("x", { duration: "2400h", go: { GOGC: 10 } })
    .liveHeap("1MiB")
    .garbage("2GiB/s");
  expect(() => run(s)).toThrow(RunawayScenarioError);
  expect(() => run(s)).toThrow(/at least [\d,]+ events projected from the plan \(budget 20,000,000\)/);
});

test("the projection is a lower bound on the example scenarios: never more events than the run processes", () => {
  const s = scenario("steady", { duration: "60s" }).liveHeap("64MiB").garbage("500MiB/s", { every: "5ms" });
  const p = projectEvents(compile(s));
  const r = run(s);
  expect(p.events).toBeGreaterThan(0);
  expect(p.events).toBeLessThanOrEqual(r.summary.events);
});

test("the kernel stops at its event budget whatever the projection said", () => {
  const s = scenario("x", { duration: "1h", go: { GOGC: 10 } })
    .liveHeap("1MiB")
    .garbage("2GiB/s");
  expect(() => run(s, { maxEvents: 50_000, project: false })).toThrow(/the event budget \(50,000\) is spent at/);
});

test("a run whose memory passes 1 PiB fails instead of reporting bytes no double holds exactly", () => {
  const s = scenario("huge", { duration: "2400h", sampleEvery: "1h" }).leakGoroutines("100000/s", {
    stack: "1GiB",
    retains: "1GiB",
  });
  expect(() => run(s)).toThrow(/RSS passes 1 PiB at [\d.]+ s/);
});

test.each(["1.19", "1.26", "1.27"] as const)(
  "Go %s: under a container the projection stays a lower bound (its OOM horizon from the version's baseline RSS)",
  (version) => {
    const s = scenario("leak", { duration: "10m", go: { version }, container: { memory: "256MiB" } })
      .liveHeap("32MiB")
      .garbage("100MiB/s")
      .leakHeap("1MiB/s");
    const p = projectEvents(compile(s));
    const r = run(s);
    expect(r.summary.oomKilledAtSeconds).not.toBeNull();
    expect(p.horizonNs).toBeLessThanOrEqual((r.summary.oomKilledAtSeconds as number) * 1e9);
    expect(p.events).toBeGreaterThan(0);
    expect(p.events).toBeLessThanOrEqual(r.summary.events);
  },
);
