// Facts from the real-Go corpus README's results table, read back through test/support/realgo.ts.
import { listWorkloads, loadRealRuns, loadWorkload } from "./support/realgo";

const MiB = 1 << 20;

describe("real-Go corpus loader", () => {
  test("lists the 21 workloads, each with two reps", () => {
    const names = listWorkloads();
    expect(names).toHaveLength(21);
    expect(names).toContain("steady_gogc100_live64m_500mibps");
    for (const name of names) {
      expect(loadWorkload(name).name).toBe(name);
      expect(loadRealRuns(name).map((r) => r.rep)).toEqual([1, 2]);
    }
  });

  test("steady_gogc100: 106 / 108 cycles, peaks and final goal as in the table", () => {
    const [rep1, rep2] = loadRealRuns("steady_gogc100_live64m_500mibps");
    expect(rep1.gcCycles).toBe(106);
    expect(rep2.gcCycles).toBe(108);
    expect(Math.round(rep1.peakHeapInUseBytes / MiB)).toBe(137);
    expect(Math.round(rep1.peakRssBytes / MiB)).toBe(155);
    expect(Math.round(rep1.finalHeapGoalBytes / MiB)).toBe(138);
    expect(rep1.peakHeapEndBytes % MiB).toBe(0); // gctrace MiB, truncated
    expect(rep1.peakHeapEndBytes).toBe(Math.max(...rep1.gctrace.map((c) => c.heapEndMiB)) * MiB);
    expect(rep1.oomKilled).toBe(false);
    expect(rep1.timeToOomSeconds).toBeNull();
    expect(rep1.limiterLastEnabled).toBe(0);
    expect(rep1.limiterFirstOnSeconds).toBeNull();
    expect(rep1.durationSeconds).toBe(12);
    expect(loadWorkload("steady_gogc100_live64m_500mibps").duration_s).toBe(12);
  });

  test("goroutine_leak_200ps_8k: OOM-killed at 14.8 s (rep1) and 15.3 s (rep2)", () => {
    const [rep1, rep2] = loadRealRuns("goroutine_leak_200ps_8k_stack_cgroup256m");
    expect(rep1.oomKilled).toBe(true);
    expect(rep2.oomKilled).toBe(true);
    expect(rep1.timeToOomSeconds).not.toBeNull();
    expect(Math.abs((rep1.timeToOomSeconds ?? 0) - 14.8)).toBeLessThanOrEqual(0.1);
    expect(Math.abs((rep2.timeToOomSeconds ?? 0) - 15.3)).toBeLessThanOrEqual(0.1);
    expect(rep1.gcCycles).toBe(36);
    expect(rep2.gcCycles).toBe(38);
    // Samples stop just before the kill; ~2960 leaked goroutines at death.
    const samples = rep1.samples();
    const last = samples[samples.length - 1];
    expect(last.t).toBeLessThanOrEqual(rep1.timeToOomSeconds ?? 0);
    expect(last.goroutines).toBeGreaterThan(2900);
    expect(last.stacks / last.goroutines).toBeGreaterThan(8 * 1024);
  });

  test("leak_to_gomemlimit512m_gogc100: GC CPU limiter first on near 14.8 s (rep1) and 12.3 s (rep2)", () => {
    const [rep1, rep2] = loadRealRuns("leak_to_gomemlimit512m_gogc100");
    expect(rep1.limiterFirstOnSeconds).not.toBeNull();
    expect(Math.abs((rep1.limiterFirstOnSeconds ?? 0) - 14.8)).toBeLessThanOrEqual(0.2);
    expect(Math.abs((rep2.limiterFirstOnSeconds ?? 0) - 12.3)).toBeLessThanOrEqual(0.2);
    expect(rep1.limiterLastEnabled).toBeGreaterThan(0);
    expect(rep1.gcCycles).toBe(131);
    // limiterFirstOnSeconds is the first sample with /gc/limiter/last-enabled > 0.
    for (const run of [rep1, rep2]) {
      const first = run.samples().find((s) => s.limiterLastEnabled > 0);
      expect(first?.t).toBe(run.limiterFirstOnSeconds);
      expect(run.samples()[run.samples().length - 1].limiterLastEnabled).toBe(run.limiterLastEnabled);
    }
  });

  test("samples carry the sampled fields and agree with result.json peaks", () => {
    const [rep1] = loadRealRuns("deep_stacks_4000g_32k_live32m_gogc100");
    const samples = rep1.samples();
    expect(rep1.samples()).toBe(samples); // cached
    expect(samples.length).toBeGreaterThan(250); // 14 s at 20 samples/s
    expect(Math.max(...samples.map((s) => s.heapInUse))).toBe(rep1.peakHeapInUseBytes);
    expect(Math.max(...samples.map((s) => s.rss))).toBe(rep1.peakRssBytes);
    expect(samples[samples.length - 1].heapGoal).toBe(rep1.finalHeapGoalBytes);
    // 3998 parked goroutines with 32 KiB stacks → ~125 MiB of stacks.
    expect(Math.max(...samples.map((s) => s.stacks)) / MiB).toBeGreaterThan(120);
    for (let i = 1; i < samples.length; i++) expect(samples[i].t).toBeGreaterThan(samples[i - 1].t);
  });

  test("unknown workloads are errors", () => {
    expect(() => loadRealRuns("no_such_workload")).toThrow(/no runs/);
    expect(() => loadWorkload("no_such_workload")).toThrow(/no workload/);
  });
});
