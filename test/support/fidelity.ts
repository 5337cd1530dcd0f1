// Sim vs real for the calibration workloads: each scenarios/calibration/<workload>.ts against both recorded reps of
// test/fixtures/real-go/runs/<workload>. Used by the fidelity tests and by `npm run fidelity`.

import * as path from "node:path";
import * as fs from "node:fs";
import { loadPlan } from "../../lib/cli";
import { run } from "../../lib/run";
import type { RunResult } from "../../lib/result";
import { loadRealRuns, RealRun } from "./realgo";

export const CALIBRATION_DIR = path.join(__dirname, "../../scenarios/calibration");
const MiB = 2 ** 20;

export interface Metric {
  sim: number | null;
  real: (number | null)[];
}

export interface Comparison {
  workload: string;
  result: RunResult;
  reps: RealRun[];
  gcCycles: Metric;
  peakHeap: Metric;
  peakHeapInUse: Metric;
  peakRss: Metric;
  timeToOom: Metric;
}

export function calibrationScenarios(): string[] {
  return fs
    .readdirSync(CALIBRATION_DIR)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => f.slice(0, -3))
    .sort();
}

export function compareWorkload(workload: string): Comparison {
  const result = run(loadPlan(path.join(CALIBRATION_DIR, `${workload}.ts`)));
  const reps = loadRealRuns(workload);
  const s = result.summary;
  return {
    workload,
    result,
    reps,
    gcCycles: { sim: s.gcCycles, real: reps.map((r) => r.gcCycles) },
    peakHeap: { sim: s.peakHeapBytes, real: reps.map((r) => r.peakHeapEndBytes) },
    peakHeapInUse: { sim: s.peakHeapInUseBytes, real: reps.map((r) => r.peakHeapInUseBytes) },
    peakRss: { sim: s.peakRssBytes, real: reps.map((r) => r.peakRssBytes) },
    timeToOom: { sim: s.oomKilledAtSeconds, real: reps.map((r) => r.timeToOomSeconds) },
  };
}

/** Relative error against the nearer of the reps: |sim − real| / real, smallest over reps. */
export function nearerRepError(m: Metric): number {
  if (m.sim === null) return m.real.every((r) => r === null) ? 0 : Infinity;
  let best = Infinity;
  for (const r of m.real) if (r !== null && r !== 0) best = Math.min(best, Math.abs(m.sim - r) / Math.abs(r));
  return best;
}

function fmt(m: Metric, scale: number, digits: number): string {
  const f = (v: number | null) => (v === null ? "–" : (v / scale).toFixed(digits));
  return `${f(m.sim)} vs ${m.real.map(f).join("/")} (${(nearerRepError(m) * 100).toFixed(1)}%)`;
}

/** A Markdown table of sim vs real (real = rep1/rep2; % = error against the nearer rep). */
export function comparisonTable(rows: Comparison[]): string {
  const head = "| workload | GC cycles | peak heap MiB (gctrace) | peak heap in use MiB | peak RSS MiB | OOM at s |\n|---|---|---|---|---|---|\n";
  return (
    head +
    rows
      .map(
        (c) =>
          `| ${c.workload} | ${fmt(c.gcCycles, 1, 0)} | ${fmt(c.peakHeap, MiB, 1)} | ${fmt(c.peakHeapInUse, MiB, 1)} | ${fmt(c.peakRss, MiB, 1)} | ${
            c.timeToOom.sim === null && c.timeToOom.real.every((r) => r === null) ? "no / no, no" : fmt(c.timeToOom, 1, 2)
          } |`,
      )
      .join("\n") +
    "\n"
  );
}
