// The summary of a run: computed once from the kernel's result (summarize), and written for people from the outputs
// catalogue (summaryRows, summaryText: the CLI's text summary, the report's table, a notebook's result table).

import { extent, quickselect } from "simple-statistics";
import type { EventPlan } from "../../kernel/plan";
import type { KernelResult } from "../../kernel/records";
import { OUTPUTS, formatField, type AnySummary, type ImportSummary, type Summary } from "./outputs";

export type { Summary, ImportSummary, AnySummary } from "./outputs";

/**
 * Percentiles of a run's pauses and assists: linear interpolation between order statistics (numpy's default), the
 * definition of arquero's op.quantile, which grid() uses for its statistics over runs — test/outputs.test.ts checks
 * that the two agree. Computed here on a Float64Array rather than through an arquero rollup: a run of 2.45 M cycles
 * has 4.9 M pauses, which an arquero table holds as boxed values (about +290 MB, against +38 MB here). Only the order
 * statistics the percentiles read are selected (simple-statistics' quickselect), not the whole array sorted: a
 * simulated hour has 60,000 pauses, and sorting them took as long as 5 % of its run.
 */
export function percentiles(values: Float64Array, ps: number[]): (number | null)[] {
  return selectPercentiles(values.slice(), ps);
}

/**
 * percentiles() of an array the caller owns, which it reorders (no copy). A run's pauses are mostly all of one length
 * (the pause's base plus its per-P part, at a GOMAXPROCS that rarely changes): when the smallest value is also the
 * largest, every percentile is that value, and one pass over the array answers.
 */
function selectPercentiles(a: Float64Array, ps: number[]): (number | null)[] {
  const n = a.length;
  if (n === 0) return ps.map(() => null);
  const [min, max] = extentOf(a);
  if (min === max) return ps.map(() => min);
  // The ranks each percentile reads (i0 and i0 + 1 where it interpolates), ascending.
  const rank = (p: number) => (p <= 0 || n < 2 ? 0 : p >= 1 ? n - 1 : (n - 1) * p);
  const ranks = new Set<number>();
  for (const p of ps) {
    const i = rank(p);
    const i0 = Math.floor(i);
    ranks.add(i0);
    if (i0 !== i) ranks.add(i0 + 1);
  }
  const at = new Map<number, number>();
  let lo = 0;
  for (const k of [...ranks].sort((x, y) => x - y)) {
    quickselect(a as unknown as number[], k, lo, n - 1); // (typed as number[], indexes any array)
    at.set(k, a[k]);
    lo = k; // everything from k on is ≥ a[k]: the next rank is selected among them
  }
  return ps.map((p) => {
    const i = rank(p);
    const i0 = Math.floor(i);
    const v0 = at.get(i0) as number;
    return i0 === i ? v0 : v0 + ((at.get(i0 + 1) as number) - v0) * (i - i0);
  });
}

/**
 * The summary's figures of a run's GC cycles: percentiles of its pauses and of its assists per cycle (null: no cycle).
 */
export type CycleStatistics = Pick<
  Summary,
  "pauseP50Seconds" | "pauseP99Seconds" | "maxPauseSeconds" | "assistP50Seconds" | "assistP99Seconds"
>;

/**
 * Pause and assist percentiles from the cycles' sweep and mark termination pauses and assist CPU, in ns: every
 * stop-the-world pause counts (two per cycle, as /gc/pauses:seconds counts them); assists per cycle.
 */
export function cycleStatistics(
  stw1Ns: ArrayLike<number>,
  stw2Ns: ArrayLike<number>,
  assistNs: ArrayLike<number>,
): CycleStatistics {
  return cycleStatisticsOf(new Float64Array(stw1Ns), new Float64Array(stw2Ns), new Float64Array(assistNs));
}

