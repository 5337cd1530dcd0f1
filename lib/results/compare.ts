// A simulation laid over real runs of the same plan: the fidelity table (each rep's value and the simulation's error
// against it) and the overlay chart (compareChart: simulated and real lines on shared axes).

import * as aq from "arquero";
import { compareChart, type ChartSpec, type RunTables } from "../views/charts";
import type { Table } from "./tables";
import type { ImportedRun } from "./importers/imported-run";

const MiB = 2 ** 20;

export interface Comparison {
  /** One row per metric: metric, unit, sim, rep1…, error_rep1… (signed: (sim − real) / real), note. */
  table: Table;
  /** The overlay chart. */
  chart: ChartSpec;
}

interface MetricDef {
  metric: string;
  unit: string;
  of: (r: RunTables) => number | null;
}

const METRICS: MetricDef[] = [
  { metric: "GC cycles", unit: "cycles", of: (r) => r.summary.gcCycles },
  {
    metric: "peak heap (gctrace, at mark termination)",
    unit: "MiB",
    of: (r) => scaled(r.summary.peakHeapBytes, 1 / MiB),
  },
  { metric: "peak heap in use", unit: "MiB", of: (r) => scaled(r.summary.peakHeapInUseBytes, 1 / MiB) },
  { metric: "peak RSS", unit: "MiB", of: (r) => scaled(r.summary.peakRssBytes, 1 / MiB) },
  { metric: "GC CPU (cumulative GCCPUFraction)", unit: "%", of: (r) => scaled(r.summary.gcCpuFraction, 100) },
  { metric: "OOM kill", unit: "s", of: (r) => r.summary.oomKilledAtSeconds },
];

/** A figure in the table's unit; null (an imported run's data does not show it) stays null. */
function scaled(x: number | null, k: number): number | null {
  return x === null ? null : x * k;
}

function round(x: number | null, d = 3): number | null {
  return x === null ? null : Math.round(x * 10 ** d) / 10 ** d;
}

/**
 * Compares a simulation with one or more real runs of its plan. Errors are signed fractions (sim − real) / real;
 * where one side has no value (no OOM kill) the error is null and the note says why.
 */
export function compare(
  sim: RunTables,
  real: ImportedRun | ImportedRun[],
  opts: { metrics?: string[] } = {},
): Comparison {
  const reps = Array.isArray(real) ? real : [real];
  if (reps.length === 0) throw new Error("compare: no real runs");
  const cols: Record<string, (string | number | null)[]> = { metric: [], unit: [], sim: [] };
  reps.forEach((_, i) => (cols[`rep${i + 1}`] = []));
  reps.forEach((_, i) => (cols[`error_rep${i + 1}`] = []));
  cols.note = [];
  for (const m of METRICS) {
    const s = m.of(sim);
    cols.metric.push(m.metric);
    cols.unit.push(m.unit);
    cols.sim.push(round(s));
    const notes: string[] = [];
    reps.forEach((r, i) => {
      const v = m.of(r);
      cols[`rep${i + 1}`].push(round(v));
      cols[`error_rep${i + 1}`].push(s !== null && v !== null && v !== 0 ? round((s - v) / v, 4) : null);
      if (m.metric === "OOM kill" && (s === null) !== (v === null))
        notes.push(`rep${i + 1} ${v === null ? "not killed" : "killed"}, sim ${s === null ? "not killed" : "killed"}`);
    });
    if (m.metric === "OOM kill" && s === null && reps.every((r) => m.of(r) === null))
      notes.push("no OOM kill in any run");
    cols.note.push(notes.join("; "));
  }
  // Could the machine keep up with the plan? Garbage the load generator dropped (its backlog beyond catchUp).
  cols.metric.push("garbage skipped by the load generator");
  cols.unit.push("MiB");
  cols.sim.push(null);
  reps.forEach((r, i) => {
    const v = r.record?.result.samples_summary?.["final.h.garbage_skipped_bytes"];
    cols[`rep${i + 1}`].push(typeof v === "number" ? round(v / MiB, 1) : null);
    cols[`error_rep${i + 1}`].push(null);
  });
  cols.note.push("work the real program could not do at the planned rate (0: it kept up)");
  const runs: Record<string, RunTables> = { simulated: sim };
  reps.forEach((r, i) => (runs[reps.length === 1 ? "real" : `real rep${i + 1}`] = r));
  const chart = compareChart(runs, { metrics: opts.metrics ?? ["rss", "heap", "heap-goal", "gc-cycles"] });
  return { table: aq.table(cols), chart };
}