/** cycleStatistics() of columns the caller owns: the assists are reordered, no copy is made unless pauses differ. */
function cycleStatisticsOf(stw1Ns: Float64Array, stw2Ns: Float64Array, assistNs: Float64Array): CycleStatistics {
  const seconds = (ns: number | null) => (ns === null ? null : ns / 1e9);
  const [min1, max1] = extentOf(stw1Ns);
  const [min2, max2] = extentOf(stw2Ns);
  let pause: (number | null)[];
  if (stw1Ns.length > 0 && min1 === max1 && min2 === max2 && min1 === min2) pause = [min1, min1, min1];
  else {
    // (order does not matter to percentiles: the first pauses, then the second ones)
    const pauses = new Float64Array(stw1Ns.length + stw2Ns.length);
    pauses.set(stw1Ns);
    pauses.set(stw2Ns, stw1Ns.length);
    pause = selectPercentiles(pauses, [0.5, 0.99, 1]);
  }
  const [pauseP50Seconds, pauseP99Seconds, maxPauseSeconds] = pause.map(seconds);
  const [assistP50Seconds, assistP99Seconds] = selectPercentiles(assistNs, [0.5, 0.99]).map(seconds);
  return { pauseP50Seconds, pauseP99Seconds, maxPauseSeconds, assistP50Seconds, assistP99Seconds };
}

/** The smallest and the largest value of a (simple-statistics' extent; NaN for none). */
function extentOf(a: Float64Array): [number, number] {
  return a.length > 0 ? (extent(a as unknown as number[]) as [number, number]) : [NaN, NaN];
}

/** The summary of a run: the kernel's headline numbers, and the pause and assist percentiles from its cycles. */
export function summarize(plan: EventPlan, raw: KernelResult, wallMs: number): Summary {
  const k = raw.summary;
  // (the kernel's columnar read: no record objects, one pass over a log that is megabytes for a simulated hour)
  const [stw1Ns, stw2Ns, assistCpuNs] = raw.cycleColumns(["stw1Ns", "stw2Ns", "assistCpuNs"]);
  const stats = cycleStatisticsOf(stw1Ns, stw2Ns, assistCpuNs);
  return {
    scenario: plan.scenario.name,
    goVersion: plan.scenario.go.version,
    simulatedSeconds: k.simulatedNs / 1e9,
    gcCycles: k.gcCycles,
    peakHeapBytes: k.peakHeapBytes,
    peakHeapInUseBytes: k.peakHeapInUseBytes,
    finalHeapGoalBytes: k.finalHeapGoalBytes,
    peakRssBytes: k.peakRssBytes,
    gcCpuFraction: k.gcCpuFraction,
    ...stats,
    oomKilledAtSeconds: k.oomKilledAtNs === null ? null : k.oomKilledAtNs / 1e9,
    // CFS counters (cgroup cpu.stat): null when the run never had a CPU quota.
    cpuQuotaPeriods: k.cpuQuota === null ? null : k.cpuQuota.periods,
    throttledPeriods: k.cpuQuota === null ? null : k.cpuQuota.throttledPeriods,
    throttledSeconds: k.cpuQuota === null ? null : k.cpuQuota.throttledNs / 1e9,
    warnings: [...raw.warnings],
    wallMs,
    events: k.events,
  };
}

/** The summary as label/value rows, in catalogue order; `stable` leaves out what changes between executions. */
export function summaryRows(s: AnySummary, options: { stable?: boolean } = {}): [string, string][] {
  // An import's null is a figure its data does not show ("unknown"); a simulation's null is one the run did not have.
  const imported = isImportSummary(s);
  return OUTPUTS.filter((f) => !(options.stable && f.unstable) && !(imported && f.unit === "wall-ms"))
    .filter((f) => !(imported && f.key === "events"))
    .map((f) => [f.label, imported && s[f.key] === null ? "unknown" : formatField(f, s[f.key])]);
}

/** Whether a summary is an import's (a run not simulated: it has no kernel time). */
export function isImportSummary(s: AnySummary): s is ImportSummary {
  return s.wallMs === null;
}

/** The text summary (`heapcast run`): one aligned `label  value` line per field. */
export function summaryText(s: AnySummary): string {
  const rows = summaryRows(s);
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n") + "\n";
}
